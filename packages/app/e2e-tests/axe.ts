import fs from 'node:fs';
import { expect, Page } from '@playwright/test';

const axeSource = fs.readFileSync(
  require.resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Loads axe-core into the page. Evaluated, not added as a script tag: the portal's Content
 * Security Policy refuses inline scripts, as it should, and the tests run under it.
 */
export async function injectAxe(page: Page) {
  await page.evaluate(axeSource);
}

/**
 * Runs axe-core (WCAG 2 A and AA rules) on what `selector` picks, and fails with the rules it
 * breaks and where.
 */
export async function expectNoAxeViolations(
  page: Page,
  selector: string,
  skippedRules: string[] = [],
) {
  await injectAxe(page);
  const violations = await page.evaluate(
    async ([include, skipped]) => {
      const axe = (window as any).axe;
      const result = await axe.run(
        { include: [include] },
        {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
          rules: Object.fromEntries(
            skipped.map(rule => [rule, { enabled: false }]),
          ),
        },
      );
      return result.violations.map(
        (v: { id: string; help: string; nodes: { target: string[] }[] }) => ({
          rule: v.id,
          help: v.help,
          targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
        }),
      );
    },
    [selector, skippedRules] as const,
  );
  expect(violations).toEqual([]);
}
