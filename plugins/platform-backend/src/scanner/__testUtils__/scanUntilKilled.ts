/* eslint-disable no-restricted-syntax */
// A backend that the kill test stops with SIGKILL in the middle of writing one repository's
// results: run as `node --require @backstage/cli/config/nodeTransform.cjs scanUntilKilled.ts
// <demoDir> <sqliteFile> <services.json> <extraExtractorId>`.
//
// When the scanner starts replacing a repository's rows (its old rows already deleted inside the
// transaction), it prints `writing` and blocks, so the kill lands inside the open transaction.
import fs from 'node:fs';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createDefaultExtractors } from '@platform-portal/plugin-platform-engine';
import { DiscoveredRepository } from '../../store';
import { createDemoScanner, openSqliteStores } from './demoRepositories';

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

async function main() {
  const [demoDir, sqliteFile, servicesFile, extraExtractorId] =
    process.argv.slice(2);
  const { knex, stores } = await openSqliteStores(sqliteFile);
  let blocked = false;
  knex.on('query', (query: { sql: string }) => {
    if (!blocked && /^insert into [`"]?platform_drift_rows/i.test(query.sql)) {
      blocked = true;
      fs.writeSync(1, 'writing\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
    }
  });
  const services = JSON.parse(
    fs.readFileSync(servicesFile, 'utf8'),
  ) as DiscoveredRepository[];
  // One more extractor changes the scan's fingerprint, so every repository is scanned again.
  const extractors: ReferenceExtractor[] = [
    ...(await createDefaultExtractors()),
    {
      id: extraExtractorId,
      matches: () => false,
      extract: () => ({ references: [], problems: [] }),
    },
  ];
  const scanner = createDemoScanner(stores, demoDir, {
    extractors,
    discover: async () => services,
    logger: silentLogger,
  });
  await scanner.scan({ trigger: 'schedule' });
  fs.writeSync(1, 'finished\n');
  await knex.destroy();
}

main().catch(error => {
  fs.writeSync(2, `${error?.stack ?? error}\n`);
  process.exit(1);
});
