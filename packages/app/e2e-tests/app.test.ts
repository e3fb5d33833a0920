import { test, expect, Page } from '@playwright/test';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

async function enterAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}

test('a guest sees the example entities in the catalog', async ({ page }) => {
  await enterAsGuest(page);

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  const table = page.getByRole('table');
  // Every plugin's row links to the portal's system, titled like the portal's own component.
  await expect(
    table.getByRole('link', { name: 'Platform Portal', exact: true }).first(),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'Platform backend plugin', exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/catalog.png`,
    fullPage: true,
  });

  await page.goto('/catalog?filters[kind]=group&filters[user]=all');
  await expect(
    page.getByRole('table').getByText('Platform team'),
  ).toBeVisible();
});
