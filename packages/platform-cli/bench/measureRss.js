/* eslint-disable no-restricted-syntax */
// Preloaded into the measured process (node --require): reports its peak RSS and the CPU time
// of all its threads on exit. CPU time is what a busy shared machine distorts least.
process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
  process.stderr.write(
    `\nBENCH_PEAK_RSS_KB=${usage.maxRSS}\nBENCH_CPU_MS=${cpuMs}\n`,
  );
});
