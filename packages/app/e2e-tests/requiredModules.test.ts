import { test, expect } from '@playwright/test';
import { openUntil, settle } from './pageReady';
import { asGuest } from './signIn';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

// Backstage pages scroll inside their content area: a tall window shows whole pages.
test.use({ viewport: { width: 1440, height: 1400 } });
// Page loads wait for a dev server that shares two cores with the rest.
test.describe.configure({ timeout: 600_000 });

test("the demo's required CI workflow: the services short of it in the report and on the entity tab, and how long prod has lagged", async ({
  page,
}) => {
  await asGuest(page);

  // The organisation's count opens the list: status-page plans on its own, search-crawler calls
  // terraform-ci 2.0.0 where platform.yaml requires 3.0.0 or newer.
  const chip = page.getByRole('button', {
    // Projects other browser tests create may add to the count.
    name: /^Required modules missing or outdated: \d+ services across the organisation$/,
  });
  await openUntil(page, '/platform', async () => {
    await expect(chip).toBeVisible({ timeout: 15_000 });
  });
  await chip.click();
  await expect(page).toHaveURL(/required=1/);
  const findings = page.getByRole('table', {
    name: 'Required module findings',
  });
  const rowOf = (service: string) =>
    findings.getByRole('row').filter({
      has: page.getByRole('link', { name: service, exact: true }),
    });
  await expect(rowOf('status-page')).toContainText('Missing');
  await expect(rowOf('search-crawler')).toContainText('Outside >= 3.0.0');
  await expect(rowOf('search-crawler')).toContainText(
    '.github/workflows/ci.yml:9 pins 2.0.0',
  );
  await settle(page);
  await page.screenshot({
    path: `${screenshotDir}/required-modules-report.png`,
    fullPage: true,
  });

  // The entity's Platform tab warns of it above the references.
  await openUntil(
    page,
    '/catalog/default/component/status-page/platform',
    async () => {
      await expect(
        page.getByText('Missing required module terraform-ci'),
      ).toBeVisible({ timeout: 15_000 });
    },
  );
  await settle(page);
  await page.screenshot({
    path: `${screenshotDir}/required-modules-entity.png`,
    fullPage: true,
  });

  // Promotion lag, with the scan that first saw it, on payments-api's tab.
  await openUntil(
    page,
    '/catalog/default/component/payments-api/platform',
    async () => {
      await expect(
        page
          .getByText(/^behind staging \(.+\) since \d{4}-\d{2}-\d{2}$/)
          .first(),
      ).toBeVisible({ timeout: 15_000 });
    },
  );
  await settle(page);
  await page.screenshot({
    path: `${screenshotDir}/promotion-lag-entity.png`,
    fullPage: true,
  });
});
