import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ChannelRelease,
  ReleaseChannelDeclaration,
  ReleaseChannelReading,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import {
  ReleaseChannelError,
  ReleaseChannelReader,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';
import { compare } from 'semver';
import { checkReleaseCount } from './releaseLimit';
import { shownText } from './shownText';

const DEFAULT_CHANNEL_TIMEOUT_MS = 60_000;
// A problem is a sentence or two; what a server put in it is not shown at any length.
const MAX_MESSAGE_LENGTH = 1000;

/** The highest release that is neither a semver prerelease nor marked as one by the channel. */
function latestRelease(releases: ChannelRelease[]): ChannelRelease | undefined {
  let latest: ChannelRelease | undefined;
  for (const release of releases) {
    if (release.prerelease || release.version.includes('-')) {
      continue;
    }
    if (!latest || compare(release.version, latest.version) > 0) {
      latest = release;
    }
  }
  return latest;
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () =>
      reject(
        new ReleaseChannelError(
          'unreachable',
          signal.reason?.name === 'TimeoutError'
            ? 'the channel did not answer in time'
            : 'reading the channel was cancelled',
        ),
      );
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  return Promise.race([work, aborted]).finally(() =>
    signal.removeEventListener('abort', onAbort!),
  );
}

/**
 * Reads declared channels with the source for each kind (added sources first, then the built-in
 * ones); a channel that cannot be read gets a `problem`, never an exception.
 *
 * @public
 */
export function createReleaseChannelReader(
  sources: ReleaseVersionSource[],
  options: {
    logger?: Pick<LoggerService, 'warn'>;
    timeoutMs?: number;
  } = {},
): ReleaseChannelReader {
  return {
    async read(
      declaration: ReleaseChannelDeclaration,
      readOptions: { signal?: AbortSignal } = {},
    ): Promise<ReleaseChannelReading> {
      const base = { kind: declaration.kind, target: declaration.target };
      const source = sources.find(s => s.kind === declaration.kind);
      const checkedAt = () => new Date().toISOString();
      if (!source) {
        return {
          ...base,
          releaseCount: 0,
          checkedAt: checkedAt(),
          problem: {
            code: 'refused',
            message: `no version source reads ${declaration.kind} channels`,
          },
        };
      }
      // One limit for the whole channel, however many requests its source makes.
      const timeout = AbortSignal.timeout(
        options.timeoutMs ?? DEFAULT_CHANNEL_TIMEOUT_MS,
      );
      const signal = readOptions.signal
        ? AbortSignal.any([readOptions.signal, timeout])
        : timeout;
      try {
        // A source that ignores the signal still cannot hold the scan past the limit.
        const releases = await raceAbort(
          source.listReleases(declaration.target, { signal }),
          signal,
        );
        checkReleaseCount(releases.length);
        const valid = releases.filter(
          r => r && sortVersions([r.version]).length === 1,
        );
        // The same version may be published twice (`v1.0.0` and `1.0.0` tags); it counts once.
        const byVersion = new Map<string, ChannelRelease>();
        for (const release of valid) {
          const version = sortVersions([release.version])[0];
          const existing = byVersion.get(version);
          if (!existing || (!existing.publishedAt && release.publishedAt)) {
            byVersion.set(version, { ...release, version });
          }
        }
        const versions = sortVersions(byVersion.keys());
        const latest = latestRelease([...byVersion.values()]);
        return {
          ...base,
          ...(latest ? { latest } : {}),
          releaseCount: versions.length,
          versions,
          checkedAt: checkedAt(),
        };
      } catch (error) {
        const known = error instanceof ReleaseChannelError;
        if (!known) {
          // A source's own bug must not stop the scan; the log tells the operator which.
          options.logger?.warn(
            shownText(
              `Reading the ${declaration.kind} channel failed unexpectedly: ${
                (error as Error)?.message ?? String(error)
              }`,
              MAX_MESSAGE_LENGTH,
            ),
          );
        }
        const message = shownText(
          known
            ? error.message
            : `reading the channel failed: ${
                (error as Error)?.message ?? String(error)
              }`,
          MAX_MESSAGE_LENGTH,
        );
        return {
          ...base,
          releaseCount: 0,
          checkedAt: checkedAt(),
          problem: {
            code: known ? error.code : 'unreachable',
            message:
              timeout.aborted && !known
                ? 'the channel did not answer in time'
                : message,
            ...(known && error.retryAfter
              ? { retryAfter: error.retryAfter.toISOString() }
              : {}),
          },
        };
      }
    },
  };
}
