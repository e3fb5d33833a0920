import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The browser tests drive a real Chromium (Debian's by default; PORTAL_CHROMIUM overrides it)
// against the offline demo, started here unless PLAYWRIGHT_URL points at a running portal (such
// as `yarn start`'s, http://localhost:3000).
const chromium = process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium';
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007';

// The portal is started as production runs it: the frontend built once (minified, React's
// production mode) and served by the backend under its Content Security Policy, not
// `yarn start`'s development server, whose every page load parses and runs an unminified bundle
// in React's development mode. Same configuration as `yarn start` otherwise, and the backend runs
// once, not in watch mode, so no edit restarts it in the middle of a test.
const configs = [
  'app-config.yaml',
  'app-config.demo.yaml',
  'packages/app/e2e-tests/app-config.yaml',
]
  // Absolute: the backend resolves a relative --config against its own package directory.
  .map(file => `--config ${path.resolve(__dirname, file)}`)
  .join(' ');

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : {
        // A build on a busy two-core machine takes a few minutes, the backend's start one more.
        command: [
          'yarn workspace app build',
          'cd packages/backend',
          `NODE_ENV=development node --enable-source-maps --require @backstage/cli/config/nodeTransform.cjs src/index.ts ${configs}`,
        ].join(' && '),
        url: 'http://localhost:7007/.backstage/health/v1/readiness',
        // A portal already on the port may be `yarn start`'s, which serves another frontend:
        // the port in use fails the run instead (PLAYWRIGHT_URL tests a running portal).
        reuseExistingServer: false,
        timeout: 900_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
  use: {
    baseURL,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: [{ name: 'app', testDir: 'packages/app/e2e-tests' }],
});
