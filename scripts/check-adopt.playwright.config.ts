import { defineConfig } from '@playwright/test';

// Copied by scripts/check-adopt.sh into the app it makes: starts that app (`yarn start`, frontend
// and backend) and drives the machine's Chromium against it, as this repository's tests do.
export default defineConfig({
  timeout: 600_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  testDir: 'e2e-adoption',
  webServer: [
    {
      command: 'yarn start',
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: false,
      timeout: 900_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // Only waits for the frontend `yarn start` above serves: the port is in use by then, which
      // a server that may not be reused would take for a foreign one.
      command: 'echo the frontend starts with the backend',
      url: 'http://localhost:3000',
      reuseExistingServer: true,
      timeout: 900_000,
    },
  ],
  use: {
    baseURL: 'http://localhost:3000',
    actionTimeout: 60_000,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    },
  },
  outputDir: 'node_modules/.cache/e2e-adoption-results',
});
