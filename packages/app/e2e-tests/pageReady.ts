import { spawnSync } from 'node:child_process';
import { expect, Page } from '@playwright/test';

/** Where tests keep screenshots: apart from e2e-test-report, which the HTML reporter empties on every run. */
export const screenshotDir = 'e2e-test-screenshots';

// `yarn start` runs the backend in watch mode: while it restarts, sign-in and the API answer
// with errors for a while, and the start-up scan fills the pages only after some seconds.
const BACKEND_AWAY_MS = 180_000;

/**
 * Opens `path` again until `shown` passes: the page has loaded the data it is opened for. A
 * reload while the backend restarts loses the guest's session; the guest then enters again.
 */
export async function openUntil(
  page: Page,
  path: string,
  shown: () => Promise<void>,
) {
  // What the app shows once it knows the user: the sidebar's Platform entry, as enterAsGuest waits for.
  const signedIn = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Platform', exact: true });
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(async () => {
    await page.goto(path);
    await expect(signedIn.or(enter)).toBeVisible({ timeout: 30_000 });
    if (await enter.isVisible()) {
      await enter.click();
      await expect(signedIn).toBeVisible({ timeout: 30_000 });
      await page.goto(path);
    }
    await shown();
  }).toPass({ timeout: BACKEND_AWAY_MS });
}

/** Waits until the page has loaded what it shows: no request running, no progress bar. */
export async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await expect(page.getByRole('progressbar')).toHaveCount(0, {
    timeout: 60_000,
  });
}

/**
 * TechDocs builds documentation with MkDocs on the backend's machine. Where scripts/test-services.sh
 * could not install it (it then sets PORTAL_SKIP_MISSING_TOOLS=1 and names the skip), the tests of
 * documentation pages are skipped; anywhere else a missing MkDocs fails them.
 */
export const skipDocumentation =
  process.env.PORTAL_SKIP_MISSING_TOOLS === '1' &&
  spawnSync('mkdocs', ['--version']).status !== 0;

/** A page of the portal, and what shows that it has loaded the demo's data. */
export interface PortalPage {
  name: string;
  path: string;
  shown: (page: Page) => Promise<void>;
  /** A documentation page, which needs MkDocs ({@link skipDocumentation}). */
  documentation?: boolean;
}

/** The pages of the portal, each with what shows that it has loaded its data. */
export const portalPages: PortalPage[] = [
  {
    name: 'home',
    path: '/',
    shown: page =>
      expect(
        page
          .getByRole('list', { name: "Your teams' services" })
          .getByRole('link', { name: 'status-page', exact: true }),
      ).toBeVisible({ timeout: 15_000 }),
  },
  {
    name: 'catalog',
    path: '/catalog?filters%5Bkind%5D=component&filters%5Btype%5D=service&filters%5Buser%5D=all',
    shown: page =>
      expect(
        page.getByRole('link', { name: 'payments-api', exact: true }),
      ).toBeVisible({ timeout: 15_000 }),
  },
  {
    name: 'service-overview',
    path: '/catalog/default/component/payments-api',
    shown: page =>
      expect(page.getByText('About', { exact: true })).toBeVisible({
        timeout: 15_000,
      }),
  },
  {
    name: 'service-platform-tab',
    path: '/catalog/default/component/payments-api/platform',
    shown: page =>
      expect(
        page.getByRole('table', { name: 'Platform module references' }),
      ).toBeVisible({ timeout: 15_000 }),
  },
  {
    name: 'platform-report',
    path: '/platform',
    shown: page =>
      expect(page.getByTestId('drift-row').first()).toBeVisible({
        timeout: 15_000,
      }),
  },
  {
    name: 'module',
    path: '/platform/modules/vpc',
    shown: page =>
      expect(page.getByText('Latest version', { exact: true })).toBeVisible({
        timeout: 15_000,
      }),
  },
  {
    name: 'release-channels',
    path: '/platform/release-channels',
    shown: page =>
      expect(
        page.getByText(/of \d+ services with release channels show skew/),
      ).toBeVisible({ timeout: 15_000 }),
  },
  {
    // The platform team's TechDocs: built at start, or while this page waits for it.
    name: 'techdocs',
    path: '/docs/default/system/acme-platform',
    documentation: true,
    shown: page =>
      expect(
        page.getByText('The platform team publishes the building blocks'),
      ).toBeVisible({ timeout: 15_000 }),
  },
  {
    name: 'create-form',
    path: '/create/templates/default/federated-project',
    shown: page =>
      expect(page.getByRole('textbox', { name: 'Name' })).toBeVisible({
        timeout: 15_000,
      }),
  },
];

/** One of {@link portalPages}, by name. */
export function portalPage(name: string): PortalPage {
  const found = portalPages.find(candidate => candidate.name === name);
  if (!found) {
    throw new Error(`No portal page is called ${name}`);
  }
  return found;
}
