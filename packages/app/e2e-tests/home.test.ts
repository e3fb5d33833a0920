import { test, expect, Page } from '@playwright/test';
import { injectAxe } from './axe';
import { enterAsGuest } from './signIn';
import { inEachTheme } from './themes';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

// Wide as a laptop; tall enough that a screenshot shows the whole home page, which scrolls
// inside its content area.
test.use({ viewport: { width: 1440, height: 1300 } });

/** axe-core's WCAG 2 A and AA rules on what `selector` picks: the serious and critical ones. */
async function seriousAxeViolations(page: Page, selector: string) {
  await injectAxe(page);
  return page.evaluate(async include => {
    const axe = (window as any).axe;
    const result = await axe.run(
      { include: [include] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } },
    );
    return result.violations
      .filter((v: { impact: string }) =>
        ['serious', 'critical'].includes(v.impact),
      )
      .map(
        (v: { id: string; help: string; nodes: { target: string[] }[] }) => ({
          rule: v.id,
          help: v.help,
          targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
        }),
      );
  }, selector);
}

test(`the home page shows the guest's services, what is coming up and the newest releases`, async ({
  page,
}) => {
  await enterAsGuest(page);
  await expect(page).toHaveURL(/\/$/);

  await expect(
    page.getByRole('heading', { name: 'Platform Portal', level: 1 }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.locator('header').getByRole('link', { name: 'Create project' }),
  ).toHaveAttribute('href', '/create');
  // The sidebar's logo names the portal.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('img', { name: 'Platform Portal' }),
  ).toBeVisible();
  await expect(page.getByText('Welcome to Backstage')).toHaveCount(0);
  await expect(page.getByText('World Clocks')).toHaveCount(0);

  // The guest is in the platform team, which owns status-page; the start-up scan may still
  // be running when the page first loads.
  const services = page.getByRole('list', { name: "Your teams' services" });
  await expect(async () => {
    if (await page.getByText(/None of your teams' services/).isVisible()) {
      await page.reload();
    }
    await expect(
      services.getByRole('link', { name: 'status-page', exact: true }),
    ).toBeVisible({ timeout: 20_000 });
  }).toPass({ timeout: 120_000 });
  await expect(
    services.getByRole('link', { name: 'status-page', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/component/status-page/platform');
  // Projects the Create tests made for the platform team are listed too.
  await expect(
    services.getByTestId('your-service').filter({ hasText: 'status-page' }),
  ).toContainText(/\d+ up to date/);

  // No pin of the platform team's own service is deprecated; across all teams the demo's
  // rds 1.x deprecation reaches the services that still pin it.
  await page.getByRole('checkbox', { name: 'All teams' }).check();
  const rds = page
    .getByRole('list', { name: 'Deprecations and ends of support' })
    .getByTestId('coming-up-item')
    .filter({ hasText: 'deprecated since 2025-09-01' });
  await expect(rds).toContainText('rds < 2.0.0 deprecated since 2025-09-01');
  await expect(rds.getByRole('link', { name: 'rds' })).toHaveAttribute(
    'href',
    '/platform/modules/rds',
  );
  await expect(rds.getByRole('link').nth(1)).toHaveAttribute(
    'href',
    /^\/catalog\/default\/component\/[a-z-]+\/platform$/,
  );

  const vpc = page
    .getByRole('list', { name: 'Latest release of each platform module' })
    .getByTestId('module-release')
    .filter({ has: page.getByRole('link', { name: 'vpc', exact: true }) });
  await expect(vpc).toContainText('Terraform module');
  await expect(vpc).toContainText('2.1.1');
  await expect(vpc.getByRole('link', { name: 'vpc' })).toHaveAttribute(
    'href',
    '/platform/modules/vpc',
  );

  await inEachTheme(page, async theme => {
    // The choice of all teams is the page's alone: drawn anew in the other theme, it is asked
    // again, so that both themes show the same list.
    await page.getByRole('checkbox', { name: 'All teams' }).check();
    await expect(rds).toBeVisible();
    await page.screenshot({
      path: `${screenshotDir}/home-${theme}.png`,
      fullPage: true,
    });
    expect(await seriousAxeViolations(page, 'main')).toEqual([]);
  });

  // A module's release leads to its module page.
  await vpc.getByRole('link', { name: 'vpc' }).click();
  await expect(page).toHaveURL(/\/platform\/modules\/vpc$/);
});

test("the catalog opens on every team's services", async ({ page }) => {
  await enterAsGuest(page);

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();

  const table = page.getByRole('table');
  await expect(
    page.getByText(/^All service Components \(\d+\)$/),
  ).toBeVisible();
  // Services of other teams are listed; platform modules and the portal's plugins are not.
  await expect(
    table.getByRole('link', { name: 'payments-api', exact: true }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'status-page', exact: true }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'vpc', exact: true }),
  ).toHaveCount(0);
  await page.screenshot({
    path: `${screenshotDir}/catalog-services.png`,
    fullPage: true,
  });
});
