#!/usr/bin/env node
/* eslint-disable no-console, no-restricted-syntax */
// yarn bench:ui [--url http://localhost:3000] [--runs 5] [--height 1000]
//
// How fast the drift report becomes usable in a real browser (Debian's Chromium, headless), on
// whatever data the running portal has. For the 10,000-service figure, start the portal on the
// database `yarn bench:scan --repos 10000` wrote, with scanning held off so that the demo's
// discovery does not replace it:
//
//   node packages/app/bench/driftPage.js --print-config /tmp/platform-scan-bench-10000/drift.sqlite \
//     > /tmp/app-config.bench.yaml
//   yarn start --config app-config.yaml --config /tmp/app-config.bench.yaml
//   yarn bench:ui
//
// For a PostgreSQL database that `yarn bench:scan --pg URL` filled, print the config with
// `--print-config URL` (postgresql://user:password@host:5432/database) instead.
//
// The production build: `yarn workspace app build` writes packages/app/dist, which the backend's
// app-backend serves on :7007. Start the backend alone, with a config that moves the app there
// (app: { baseUrl: http://localhost:7007 }), and measure with --url http://localhost:7007:
//
//   cd packages/backend && NODE_ENV=development node --require \
//     ../../node_modules/@backstage/cli-node/config/nodeTransform.cjs src/index \
//     --config ../../app-config.yaml --config ../../app-config.demo.yaml \
//     --config /tmp/app-config.bench.yaml --config /tmp/app-config.app-on-7007.yaml
//
// (NODE_ENV=development lets the demo's guest sign in; started this way, without `yarn start`'s
// file watching, the backend does not restart mid-run when a source file changes.) The first
// summary after the backend starts builds its report index: wait for it before measuring.
//
// Each run signs in as the guest, opens the catalog and waits until it has loaded (no request
// for half a second, then an idle browser; --no-settle clicks at once, as runs before 2026-12-07
// did, which counted the catalog's own loading), then clicks "Platform" in the sidebar and
// measures until the counts and the first table row are shown and the page answers input (a
// verdict chip's click shows: the URL takes the filter and the chip is drawn pressed); it prints
// every run and the median. Both are checked in the page at every frame it draws; runs up to
// commit 32bcaf3 waited with Playwright's locators, whose checks back off to one every 500 ms,
// and so counted up to half a second more than the page took. Both clicks are sent where the
// link and the chip are drawn, as a user's are; runs up to commit fde9c0d clicked through
// Playwright's locators, whose checks before and after a click wait for a busy page over several
// round trips, and so counted 0.3 to 0.9 s more than the page took to draw the chip pressed.
// Runs are spaced past the backend's read cache (--cache-ttl-ms, 10 s) so that none is served
// from it.
//
// --profile DIR adds one more run, profiled (not counted): DIR/<label>.txt lists the requests
// from the click on (start, end, size) and the main thread's time by script and function, and
// DIR/<label>.cpuprofile opens in Chrome's DevTools. --profile-label names the files.
const path = require('node:path');
const { chromium } = require('@playwright/test');
const { startProfile, writeProfile } = require('./pageProfile');

const args = process.argv.slice(2);
const flag = name => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};

/** The platform plugin's database: a bench:scan SQLite file, or a PostgreSQL URL it filled. */
function databaseConfig(target) {
  if (/^postgres(ql)?:\/\//.test(target)) {
    // The database named in the URL, not Backstage's per-plugin one (backstage_plugin_platform).
    // It exists: Backstage would otherwise look for it through the main database, SQLite in the
    // demo, and fail.
    return `        client: pg
        connection: ${JSON.stringify(target)}
        ensureExists: false`;
  }
  return `        client: better-sqlite3
        # Backstage joins the file name to the directory (default '.'), so both are given.
        connection:
          directory: ${JSON.stringify(path.dirname(path.resolve(target)))}
          filename: ${JSON.stringify(path.basename(target))}`;
}

if (flag('--print-config')) {
  console.log(`# Written by packages/app/bench/driftPage.js: the platform plugin on a benchmark database.
backend:
  database:
    plugin:
      platform:
${databaseConfig(flag('--print-config'))}
platform:
  scan:
    schedule:
      frequency: { days: 1 }
      timeout: { minutes: 30 }
      initialDelay: { days: 1 }
`);
  process.exit(0);
}

const url = flag('--url') ?? 'http://localhost:3000';
// The window's height: below 1000 pixels the report starts with its charts closed, as on a laptop.
const height = Number(flag('--height') ?? 1000);
const runs = Number(flag('--runs') ?? 5);
const cacheTtlMs = Number(flag('--cache-ttl-ms') ?? 10_000);
const profileDir = flag('--profile');
// --no-settle clicks as soon as the catalog's URL shows, as runs before 2026-12-07 did.
const settle = !args.includes('--no-settle');

/**
 * Follows the page's requests from now on; `settled()` waits until none has been under way for
 * half a second, then for the browser to be idle (at most 30 s in all).
 */
function trackRequests(page) {
  const underWay = new Set();
  const add = request => underWay.add(request);
  const done = request => underWay.delete(request);
  page.on('request', add);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    async settled() {
      const until = Date.now() + 30_000;
      let quietSince = Date.now();
      while (Date.now() < until) {
        if (underWay.size) quietSince = Date.now();
        else if (Date.now() - quietSince >= 500) break;
        await page.waitForTimeout(100);
      }
      page.off('request', add);
      page.off('requestfinished', done);
      page.off('requestfailed', done);
      await page.evaluate(
        () =>
          new Promise(resolve =>
            requestIdleCallback(resolve, { timeout: 5000 }),
          ),
      );
    },
  };
}

/** The counts by verdict, by their accessible name. */
const COUNTS = '[role="group"][aria-label="Counts by verdict"]';

/**
 * Waits until every wanted element is in the page and laid out (and, with `text`, its text
 * matches that pattern), checked at every frame the page draws. A locator's waitFor checks with
 * a back-off that reaches half a second between checks, which a figure would count. Resolves to
 * the centre of the first element `at` selects then, in the window's coordinates, when given.
 */
async function drawn(page, wanted, at) {
  const found = await page.waitForFunction(
    ([elements, centreOf]) => {
      const shown = elements.every(({ selector, text }) =>
        [...document.querySelectorAll(selector)].some(
          element =>
            element.getClientRects().length > 0 &&
            (!text || new RegExp(text).test(element.textContent ?? '')),
        ),
      );
      const target = shown && centreOf && document.querySelector(centreOf);
      if (!target) return shown && !centreOf;
      const box = target.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    },
    [wanted, at],
    { polling: 'raf', timeout: 60_000 },
  );
  return found.jsonValue();
}

/**
 * Goes to the catalog, then opens the report from the sidebar: ms until the counts and the first
 * row are shown, and until a verdict chip's click is handled. `record` starts right before the
 * click (e.g. a profile) and is returned as `recording`.
 *
 * Both clicks go to where the link and the chip are drawn, as a user's do, and wait in the
 * page's queue of input behind whatever it is doing. A locator's click first checks the element
 * over several round trips to the page, each of which waits for the page too: 300 ms and more
 * on a busy page before the click was sent, and more after it was answered.
 */
async function openReport(page, record) {
  // Start from another page so that every run mounts the report afresh, and let that page finish
  // loading: clicked at once, the report's time would include the catalog's requests and
  // rendering, which hold the click up (2.6 s of a profiled production run).
  const catalog = settle ? trackRequests(page) : undefined;
  await page
    .getByRole('link', { name: 'Catalog', exact: true })
    .first()
    .click();
  await page.waitForURL(/\/catalog/);
  await catalog?.settled();
  const link = await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Platform', exact: true })
    .boundingBox();
  const recording = record ? await record() : undefined;
  const started = Date.now();
  recording?.clicked();
  await page.mouse.click(link.x + link.width / 2, link.y + link.height / 2);
  // The first verdict chip: the first of the counts, where a user would click.
  const chip = await drawn(
    page,
    [
      { selector: `${COUNTS} p`, text: 'references in [\\d,]+ services' },
      { selector: '[data-testid="drift-row"]' },
    ],
    `${COUNTS} [data-verdict]`,
  );
  const shown = Date.now() - started;
  // Interactive: the chip's click is answered on screen, as a user sees it: the URL takes the
  // filter and the chip is drawn pressed. The URL alone changes in the click's handler, before
  // the page renders again, which a busy page may hold up.
  await page.mouse.click(chip.x, chip.y);
  await page.waitForURL(/verdict=/, { timeout: 60_000 });
  await drawn(page, [{ selector: `${COUNTS} [aria-pressed="true"]` }]);
  const interactive = Date.now() - started;
  return { shown, interactive, recording };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height },
  });
  await page.goto(url);
  await page.getByRole('button', { name: 'Enter' }).click();
  // The sidebar's <nav> has no box of its own (its drawer has), so wait for a link in it.
  await page
    .getByRole('link', { name: 'Catalog', exact: true })
    .first()
    .waitFor();
  const times = [];
  for (let run = 0; run < runs + 1; run++) {
    // Outwait the backend's read cache (10 s) so that every run pays for its queries.
    if (run > 0) await page.waitForTimeout(cacheTtlMs + 1000);
    const { shown, interactive } = await openReport(page);
    // The first run warms the dev server's lazily built chunks; it is shown but not counted.
    console.log(
      `run ${run}${
        run === 0 ? ' (warm-up)' : ''
      }: counts and rows shown ${shown} ms, interactive ${interactive} ms`,
    );
    if (run > 0) times.push({ shown, interactive });
  }
  if (profileDir) {
    // One more load, profiled apart from the measured ones: the profiler slows the page.
    await page.waitForTimeout(cacheTtlMs + 1000);
    const marks = await openReport(page, async () => startProfile(page));
    console.log(
      `profiled:    shown ${marks.shown} ms, interactive ${marks.interactive} ms (slowed by the profiler)`,
    );
    writeProfile(
      profileDir,
      flag('--profile-label') ?? 'drift-report',
      await marks.recording.stop(),
      { shown: marks.shown, interactive: marks.interactive },
    );
  }
  const median = values =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  // The organisation's figures, which the filter the last click set does not change (the counts
  // by verdict may still show the figures from before it), and the verdict that click chose.
  const summary = await page
    .getByRole('region', { name: 'Summary' })
    .innerText();
  const figures =
    summary.match(/[\d,]+ services?, [\d,]+ references?/)?.[0] ?? summary;
  const clicked = new URL(page.url()).searchParams.getAll('verdict');
  console.log(`data:        ${figures}; the chip clicked: ${clicked}`);
  console.log(
    `median:      shown ${median(
      times.map(t => t.shown),
    )} ms, interactive ${median(
      times.map(t => t.interactive),
    )} ms (of ${runs} runs); worst interactive ${Math.max(
      ...times.map(t => t.interactive),
    )} ms`,
  );
  await browser.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
