import { test, expect, Page } from '@playwright/test';
import { enterAsGuest, asGuest } from './signIn';
import { screenshotEachTheme } from './themes';

// A laptop's screen: what a newcomer sees first, without scrolling.
test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: 300_000 });

/** Opens the drift report and waits until the start-up scan has stored the demo's rows. */
async function openDriftReport(page: Page) {
  await expect(async () => {
    await page.goto('/platform');
    await expect(page.getByTestId('drift-row').first()).toBeVisible({
      timeout: 15_000,
    });
  }).toPass({ timeout: 180_000 });
}

/** How many rows of `rows` lie wholly inside the window. */
async function rowsInWindow(page: Page, testId: string) {
  const height = page.viewportSize()!.height;
  const boxes = await page
    .getByTestId(testId)
    .evaluateAll(rows => rows.map(row => row.getBoundingClientRect().bottom));
  return boxes.filter(bottom => bottom <= height).length;
}

test(`the drift report shows ten rows on a laptop screen, and a row's link opens its line in the portal`, async ({
  page,
}) => {
  await asGuest(page);
  await openDriftReport(page);
  // Below 1000 px the charts start closed, so the table sits under the summary.
  await expect(page.getByRole('button', { name: /Show charts/ })).toBeVisible();
  expect(await rowsInWindow(page, 'drift-row')).toBeGreaterThanOrEqual(10);
  await screenshotEachTheme(page, 'first-hour-drift-report', {
    fullPage: false,
  });

  // The demo's repositories are local: a row's file and line open in the portal's source view.
  const where = page
    .getByTestId('drift-row')
    .first()
    .getByRole('link', { name: /:\d+$/ });
  const href = await where.getAttribute('href');
  expect(href).toContain('/platform/source?');
  const line = Number(
    new URL(href!, 'http://localhost').searchParams.get('line'),
  );
  await page.goto(href!);
  const current = page.locator('tr[aria-current="location"]');
  await expect(current).toBeVisible({ timeout: 60_000 });
  await expect(current).toContainText(String(line));
  await screenshotEachTheme(page, 'first-hour-source-view', {
    fullPage: false,
  });
});

test(`the catalog opens on services, a service shows the platform first, a module leads to its page, a team sees its drift`, async ({
  page,
}) => {
  await enterAsGuest(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  await expect(page).toHaveURL(
    /filters%5Btype%5D=service|filters\[type\]=service/,
  );
  await expect(
    page.getByRole('link', { name: 'payments-api', exact: true }),
  ).toBeVisible({ timeout: 60_000 });
  await screenshotEachTheme(page, 'first-hour-catalog', { fullPage: false });

  // A service: the Platform tab comes right after Overview.
  await page.goto('/catalog/default/component/payments-api');
  const tabs = page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link');
  await expect(tabs.first()).toHaveText(/Overview/, { timeout: 60_000 });
  await expect(tabs.nth(1)).toHaveText(/Platform/);
  await screenshotEachTheme(page, 'first-hour-service', { fullPage: false });

  // A platform module's entity leads to its module page.
  await page.goto('/catalog/default/component/vpc');
  const moduleLink = page.getByRole('link', {
    name: /Open the module page/,
  });
  await expect(moduleLink).toBeVisible({ timeout: 120_000 });
  await screenshotEachTheme(page, 'first-hour-module-entity', {
    fullPage: false,
  });
  await moduleLink.click();
  await expect(page).toHaveURL(/\/platform\/modules\/vpc/);

  // A team's page shows its services' drift, linked to the report filtered by the team.
  await page.goto('/catalog/default/group/team-payments');
  await expect(
    page.getByText("Platform drift of the team's services"),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('link', { name: /View in the drift report/ }),
  ).toHaveAttribute('href', /owner=/);
  await screenshotEachTheme(page, 'first-hour-team', { fullPage: false });
});
