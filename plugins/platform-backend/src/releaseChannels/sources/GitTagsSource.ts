import {
  ChannelRelease,
  isValidTagPattern,
  normalizeVersion,
  parseTagVersion,
  redactUrlCredentials,
} from '@platform-portal/plugin-platform-common';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
  RepositoryHost,
} from '@platform-portal/plugin-platform-node';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Options of {@link GitTagsSource}.
 *
 * @public
 */
export interface GitTagsSourceOptions {
  /**
   * Lists tags (`ls-remote`); a `GitRepositoryHost` with the allowed hosts and local roots of
   * release channels.
   */
  host: RepositoryHost;
  /** Time allowed for listing one repository's tags; 30 s by default. */
  timeoutMs?: number;
}

/**
 * Releases as git tags of any repository git can reach (`https://`, `ssh://`, `git@host:…`, or a
 * local bare repository under a configured root): tags that are semver versions (`v1.2.3`), or,
 * with `#<tag pattern>` after the URL, the tags of that pattern (`#vpc/v{version}`).
 *
 * @public
 */
export class GitTagsSource implements ReleaseVersionSource {
  readonly kind = 'git-tags' as const;

  constructor(private readonly options: GitTagsSourceOptions) {}

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    const trimmed = target.trim();
    const hash = trimmed.indexOf('#');
    const url = hash < 0 ? trimmed : trimmed.slice(0, hash);
    const pattern = hash < 0 ? undefined : trimmed.slice(hash + 1);
    const shown = redactUrlCredentials(url);
    if (pattern !== undefined && !isValidTagPattern(pattern)) {
      throw new ReleaseChannelError(
        'refused',
        `"${pattern}" is not a tag pattern; it must contain {version} once (e.g. v{version})`,
      );
    }
    if (
      /^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(url) &&
      !/^ssh:\/\/[^/:@]+@/i.test(url)
    ) {
      throw new ReleaseChannelError(
        'refused',
        `${shown}: URLs with credentials in them are refused; configure credentials in integrations`,
      );
    }
    if (!this.options.host.supports(url)) {
      throw new ReleaseChannelError(
        'refused',
        `${shown} is not a repository release channels may read (not an allowed host or local root; see platform.releaseChannels.allowedHosts)`,
      );
    }
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ReleaseChannelError(
              'unreachable',
              `${shown} did not list its tags within ${Math.round(
                timeoutMs / 1000,
              )} s`,
            ),
          ),
        timeoutMs,
      );
      onAbort = () =>
        reject(
          new ReleaseChannelError(
            'unreachable',
            `reading ${shown} was cancelled`,
          ),
        );
      if (options.signal?.aborted) {
        onAbort();
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    let tags;
    try {
      tags = await Promise.race([this.options.host.listTags(url), stop]);
    } catch (error) {
      if (error instanceof ReleaseChannelError) {
        throw error;
      }
      throw classify(
        redactUrlCredentials((error as Error)?.message ?? String(error)),
      );
    } finally {
      clearTimeout(timer);
      if (onAbort) {
        options.signal?.removeEventListener('abort', onAbort);
      }
    }
    const releases: ChannelRelease[] = [];
    for (const tag of tags) {
      const version = pattern
        ? parseTagVersion(tag.name, pattern) ?? undefined
        : normalizeVersion(tag.name);
      if (version) {
        releases.push({ version, versionAsPublished: tag.name });
      }
    }
    return releases;
  }
}

function classify(message: string): ReleaseChannelError {
  if (/not a repository this portal may read/i.test(message)) {
    return new ReleaseChannelError('refused', message);
  }
  if (
    /authentication failed|could not read username|access denied|permission denied|403/i.test(
      message,
    )
  ) {
    return new ReleaseChannelError('unauthorized', message);
  }
  if (
    /not found|does not exist|does not appear to be a git|not a git repository|404/i.test(
      message,
    )
  ) {
    return new ReleaseChannelError('not-found', message);
  }
  return new ReleaseChannelError('unreachable', message);
}
