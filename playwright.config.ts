import { defineConfig } from '@playwright/test';

// The browser tests drive a real Chromium (Debian's by default; PORTAL_CHROMIUM overrides it)
// against the portal that `yarn start` serves, started here unless PLAYWRIGHT_URL points at one.
const chromium = process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium';
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';

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
    : // A first start on a busy two-core machine spends minutes building the frontend.
      [
        {
          command: 'yarn start',
          url: 'http://localhost:7007/.backstage/health/v1/readiness',
          reuseExistingServer: true,
          timeout: 600_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command: 'echo frontend is started with the backend',
          url: baseURL,
          reuseExistingServer: true,
          timeout: 600_000,
        },
      ],
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
