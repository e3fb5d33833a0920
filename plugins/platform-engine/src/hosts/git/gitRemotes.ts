/**
 * A git remote as the allow-list judges it: the transport, the host and the port git will
 * connect to.
 *
 * @public
 */
export interface GitRemote {
  scheme: 'https' | 'http' | 'ssh' | 'git';
  host: string;
  port: number;
}

const DEFAULT_PORTS: Record<GitRemote['scheme'], number> = {
  https: 443,
  http: 80,
  ssh: 22,
  git: 9418,
};

const HOST = String.raw`(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)`;
// Strict on purpose: git, curl and ssh each parse URLs in their own way, so anything on which
// they could disagree with this check (a backslash, a second @, a query, spaces) is refused.
const SCHEME_URL = new RegExp(
  String.raw`^(https?|ssh|git)://(?:([\w.-]+)@)?${HOST}(?::(\d{1,5}))?(/[\w./~%+-]*)?$`,
  'i',
);
const SCP_LIKE = new RegExp(String.raw`^([\w.-]+)@${HOST}:([\w./~+-]+)$`, 'i');
const ENTRY = new RegExp(
  String.raw`^(?:(https?|ssh|git)://)?(\*\.)?${HOST}(?::(\d{1,5}))?/?$`,
  'i',
);

/**
 * The transport, host and port of a remote URL (`https://`, `http://`, `ssh://`, `git://` or
 * `user@host:path`), or undefined when it is not one git may be given: other transports
 * (`ext::`, `fd::`, local paths), credentials in an http(s) URL, or characters that git, curl
 * and ssh could read differently.
 *
 * @public
 */
export function parseGitRemote(url: string): GitRemote | undefined {
  const scheme = SCHEME_URL.exec(url);
  if (scheme) {
    const kind = scheme[1].toLowerCase() as GitRemote['scheme'];
    if (scheme[2] !== undefined && kind !== 'ssh') {
      return undefined;
    }
    const port = scheme[4] ? Number(scheme[4]) : DEFAULT_PORTS[kind];
    return port > 0 && port < 65536
      ? { scheme: kind, host: scheme[3].toLowerCase(), port }
      : undefined;
  }
  const scp = SCP_LIKE.exec(url);
  if (scp && !scp[3].startsWith('-')) {
    return { scheme: 'ssh', host: scp[2].toLowerCase(), port: 22 };
  }
  return undefined;
}

interface AllowedRemote {
  scheme: GitRemote['scheme'];
  host: string;
  wildcard: boolean;
  port: number;
}

/**
 * Which remotes git may reach. An entry is `host`, `host:port`, `*.example.com` or the same with a
 * scheme (`http://127.0.0.1:8080`, `ssh://git.acme.example`); without one it means https. A
 * remote is allowed when scheme, host and port all match an entry, so `git.acme.example` does not
 * open its ssh port, and `127.0.0.1:7080` no other port of that host. Nothing is allowed without
 * entries.
 *
 * @public
 */
export class GitRemoteAllowList {
  private readonly entries: AllowedRemote[];

  constructor(entries: string[]) {
    this.entries = entries.map(entry => {
      const match = ENTRY.exec(entry.trim());
      if (!match) {
        throw new Error(
          `"${entry}" is not an allowed git host; write host, host:port, *.domain, or scheme://host[:port] with https, http, ssh or git`,
        );
      }
      const scheme = (match[1]?.toLowerCase() ??
        'https') as GitRemote['scheme'];
      return {
        scheme,
        wildcard: match[2] !== undefined,
        host: match[3].toLowerCase(),
        port: match[4] ? Number(match[4]) : DEFAULT_PORTS[scheme],
      };
    });
  }

  /** The remote a URL names, when it is one git may be given and an entry allows it. */
  check(url: string): GitRemote | undefined {
    const remote = parseGitRemote(url);
    if (!remote) {
      return undefined;
    }
    const allowed = this.entries.some(
      entry =>
        entry.scheme === remote.scheme &&
        entry.port === remote.port &&
        (entry.wildcard
          ? remote.host.endsWith(`.${entry.host}`)
          : remote.host === entry.host),
    );
    return allowed ? remote : undefined;
  }
}
