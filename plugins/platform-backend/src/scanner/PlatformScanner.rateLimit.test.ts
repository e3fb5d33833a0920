import {
  RepositoryHost,
  RepositoryHostError,
} from '@platform-portal/plugin-platform-node';
import { GitRepositoryHost } from '@platform-portal/plugin-platform-engine';
import { PlatformStores } from '../store';
import { useDemoRepositories } from './__testUtils__/demoRepositories';
import { sqliteDemoScanner } from './__testUtils__/sqliteDemoScanner';
import { repositoryHostName } from './hostRetries';

const demo = useDemoRepositories('rate-limit-wait-');

// Builds and scans real git repositories; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

/**
 * The demo's git host, whose first read of each repository in `limited` is refused as a spent
 * rate limit that resets a few hundred milliseconds later; remembers each reset it gave.
 */
function rateLimitingHost(limited: string[]) {
  const git = new GitRepositoryHost({ localRoots: [demo.dir] });
  const refused = new Set<string>();
  const resets: number[] = [];
  const reads: string[] = [];
  const host: RepositoryHost = {
    id: 'git',
    supports: url => git.supports(url),
    listTags: url => git.listTags(url),
    getHead: url => git.getHead(url),
    readFiles: async (url, commit, wanted, options) => {
      const name = url.split('/').pop()!;
      reads.push(name);
      if (limited.includes(name) && !refused.has(name)) {
        refused.add(name);
        const reset = Date.now() + 300 + 100 * refused.size;
        resets.push(reset);
        throw new RepositoryHostError(
          `Reading ${name} failed: GitHub rate limit exceeded (403)`,
          { retryable: true, retryAfter: reset },
        );
      }
      return git.readFiles(url, commit, wanted, options);
    },
  };
  return { host, resets, reads };
}

/** Waits the scanner asks for, each held until the test lets it go. */
function heldWaits(until: { count: number }) {
  const held: Array<{ ms: number; release: () => void }> = [];
  let reached: () => void;
  const allHeld = new Promise<void>(resolve => {
    reached = resolve;
  });
  const sleep = (ms: number) =>
    new Promise<void>(release => {
      held.push({ ms, release });
      if (held.length === until.count) {
        reached();
      }
    });
  return { sleep, held, allHeld };
}

/** The run as the API gives it, once `check` holds of it (the scan goes on meanwhile). */
async function runOnceItShows(
  stores: PlatformStores,
  runId: string,
  check: (run: Record<string, unknown>) => boolean,
) {
  for (let tries = 0; ; tries++) {
    const run = (await stores.scanRuns.getScanRun(runId))!;
    if (check(run) || tries > 500) {
      return run;
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

describe('a scan waiting for a rate limit', () => {
  it('shows how many repositories wait and until when, then scans them without failing any', async () => {
    const limited = demo.services
      .slice(0, 3)
      .map(service => service.url.split('/').pop()!);
    const { host, resets, reads } = rateLimitingHost(limited);
    const waits = heldWaits({ count: limited.length });
    const { scanner, stores } = await sqliteDemoScanner(demo, {
      host,
      concurrency: 4,
      sleep: waits.sleep,
    });

    const { run, done } = await scanner.start({ trigger: 'manual' });
    await waits.allHeld;

    // Each refused repository waits for its own reset, a few hundred milliseconds away.
    for (const wait of waits.held) {
      expect(wait.ms).toBeGreaterThan(0);
      expect(wait.ms).toBeLessThanOrEqual(600);
    }
    const waiting = await stores.scanRuns.getScanRun(run.id);
    expect(waiting).toMatchObject({
      status: 'running',
      repositoriesWaiting: 3,
      waitingUntil: new Date(Math.max(...resets)).toISOString(),
      waitingHost: 'github.com',
      repositoriesFailed: 0,
    });

    // One wait ends: the run counts one fewer, still until the latest reset.
    waits.held[0].release();
    expect(
      await runOnceItShows(stores, run.id, r => r.repositoriesWaiting === 2),
    ).toMatchObject({
      status: 'running',
      repositoriesWaiting: 2,
      waitingUntil: new Date(Math.max(...resets)).toISOString(),
    });

    for (const wait of waits.held.slice(1)) {
      wait.release();
    }
    const ended = await done;
    expect(ended).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: demo.services.length,
      repositoriesFailed: 0,
    });
    expect(ended).not.toHaveProperty('repositoriesWaiting');
    expect(ended).not.toHaveProperty('waitingUntil');
    // Refused once, then read after the wait.
    for (const name of limited) {
      expect(reads.filter(read => read === name)).toHaveLength(2);
    }
    for (const service of demo.services.slice(0, 3)) {
      expect(
        await stores.repositories.getRepositoryStatus(service.entityRef),
      ).toMatchObject({ status: 'ok', scannedAt: expect.any(String) });
    }
  });
});

describe('repositoryHostName', () => {
  it('names the host of https and scp-like URLs, and nothing for other text', () => {
    expect(repositoryHostName('https://github.com/acme/api')).toBe(
      'github.com',
    );
    expect(repositoryHostName('git@ghe.acme.example:org/repo.git')).toBe(
      'ghe.acme.example',
    );
    expect(repositoryHostName('not a url')).toBeUndefined();
  });
});
