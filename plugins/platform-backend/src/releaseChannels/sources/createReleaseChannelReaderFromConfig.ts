import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  ChannelRelease,
  ReleaseChannelDeclaration,
  ReleaseChannelReading,
  redactUrlCredentials,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import { compare } from 'semver';
import {
  ReleaseChannelError,
  ReleaseChannelReader,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';
import {
  createGitCredentials,
  GitRepositoryHost,
  integrationHosts,
  readUrlRewrites,
} from '@platform-portal/plugin-platform-engine';
import { GithubReleasesSource } from './GithubReleasesSource';
import { GitTagsSource } from './GitTagsSource';
import { HelmReleaseSource } from './HelmReleaseSource';
import { NpmReleaseSource } from './NpmReleaseSource';
import { OciReleaseSource } from './OciReleaseSource';
import { PypiReleaseSource } from './PypiReleaseSource';
import { releaseHostsFromConfig } from './ReleaseHosts';
import { ReleaseHttp } from './ReleaseHttp';
import { TerraformRegistrySource } from './TerraformRegistrySource';

const DEFAULT_PYPI_INDEX = 'https://pypi.org/';
const DEFAULT_CHANNEL_TIMEOUT_MS = 60_000;

/**
 * Options of {@link createReleaseChannelReaderFromConfig}.
 *
 * @public
 */
export interface ReleaseChannelReaderOptions {
  logger: LoggerService;
  /** Sources asked before the built-in ones (from `platformVersionSourcesExtensionPoint`). */
  sources?: ReleaseVersionSource[];
  /** Directories whose bare repositories `file://` git-tags channels may read. */
  localRoots?: string[];
  /** Hosts allowed on top of `platform.releaseChannels.allowedHosts` (added by modules). */
  allowedHosts?: string[];
}

/**
 * The built-in version sources, configured from `platform.releaseChannels` and `integrations`.
 *
 * @public
 */
export function createDefaultReleaseVersionSources(
  config: Config,
  options: Omit<ReleaseChannelReaderOptions, 'sources'>,
): ReleaseVersionSource[] {
  const settings = config.getOptionalConfig('platform.releaseChannels');
  const hosts = releaseHostsFromConfig(settings, options.allowedHosts);
  const http = new ReleaseHttp({
    hosts,
    timeoutMs: settings?.getOptionalNumber('timeoutMs'),
    maxResponseBytes: settings?.getOptionalNumber('maxResponseBytes'),
  });
  const integrations = ScmIntegrations.fromConfig(config);
  const oci = new OciReleaseSource({ http });
  // git reaches the allowed hosts and the hosts with an integration (whose credentials it uses),
  // each on exactly the port it names: https on 443 unless an entry says otherwise.
  const gitHosts = [
    ...(settings?.getOptionalStringArray('allowedHosts') ?? []),
    ...(options.allowedHosts ?? []),
    ...integrationHosts(integrations),
  ];
  const localRoots = [
    ...(options.localRoots ?? []),
    ...(settings?.getOptionalStringArray('localRoots') ?? []),
  ].map(root => path.resolve(root));
  const credentials = createGitCredentials(integrations);
  return [
    GithubReleasesSource.fromConfig(config, { logger: options.logger }),
    new GitTagsSource({
      host: new GitRepositoryHost({
        localRoots,
        allowedHosts: gitHosts,
        credentials,
      }),
      timeoutMs: settings?.getOptionalNumber('timeoutMs'),
      // What platform.git.rewrites leads to is read as the scanner reads it: also from the
      // local roots and hosts of platform.git, which a declared URL alone may not reach.
      rewrites: {
        rewrites: readUrlRewrites(config),
        host: new GitRepositoryHost({
          localRoots: [
            ...localRoots,
            ...(config.getOptionalStringArray('platform.git.localRoots') ?? []),
          ].map(root => path.resolve(root)),
          allowedHosts: [
            ...gitHosts,
            ...(config.getOptionalStringArray('platform.git.allowedHosts') ??
              []),
          ],
          credentials,
        }),
      },
    }),
    oci,
    new HelmReleaseSource({ http, oci }),
    new TerraformRegistrySource({ http }),
    new PypiReleaseSource({
      http,
      defaultIndex:
        settings?.getOptionalString('pypiIndex') ?? DEFAULT_PYPI_INDEX,
    }),
    new NpmReleaseSource({
      http,
      defaultRegistry: settings?.getOptionalString('npmRegistry'),
    }),
  ];
}

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
  options: { logger?: LoggerService; timeoutMs?: number } = {},
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

/**
 * The release channel reader app-config describes: `sources` first, then GitHub Releases (hosts
 * and credentials from `integrations`), git tags, OCI, Helm, the Terraform registry, PyPI and npm,
 * reaching only the hosts allowed by `platform.releaseChannels`.
 *
 * @public
 */
export function createReleaseChannelReaderFromConfig(
  config: Config,
  options: ReleaseChannelReaderOptions,
): ReleaseChannelReader {
  return createReleaseChannelReader(
    [
      ...(options.sources ?? []),
      ...createDefaultReleaseVersionSources(config, options),
    ],
    {
      logger: options.logger,
      timeoutMs: config.getOptionalNumber(
        'platform.releaseChannels.channelTimeoutMs',
      ),
    },
  );
}
