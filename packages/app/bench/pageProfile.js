/* eslint-disable no-console, no-restricted-syntax */
// What a page load costs in the browser, for `yarn bench:ui --profile DIR`: the network waterfall
// (every request, when it started and ended, in ms from the click) and the main thread's CPU profile
// (Chrome's sampling profiler), summarised by function and by script, with the raw
// .cpuprofile kept for Chrome's DevTools (Performance panel: "Load profile").
const fs = require('node:fs');
const path = require('node:path');

/**
 * Starts recording requests and the CPU profile; `clicked()` marks the moment from which the
 * waterfall counts, and `stop()` returns what happened.
 */
async function startProfile(page) {
  let started = Date.now();
  const requests = [];
  const onRequest = request => {
    requests.push({ request, start: Date.now() - started });
  };
  const onDone = request => {
    const entry = requests.find(r => r.request === request);
    if (entry) entry.end = Date.now() - started;
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  // 200 µs: fine enough to see React's commits, coarse enough not to slow the page much.
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    clicked() {
      const now = Date.now();
      for (const entry of requests) {
        entry.start -= now - started;
        if (entry.end !== undefined) entry.end -= now - started;
      }
      started = now;
    },
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      page.off('request', onRequest);
      page.off('requestfinished', onDone);
      page.off('requestfailed', onDone);
      await cdp.detach();
      const waterfall = await Promise.all(
        requests.map(async ({ request, start, end }) => {
          const response = await request.response().catch(() => null);
          const sizes = await request.sizes().catch(() => undefined);
          return {
            url: request.url(),
            type: request.resourceType(),
            status: response?.status(),
            start,
            end,
            bytes: sizes?.responseBodySize,
          };
        }),
      );
      return { waterfall, profile };
    },
  };
}

/** Self and total milliseconds per function, and self milliseconds per script. */
function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  const name = node => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url
      ? url.replace(/^.*\/(static|src|node_modules)\//, '$1/')
      : '';
    return `${functionName || '(anonymous)'} ${file}${
      file ? `:${lineNumber + 1}` : ''
    }`;
  };
  const selfByFunction = new Map();
  const totalByFunction = new Map();
  const selfByScript = new Map();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    const key = name(node);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + ms);
    const script = node.callFrame.url || node.callFrame.functionName;
    selfByScript.set(script, (selfByScript.get(script) ?? 0) + ms);
    // A function counts once per sample even when it recurses.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at));
      if (!seen.has(k)) {
        seen.add(k);
        totalByFunction.set(k, (totalByFunction.get(k) ?? 0) + ms);
      }
    }
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${key}`);
  return {
    self: top(selfByFunction, 40),
    total: top(totalByFunction, 60),
    scripts: top(selfByScript, 20),
  };
}

/** Writes the waterfall, the summary and the raw profile of one load to `dir`. */
function writeProfile(dir, label, { waterfall, profile }, marks) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, `${label}.cpuprofile`),
    JSON.stringify(profile),
  );
  const lines = [
    `# ${label}: ${JSON.stringify(marks)}`,
    '',
    '## requests (ms from the click)',
  ];
  for (const r of waterfall.sort((a, b) => a.start - b.start)) {
    if (r.type === 'image' || r.type === 'font') continue;
    lines.push(
      `${String(r.start).padStart(6)} → ${String(r.end ?? '…').padStart(
        6,
      )} (${String(r.end === undefined ? '?' : r.end - r.start).padStart(
        5,
      )} ms) ${r.status ?? '   '} ${String(r.bytes ?? '').padStart(
        9,
      )} B  ${r.url.replace(/^https?:\/\/[^/]+/, '')}`,
    );
  }
  const summary = summariseProfile(profile);
  lines.push('', '## self time by script', ...summary.scripts);
  lines.push('', '## self time by function', ...summary.self);
  lines.push('', '## total time by function', ...summary.total);
  fs.writeFileSync(path.join(dir, `${label}.txt`), `${lines.join('\n')}\n`);
  console.log(`profile:     ${path.join(dir, `${label}.txt`)}`);
}

module.exports = { startProfile, writeProfile };
