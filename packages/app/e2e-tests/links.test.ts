import { test, expect, Page } from '@playwright/test';
import { openUntil, portalPage, settle } from './pageReady';
import { asGuest } from './signIn';
import { screenshotEachTheme } from './themes';

test.use({ viewport: { width: 1440, height: 900 } });
// Every link of six pages is followed, one after the other, on a shared two-core machine.
test.describe.configure({ timeout: 900_000 });

interface FoundLink {
  href: string;
  text: string;
  on: string;
}

/** The links of the page as it is now, each with where it points and what it says. */
async function linksOn(page: Page): Promise<FoundLink[]> {
  const on = page.url();
  const links = await page.locator('a[href]').evaluateAll(anchors =>
    anchors.map(a => ({
      href: (a as HTMLAnchorElement).href,
      text: (a.textContent ?? '').trim().slice(0, 60),
    })),
  );
  return links.map(link => ({ ...link, on }));
}

/**
 * Shows an in-app route the way a click does (the router follows the history), and says why it
 * is broken: Backstage's not-found page, a missing entity, or an error panel. Undefined when the
 * page rendered.
 */
async function brokenInApp(page: Page, href: string) {
  const url = new URL(href);
  await page.evaluate(target => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, `${url.pathname}${url.search}${url.hash}`);
  await settle(page);
  const signs = [
    page.getByText('Looks like someone dropped the mic!'),
    page.getByText(/^ERROR \d{3}/),
    page.getByText(/There is no \w+ with the requested/),
    page.getByRole('alert').filter({ hasText: /^Error:/ }),
  ];
  for (const sign of signs) {
    if (await sign.first().isVisible()) {
      return (await sign.first().innerText()).slice(0, 200);
    }
  }
  return undefined;
}

test('every link on the Platform pages and a service entity page answers offline', async ({
  page,
}) => {
  await asGuest(page);
  const appOrigin = new URL(test.info().project.use.baseURL!).origin;
  const found: FoundLink[] = [];

  const visit = async (path: string, shown: () => Promise<void>) => {
    await openUntil(page, path, shown);
    await settle(page);
    found.push(...(await linksOn(page)));
  };

  const report = portalPage('platform-report');
  await visit(report.path, () => report.shown(page));
  // The source view, as a drift row's file and line opens it.
  const where = await page
    .getByTestId('drift-row')
    .first()
    .getByRole('link', { name: /:\d+$/ })
    .getAttribute('href');
  expect(where).toContain('/platform/source?');
  await visit(where!, () =>
    expect(page.locator('tr[aria-current="location"]')).toBeVisible({
      timeout: 15_000,
    }),
  );
  for (const name of [
    'module',
    'release-channels',
    'service-overview',
    'service-platform-tab',
  ]) {
    const { path, shown } = portalPage(name);
    await visit(path, () => shown(page));
  }

  const byHref = new Map<string, FoundLink>();
  for (const link of found) {
    if (!byHref.has(link.href)) {
      byHref.set(link.href, link);
    }
  }
  // The list followed, in the report: what a failure is measured against.
  await test.info().attach('links followed', {
    body: [...byHref.values()]
      .map(link => `${link.href} ("${link.text}" on ${link.on})`)
      .join('\n'),
    contentType: 'text/plain',
  });

  const failures: string[] = [];
  for (const link of byHref.values()) {
    const url = new URL(link.href);
    const named = `${link.href} ("${link.text}" on ${link.on})`;
    if (url.origin === appOrigin) {
      const why = await brokenInApp(page, link.href);
      if (why) {
        failures.push(`${named}: ${why}`);
      }
    } else if (url.host === 'backstage.io') {
      // Backstage's own empty relation cards link to its documentation on the internet, which
      // cannot answer offline; they are Backstage's markup, not the portal's, and are listed
      // in the attachment above.
      continue;
    } else if (url.host === 'github.com' && /^\/acme\//.test(url.pathname)) {
      // The demo's organisation does not exist on GitHub: its repositories are local.
      failures.push(`${named}: names the demo's GitHub organisation`);
    } else {
      // The backend, or a server the demo runs (its chart repository): as a browser would.
      const status = await page.request
        .get(link.href, { timeout: 15_000, maxRedirects: 5 })
        .then(response => String(response.status()))
        .catch(error => `unreachable (${String(error).split('\n')[0]})`);
      if (status !== '200') {
        failures.push(`${named}: ${status}`);
      }
    }
  }
  expect(failures).toEqual([]);
});

test(`a demo service's repository and "View source" open in the portal's source view`, async ({
  page,
}) => {
  await asGuest(page);
  const repository = encodeURIComponent('https://github.com/acme/payments-api');

  // The catalog points a locally read repository's source at the source view from its first
  // processing on: once the page shows the entity, its links are the final ones, without
  // waiting for a later reprocessing.
  const overview = portalPage('service-overview');
  await openUntil(page, overview.path, () => overview.shown(page));
  await expect(
    page.getByRole('link', { name: /View source/i }),
  ).toHaveAttribute(
    'href',
    new RegExp(`/platform/source\\?repository=${repository}$`),
  );

  const platformTab = portalPage('service-platform-tab');
  await openUntil(page, platformTab.path, () => platformTab.shown(page));
  await expect(
    page.getByRole('link', { name: 'https://github.com/acme/payments-api' }),
  ).toHaveAttribute('href', `/platform/source?repository=${repository}`);
  await page
    .getByRole('link', { name: 'https://github.com/acme/payments-api' })
    .click();
  await expect(page.getByRole('heading', { name: /\d+ files?/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page.getByRole('link', { name: 'catalog-info.yaml' }),
  ).toBeVisible();
  await screenshotEachTheme(page, 'links-repository-source-view', {
    fullPage: false,
  });
});
