import { expect, Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { screenshotDir, settle } from './pageReady';

export type Theme = 'light' | 'dark';

/** Which theme the page is drawn in, told by the lightness of its background. */
function drawnTheme(page: Page): Promise<Theme> {
  return page.evaluate(() => {
    const [red, green, blue] = getComputedStyle(document.body)
      .backgroundColor.match(/\d+/g)!
      .map(Number);
    return red + green + blue < 384 ? 'dark' : 'light';
  });
}

/**
 * Resolves once no request of the page has been running for `quietMs`, counting the requests
 * that start from now on (call it before what sends them).
 */
function untilNetworkQuiet(page: Page, quietMs = 500) {
  let running = 0;
  let lastChange = Date.now();
  const started = () => {
    running += 1;
    lastChange = Date.now();
  };
  const ended = () => {
    running -= 1;
    lastChange = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return async () => {
    try {
      await expect
        .poll(() => running <= 0 && Date.now() - lastChange >= quietMs, {
          intervals: [100],
          timeout: 60_000,
        })
        .toBe(true);
    } finally {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
    }
  };
}

/**
 * Switches the running app to `theme` without a reload, as a change of theme made in another
 * tab reaches it: Backstage's theme selector follows the `theme` key of local storage.
 *
 * Backstage draws the app anew under the other theme's provider, so the page keeps what its URL
 * holds (the page, filters, the release shown) but not what only the page held: a scroll
 * position, a hovered tooltip, an open dialog, a form's answers. Waits until the page is drawn
 * in that theme, has loaded its data again (Backstage shows its progress bars only after a
 * moment, so no bar is not enough: the requests must have ended) and its colour transitions
 * have ended, so that screenshots and axe-core's contrast rules see the theme's own colours.
 */
export async function switchTheme(page: Page, theme: Theme) {
  const quiet = untilNetworkQuiet(page);
  await page.evaluate(id => {
    window.localStorage.setItem('theme', id);
    window.dispatchEvent(new StorageEvent('storage', { key: 'theme' }));
  }, theme);
  await expect.poll(() => drawnTheme(page)).toBe(theme);
  await quiet();
  await settle(page);
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        animation =>
          !(animation instanceof CSSTransition) ||
          animation.playState === 'finished',
      ),
  );
}

/**
 * Looks at the page as it is now in each theme in turn (screenshots, axe-core): first in the
 * theme it is drawn in, then in the other, which it is left in; the next page opened is light
 * again, as `asGuest` sets it at every load. The themes differ only in colour, so one walk
 * through a flow covers both where what it looks at is in the URL, instead of a second walk that
 * does everything again to be drawn in dark. `look` gets the page drawn anew in the second theme (see
 * {@link switchTheme}): it scrolls or hovers again where it needs to.
 *
 * Meanwhile the browser asks for reduced motion, as a user may: the charts honour it, and would
 * otherwise draw themselves again from nothing after the change of theme.
 */
export async function inEachTheme(
  page: Page,
  look: (theme: Theme) => Promise<void>,
) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const first = await drawnTheme(page);
  await look(first);
  const second = first === 'light' ? 'dark' : 'light';
  await switchTheme(page, second);
  await look(second);
  await page.emulateMedia({ reducedMotion: null });
}

/**
 * Screenshots the page as it is now in each theme, as `<name>-light.png` and `<name>-dark.png`
 * in the screenshot directory (whole pages unless `fullPage` is false). Where `axeOn` names a
 * selector, runs axe-core on what it picks in each theme too: contrast differs between them.
 * `again` restores, in each theme, what the page does not keep when it is drawn anew.
 */
export function screenshotEachTheme(
  page: Page,
  name: string,
  {
    fullPage = true,
    axeOn,
    again,
  }: { fullPage?: boolean; axeOn?: string; again?: () => Promise<void> } = {},
) {
  return inEachTheme(page, async theme => {
    await again?.();
    await page.screenshot({
      path: `${screenshotDir}/${name}-${theme}.png`,
      fullPage,
    });
    if (axeOn) {
      await expectNoAxeViolations(page, axeOn);
    }
  });
}
