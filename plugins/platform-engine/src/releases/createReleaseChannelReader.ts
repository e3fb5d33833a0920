import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ChannelRelease,
  ReleaseChannelDeclaration,
  ReleaseChannelReading,
  redactUrlCredentials,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import {
  ReleaseChannelError,
  ReleaseChannelReader,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';
import { compare } from 'semver';

const DEFAULT_CHANNEL_TIMEOUT_MS = 60_000;
// Far more than any real channel publishes (an OCI source keeps 50,000 tags); sorting more would
// hold the event loop for seconds a channel's server could ask for with one large answer.
const MAX_RELEASES = 50_000;

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
        if (releases.length > MAX_RELEASES) {
          throw new ReleaseChannelError(
            'refused',
            `the channel lists ${releases.length} versions; more than ${MAX_RELEASES} are not read`,
          );
        }
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
            redactUrlCredentials(
              `Reading the ${declaration.kind} channel failed unexpectedly: ${
                (error as Error)?.message ?? String(error)
              }`,
            ),
          );
        }
        const message = redactUrlCredentials(
          known
            ? error.message
            : `reading the channel failed: ${
                (error as Error)?.message ?? String(error)
              }`,
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
