import { ScmIntegrationRegistry } from '@backstage/integration';
import { RepositoryHosts } from '@platform-portal/plugin-platform-engine';

/** Where the frontend plugin shows a file of a repository read through a local root. */
export const SOURCE_VIEW_PATH = '/platform/source';

/** A file at a commit, and the line to show. */
export interface SourceLocation {
  /** The repository as the catalog names it. */
  repository: string;
  commit: string;
  path: string;
  line?: number;
}

/**
 * The portal's source view of a file: under the app's base URL when it is known (so that the
 * link also works outside the app, e.g. in the CSV export), from the app's root otherwise.
 */
export function sourceViewUrl(
  location: SourceLocation,
  appBaseUrl?: string,
): string {
  const query = new URLSearchParams({
    repository: location.repository,
    commit: location.commit,
    path: location.path,
  });
  if (location.line) {
    query.set('line', String(location.line));
  }
  return `${(appBaseUrl ?? '').replace(
    /\/+$/,
    '',
  )}${SOURCE_VIEW_PATH}?${query}`;
}

/** The line in the repository host's web UI, for the hosts whose URL layout is known. */
export function hostWebUrl(
  location: SourceLocation,
  integrations?: ScmIntegrationRegistry,
): string | undefined {
  const { repository, commit, path, line } = location;
  const integration = integrations?.byUrl(repository);
  const segment = {
    github: 'blob',
    gitea: 'src/commit',
    gitlab: '-/blob',
    bitbucketCloud: 'src',
  }[integration?.type ?? ''];
  if (!integration || !segment || !/^https?:\/\//.test(repository)) {
    return undefined;
  }
  const anchor = integration.type === 'bitbucketCloud' ? 'lines-' : 'L';
  return `${repository.replace(/\.git$/, '')}/${segment}/${commit}/${path
    .split('/')
    .map(encodeURIComponent)
    .join('/')}${line ? `#${anchor}${line}` : ''}`;
}

/** Whether the portal reads the repository from a local bare repository (no web UI to link). */
export function isReadLocally(
  hosts: RepositoryHosts,
  repository: string,
): boolean {
  return hosts.resolve(repository)?.url.startsWith('file://') ?? false;
}

/**
 * Where a reference's line is shown: the portal's source view for a repository read through a
 * local root (the demo's `https://github.com/acme/...` are rewritten to local ones, and no such
 * page exists on GitHub), the host's web UI otherwise, when its URL layout is known.
 */
export function lineUrl(
  location: SourceLocation,
  options: LinkOptions,
): string | undefined {
  return lineUrls(
    location.repository,
    location.commit,
    options,
  )(location.path, location.line);
}

/** What decides where a line's link goes. */
export interface LinkOptions {
  hosts: RepositoryHosts;
  integrations?: ScmIntegrationRegistry;
  appBaseUrl?: string;
}

/**
 * {@link lineUrl} for the lines of one repository at one commit (a scan's references): whether
 * the repository is read locally is decided once, not for each line.
 */
export function lineUrls(
  repository: string,
  commit: string,
  options: LinkOptions,
): (path: string, line?: number) => string | undefined {
  const local = isReadLocally(options.hosts, repository);
  return (path, line) =>
    local
      ? sourceViewUrl({ repository, commit, path, line }, options.appBaseUrl)
      : hostWebUrl({ repository, commit, path, line }, options.integrations);
}
