import path from 'node:path';
import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

// The browser test of the portal without its demo (issue 22, acceptance 2): app-config.yaml and
// packages/app/e2e-tests/local-root/app-config.yaml only, after makeRepositories.ts has made the
// platform repository in a local git root. Same ports as `yarn start`, so it never reuses a
// running portal, which would be the demo: a port in use fails the run instead.
const localRoot = 'packages/app/e2e-tests/local-root';
// Absolute: the backend resolves a relative --config against its own package directory.
const configs = ['app-config.yaml', `${localRoot}/app-config.yaml`]
  .map(file => `--config ${path.resolve(__dirname, file)}`)
  .join(' ');

export default defineConfig({
  ...baseConfig,
  webServer: [
    {
      // The backend runs once, not in `yarn start`'s watch mode: there an edit of any file it
      // loaded restarts it, which empties its in-memory database in the middle of the test.
      command: [
        `node --require @backstage/cli/config/nodeTransform.cjs ${localRoot}/makeRepositories.ts`,
        'cd packages/backend',
        `NODE_ENV=development node --enable-source-maps --require @backstage/cli/config/nodeTransform.cjs src/index.ts ${configs}`,
      ].join(' && '),
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `yarn workspace app start ${configs}`,
      url: 'http://localhost:3000',
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  use: { ...baseConfig.use, baseURL: 'http://localhost:3000' },
  projects: [
    {
      name: 'local-root',
      testDir: localRoot,
      // Named apart from *.test.ts, so the demo's suite (playwright.config.ts) never runs it.
      testMatch: '*.e2e.ts',
    },
  ],
});
