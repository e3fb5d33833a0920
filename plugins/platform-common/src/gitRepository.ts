/**
 * A git repository by host and path, the same for every URL form that reaches it.
 *
 * @public
 */
export interface GitRepository {
  /** Lower-cased host name without user or port, e.g. `github.com`. */
  host: string;
  /** Path on the host without leading or trailing slashes and without `.git`, e.g. `acme/platform`. */
  repository: string;
}

const SCHEMES = new Set(['https', 'http', 'ssh', 'git']);

// go-getter expands these shorthands to the first two path segments; anything after is a subdirectory.
const OWNER_REPO_HOSTS = new Set(['github.com', 'bitbucket.org']);

function repositoryPath(path: string): string | undefined {
  const repository = path
    .split('//')[0]
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/g, '');
  return repository || undefined;
}

function result(host: string, path: string): GitRepository | undefined {
  const repository = repositoryPath(path);
  const hostname = host.toLowerCase();
  if (!hostname || !repository) {
    return undefined;
  }
  return { host: hostname, repository };
}

/**
 * Normalises a git URL (https, `git::https://`, `git::ssh://git@host/org/repo.git`, scp-like
 * `git@host:org/repo.git`, `github.com/org/repo` shorthands) to its host and repository path.
 *
 * @remarks
 * Ports and user names are dropped, because the https and ssh URLs of one repository differ in
 * both. A `//subdirectory`, `?query` or `#fragment` is ignored; split it off first when it matters.
 * The repository keeps its case, as some hosts are case-sensitive. Returns undefined for text that
 * is no git URL, including other go-getter sources (`s3::`, `hg::`) and `file://` URLs.
 *
 * @public
 */
export function normalizeGitRepository(url: string): GitRepository | undefined {
  let text = url.trim();
  const getter = /^([a-z0-9]+)::/i.exec(text);
  if (getter) {
    if (getter[1].toLowerCase() !== 'git') {
      return undefined;
    }
    text = text.slice(getter[0].length);
  }
  text = text.replace(/^git\+/i, '').replace(/[?#].*$/, '');

  const withScheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(text);
  if (withScheme) {
    const [, scheme, authority, path] = withScheme;
    if (!SCHEMES.has(scheme.toLowerCase())) {
      return undefined;
    }
    const host = authority.replace(/^.*@/, '').replace(/:\d*$/, '');
    return result(host, path);
  }

  // scp-like syntax: `[user@]host:path`, where no slash comes before the colon.
  // A one-letter host would be a Windows drive, which git also reads as a local path.
  const scpLike = /^(?:[^@/:]+@)?([^@/:]{2,}):(?!\/\/)(.*)$/.exec(text);
  if (scpLike) {
    return result(scpLike[1], scpLike[2]);
  }

  const shorthand = /^([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?\/(.+)$/i.exec(
    text,
  );
  if (shorthand) {
    const host = shorthand[1].toLowerCase();
    let path = shorthand[2];
    if (OWNER_REPO_HOSTS.has(host)) {
      const [beforeSubdirectory] = path.split('//');
      path = beforeSubdirectory.split('/').slice(0, 2).join('/');
    }
    return result(host, path);
  }
  return undefined;
}
