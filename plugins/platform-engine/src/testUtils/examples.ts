import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * The repository's `examples`: the demo platform and its services, fixtures the tests of every
 * package of the platform share.
 *
 * @public
 */
export const EXAMPLES_DIR = path.resolve(
  // A test helper, never built: the examples sit next to the sources.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../examples',
);

/**
 * The catalog entities of the demo services, one folder each under examples/services, as the
 * type the caller reads them as (a catalog `Entity`).
 *
 * @public
 */
export async function readExampleEntities<T = unknown>(): Promise<T[]> {
  const services = path.join(EXAMPLES_DIR, 'services');
  const names = (await fs.readdir(services, { withFileTypes: true }))
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name);
  return Promise.all(
    names.map(async name => {
      const file = path.join(services, name, 'catalog-info.yaml');
      return parseYaml(await fs.readFile(file, 'utf8')) as T;
    }),
  );
}
