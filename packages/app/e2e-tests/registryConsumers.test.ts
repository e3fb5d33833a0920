import { test, expect, Page } from '@playwright/test';
import { openUntil, settle } from './pageReady';
import { asGuest } from './signIn';
import { screenshotEachTheme } from './themes';

// Backstage pages scroll inside their content area: a tall window shows whole pages.
test.use({ viewport: { width: 1440, height: 1400 } });
// Page loads wait for a dev server that shares two cores with the rest.
test.describe.configure({ timeout: 600_000 });

/** Opens a module's page until its releases and what one of its channels offers are shown. */
async function openModule(page: Page, module: string, channel: string) {
  const releases = page.getByRole('table', { name: `Releases of ${module}` });
  await openUntil(page, `/platform/modules/${module}`, async () => {
    await expect(releases).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(channel)).toBeVisible({ timeout: 15_000 });
  });
  return releases;
}

/**
 * Screenshots of the whole page in each theme, once it has loaded what it shows; `again` as for
 * {@link screenshotEachTheme}.
 */
async function shoot(page: Page, name: string, again?: () => Promise<void>) {
  await settle(page);
  await screenshotEachTheme(page, `registry-consumers-${name}`, { again });
}

// The demo publishes eks to its Terraform registry up to 3.1.0 (3.2.0 is tagged only) and the
// service chart to its chart repository up to 1.1.0 (1.2.0 is tagged only). fraud-detector
// installs eks 3.2.0 from the registry in staging and the chart 1.0.0 as a Helm dependency;
// user-profile installs eks 3.0.0 from the registry in prod.
test(`the demo's registry and Helm consumers in the report, on the module pages and on the entity tab`, async ({
  page,
}) => {
  await asGuest(page);

  // The report: registry and Helm references judged as platform modules, not external.
  const rows = page.getByTestId('drift-row');
  const rowOf = (service: string, ...texts: string[]) =>
    texts.reduce(
      (found, text) => found.filter({ hasText: text }),
      rows.filter({
        has: page.getByRole('link', { name: service, exact: true }),
      }),
    );
  await openUntil(page, '/platform?module=service-chart', async () => {
    await expect(
      rowOf('fraud-detector', 'Chart.yaml', 'Minor behind'),
    ).toHaveCount(1, { timeout: 15_000 });
  });
  await shoot(page, 'report-helm');
  await openUntil(page, '/platform?module=eks', async () => {
    // Judged against 3.1.0, the newest release the registry offers: one release behind.
    await expect(rowOf('user-profile', 'prod', 'Minor behind')).toHaveCount(1, {
      timeout: 15_000,
    });
  });
  // Pinned to 3.2.0, which the registry does not have yet: not told to move anywhere.
  await expect(rowOf('fraud-detector', 'staging', 'Up to date')).toHaveCount(1);
  await shoot(page, 'report-eks');

  // The module page: per channel, the tagged release it does not offer yet, and per release
  // which channels have it.
  const releases = await openModule(
    page,
    'eks',
    '3.2.0 is tagged, the terraform registry registry.acme.example/acme/eks/aws offers 3.1.0',
  );
  await expect(
    releases
      .getByRole('row', { name: /^3\.2\.0/ })
      .getByText('Not in Terraform registry yet'),
  ).toBeVisible();
  await expect(
    releases
      .getByRole('row', { name: /^3\.1\.0/ })
      .getByText('Terraform registry', { exact: true }),
  ).toBeVisible();
  // The adoption of eks counts the registry consumers with the git ones.
  await expect(
    page.getByRole('link', { name: 'user-profile', exact: true }).first(),
  ).toBeVisible();
  await shoot(page, 'module-eks');

  const chart = await openModule(
    page,
    'service-chart',
    '1.2.0 is tagged, the helm chart https://charts.acme.example#service offers 1.1.0',
  );
  await expect(
    chart.getByRole('row', { name: /^1\.0\.0/ }).getByText('Helm chart'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'fraud-detector', exact: true }).first(),
  ).toBeVisible();
  await shoot(page, 'module-chart');

  // The entity tab: the registry pin's latest is the registry's, and its verdict says why.
  await openUntil(
    page,
    '/catalog/default/component/fraud-detector/platform',
    async () => {
      await expect(
        page.getByRole('row').filter({ hasText: 'Chart.yaml' }).first(),
      ).toBeVisible({ timeout: 15_000 });
    },
  );
  const registryPin = page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'eks', exact: true }) })
    .filter({ hasText: 'staging' });
  await expect(registryPin).toContainText('3.1.0');
  const verdict = registryPin.getByText('Up to date');
  const why = async () => {
    await verdict.hover();
    await expect(page.getByRole('tooltip')).toContainText(
      'does not offer it yet',
    );
  };
  await why();
  await shoot(page, 'entity', why);
});
