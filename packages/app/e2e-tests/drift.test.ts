import { test, expect, Page } from '@playwright/test';
import { enterAsGuest, asGuest } from './signIn';
import { readFile } from 'node:fs/promises';
import { screenshotEachTheme } from './themes';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

// Backstage pages scroll inside their content area, so a full-page screenshot only shows what
// fits the window: a tall one shows whole pages.
test.use({ viewport: { width: 1400, height: 1800 } });
// A page load re-fetches the app from a dev server that shares two cores with the rest, and
// rebuilds while sources change: loads of a minute and more are normal there.
test.describe.configure({ timeout: 300_000 });

/**
 * Opens the drift report from the sidebar, and waits for the start-up scan to have stored the
 * demo's drift (reloading while the page says no scan has run yet).
 */
async function openDriftReport(page: Page) {
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Platform', exact: true }).click();
  await expect(page.getByText('Platform drift').first()).toBeVisible({
    timeout: 60_000,
  });
  await expect(async () => {
    if (await page.getByText('No scan has run yet').isVisible()) {
      await page.reload();
    }
    // The demo has 12 services; projects created by other browser tests may add more.
    const counts = page.getByText(/references in [\d,]+ services/);
    await expect(counts).toBeVisible({ timeout: 10_000 });
    const services = Number(
      /in ([\d,]+) services/
        .exec(await counts.innerText())![1]
        .replace(/,/g, ''),
    );
    expect(services).toBeGreaterThanOrEqual(12);
  }).toPass({ timeout: 120_000 });
}

/** The names within the file paths of the page's tables that are drawn over two lines. */
function namesDrawnOverTwoLines(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    for (const code of document.querySelectorAll('table code')) {
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set(
          [...range.getClientRects()].map(rect => Math.round(rect.top)),
        );
        if (lines.size > 1) {
          broken.push(node.textContent ?? '');
        }
      }
    }
    return broken;
  });
}

test("the drift report, a module page and an entity's Platform tab", async ({
  page,
}) => {
  await enterAsGuest(page);
  await openDriftReport(page);
  await expect(
    page.getByRole('table', { name: 'Drift by service and module' }),
  ).toBeVisible();
  await screenshotEachTheme(page, 'drift-report');

  await page.goto('/platform/modules/rds');
  await expect(page.getByRole('heading', { name: /rds/ }).first()).toBeVisible({
    timeout: 120_000,
  });
  await screenshotEachTheme(page, 'module-rds');

  await page.goto('/catalog/default/component/billing-worker/platform');
  await expect(page.getByText('Deprecated').first()).toBeVisible({
    timeout: 120_000,
  });
  // Paths wrap after a slash, never inside a name, however narrow their column.
  expect(await namesDrawnOverTwoLines(page)).toEqual([]);
  await screenshotEachTheme(page, 'entity-platform-tab');
});

test('filter by module and verdict, follow a row, export CSV', async ({
  page,
}) => {
  await enterAsGuest(page);
  await openDriftReport(page);

  // Filter by a module and a verdict through the pickers; the URL keeps both.
  await page.getByRole('combobox', { name: 'Module' }).click();
  await page.getByRole('option', { name: 'vpc', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Verdict' }).click();
  await page.getByRole('option', { name: 'Major behind', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/module=vpc/);
  await expect(page).toHaveURL(/verdict=major-behind/);

  const rows = page.getByTestId('drift-row');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toContainText('vpc');
    await expect(rows.nth(i)).toContainText('Major behind');
  }
  await page.screenshot({
    path: `${screenshotDir}/drift-report-filtered.png`,
    fullPage: true,
  });

  // The shared link opens the same view.
  const shared = page.url();
  await page.goto(shared);
  await expect(rows).toHaveCount(count, { timeout: 120_000 });

  // CSV export of the current view has the same rows.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toContain('entityRef');
  expect(lines).toHaveLength(count + 1);
  for (const line of lines.slice(1)) {
    expect(line).toContain(',vpc,');
    expect(line).toContain('major-behind');
  }

  // A row leads to the module page and to the service's Platform tab.
  const serviceName = await rows.first().getByRole('link').first().innerText();
  await rows.first().getByRole('link', { name: 'vpc', exact: true }).click();
  await expect(page).toHaveURL(/\/platform\/modules\/vpc$/);
  await expect(page.getByText(/2\.1\.1/).first()).toBeVisible();

  await page.goBack();
  await rows.first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\//);
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Platform', exact: true })
    .click();
  await expect(page.getByText('vpc').first()).toBeVisible();
  expect(serviceName.length).toBeGreaterThan(0);
});

test('the catalog graph shows which modules a service depends on', async ({
  page,
}) => {
  await asGuest(page);
  await expect(async () => {
    await page.goto('/catalog/default/component/payments-api');
    await expect(page.getByText('Relations').first()).toBeVisible({
      timeout: 5_000,
    });
    // Module entities come from the platform manifest; their names appear in the graph.
    await expect(page.locator('svg').getByText('vpc').first()).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 180_000 });
  await page.screenshot({
    path: `${screenshotDir}/catalog-graph-payments-api.png`,
    fullPage: true,
  });
});

test(`the Call column and the Call check filter, kept in the URL and the CSV export`, async ({
  page,
}) => {
  await enterAsGuest(page);
  await openDriftReport(page);

  // The rarer filters sit behind "More filters", so that the table starts higher.
  await page.getByRole('button', { name: /^More filters/ }).click();
  await page.getByRole('combobox', { name: 'Call check' }).click();
  await page.getByRole('option', { name: 'Broken call', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/callStatus=broken/);

  // The demo seeds three calls that do not match the release they pin.
  const rows = page.getByTestId('drift-row');
  await expect(async () => {
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain('Broken call');
    }
  }).toPass({ timeout: 30_000 });
  const count = await rows.count();
  const ledger = rows.filter({
    has: page.getByRole('link', { name: 'ledger-service', exact: true }),
  });
  await expect(ledger).toHaveCount(1);

  // The findings show on hover, and are the chip's description for assistive technology.
  const chip = ledger.locator('[data-call-status="broken"]');
  await expect(chip).toHaveAttribute(
    'aria-description',
    /`name` is required by rds@rds\/v1\.8\.0 but not set/,
  );
  const findings = async () => {
    await chip.hover();
    // The verdict chip of the same row may still show its own tooltip.
    await expect(
      page
        .getByRole('tooltip')
        .filter({ hasText: 'name is required by rds@rds/v1.8.0 but not set' }),
    ).toBeVisible();
  };
  await findings();
  await screenshotEachTheme(page, 'drift-report-call-filter', {
    again: findings,
  });

  // The CSV export of this view has the same rows, each with its call status.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toContain('callStatus');
  expect(lines).toHaveLength(count + 1);
  for (const line of lines.slice(1)) {
    expect(line).toContain(',broken,');
  }

  // Breaking upgrades are a filter value of their own.
  await page.goto('/platform?callStatus=breaking-upgrade');
  await expect(rows.first()).toContainText('Breaking upgrade', {
    timeout: 60_000,
  });
});
