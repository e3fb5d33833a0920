import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  ReleaseChannelReader,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';
import {
  createGitCredentials,
  createReleaseChannelReader,
  GitRepositoryHost,
  HelmReleaseSource,
  integrationHosts,
  OciReleaseSource,
  readUrlRewrites,
  releaseHostsFromConfig,
  ReleaseHttp,
  TerraformRegistrySource,
} from '@platform-portal/plugin-platform-engine';
import { GithubReleasesSource } from './GithubReleasesSource';
import { GitTagsSource } from './GitTagsSource';
import { NpmReleaseSource } from './NpmReleaseSource';
import { PypiReleaseSource } from './PypiReleaseSource';

const DEFAULT_PYPI_INDEX = 'https://pypi.org/';

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
