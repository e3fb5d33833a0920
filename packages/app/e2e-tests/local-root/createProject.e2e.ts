import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { enterAsGuest } from '../signIn';

// Run by playwright.local-root.config.ts only: the portal without the demo, publishing into the
// local git root of ./app-config.yaml, read as https://git.example.test/projects/<name>.

const screenshotDir = 'e2e-test-screenshots';
const projectsRoot = path.resolve(
  __dirname,
  '../../../../node_modules/.cache/portal-local-root/projects',
);

test.use({ viewport: { width: 1400, height: 1800 } });

/** A file of the created repository's main branch, as a clone would see it. */
const readCreated = (name: string, file: string) =>
  execFileSync('git', ['show', `main:${file}`], {
    cwd: path.join(projectsRoot, `${name}.git`),
    encoding: 'utf8',
  });

for (const theme of ['light', 'dark'] as const) {
  test(`creates a project in a local git root without the demo, shown in the catalog and the drift report (${theme})`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const name = `adopter-${theme}-${Date.now().toString(36)}`;
    // Guest sign-in looks the guest up in the catalog, which reads org.yaml only after the
    // backend reports ready: on a busy machine the first tries find no such user yet.
    await expect(() => enterAsGuest(page, theme)).toPass({ timeout: 180_000 });

    // The template as the catalog location of ./app-config.yaml registered it.
    await page.goto('/create/templates/default/federated-project');
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('textbox', { name: 'Owner' }).fill('Platform');
    await page
      .getByRole('option', { name: /Platform team/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Next' }).click();

    // The modules are the platform's, read from its manifest in the local git root.
    const modules = page.getByRole('group', { name: /Modules/ });
    await modules.getByRole('checkbox', { name: 'vpc' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .getByRole('region', { name: /^vpc / })
      .getByRole('textbox', { name: 'cidr' })
      .fill('10.7.0.0/16');
    await page.getByRole('button', { name: 'Next' }).click();

    await expect(page.getByText("The portal's local git root")).toBeVisible();
    await page.screenshot({
      path: `${screenshotDir}/local-root-publish-${theme}.png`,
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(/failed/i)).toHaveCount(0);
    await page.screenshot({
      path: `${screenshotDir}/local-root-task-${theme}.png`,
      fullPage: true,
    });

    // The repository names what app-config says, not the demo's organisation.
    const entity = readCreated(name, 'catalog-info.yaml');
    expect(entity).toContain(
      `platform-portal.io/release-git-tags: "https://git.example.test/projects/${name}.git"`,
    );
    expect(entity).not.toContain('github.com/project-slug');
    expect(readCreated(name, 'CODEOWNERS')).toContain('* @example-org/');

    // In the catalog, registered by the URL mapped onto the local git root.
    await openInCatalog.click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}`),
    );
    await expect(page.getByText(name).first()).toBeVisible();
    await page.screenshot({
      path: `${screenshotDir}/local-root-component-${theme}.png`,
      fullPage: true,
    });

    // In the drift report once the scan the task asked for has stored it.
    // Its vpc pins, one per environment, at the release the template chose.
    await expect(async () => {
      await page.goto('/platform');
      await expect(
        page
          .getByTestId('drift-row')
          .filter({ hasText: name })
          .filter({ hasText: 'vpc' })
          .filter({ hasText: 'Up to date' }),
      ).toHaveCount(2, { timeout: 10_000 });
    }).toPass({ timeout: 120_000 });
    await page.screenshot({
      path: `${screenshotDir}/local-root-drift-report-${theme}.png`,
      fullPage: true,
    });
  });
}
