import { test, expect, Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { asGuest } from './signIn';
import { expectNoAxeViolations } from './axe';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

// The demo's bare repositories (app-config platform.git.localRoots), where upgrades are pushed.
const demoRepos = path.resolve(__dirname, '../../../.demo-repos/acme');
const branch = 'platform/upgrade/vpc-2.1.1';
// The services behind on vpc 2.1.1 in the demo, and what each pins.
const behind = [
  'auth-gateway',
  'billing-worker',
  'ledger-service',
  'payments-api',
  'search-indexer',
];

test.use({ viewport: { width: 1400, height: 2400 } });
// Each test previews and pushes five upgrades and scans, on a dev server that shares two cores.
test.describe.configure({ mode: 'serial', timeout: 420_000 });

function git(service: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['--git-dir', path.join(demoRepos, `${service}.git`), ...args],
    { encoding: 'utf8' },
  ).trim();
}

function branchExists(service: string, name: string): boolean {
  try {
    git(service, 'rev-parse', '--verify', '--quiet', `refs/heads/${name}`);
    return true;
  } catch {
    return false;
  }
}

// Where each service's main was before the test merged anything, to put it back afterwards.
// Read once the portal runs: it makes the demo's repositories when it starts, after this file
// is loaded.
const originalMains = new Map<string, string>();

test.beforeAll(async () => {
  await expect(async () => {
    for (const service of behind) {
      originalMains.set(service, git(service, 'rev-parse', 'refs/heads/main'));
    }
  }).toPass({ timeout: 120_000 });
});

/** Merges the upgrade branch as a person would: main fast-forwards to it. */
function mergeUpgrade(service: string) {
  const main = git(service, 'rev-parse', 'refs/heads/main');
  const upgrade = git(service, 'rev-parse', `refs/heads/${branch}`);
  // Throws unless the branch is main plus the upgrade commit.
  git(service, 'merge-base', '--is-ancestor', main, upgrade);
  git(service, 'update-ref', 'refs/heads/main', upgrade, main);
}

/** Asks for a scan of one service on its Platform tab and waits until it is done. */
async function scanService(page: Page, service: string) {
  await page.goto(`/catalog/default/component/${service}/platform`);
  const scanNow = page.getByRole('button', { name: 'Scan now' });
  await expect(scanNow).toBeEnabled({ timeout: 90_000 });
  await scanNow.click();
  await expect(page.getByText('Scanning the repository…')).toBeHidden({
    timeout: 120_000,
  });
  await expect(page.getByText('The scan did not complete')).toHaveCount(0);
}

/** The row of vpc in the service's references, for one environment or none. */
function vpcRow(page: Page): Locator {
  return page
    .getByRole('table', { name: 'Platform module references' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'vpc', exact: true }) });
}

/**
 * The card of the page with this title: an InfoCard, whose title is no heading, in a grid item
 * of the page's content.
 */
function card(page: Page, title: string): Locator {
  return page
    .locator('article > div > div')
    .filter({ has: page.getByText(title, { exact: true }) });
}

/** The newest campaign on the module page, which lists the newest first. */
function newestCampaign(page: Page): Locator {
  return page.getByRole('region', { name: 'Upgrade to vpc 2.1.1' }).first();
}

for (const theme of ['light', 'dark'] as const) {
  test(`the module page upgrades every service behind and follows the campaign (${theme})`, async ({
    page,
  }) => {
    await asGuest(page, theme);
    await page.goto('/platform/modules/vpc');

    // On a fresh demo all five are behind; a run before this one (the other theme) has merged
    // one of them and left the others open.
    const upgradeButton = page.getByRole('button', {
      name: /^Upgrade \d+ services?$/,
    });
    await expect(upgradeButton).toBeEnabled({ timeout: 90_000 });
    const count = Number(
      /(\d+)/.exec((await upgradeButton.textContent()) ?? '')![1],
    );
    if (theme === 'light') {
      expect(count).toBe(5);
    }
    expect(count).toBeGreaterThan(0);
    // The page scrolls inside its content area, which a full-page screenshot does not follow.
    await card(page, 'Adoption').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${screenshotDir}/upgrade-module-page-${theme}.png`,
    });

    // The preview: one section per service behind, with the diff of each file. Opened again
    // when the development server reloads the page under it.
    const dialog = page.getByRole('dialog', { name: 'Upgrade vpc' });
    const sections = dialog.locator('[data-testid^="upgrade-preview-"]');
    await expect(async () => {
      if (!(await dialog.isVisible())) {
        await upgradeButton.click();
      }
      await expect(
        dialog.getByRole('combobox', { name: 'Target release' }),
      ).toHaveValue('2.1.1');
      await expect(sections).toHaveCount(count, { timeout: 60_000 });
    }).toPass({ timeout: 180_000 });
    const services = (
      await sections.evaluateAll(nodes =>
        nodes.map(n => n.getAttribute('data-testid')!),
      )
    ).map(id => id.replace('upgrade-preview-', ''));
    expect(services.every(s => behind.includes(s))).toBe(true);

    const auth = dialog.getByTestId('upgrade-preview-auth-gateway');
    if (theme === 'light') {
      await expect(auth).toContainText('2.0.0 → 2.1.1');
      const diff = auth.getByRole('region', { name: /^Diff of / }).first();
      await expect(
        diff.locator('[data-diff-line="added"]').first(),
      ).toContainText('2.1.1');
      await expect(
        diff.locator('[data-diff-line="removed"]').first(),
      ).toContainText('2.0.0');
    }
    await page.screenshot({
      path: `${screenshotDir}/upgrade-preview-${theme}.png`,
      fullPage: true,
    });
    await expectNoAxeViolations(page, '[role="dialog"]');

    // billing-worker moves from 1.x to 2.x: cidr_block is removed and cidr is new and required.
    const billing = dialog.getByTestId('upgrade-preview-billing-worker');
    await expect(billing.getByText('Breaking', { exact: true })).toBeVisible();
    await expect(billing).toContainText('needs a value for cidr');
    const cidr = dialog.getByRole('textbox', { name: 'cidr' });
    await expect(cidr).toBeVisible();
    await cidr.fill('10.40.0.0/16');
    await cidr.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${screenshotDir}/upgrade-input-${theme}.png`,
      fullPage: true,
    });
    await dialog.getByRole('button', { name: 'Update the preview' }).click();
    await expect(async () => {
      // A backend restarting under the preview (a development server reloading) fails it.
      const again = dialog.getByRole('button', { name: 'Try again' });
      if (await again.isVisible()) {
        await again.click();
      }
      await expect(
        billing
          .locator('[data-diff-line="added"]')
          .filter({ hasText: 'cidr' })
          .first(),
      ).toContainText('"10.40.0.0/16"', { timeout: 30_000 });
    }).toPass({ timeout: 180_000 });
    await expect(billing).not.toContainText('needs a value for cidr');
    await expectNoAxeViolations(page, '[role="dialog"]');

    // Confirm: one change per service, each a branch in its bare repository.
    const confirm = dialog.getByRole('button', { name: /^Open \d+ changes?$/ });
    await expect(confirm).toBeEnabled();
    const opening = Number(
      /(\d+)/.exec((await confirm.textContent()) ?? '')![1],
    );
    await confirm.click();
    await expect(dialog.getByText(/changes? opened/)).toBeVisible({
      timeout: 180_000,
    });
    // The demo's repositories have no web page: each change is its branch.
    await expect(
      dialog.getByRole('listitem').filter({ hasText: `Branch ${branch}` }),
    ).toHaveCount(opening);
    await page.screenshot({
      path: `${screenshotDir}/upgrade-result-${theme}.png`,
      fullPage: true,
    });
    for (const service of services) {
      expect(branchExists(service, branch)).toBe(true);
    }
    // The billing-worker branch carries the value given for the new input.
    const billingDiff = git(
      'billing-worker',
      'diff',
      `refs/heads/main...refs/heads/${branch}`,
    );
    expect(billingDiff).toMatch(/^\+\s*cidr\s*=\s*"10\.40\.0\.0\/16"/m);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The campaign: every change open.
    const campaign = newestCampaign(page);
    await expect(campaign).toContainText(`0 of ${count} merged`, {
      timeout: 60_000,
    });

    // A person merges one change; a scan of that service sees it.
    const merged = theme === 'light' ? 'auth-gateway' : 'ledger-service';
    expect(services).toContain(merged);
    mergeUpgrade(merged);
    await scanService(page, merged);
    await expect(vpcRow(page).first()).toContainText('Up to date', {
      timeout: 60_000,
    });
    await expect(vpcRow(page).getByText('Up to date')).toHaveCount(
      await vpcRow(page).count(),
    );
    const changes = page.getByRole('table', { name: 'Upgrade changes' });
    await expect(
      changes.getByRole('row').filter({ hasText: 'Merged' }).first(),
    ).toContainText('vpc2.1.1');

    await page.goto('/platform/modules/vpc');
    await expect(newestCampaign(page)).toContainText(
      `1 of ${count} merged, ${count - 1} open`,
      { timeout: 90_000 },
    );
    await expect(
      newestCampaign(page).getByRole('progressbar', {
        name: 'Changes merged of the upgrade to vpc 2.1.1',
      }),
    ).toHaveAttribute(
      'aria-valuetext',
      `1 of ${count} merged, ${count - 1} open`,
    );
    await card(page, 'Upgrade campaigns').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${screenshotDir}/upgrade-campaign-${theme}.png`,
    });
    await expectNoAxeViolations(page, 'main');
  });
}

// Puts the demo's repositories back as they were (main, no upgrade branches) and scans the
// services merged, so that the next run of the suite finds the demo it expects.
test.afterAll(async ({ browser }) => {
  const restored: string[] = [];
  for (const [service, main] of originalMains) {
    if (git(service, 'rev-parse', 'refs/heads/main') !== main) {
      git(service, 'update-ref', 'refs/heads/main', main);
      restored.push(service);
    }
    if (branchExists(service, branch)) {
      git(service, 'branch', '-D', branch);
    }
  }
  if (restored.length === 0) {
    return;
  }
  const page = await browser.newPage();
  await asGuest(page);
  for (const service of restored) {
    await scanService(page, service);
  }
  await page.close();
});
