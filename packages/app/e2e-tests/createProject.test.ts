import { test, expect, Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { asGuest } from './signIn';

// Kept apart from e2e-test-report, which the HTML reporter empties on every run.
const screenshotDir = 'e2e-test-screenshots';

// Where platform:publish:git puts new repositories of the demo (app-config's demo.repositoriesDir).
const demoGitRoot = path.resolve(__dirname, '../../../.demo-repos/acme');

test.use({ viewport: { width: 1400, height: 1800 } });

/** A file of the created repository's main branch, read with git as a clone would see it. */
function readCreated(name: string, file: string): string {
  return execFileSync(
    'git',
    [
      '--git-dir',
      path.join(demoGitRoot, `${name}.git`),
      'show',
      `main:${file}`,
    ],
    { encoding: 'utf8' },
  );
}

/** The release a module section of the inputs step is built for: its heading is "vpc 2.1.1". */
async function sectionVersion(section: Locator, module: string) {
  const heading = await section.getByRole('heading').first().innerText();
  const match = new RegExp(`^${module} (\\d+\\.\\d+\\.\\d+\\S*)$`).exec(
    heading,
  );
  expect(match, `the heading of ${module}'s inputs: ${heading}`).not.toBeNull();
  return match![1];
}

for (const theme of ['light', 'dark'] as const) {
  test(`create a project from the federated template (${theme})`, async ({
    page,
  }) => {
    // Filling the form, the task, the registration and the scan each wait on the backend.
    test.setTimeout(300_000);
    // A new repository in the demo's git root every run, so the test can run again and again
    // against the same portal; nothing outside that git-ignored root is touched.
    const name = `e2e-${theme}-${Date.now().toString(36)}`;
    await asGuest(page, theme);

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

    // Infrastructure: Terraform, the platform's Terraform modules as the platform lists them.
    const modules = page.getByRole('group', { name: /Modules/ });
    await expect(modules.getByRole('checkbox', { name: 'vpc' })).toBeVisible();
    await expect(
      modules.getByRole('checkbox', { name: 'postgresql' }),
    ).toHaveCount(0);
    for (const module of ['vpc', 'eks', 's3-bucket']) {
      await modules.getByRole('checkbox', { name: module }).check();
    }
    await expect(page.getByRole('checkbox', { name: 'staging' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'prod' })).toBeChecked();
    await page.getByRole('checkbox', { name: 'Helm chart' }).check();
    await page.screenshot({
      path: `${screenshotDir}/create-project-form-${theme}.png`,
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Next' }).click();

    // Module inputs, from each module's interface at the release that will be pinned.
    const vpc = page.getByRole('region', { name: /^vpc / });
    const eks = page.getByRole('region', { name: /^eks / });
    const s3 = page.getByRole('region', { name: /^s3-bucket / });
    await expect(vpc).toBeVisible({ timeout: 30_000 });
    const versions = {
      vpc: await sectionVersion(vpc, 'vpc'),
      eks: await sectionVersion(eks, 'eks'),
      's3-bucket': await sectionVersion(s3, 's3-bucket'),
    };
    const cidr = vpc.getByRole('textbox', { name: 'cidr' });
    await expect(cidr).toHaveAttribute('aria-required', 'true');
    // The name every module takes is the project's, wired by the platform and shown once per
    // module, not asked; the tags vpc and s3-bucket both take are asked once.
    for (const section of [vpc, s3]) {
      await expect(section.getByRole('textbox', { name: 'name' })).toHaveValue(
        'from project.name',
      );
    }
    await expect(eks.getByRole('textbox', { name: 'subnet_ids' })).toHaveValue(
      'from vpc.private_subnet_ids',
    );
    await expect(page.getByRole('textbox', { name: 'tags' })).toHaveCount(1);

    // A required input left empty is refused, naming it.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(
      page.getByText('`cidr` of vpc is required').first(),
    ).toBeVisible();
    await expect(cidr).toHaveAccessibleDescription(/is required/);
    await page.screenshot({
      path: `${screenshotDir}/create-project-inputs-refused-${theme}.png`,
      fullPage: true,
    });

    await cidr.fill('10.42.0.0/16');
    await page
      .getByRole('textbox', { name: 'tags' })
      .fill('{"team": "platform", "cost-centre": "42"}');
    await vpc.getByRole('textbox', { name: 'az_count' }).fill('2');
    // The field says at once that it is fixed; the form's list of errors stays until Next.
    await expect(cidr).not.toHaveAccessibleDescription(/is required/);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Where to publish')).toBeVisible();

    // Back on the step, the answers are kept, and it shows what the project will get.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(cidr).toHaveValue('10.42.0.0/16');
    await expect(page.getByText('`cidr` of vpc is required')).toHaveCount(0);
    await page.screenshot({
      path: `${screenshotDir}/create-project-inputs-${theme}.png`,
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Next' }).click();

    // Publish to the demo's local git root (the default), review, create.
    await expect(page.getByText('Where to publish')).toBeVisible();
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText(name).first()).toBeVisible();
    // The review names each module with the exact release the project will pin, whether it
    // lists the modules in one row or a row per value ("Module Inputs > S 3 Bucket > Version").
    const review = page.getByRole('table');
    for (const [module, version] of Object.entries(versions)) {
      const named = new RegExp(
        [...module.replace(/[^a-z0-9]/gi, '')].join('[^a-z0-9]*'),
        'i',
      );
      await expect(
        review
          .getByRole('row')
          .filter({ hasText: named })
          .filter({ hasText: version }),
      ).not.toHaveCount(0);
    }
    await page.screenshot({
      path: `${screenshotDir}/create-project-review-${theme}.png`,
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Create' }).click();

    // The task runs every step and links to the new component.
    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(/failed/i)).toHaveCount(0);
    await page.screenshot({
      path: `${screenshotDir}/create-project-task-${theme}.png`,
      fullPage: true,
    });

    // The created repository's module calls carry the inputs, at the versions reviewed.
    for (const environment of ['staging', 'prod']) {
      const main = readCreated(
        name,
        `infra/environments/${environment}/main.tf`,
      );
      expect(main).toMatch(/\bcidr\s*=\s*"10\.42\.0\.0\/16"/);
      expect(main).toMatch(/\baz_count\s*=\s*2\b/);
      expect(main).toMatch(
        /\bsubnet_ids\s*=\s*module\.vpc\.private_subnet_ids/,
      );
      expect(main.match(/"cost-centre"\s*=\s*"42"/g)).toHaveLength(2);
      expect(main).toContain(`ref=vpc/v${versions.vpc}`);
      expect(main).toContain(`ref=eks-v${versions.eks}`);
      expect(main).toContain(`ref=s3-bucket/v${versions['s3-bucket']}`);
    }

    await openInCatalog.click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}`),
    );
    await expect(page.getByText(name).first()).toBeVisible();

    // Its Platform tab lists the modules as up to date once the requested scan has stored them.
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
      for (const module of Object.keys(versions)) {
        await expect(
          page.getByRole('link', { name: module, exact: true }).first(),
        ).toBeVisible({ timeout: 5_000 });
      }
    }).toPass({ timeout: 90_000 });
    // Verdicts as their chips name them: the tab's own help text speaks of modules "behind".
    for (const verdict of [
      'Patch behind',
      'Minor behind',
      'Major behind',
      'Deprecated',
      'Unsupported',
    ]) {
      await expect(page.getByText(verdict, { exact: false })).toHaveCount(0);
    }
    await page.screenshot({
      path: `${screenshotDir}/create-project-component-${theme}.png`,
      fullPage: true,
    });
  });
}
