import { test, expect } from '@playwright/test';
import { openUntil, portalPage, settle, skipDocumentation } from './pageReady';
import { asGuest } from './signIn';
import { screenshotEachTheme } from './themes';

test.use({ viewport: { width: 1440, height: 900 } });
// The documentation is built and indexed in the first minute after start.
test.describe.configure({ timeout: 300_000 });

test(`search finds a page of the platform's documentation, and TechDocs shows it`, async ({
  page,
}) => {
  test.skip(
    skipDocumentation,
    'MkDocs is not installed: TechDocs cannot build documentation here',
  );
  await asGuest(page);

  // The search page's Documentation filter, as a user narrows a search to documentation.
  const result = page.getByRole('link', { name: /Support and upgrades/ });
  await openUntil(page, '/search?query=majors&types%5B%5D=techdocs', () =>
    expect(result.first()).toBeVisible({ timeout: 15_000 }),
  );
  await expect(page.getByText(/error/i)).toHaveCount(0);
  await screenshotEachTheme(page, 'techdocs-search', { fullPage: false });

  await result.first().click();
  await expect(page).toHaveURL(
    /\/docs\/default\/system\/acme-platform\/support\/?$/,
  );
  await expect(
    page.getByRole('heading', { name: 'Supported releases' }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('support their two newest majors')).toBeVisible();
  await settle(page);
  // TechDocs renders the page again once its check for a newer build has answered.
  await expect(
    page.getByRole('heading', { name: 'Supported releases' }),
  ).toBeVisible();
  await screenshotEachTheme(page, 'techdocs-support-page', { fullPage: false });

  // The overview, as the sidebar's Docs page leads to it.
  const overview = portalPage('techdocs');
  await openUntil(page, overview.path, () => overview.shown(page));
  await expect(
    page.getByRole('link', { name: 'Using the modules' }).first(),
  ).toBeVisible();
  await screenshotEachTheme(page, 'techdocs-overview', { fullPage: false });
});
