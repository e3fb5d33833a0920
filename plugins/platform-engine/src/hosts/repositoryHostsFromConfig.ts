import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitRepositoryHost } from './git/GitRepositoryHost';
import { createGitCredentials } from './gitCredentials';
import { GithubRepositoryHost } from './github/GithubRepositoryHost';
import {
  RepositoryHost,
  UrlRewrite,
} from '@platform-portal/plugin-platform-node';
import { RepositoryHosts } from './RepositoryHosts';

/** A rewrite target given as a directory rather than a URL. */
const LOCAL_DIRECTORY = /^\.{0,2}\//;

/**
 * `platform.git.rewrites`. A `to` that is a directory (`/srv/git/`, or `./` or `../` relative to
 * the working directory) becomes its `file://` URL, so that app-config can name a local root
 * without knowing where the portal is installed.
 *
 * @public
 */
export function readUrlRewrites(config: Config): UrlRewrite[] {
  return (config.getOptionalConfigArray('platform.git.rewrites') ?? []).map(
    rewrite => {
      const from = rewrite.getString('from');
      const to = rewrite.getString('to');
      if (!LOCAL_DIRECTORY.test(to)) {
        return { from, to };
      }
      const url = pathToFileURL(path.resolve(to)).href.replace(/\/+$/, '');
      return { from, to: from.endsWith('/') ? `${url}/` : url };
    },
  );
}

/**
 * The hosts of `integrations` in app-config (`host` or `host:port`): an operator who configured
 * credentials for a host meant it to be read.
 *
 * @public
 */
export function integrationHosts(integrations: ScmIntegrations): string[] {
  return integrations
    .list()
    .map(
      integration =>
        // Every integration type keeps its host on `config`; the common interface does not say so.
        (integration as unknown as { config?: { host?: string } }).config
          ?.host ?? '',
    )
    .filter(Boolean);
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * The repository hosts app-config describes: added hosts first, then GitHub through its API for
 * hosts with a GitHub integration, then git for the hosts of `integrations` and `platform.git.allowedHosts` (nothing else),
 * and for bare repositories in `platform.git.localRoots` and the `localRoots` given. URLs are
 * rewritten by `platform.git.rewrites`, then by the `rewrites` given.
 * The scanner and the scaffolder actions read repositories through the same hosts.
 *
 * @public
 */
export function createRepositoryHostsFromConfig(
  config: Config,
  options: {
    logger?: LoggerService;
    additionalHosts?: RepositoryHost[];
    /** Directories of bare repositories on top of `platform.git.localRoots`. */
    localRoots?: string[];
    /** Rewrites asked after `platform.git.rewrites`. */
    rewrites?: UrlRewrite[];
  } = {},
): RepositoryHosts {
  const settings = config.getOptionalConfig('platform');
  const localRoots = [
    ...(settings?.getOptionalStringArray('git.localRoots') ?? []),
    ...(options.localRoots ?? []),
  ].map(root => path.resolve(root));
  const rewrites = [...readUrlRewrites(config), ...(options.rewrites ?? [])];
  const integrations = ScmIntegrations.fromConfig(config);
  return new RepositoryHosts(
    [
      ...(options.additionalHosts ?? []),
      GithubRepositoryHost.fromConfig(config, { logger: options.logger }),
      new GitRepositoryHost({
        localRoots,
        allowedHosts: [
          ...(settings?.getOptionalStringArray('git.allowedHosts') ?? []),
          ...integrationHosts(integrations),
        ],
        timeoutMs: secondsToMs(
          settings?.getOptionalNumber('git.timeoutSeconds'),
        ),
        credentials: createGitCredentials(integrations),
      }),
    ],
    rewrites,
  );
}
