import { test, expect, Page } from '@playwright/test';
import { enterAsGuest } from './signIn';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

test.use({ viewport: { width: 1400, height: 1800 } });

for (const theme of ['light', 'dark'] as const) {
  test(`create a project from the federated template (${theme})`, async ({
    page,
  }) => {
    // Filling the form, the task, the registration and the scan each wait on the backend.
    test.setTimeout(300_000);
    // A new repository in the demo's git root every run, so the test can run again and again
    // against the same portal; nothing outside that git-ignored root is touched.
    const name = `e2e-${theme}-${Date.now().toString(36)}`;
    await enterAsGuest(page, theme);

    await page.goto('/create');
    const card = page
      .locator('[class*="MuiCard-root"]')
      .filter({ hasText: 'Federated project' });
    await expect(card).toBeVisible({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Choose' }).click();

    // The project.
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('Created by the browser test.');
    const owner = page.getByRole('textbox', { name: 'Owner' });
    await owner.click();
    await owner.fill('Platform');
    await page
      .getByRole('option', { name: /Platform team/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Next' }).click();

    // Infrastructure: Terraform, two modules, both environments, two channels.
    await expect(page.getByText('Platform modules')).toBeVisible();
    await page.getByRole('checkbox', { name: 'rds' }).check();
    await expect(page.getByRole('checkbox', { name: 'vpc' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'staging' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'prod' })).toBeChecked();
    await page.getByRole('checkbox', { name: 'Helm chart' }).check();
    await page.screenshot({
      path: `${screenshotDir}/create-project-form-${theme}.png`,
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Next' }).click();

    // Publish to the demo's local git root (the default), review, create.
    await expect(page.getByText('Where to publish')).toBeVisible();
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText(name).first()).toBeVisible();
    await page.getByRole('button', { name: 'Create' }).click();

    // The task runs every step and links to the new component.
    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(/failed/i)).toHaveCount(0);
    await page.screenshot({
      path: `${screenshotDir}/create-project-task-${theme}.png`,
      fullPage: true,
    });

    await openInCatalog.click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}`),
    );
    await expect(page.getByText(name).first()).toBeVisible();

    // Its Platform tab lists both modules as up to date once the requested scan has stored them.
    await page.goto(`/catalog/default/component/${name}/platform`);
    await expect(async () => {
      await page.reload();
      const scanNow = page.getByRole('button', { name: 'Scan now' });
      if (
        !(await page.getByText('Up to date').first().isVisible()) &&
        (await scanNow.isVisible())
      ) {
        // The requested scan's result can be gone when the backend restarted in between (a
        // development server reloading); a scan asked for here stores it again.
        await scanNow.click();
      }
      await expect(page.getByText('Up to date').first()).toBeVisible({
        timeout: 10_000,
      });
      for (const module of ['vpc', 'rds']) {
        await expect(
          page.getByRole('link', { name: module, exact: true }).first(),
        ).toBeVisible({ timeout: 5_000 });
      }
    }).toPass({ timeout: 90_000 });
    for (const verdict of ['Behind', 'Deprecated', 'Unsupported']) {
      await expect(page.getByText(verdict, { exact: false })).toHaveCount(0);
    }
    await page.screenshot({
      path: `${screenshotDir}/create-project-component-${theme}.png`,
      fullPage: true,
    });
  });
}
