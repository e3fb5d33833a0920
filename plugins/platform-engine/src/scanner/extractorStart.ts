import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';

const START = Symbol.for('platform-portal.extractorStart');

type WithStart = ReferenceExtractor & { [START]?: () => Promise<void> };

/**
 * Gives an extractor what it must load before it can extract (the HCL parser's WebAssembly,
 * say), loaded only once a file needs it: {@link scanTree} starts it when its walk finds the
 * first file the extractor matches, and waits for it before it reads such a file, so that a tree
 * without one never loads it. Anything else waits for {@link extractorsStarted} first.
 */
export function withStart<T extends ReferenceExtractor>(
  extractor: T,
  start: () => Promise<void>,
): T {
  let started: Promise<void> | undefined;
  Object.defineProperty(extractor, START, {
    value: () => {
      if (!started) {
        started = start();
        // Awaited where a file needs the extractor; a failure meanwhile is no unhandled
        // rejection, and is not kept, so that a later scan can try again.
        started.catch(() => {
          started = undefined;
        });
      }
      return started;
    },
  });
  return extractor;
}

/** Whether an extractor has something to load first: see {@link withStart}. */
export function hasStart(extractor: ReferenceExtractor): boolean {
  return (extractor as WithStart)[START] !== undefined;
}

/** Starts loading what an extractor needs, if it has not started yet; undefined if nothing. */
export function startOf(
  extractor: ReferenceExtractor,
): Promise<void> | undefined {
  return (extractor as WithStart)[START]?.();
}

/** Resolves once every extractor has loaded what it needs; rejects as the first that failed. */
export async function extractorsStarted(
  extractors: readonly ReferenceExtractor[],
): Promise<void> {
  await Promise.all(extractors.map(startOf));
}
