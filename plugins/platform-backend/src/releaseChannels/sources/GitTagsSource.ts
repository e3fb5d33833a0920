import {
  ChannelRelease,
  isValidTagPattern,
  normalizeVersion,
  parseTagVersion,
  redactLocalPaths,
  redactUrlCredentials,
} from '@platform-portal/plugin-platform-common';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
  RepositoryHost,
  UrlRewrite,
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
  /**
   * `platform.git.rewrites` and the host that reads where they lead: a channel under a rewrite's
   * `from` is listed at its `to`, as the scanner and the catalog read that repository, so a
   * channel of `https://github.com/acme/…` reads the local mirror the operator mapped it onto
   * rather than github.com. Only a rewritten URL is given to this host.
   */
  rewrites?: { rewrites: UrlRewrite[]; host: RepositoryHost };
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
    const { host, url: readUrl } = this.whereToRead(url);
    if (!host.supports(readUrl)) {
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
      tags = await Promise.race([host.listTags(readUrl), stop]);
    } catch (error) {
      if (error instanceof ReleaseChannelError) {
        throw error;
      }
      const message = redactUrlCredentials(
        (error as Error)?.message ?? String(error),
      );
      // A rewritten channel is named as declared, never by the server path it was read from.
      throw classify(
        readUrl === url
          ? message
          : redactLocalPaths(message.split(readUrl).join(shown)),
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

  /** The host and URL that list a channel's tags: the first rewrite whose `from` it starts with. */
  private whereToRead(url: string): { host: RepositoryHost; url: string } {
    const rewrite = this.options.rewrites?.rewrites.find(r =>
      url.startsWith(r.from),
    );
    if (!rewrite || !this.options.rewrites) {
      return { host: this.options.host, url };
    }
    return {
      host: this.options.rewrites.host,
      url: rewrite.to + url.slice(rewrite.from.length),
    };
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
