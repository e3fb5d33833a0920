import { test, expect, Page } from '@playwright/test';
import { asGuest } from './signIn';
import { expectNoAxeViolations } from './axe';
import { inEachTheme, screenshotEachTheme } from './themes';

// Backstage pages scroll inside their content area, so a full-page screenshot only shows what
// fits the window: a tall one shows whole pages.
test.use({ viewport: { width: 1400, height: 2400 } });
// Each test opens several pages of a dev server that shares two cores with the rest.
test.describe.configure({ timeout: 300_000 });

/**
 * Opens an entity's Platform tab, reloading until the start-up scan has stored its references
 * with their call checks.
 */
async function openPlatformTab(page: Page, service: string) {
  await expect(async () => {
    await page.goto(`/catalog/default/component/${service}/platform`);
    await expect(
      page.getByRole('table', { name: 'Platform module references' }),
    ).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 180_000 });
}

test(`the module page shows a release's interface and a breaking diff`, async ({
  page,
}) => {
  await asGuest(page);
  await page.goto('/platform/modules/vpc');

  // vpc 2.x renamed cidr_block to cidr: the default comparison, from the previous major's
  // newest release to the latest, is breaking.
  const compare = page.getByRole('combobox', { name: 'From' });
  await expect(compare).toHaveValue('1.2.0', { timeout: 60_000 });
  await expect(page.getByRole('combobox', { name: 'To' })).toHaveValue('2.1.1');
  await expect(page.getByTestId('diff-headline')).toHaveText(
    /^Breaking: \d+ changes$/,
  );
  const changes = page.getByRole('table', {
    name: 'Changes from vpc/v1.2.0 to vpc/v2.1.1',
  });
  const cidr = changes
    .getByTestId('diff-change')
    .filter({ has: page.getByRole('cell', { name: 'cidr', exact: true }) });
  await expect(cidr).toContainText('Input added');
  await expect(cidr).toContainText('Breaking');
  const cidrBlock = changes.getByTestId('diff-change').filter({
    has: page.getByRole('cell', { name: 'cidr_block', exact: true }),
  });
  await expect(cidrBlock).toContainText('Input removed');
  await expect(cidrBlock).toContainText('Breaking');

  // The latest release's inputs, cidr among them and required.
  const inputs = page.getByRole('table', { name: 'Inputs of vpc 2.1.1' });
  await expect(inputs).toBeVisible();
  const cidrInput = inputs.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: 'cidr', exact: true }),
  });
  await expect(cidrInput).toContainText('Required');
  await expect(
    page.getByRole('table', { name: 'Outputs of vpc 2.1.1' }),
  ).toBeVisible();
  await screenshotEachTheme(page, 'module-vpc-interface', { axeOn: 'main' });

  // Another release from the selector; the URL keeps it.
  await page.getByRole('combobox', { name: 'Release' }).selectOption('1.2.0');
  await expect(page).toHaveURL(/release=1\.2\.0/);
  const oldInputs = page.getByRole('table', { name: 'Inputs of vpc 1.2.0' });
  await expect(
    oldInputs.getByRole('rowheader', { name: 'cidr_block', exact: true }),
  ).toBeVisible();
});

test(`the entity tab shows call findings and links an upgrade to its diff`, async ({
  page,
}) => {
  await asGuest(page);

  // The report's Call column, filtered to broken calls.
  await page.goto('/platform?callStatus=broken');
  const report = page.getByRole('table', {
    name: 'Drift by service and module',
  });
  await expect(report.getByText('Broken call').first()).toBeVisible({
    timeout: 60_000,
  });
  await inEachTheme(page, () =>
    expectNoAxeViolations(
      page,
      'table[aria-label="Drift by service and module"]',
    ),
  );

  // ledger-service's prod rds call does not match rds 1.8.0, which it pins.
  await openPlatformTab(page, 'ledger-service');
  const broken = page
    .getByRole('row')
    .filter({ hasText: 'Broken call' })
    .filter({ has: page.getByRole('link', { name: 'rds', exact: true }) });
  await expect(broken).toHaveCount(1, { timeout: 30_000 });
  await expect(broken).toContainText(
    'name is required by rds@rds/v1.8.0 but not set',
  );
  await screenshotEachTheme(page, 'entity-call-broken');

  // billing-worker's vpc calls are fine on 1.2.0, but not after the upgrade to 2.1.1.
  await openPlatformTab(page, 'billing-worker');
  const upgrade = page
    .getByRole('row')
    .filter({ hasText: 'Breaking upgrade' })
    .filter({ has: page.getByRole('link', { name: 'vpc', exact: true }) });
  await expect(upgrade.first()).toContainText(
    'Upgrade to 2.1.1 needs cidr (new, required); cidr_block is removed',
  );
  await screenshotEachTheme(page, 'entity-call-upgrade', { axeOn: 'main' });

  // The card on the overview counts them.
  await page.goto('/catalog/default/component/billing-worker');
  const calls = page.getByRole('list', { name: 'Module calls' });
  await expect(calls).toContainText('breaking upgrades', {
    timeout: 60_000,
  });
  await screenshotEachTheme(page, 'entity-card-calls');

  // The upgrade links to the comparison it needs.
  await openPlatformTab(page, 'billing-worker');
  await upgrade
    .first()
    .getByRole('link', { name: 'Compare 1.2.0 with 2.1.1' })
    .click();
  await expect(page).toHaveURL(/\/platform\/modules\/vpc\?.*from=1\.2\.0/);
  await expect(page.getByTestId('diff-headline')).toHaveText(
    /^Breaking: \d+ changes$/,
  );
});

test('a link opens the comparison it names, and a non-breaking one says so', async ({
  page,
}) => {
  await asGuest(page);
  await page.goto('/platform/modules/vpc?from=2.0.0&to=2.1.1');
  await expect(page.getByTestId('diff-headline')).toHaveText(
    'No breaking changes',
    { timeout: 60_000 },
  );
  await expect(page.getByRole('combobox', { name: 'From' })).toHaveValue(
    '2.0.0',
  );

  // A release the module does not have: the page says what the backend said.
  await page.goto('/platform/modules/vpc?release=9.9.9');
  await expect(
    page.getByText('The interface of vpc 9.9.9 could not be read'),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByText('No release "9.9.9" of platform module "vpc"'),
  ).toBeVisible();
});
