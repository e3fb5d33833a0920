import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createDefaultExtractors } from '@platform-portal/plugin-platform-engine';
import { Knex } from 'knex';
import { DiscoveredRepository, PlatformStores } from '../store';
import {
  createDemoScanner,
  makeDemoRepositories,
  openSqliteStores,
  readDemoServices,
} from './__testUtils__/demoRepositories';

const CHILD = path.resolve(__dirname, '__testUtils__/scanUntilKilled.ts');

// Starts a second Node process and builds real git repositories.
jest.setTimeout(120_000);

let workDir: string;
let sqliteFile: string;
let servicesFile: string;
let services: DiscoveredRepository[];
let knex: Knex | undefined;

async function openStore() {
  const opened = await openSqliteStores(sqliteFile);
  knex = opened.knex;
  return opened.stores;
}

async function scanInProcess(store: PlatformStores) {
  const scanner = createDemoScanner(store, workDir, {
    extractors: await createDefaultExtractors(),
    discover: async () => services,
  });
  return scanner.scan({ trigger: 'schedule' });
}

/** Runs the child backend until it is inside a repository's write, then kills it. */
function killChildMidWrite(): Promise<{ killedMidWrite: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        CHILD,
        workDir,
        sqliteFile,
        servicesFile,
        'kill-test',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let killedMidWrite = false;
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.stdout.on('data', chunk => {
      if (String(chunk).includes('writing') && !killedMidWrite) {
        killedMidWrite = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => {
      if (!killedMidWrite) {
        reject(new Error(`The child backend ended on its own: ${stderr}`));
      } else {
        resolve({ killedMidWrite });
      }
    });
  });
}

beforeAll(async () => {
  workDir = await makeDemoRepositories('platform-kill-');
  sqliteFile = path.join(workDir, 'platform.sqlite');
  servicesFile = path.join(workDir, 'services.json');
  services = await readDemoServices();
  await fs.writeFile(servicesFile, JSON.stringify(services));
});

afterEach(async () => {
  await knex?.destroy();
  knex = undefined;
});

afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

describe('a backend killed in the middle of a scan', () => {
  it('loses nothing and leaves no half-written repository', async () => {
    // A complete scan first: every repository has results to lose.
    let store = await openStore();
    const first = await scanInProcess(store);
    expect(first.status).toBe('succeeded');
    const before = new Map<string, unknown>();
    for (const service of services) {
      before.set(
        service.entityRef,
        (await store.report.getEntityDrift(service.entityRef)).references,
      );
    }
    const total = (await store.report.queryDrift({})).totalCount;
    expect(total).toBeGreaterThan(0);
    await knex!.destroy();

    // Another backend rescans everything and is killed inside one repository's write.
    await expect(killChildMidWrite()).resolves.toEqual({
      killedMidWrite: true,
    });

    // After the restart every repository has whole results: the killed write rolled back.
    store = await openStore();
    for (const service of services) {
      expect({
        service: service.entityRef,
        references: (await store.report.getEntityDrift(service.entityRef))
          .references,
      }).toEqual({
        service: service.entityRef,
        references: before.get(service.entityRef),
      });
    }
    expect((await store.report.queryDrift({})).totalCount).toBe(total);

    // The killed run is no longer renewed: it is marked interrupted, and the next scan completes.
    const interrupted = await store.scanRuns.getLatestScanRun();
    expect(
      await store.scanRuns.interruptStaleScanRuns(new Date(Date.now() + 1)),
    ).toEqual([interrupted?.id]);
    expect(await store.scanRuns.getScanRun(interrupted!.id)).toMatchObject({
      status: 'interrupted',
    });
    const next = await scanInProcess(store);
    expect(next).toMatchObject({ status: 'succeeded', repositoriesFailed: 0 });
    expect((await store.report.queryDrift({})).totalCount).toBe(total);
  });
});
