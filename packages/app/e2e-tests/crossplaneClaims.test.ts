import { test, expect } from '@playwright/test';
import { openUntil, settle } from './pageReady';
import { asGuest } from './signIn';
import { screenshotEachTheme } from './themes';

// Backstage pages scroll inside their content area: a tall window shows whole pages.
test.use({ viewport: { width: 1440, height: 1400 } });
// Page loads wait for a dev server that shares two cores with the rest.
test.describe.configure({ timeout: 600_000 });

test(`the demo's Crossplane claims in the report, on the postgresql module page and in the catalog graph`, async ({
  page,
}) => {
  await asGuest(page);

  // The report, filtered to the XRD's module: each claim's API version and its pinned
  // composition revision, judged against postgresql.
  const rows = page.getByTestId('drift-row');
  const rowOf = (service: string, verdict: string) =>
    rows
      .filter({
        has: page.getByRole('link', { name: service, exact: true }),
      })
      .filter({ hasText: verdict });
  await openUntil(page, '/platform?module=postgresql', async () => {
    await expect(rowOf('reporting-service', 'Deprecated')).toHaveCount(1, {
      timeout: 15_000,
    });
  });
  await expect(rowOf('invoice-service', 'Deprecated')).toHaveCount(1);
  await expect(rowOf('invoice-service', 'Minor behind')).toHaveCount(1);
  await settle(page);
  await screenshotEachTheme(page, 'crossplane-claims-report');

  // The module page: the blast radius of a postgresql release includes the claim services.
  await openUntil(page, '/platform/modules/postgresql', async () => {
    await expect(
      page.getByRole('link', { name: 'invoice-service', exact: true }).first(),
    ).toBeVisible({ timeout: 15_000 });
  });
  await expect(
    page.getByRole('link', { name: 'reporting-service', exact: true }).first(),
  ).toBeVisible();
  await settle(page);
  await screenshotEachTheme(page, 'crossplane-claims-module');

  // The catalog graph: the service depends on the module its claims order.
  await openUntil(
    page,
    '/catalog/default/component/invoice-service',
    async () => {
      await expect(
        page.locator('svg').getByText('postgresql', { exact: true }).first(),
      ).toBeVisible({ timeout: 15_000 });
    },
  );
  await settle(page);
  await screenshotEachTheme(page, 'crossplane-claims-graph');
});
