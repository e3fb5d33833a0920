import { test, expect, Page } from '@playwright/test';
import { settle } from './pageReady';
import { asGuest } from './signIn';
import { screenshotEachTheme } from './themes';

// A laptop's screen, as a platform engineer reads the page.
test.use({ viewport: { width: 1440, height: 900 } });
// Each test opens several pages of a dev server that shares two cores with the rest.
test.describe.configure({ timeout: 300_000 });

/** Opens a module's page, again while the backend restarts, until its releases are listed. */
async function openReleases(page: Page, module: string) {
  const table = page.getByRole('table', { name: `Releases of ${module}` });
  await expect(async () => {
    await page.goto(`/platform/modules/${module}`);
    await expect(table).toBeVisible({ timeout: 30_000 });
  }).toPass({ timeout: 180_000 });
  return table;
}

/** A major's header row in the releases table: its support in words. */
function major(page: Page, table: ReturnType<Page['getByRole']>, n: number) {
  return table.getByRole('rowheader', { name: new RegExp(`^${n}\\.x`) });
}

test(`the module page lists releases with dates, notes, upgrade notes and the end of support of each major`, async ({
  page,
}) => {
  await asGuest(page);

  // vpc: the demo annotates 2.0.0 with notes; 1.1.0 is a lightweight tag whose notes come
  // from the module's CHANGELOG.md.
  const vpc = await openReleases(page, 'vpc');
  const versions = vpc.getByRole('rowheader', { name: /^\d+\.\d+\.\d+/ });
  await expect(versions).toHaveText([
    /^2\.1\.1\s*Latest/,
    '2.1.0',
    '2.0.0',
    '1.2.0',
    '1.1.0',
    '1.0.0',
  ]);
  const v200 = vpc.getByRole('row', { name: /^2\.0\.0/ });
  await expect(v200.locator('time')).toHaveAttribute(
    'datetime',
    '2025-06-02T10:00:00.000Z',
  );
  await expect(v200.locator('time')).toHaveText('Jun 2, 2025');
  await expect(v200.locator('strong', { hasText: 'Breaking:' })).toBeVisible();
  await expect(vpc.getByRole('row', { name: /^1\.1\.0/ })).toContainText(
    'Optional VPC flow logs to CloudWatch',
  );
  await expect(major(page, vpc, 2)).toContainText('Supported');
  await expect(major(page, vpc, 1)).toContainText('Supported');
  await settle(page);
  await screenshotEachTheme(page, 'module-page-releases-vpc', {
    fullPage: false,
    axeOn: 'main',
    again: () => vpc.scrollIntoViewIfNeeded(),
  });

  // The upgrade notes of 2.x open in the portal's source view: the demo's repositories are
  // local, and github.com/acme does not exist.
  await major(page, vpc, 2)
    .getByRole('link', { name: 'Upgrade notes for 2.x' })
    .click();
  await expect(page).toHaveURL(/\/platform\/source\?/);
  await expect(page.getByText('# Upgrading vpc from 1.x to 2.x')).toBeVisible({
    timeout: 60_000,
  });

  // eks supports its newest two majors: 1.x ended when 3.0.0 came out.
  const eks = await openReleases(page, 'eks');
  await expect(major(page, eks, 1)).toContainText(
    'Support ended on Jul 14, 2025, when 3.0.0 was released',
  );
  await expect(major(page, eks, 3)).toContainText('Supported');

  // rds 1.x is deprecated as a whole.
  const rds = await openReleases(page, 'rds');
  await expect(major(page, rds, 1)).toContainText(
    'Deprecated since Sep 1, 2025',
  );
  await settle(page);
  await screenshotEachTheme(page, 'module-page-releases-rds', {
    fullPage: false,
    axeOn: 'main',
    again: () => rds.scrollIntoViewIfNeeded(),
  });
});
