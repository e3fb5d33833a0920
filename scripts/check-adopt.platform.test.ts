import { test, expect } from '@playwright/test';

// Run by scripts/check-adopt.sh inside the app it makes with create-app, not in this repository:
// the Platform page of the installed plugin shows the drift the backend scanned from a local bare
// repository, read through the URL rewrite and local-git reader the install guide configures,
// and the "Create project" template the scaffolder module's package ships opens in the app.
test.describe.configure({ timeout: 600_000 });
test.use({ viewport: { width: 1400, height: 1000 } });

test('the Platform page of an adopted app shows the scanned service, and its template opens', async ({
  page,
}) => {
  await page.goto('/');
  // The fresh app signs in with its guest provider; a later template may sign in directly.
  // isVisible() does not wait, and the first bundle takes a while: wait for the sign-in page or
  // the signed-in app, whichever the app shows.
  const enter = page.getByRole('button', { name: 'Enter' });
  const home = page.getByRole('link', { name: 'Home' }).first();
  await expect(enter.or(home).first()).toBeVisible({ timeout: 180_000 });
  if (await enter.isVisible()) {
    await enter.click();
    await expect(enter).toBeHidden({ timeout: 60_000 });
  }
  await page.goto('/platform');
  await expect(page.getByText('Platform drift').first()).toBeVisible({
    timeout: 120_000,
  });
  const table = page.getByRole('table', {
    name: 'Drift by service and module',
  });
  // The first scan runs seconds after start; until it has, the page says so.
  await expect(async () => {
    await page.reload();
    await expect(table.getByText('payments', { exact: true })).toBeVisible({
      timeout: 15_000,
    });
  }).toPass({ timeout: 300_000 });
  const row = table.getByRole('row').filter({ hasText: 'payments' }).first();
  await expect(row.getByText('vpc', { exact: true })).toBeVisible();
  await expect(row.getByText(/major behind/i).first()).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-screenshots/adopted-platform-page.png',
    fullPage: true,
  });

  // The template the scaffolder module's package ships, registered from node_modules as the
  // install guide says: its form uses the plugin's field, which asks the module's own route.
  await page.goto('/create/templates/default/federated-project');
  await page.getByRole('textbox', { name: 'Name' }).fill('orders-api');
  await expect(
    page.getByText(/^orders-api is free: checked the catalog and /),
  ).toBeVisible({ timeout: 60_000 });
  await page.screenshot({
    path: 'e2e-test-screenshots/adopted-create-project.png',
    fullPage: true,
  });
});
