import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import type { ModuleFile } from '../interfaceError';

const FIXTURES = resolvePackagePath(
  '@platform-portal/plugin-platform-engine',
  'src/interfaces/__fixtures__',
);

/** The files of a fixture module directory, as the repository host will hand them over. */
export function fixtureFiles(directory: string): ModuleFile[] {
  const root = join(FIXTURES, directory);
  return readdirSync(root)
    .sort()
    .map(name => ({
      path: name,
      content: readFileSync(join(root, name), 'utf8'),
    }));
}

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}
