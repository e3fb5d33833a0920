import {
  RepositoryHead,
  RepositoryHost,
  RepositoryHostError,
} from '@platform-portal/plugin-platform-node';
import { GitRepositoryHost } from '@platform-portal/plugin-platform-engine';
import { useDemoRepositories } from './__testUtils__/demoRepositories';
import { sqliteDemoScanner } from './__testUtils__/sqliteDemoScanner';

const demo = useDemoRepositories('batched-heads-');

/** Whether a host URL (the demo's local copy) is the repository of this service. */
function isRepositoryOf(url: string, service: { url: string }) {
  return url.endsWith(`/${service.url.split('/').pop()}`);
}

// Builds and scans real git repositories; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

/**
 * The demo's git host, reading the heads of service repositories in batches as GitHub's does,
 * with what each batch answers changed by `answer`; counts what the scan asks of it.
 */
function batchingHost(
  answer: (
    url: string,
    head: RepositoryHead,
  ) => RepositoryHead | RepositoryHostError | undefined = (_, head) => head,
) {
  const git = new GitRepositoryHost({ localRoots: [demo.dir] });
  const asked = { batches: 0, heads: [] as string[], reads: [] as string[] };
  const isService = (url: string) => !url.endsWith('/acme/platform');
  const host: RepositoryHost = {
    id: 'batching',
    supports: url => git.supports(url),
    listTags: url => git.listTags(url),
    getHead: url => {
      if (isService(url)) {
        asked.heads.push(url);
      }
      return git.getHead(url);
    },
    readFiles: (url, commit, wanted, options) => {
      if (isService(url)) {
        asked.reads.push(url);
      }
      return git.readFiles(url, commit, wanted, options);
    },
    currentRevisions: async urls => {
      asked.batches++;
      const answers = new Map<string, RepositoryHead | RepositoryHostError>();
      for (const url of urls) {
        const given = answer(url, await git.getHead(url));
        if (given) {
          answers.set(url, given);
        }
      }
      return answers;
    },
  };
  return { host, asked };
}

describe('heads read in batches', () => {
  it('skips unchanged repositories on a rescan without asking their hosts anything else', async () => {
    const { host, asked } = batchingHost();
    const { scanner } = await sqliteDemoScanner(demo, { host });

    const first = await scanner.scan({ trigger: 'manual' });
    expect(first.repositoriesScanned).toBe(demo.services.length);
    expect(asked.heads).toEqual([]);
    const reads = asked.reads.length;

    const rescan = await scanner.scan({ trigger: 'schedule' });
    expect(rescan).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: 0,
      repositoriesSkipped: demo.services.length,
    });
    expect(asked.heads).toEqual([]);
    expect(asked.reads.length).toBe(reads);
    // One batch per claim of up to 100 repositories, in each scan.
    expect(asked.batches).toBe(2 * Math.ceil(demo.services.length / 100));
  });

  it('records a repository the batch could not read and scans the others', async () => {
    const [gone] = demo.services;
    const { host } = batchingHost((url, head) =>
      isRepositoryOf(url, gone)
        ? new RepositoryHostError(
            `Reading the default branch of ${gone.url} failed: repository not found or no access (GitHub answered NOT_FOUND)`,
          )
        : head,
    );
    const { scanner, stores } = await sqliteDemoScanner(demo, { host });

    const run = await scanner.scan({ trigger: 'manual' });

    expect(run).toMatchObject({
      status: 'succeeded',
      repositoriesScanned: demo.services.length - 1,
      repositoriesFailed: 1,
    });
    expect(
      await stores.repositories.getRepositoryStatus(gone.entityRef),
    ).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('repository not found or no access'),
    });
  });

  it('asks a repository left out of the batch on its own', async () => {
    const [left] = demo.services;
    const { host, asked } = batchingHost((url, head) =>
      isRepositoryOf(url, left) ? undefined : head,
    );
    const { scanner } = await sqliteDemoScanner(demo, { host });

    const run = await scanner.scan({ trigger: 'manual' });

    expect(run.repositoriesScanned).toBe(demo.services.length);
    expect(asked.heads).toHaveLength(1);
    expect(isRepositoryOf(asked.heads[0], left)).toBe(true);
  });

  it('waits for a rate limit an hour away instead of failing the repository', async () => {
    const [limited] = demo.services;
    const reset = Date.now() + 3600_000;
    const { host } = batchingHost((url, head) =>
      isRepositoryOf(url, limited)
        ? new RepositoryHostError('GitHub rate limit exceeded (403)', {
            retryable: true,
            retryAfter: reset,
          })
        : head,
    );
    const waits: number[] = [];
    const { scanner } = await sqliteDemoScanner(demo, {
      host,
      sleep: async ms => {
        waits.push(ms);
      },
    });

    const run = await scanner.scan({ trigger: 'manual' });

    expect(run).toMatchObject({
      repositoriesScanned: demo.services.length,
      repositoriesFailed: 0,
    });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(3500_000);
  });

  it('fails a repository whose host asks to wait longer than a rate limit lasts', async () => {
    const [limited] = demo.services;
    const { host } = batchingHost((url, head) =>
      isRepositoryOf(url, limited)
        ? new RepositoryHostError('GitHub rate limit exceeded (403)', {
            retryable: true,
            retryAfter: Date.now() + 3 * 3600_000,
          })
        : head,
    );
    const { scanner } = await sqliteDemoScanner(demo, { host });

    const run = await scanner.scan({ trigger: 'manual' });

    expect(run.repositoriesFailed).toBe(1);
  });
});
