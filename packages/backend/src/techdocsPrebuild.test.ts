import { mockServices } from '@backstage/backend-test-utils';
import {
  syncOutcomeOf,
  TECHDOCS_COLLATOR_TASK,
  TechDocsPrebuilder,
} from './techdocsPrebuild';

const PLATFORM = {
  kind: 'System',
  metadata: { namespace: 'default', name: 'acme-platform' },
};

/** TechDocs' sync route answers an event stream: build logs, then `finish` or `error`. */
function stream(...events: Array<[string, unknown]>) {
  return events
    .map(([type, data]) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)
    .join('');
}

/** The catalog and TechDocs as the prebuilder reads them over HTTP; each sync answers in turn. */
function backend(syncs: string[]) {
  const asked: string[] = [];
  const fakeFetch = jest.fn(async (url: string | URL | Request) => {
    const { pathname, searchParams } = new URL(String(url));
    asked.push(pathname);
    if (pathname.endsWith('/entities/by-query')) {
      expect(searchParams.get('filter')).toBe(
        'metadata.annotations.backstage.io/techdocs-ref',
      );
      return new Response(JSON.stringify({ items: [PLATFORM] }));
    }
    return new Response(
      syncs.shift() ?? stream(['finish', { updated: false }]),
    );
  });
  const scheduler = { triggerTask: jest.fn(async () => {}) };
  const logger = mockServices.logger.mock();
  const prebuilder = new TechDocsPrebuilder({
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
    logger,
    scheduler,
    fetch: fakeFetch as typeof fetch,
  });
  return { prebuilder, scheduler, logger, asked };
}

describe('syncOutcomeOf', () => {
  it('reads how a build ended from the last event', () => {
    expect(
      syncOutcomeOf(
        stream(
          ['log', 'INFO - Building documentation'],
          ['finish', { updated: true }],
        ),
      ),
    ).toEqual({ kind: 'built' });
    expect(syncOutcomeOf(stream(['finish', { updated: false }]))).toEqual({
      kind: 'current',
    });
    expect(syncOutcomeOf(stream(['error', 'MkDocs is not installed']))).toEqual(
      { kind: 'failed', message: 'MkDocs is not installed' },
    );
    expect(syncOutcomeOf('')).toEqual({
      kind: 'failed',
      message: 'TechDocs ended the build without a result',
    });
  });
});

describe('TechDocsPrebuilder', () => {
  it('builds the documentation of each documented entity, then has the search index read it once', async () => {
    const { prebuilder, scheduler, asked } = backend([
      stream(['finish', { updated: true }]),
    ]);

    await prebuilder.run();
    await prebuilder.run();

    expect(asked).toEqual([
      '/api/catalog/entities/by-query',
      '/api/techdocs/sync/default/system/acme-platform',
      '/api/catalog/entities/by-query',
      '/api/techdocs/sync/default/system/acme-platform',
    ]);
    // The second pass built nothing new: the index already holds these pages.
    expect(scheduler.triggerTask).toHaveBeenCalledTimes(1);
    expect(scheduler.triggerTask).toHaveBeenCalledWith(TECHDOCS_COLLATOR_TASK);
  });

  it('has the index read documentation someone else built before the first pass', async () => {
    const { prebuilder, scheduler } = backend([
      stream(['finish', { updated: false }]),
    ]);

    await prebuilder.run();

    expect(scheduler.triggerTask).toHaveBeenCalledTimes(1);
  });

  it('tells of a failing build once, and asks the index for nothing', async () => {
    const failure = stream(['error', 'MkDocs is not installed']);
    const { prebuilder, scheduler, logger } = backend([failure, failure]);

    await prebuilder.run();
    await prebuilder.run();

    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'The documentation of system:default/acme-platform could not be built: MkDocs is not installed',
    );
    expect(scheduler.triggerTask).not.toHaveBeenCalled();
  });

  it('asks the index again on the next pass when it could not be asked', async () => {
    const { prebuilder, scheduler } = backend([
      stream(['finish', { updated: true }]),
    ]);
    scheduler.triggerTask.mockRejectedValueOnce(
      new Error('Task search_index_techdocs is currently running'),
    );

    await prebuilder.run();
    await prebuilder.run();

    expect(scheduler.triggerTask).toHaveBeenCalledTimes(2);
  });
});
