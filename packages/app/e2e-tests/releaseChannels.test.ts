import { test, expect, Page } from '@playwright/test';
import { asGuest } from './signIn';
import { inEachTheme, screenshotEachTheme } from './themes';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

// Backstage pages scroll inside their content area, so a full-page screenshot only shows what
// fits the window: a tall one shows whole pages.
test.use({ viewport: { width: 1400, height: 1800 } });

const DEMO_SERVICES = [
  'payments-api',
  'auth-gateway',
  'ledger-service',
  'checkout-web',
  'status-page',
  'fraud-detector',
];

function serviceRow(page: Page, name: string) {
  return page
    .getByTestId('release-channels-row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

/**
 * Opens the release channels page and waits for the start-up read of the demo's channels
 * (reloading while the page says no service declares any yet).
 */
async function openReleaseChannels(page: Page) {
  await page.goto('/platform/release-channels');
  await expect(
    page.getByRole('heading', { name: 'Release channels' }).first(),
  ).toBeVisible({ timeout: 60_000 });
  await expect(async () => {
    if (
      await page
        .getByText('No service declares release channels yet')
        .isVisible()
    ) {
      await page.reload();
    }
    await expect(
      page.getByText(/of \d+ services with release channels show skew/),
    ).toBeVisible({ timeout: 10_000 });
    // Every demo service with channels has been read once (a project created by another test
    // may add more).
    for (const name of DEMO_SERVICES) {
      await expect(serviceRow(page, name)).toHaveCount(1, { timeout: 10_000 });
    }
  }).toPass({ timeout: 180_000 });
}

test(`release channels: the organisation page and a service's card`, async ({
  page,
}) => {
  await asGuest(page);
  await openReleaseChannels(page);

  // The demo: a chart behind its git tag, one in sync, one channel refused by the allow-list.
  const payments = serviceRow(page, 'payments-api');
  await expect(payments).toContainText('Lagging');
  await expect(payments).toContainText('Git tags v0.4.0');
  await expect(payments).toContainText('Helm chart 0.3.2');
  await expect(serviceRow(page, 'ledger-service')).toContainText('In sync');
  await expect(serviceRow(page, 'status-page')).toContainText('Unreachable');
  await screenshotEachTheme(page, 'release-channels-page');

  await payments.getByRole('link', { name: 'payments-api' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/payments-api/);
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Release channels', { exact: true }) });
  await expect(card).toBeVisible({ timeout: 60_000 });
  const helm = card.locator('[data-kind="helm"]');
  await expect(helm).toContainText('Helm chart');
  await expect(helm).toContainText('0.3.2');
  await expect(helm).toContainText('Lagging');
  await expect(helm).toContainText('0.3.2 is 1 minor behind 0.4.0');
  await expect(card.locator('[data-kind="git-tags"]')).toContainText('In sync');
  await expect(card).toContainText('Newest release 0.4.0');
  await inEachTheme(page, async theme => {
    await page.screenshot({
      path: `${screenshotDir}/release-channels-entity-overview-${theme}.png`,
      fullPage: true,
    });
    await card.screenshot({
      path: `${screenshotDir}/release-channels-card-${theme}.png`,
    });
  });
});

test('filter services by verdict, reach the page from the drift report, see a refused channel on the Platform tab', async ({
  page,
}) => {
  await asGuest(page);
  await page.goto('/platform');
  await page.getByRole('tab', { name: 'Release channels' }).click();
  await expect(page).toHaveURL(/\/platform\/release-channels/);
  await openReleaseChannels(page);

  await page.getByRole('button', { name: /^Lagging: \d+$/ }).click();
  await expect(page).toHaveURL(/verdict=lagging/);
  const rows = page.getByTestId('release-channels-row');
  await expect(serviceRow(page, 'ledger-service')).toHaveCount(0);
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toContainText('Lagging');
  }
  await expect(serviceRow(page, 'payments-api')).toHaveCount(1);
  await expect(serviceRow(page, 'auth-gateway')).toContainText(
    'Helm chart 2.9.0',
  );

  // The shared link opens the same view.
  await page.goto(page.url());
  await expect(rows).toHaveCount(count);

  await page.goto('/catalog/default/component/status-page/platform');
  const section = page.getByRole('table', { name: 'Release channels' });
  await expect(section.locator('[data-kind="oci"]')).toContainText(
    'Unreachable',
    { timeout: 60_000 },
  );
  await expect(section.locator('[data-kind="oci"]')).toContainText(
    'ghcr.io is not a host release channels may be read from',
  );
  await expect(section.locator('[data-kind="git-tags"]')).toContainText(
    'v0.9.0',
  );
  await page.screenshot({
    path: `${screenshotDir}/release-channels-platform-tab.png`,
    fullPage: true,
  });
});
