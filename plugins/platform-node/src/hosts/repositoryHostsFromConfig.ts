import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitRepositoryHost } from './git/GitRepositoryHost';
import { createGitCredentials } from './gitCredentials';
import { GithubRepositoryHost } from './github/GithubRepositoryHost';
import { RepositoryHosts, UrlRewrite } from './RepositoryHosts';
import { RepositoryHost } from './types';

/** The demo services name their repositories as if they lived here. */
const DEMO_ORGANISATION_URL = 'https://github.com/acme/';

/**
 * Where the offline demo keeps its bare repositories (`platform.demo.repositoriesDir`,
 * resolved), or undefined when the demo is not configured.
 *
 * @public
 */
export function demoRepositoriesDir(config: Config): string | undefined {
  const dir = config.getOptionalString('platform.demo.repositoriesDir');
  return dir ? path.resolve(dir) : undefined;
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
 * hosts with a GitHub integration, then git for the hosts of `integrations` and `platform.git.allowedHosts` (nothing else). With
 * `platform.demo`, `https://github.com/acme/…` is read from the demo's local bare repositories.
 * The scanner and the scaffolder actions read repositories through the same hosts.
 *
 * @public
 */
export function createRepositoryHostsFromConfig(
  config: Config,
  options: { logger?: LoggerService; additionalHosts?: RepositoryHost[] } = {},
): RepositoryHosts {
  const settings = config.getOptionalConfig('platform');
  const localRoots = [
    ...(settings?.getOptionalStringArray('git.localRoots') ?? []),
  ].map(root => path.resolve(root));
  const rewrites: UrlRewrite[] = (
    settings?.getOptionalConfigArray('git.rewrites') ?? []
  ).map(rewrite => ({
    from: rewrite.getString('from'),
    to: rewrite.getString('to'),
  }));
  const demoDir = demoRepositoriesDir(config);
  if (demoDir) {
    localRoots.push(demoDir);
    rewrites.push({
      from: DEMO_ORGANISATION_URL,
      to: `${pathToFileURL(path.join(demoDir, 'acme')).href}/`,
    });
  }
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
