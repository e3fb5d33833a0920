import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  GitRepositoryHost,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';

/** Where the demo's platform lives as far as its services and the catalog know. */
export const DEMO_PLATFORM_URL = 'https://github.com/acme/platform';

/**
 * The repository hosts the demo reads through: the repositories `createDemoRepositories` made in
 * `repositoriesDir`, reached by their github.com URLs as the portal reaches them.
 */
export function demoHosts(repositoriesDir: string): RepositoryHosts {
  return new RepositoryHosts(
    [new GitRepositoryHost({ localRoots: [repositoriesDir] })],
    [
      {
        from: 'https://github.com/acme/',
        to: `${pathToFileURL(path.join(repositoriesDir, 'acme')).href}/`,
      },
    ],
  );
}
