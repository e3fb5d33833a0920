/* eslint-disable no-restricted-syntax */
// Preloaded into the measured process (node --require): reports its peak RSS on exit.
process.on('exit', () => {
  process.stderr.write(
    `\nBENCH_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`,
  );
});
