import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { parse as parseYaml } from 'yaml';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples');

/** The catalog entities of the demo services: one folder each under examples/services. */
export async function readExampleEntities(): Promise<Entity[]> {
  const services = path.join(EXAMPLES_DIR, 'services');
  const names = (await fs.readdir(services, { withFileTypes: true }))
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name);
  return Promise.all(
    names.map(async name => {
      const file = path.join(services, name, 'catalog-info.yaml');
      return parseYaml(await fs.readFile(file, 'utf8')) as Entity;
    }),
  );
}

/** A service of team-payments named leaky, with these annotations: ones that carry credentials. */
export function leakyService(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'leaky', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}
