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
