import { test, expect, Page } from '@playwright/test';
import { openUntil, settle } from './pageReady';
import { asGuest } from './signIn';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

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

/** A screenshot of the whole page once it has loaded what it shows. */
async function shoot(page: Page, name: string) {
  await settle(page);
  await page.screenshot({
    path: `${screenshotDir}/registry-consumers-${name}.png`,
    fullPage: true,
  });
}

// The demo publishes eks to its Terraform registry up to 3.1.0 (3.2.0 is tagged only) and the
// service chart to its chart repository up to 1.1.0 (1.2.0 is tagged only). fraud-detector
// installs eks 3.2.0 from the registry in staging and the chart 1.0.0 as a Helm dependency;
// user-profile installs eks 3.0.0 from the registry in prod.
for (const theme of ['light', 'dark'] as const) {
  test(`the demo's registry and Helm consumers in the report, on the module pages and on the entity tab (${theme})`, async ({
    page,
  }) => {
    await asGuest(page, theme);

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
    await shoot(page, `report-helm-${theme}`);
    await openUntil(page, '/platform?module=eks', async () => {
      // Judged against 3.1.0, the newest release the registry offers: one release behind.
      await expect(rowOf('user-profile', 'prod', 'Minor behind')).toHaveCount(
        1,
        { timeout: 15_000 },
      );
    });
    // Pinned to 3.2.0, which the registry does not have yet: not told to move anywhere.
    await expect(rowOf('fraud-detector', 'staging', 'Up to date')).toHaveCount(
      1,
    );
    await shoot(page, `report-eks-${theme}`);

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
    await shoot(page, `module-eks-${theme}`);

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
    await shoot(page, `module-chart-${theme}`);

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
    await verdict.hover();
    await expect(page.getByRole('tooltip')).toContainText(
      'does not offer it yet',
    );
    await shoot(page, `entity-${theme}`);
  });
}
