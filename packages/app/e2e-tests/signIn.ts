import { expect, Page } from '@playwright/test';

/**
 * Signs in as the guest in the given theme, and waits until the app shows its sidebar:
 * navigating by URL before that aborts the sign-in and leaves the sign-in page.
 */
export async function enterAsGuest(
  page: Page,
  theme: 'light' | 'dark' = 'light',
) {
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
