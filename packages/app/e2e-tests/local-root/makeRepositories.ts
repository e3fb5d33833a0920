/*
 * Makes the local git root the local-root browser test's portal reads: the platform repository,
 * made from examples/ as the demo makes it (without starting the demo), and an empty directory
 * for the projects the test creates. Run by playwright.local-root.config.ts before the portal.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
// The demo's maker of the platform repository, run here without the demo module or its config.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { createDemoRepositories } from '@platform-portal/plugin-platform-backend-module-demo';

const repositoryRoot = path.resolve(__dirname, '../../../..');
const localRoot = path.join(
  repositoryRoot,
  'node_modules/.cache/portal-local-root',
);

async function main() {
  await createDemoRepositories({
    examplesDir: path.join(repositoryRoot, 'examples'),
    targetDir: localRoot,
  });
  // Each run starts with no projects, so what the catalog and the report show is this run's.
  await fs.rm(path.join(localRoot, 'projects'), {
    recursive: true,
    force: true,
  });
  await fs.mkdir(path.join(localRoot, 'projects'), { recursive: true });
}

main().catch(error => {
  process.stderr.write(`Could not make the local git root: ${error}\n`);
  process.exit(1);
});
