/* eslint-disable no-restricted-syntax */
// A backend instance outside jest, for the tests that kill one or cut its database:
// `node --require @backstage/cli/config/nodeTransform.cjs scanningBackend.ts '<options JSON>'`
// (see ScanningBackendOptions). Like every instance it watches for runs of stopped instances,
// and scans again after one; it prints `ended <run id> <status>` for every run it ends.
//
// In `scan` mode it also scans once: when the scanner starts replacing a repository's rows
// (its old rows already deleted inside the transaction), it prints `writing` and blocks for
// `blockMs`, so that a kill or a cut connection lands inside the open transaction; after the
// scan it prints `done` and exits.
import fs from 'node:fs';
import { LoggerService } from '@backstage/backend-plugin-api';
import { createDefaultExtractors } from '@platform-portal/plugin-platform-engine';
import knexFactory, { Knex } from 'knex';
import { createPlatformStores, DiscoveredRepository } from '../../store';
import { createDemoScanner } from './demoRepositories';

/** What the test tells the backend it starts. */
export interface ScanningBackendOptions {
  mode: 'scan' | 'watch';
  demoDir: string;
  database: Knex.Config;
  servicesFile: string;
  /** One more extractor's id: a new one changes the scan's fingerprint, so all is scanned again. */
  extractorId: string;
  heartbeatMs: number;
  /** How long `scan` mode blocks inside the first write. */
  blockMs?: number;
}

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

async function main() {
  const options = JSON.parse(process.argv[2]) as ScanningBackendOptions;
  const knex = knexFactory(options.database);
  const stores = await createPlatformStores({
    database: { getClient: async () => knex },
  });
  if (options.mode === 'scan') {
    let blocked = false;
    knex.on('query', (query: { sql: string }) => {
      if (
        !blocked &&
        /^insert into [`"]?platform_drift_rows/i.test(query.sql)
      ) {
        blocked = true;
        fs.writeSync(1, 'writing\n');
        Atomics.wait(
          new Int32Array(new SharedArrayBuffer(4)),
          0,
          0,
          options.blockMs ?? 120_000,
        );
      }
    });
  }
  const services = JSON.parse(
    fs.readFileSync(options.servicesFile, 'utf8'),
  ) as DiscoveredRepository[];
  const scanner = createDemoScanner(stores, options.demoDir, {
    extractors: [
      ...(await createDefaultExtractors()),
      {
        id: options.extractorId,
        matches: () => false,
        extract: () => ({ references: [], problems: [] }),
      },
    ],
    discover: async () => services,
    logger: silentLogger,
    heartbeatMs: options.heartbeatMs,
    onFinished: async run => {
      fs.writeSync(1, `ended ${run.id} ${run.status}\n`);
    },
  });
  const stopWatching = scanner.watchForStoppedRuns();
  fs.writeSync(1, 'started\n');
  if (options.mode === 'watch') {
    // Lives until killed, as a backend does; the watch alone keeps no process alive.
    setInterval(() => {}, 60_000);
  } else {
    await scanner.scan({ trigger: 'schedule' });
    stopWatching();
    await knex.destroy();
    fs.writeSync(1, 'done\n');
  }
}

main().catch(error => {
  fs.writeSync(2, `${error?.stack ?? error}\n`);
  process.exit(1);
});
