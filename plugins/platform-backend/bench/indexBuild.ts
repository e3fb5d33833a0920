/*
 * node --require @backstage/cli/config/nodeTransform.cjs plugins/platform-backend/bench/indexBuild.ts \
 *   --pg postgresql://…/bench50kr [--builds N] [--sample-ms 25]
 *
 * Where the memory of building the report index goes: builds the index from a database the way
 * the backend does (the report's first read), `--builds` times in a row, and prints the process's
 * peak RSS (VmHWM) per build, samples of `process.memoryUsage()` taken while the rows are read,
 * and what the finished index keeps after a full collection (run with --expose-gc for that).
 * Run it with --trace-gc to see each collection.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { createPlatformStores } from '../src/store/createPlatformStores';
import { DriftReportBuilder } from '../src/store/DriftReportIndex';
import { createKnex, parseArgs } from './benchKit';

function procStatusKb(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    fs.readFileSync('/proc/self/status', 'utf8'),
  );
  return match ? Number(match[1]) : NaN;
}

function resetPeakRss(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not allowed here: the peak is then the process's.
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function usage(): string {
  const u = process.memoryUsage();
  return `rss ${mb(u.rss)}, heap ${mb(u.heapUsed)} of ${mb(
    u.heapTotal,
  )}, array buffers ${mb(u.arrayBuffers)}, external ${mb(u.external)}`;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main() {
  const { flags, values } = parseArgs(process.argv.slice(2));
  const pg = values.get('pg');
  if (!pg) {
    throw new Error(
      '--pg URL is required: the database to build the index from',
    );
  }
  const builds = Number(values.get('builds') ?? 1);
  const sampleMs = Number(values.get('sample-ms') ?? 25);
  const knex = createKnex({ pg });
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
    skipMigrations: true,
    // Each read in a row builds anew: the check interval is over at once.
    checkIntervalMs: 1,
  });
  // A connection and the modules loaded, as a backend has them before its first read.
  await stores.repositories.getReportGeneration();
  collect();
  console.log(`before: ${usage()}`);
  if (flags.has('phases')) {
    // The builder's own steps, each followed by a full collection: what is garbage, what is kept.
    const builder = new DriftReportBuilder();
    resetPeakRss();
    const source = await stores.repositories.loadReportData(builder);
    console.log(
      `rows read: peak RSS ${mb(procStatusKb('VmHWM') * 1024)}; ${usage()}`,
    );
    collect();
    console.log(`  after a GC:    ${usage()}`);
    if (flags.has('snapshot')) {
      console.log(`  heap snapshot: ${v8.writeHeapSnapshot()}`);
    }
    resetPeakRss();
    const index = builder.build(source);
    console.log(
      `built: ${index.size} rows, peak RSS ${mb(
        procStatusKb('VmHWM') * 1024,
      )}; ${usage()}`,
    );
    collect();
    console.log(`  after a GC:    ${usage()}`);
  }
  for (let build = 1; build <= builds; build++) {
    // A new generation each time, and no pause between builds, as after a scan: the read builds
    // rather than keeps the index.
    await knex('platform_report_state')
      .where('id', 1)
      .increment('generation', 1);
    stores.report.scanEnded();
    let peak = process.memoryUsage();
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      if (now.rss > peak.rss) {
        peak = now;
      }
    }, sampleMs);
    resetPeakRss();
    const started = process.hrtime.bigint();
    const summary = await stores.report.getSummary({});
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    console.log(
      `build ${build}: ${summary.total} rows in ${seconds.toFixed(
        1,
      )} s; peak RSS ${mb(
        procStatusKb('VmHWM') * 1024,
      )}; largest sample while reading rows: ${mb(peak.rss)} (heap ${mb(
        peak.heapUsed,
      )}, array buffers ${mb(peak.arrayBuffers)})`,
    );
    console.log(`  after:         ${usage()}`);
    collect();
    console.log(`  after a GC:    ${usage()}`);
  }
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
