import { expect, Page } from '@playwright/test';
import type { Theme } from './themes';

/**
 * Signs in as the guest in the given theme, and waits until the app shows its sidebar:
 * navigating by URL before that aborts the sign-in and leaves the sign-in page.
 */
export async function enterAsGuest(page: Page, theme: Theme = 'light') {
  await page.addInitScript(mode => {
    window.localStorage.setItem('theme', mode);
  }, theme);
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Platform', exact: true }),
  ).toBeVisible({ timeout: 30_000 });
}

/**
 * Makes the page's next load sign in as the guest, as a browser that entered as the guest before
 * does (Backstage remembers the sign-in provider chosen): no sign-in page, so a test that opens
 * a page loads the app once instead of twice. {@link enterAsGuest} tests the sign-in page.
 */
export async function asGuest(page: Page, theme: Theme = 'light') {
  await page.addInitScript(
    ([mode, providerKey]) => {
      window.localStorage.setItem('theme', mode);
      window.localStorage.setItem(providerKey, 'guest');
    },
    [theme, '@backstage/core:SignInPage:provider'] as const,
  );
}
