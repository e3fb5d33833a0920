import { Config } from '@backstage/config';
import { ReleaseChannelError } from '@platform-portal/plugin-platform-node';
import { shownText } from './shownText';

/**
 * Credentials and transport for one registry or package index host, from
 * `platform.releaseChannels.registries` in app-config.
 *
 * @public
 */
export interface ReleaseRegistry {
  /** `host` or `host:port`, as in the channel's target. */
  host: string;
  /** Plain HTTP instead of HTTPS where the target names no scheme (OCI, Terraform registry). */
  insecure?: boolean;
  username?: string;
  password?: string;
  /** A bearer token, for indexes that take one instead of a username and password. */
  token?: string;
}

/**
 * Options of {@link ReleaseHosts}.
 *
 * @public
 */
export interface ReleaseHostsOptions {
  allowedHosts?: string[];
  registries?: ReleaseRegistry[];
  /**
   * What a refused URL's message tells the user to do to allow its host; by default, to add it
   * to `platform.releaseChannels.allowedHosts`.
   */
  howToAllow?: (url: URL) => string;
  /**
   * What a refused request's message tells the user to check; by default, the credentials in
   * `platform.releaseChannels.registries`.
   */
  howToAuthorize?: string;
}

/**
 * Which hosts release channels may be read from, and with which credentials. A host is reachable
 * only when it is listed in `allowedHosts` or has a `registries` entry, so a catalog annotation
 * cannot make the backend fetch from a host the operator did not name (no SSRF).
 *
 * @public
 */
export class ReleaseHosts {
  private readonly patterns: string[];
  private readonly registries = new Map<string, ReleaseRegistry>();
  private readonly howToAllow: (url: URL) => string;
  /** What to check when a host denies access, for messages. */
  readonly howToAuthorize: string;

  constructor(options: ReleaseHostsOptions = {}) {
    this.howToAuthorize =
      options.howToAuthorize ??
      'check the credentials in platform.releaseChannels.registries';
    this.howToAllow =
      options.howToAllow ??
      (() => 'add it to platform.releaseChannels.allowedHosts');
    this.patterns = (options.allowedHosts ?? [])
      .map(host => host.trim().toLowerCase())
      .filter(Boolean);
    for (const registry of options.registries ?? []) {
      this.registries.set(registry.host.trim().toLowerCase(), registry);
    }
  }

  /**
   * Whether `host` (`name` or `name:port`, as `URL.host` gives it: no port for the scheme's default
   * one) may be reached. `*.example.com` allows every sub-domain of `example.com`; a listed host
   * without a port allows only the default ports.
   */
  allows(host: string): boolean {
    const wanted = host.toLowerCase();
    if (this.registries.has(wanted)) {
      return true;
    }
    return this.patterns.some(pattern => {
      if (pattern.startsWith('*.')) {
        const suffix = pattern.slice(1);
        return wanted.endsWith(suffix) && wanted.length > suffix.length;
      }
      return pattern === wanted;
    });
  }

  /** The registry entry of a host, if any. */
  registry(host: string): ReleaseRegistry | undefined {
    return this.registries.get(host.toLowerCase());
  }

  /** The scheme for a target that names none (`ghcr.io/acme/api`). */
  schemeFor(host: string): 'http:' | 'https:' {
    return this.registry(host)?.insecure ? 'http:' : 'https:';
  }

  /**
   * The URL for a request, checked: http(s) only, no credentials, on an allowed host. Throws
   * `refused` before anything is sent.
   */
  check(url: string | URL, base?: string | URL): URL {
    let parsed: URL;
    try {
      parsed = new URL(url, base);
    } catch {
      // The URL may be a server's answer (a redirect, a discovery document): shown in part.
      throw new ReleaseChannelError(
        'refused',
        `"${shownText(String(url), 200)}" is not a valid URL`,
      );
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new ReleaseChannelError(
        'refused',
        `${parsed.protocol} URLs are not read; only http and https`,
      );
    }
    if (parsed.username || parsed.password) {
      throw new ReleaseChannelError(
        'refused',
        `URLs with credentials in them are refused (${parsed.protocol}//${parsed.host}); put credentials in platform.releaseChannels.registries`,
      );
    }
    if (!this.allows(parsed.host)) {
      throw new ReleaseChannelError(
        'refused',
        `${
          parsed.host
        } is not a host release channels may be read from; ${this.howToAllow(
          parsed,
        )}`,
      );
    }
    return parsed;
  }
}

/**
 * Reads `platform.releaseChannels` into host rules; `extraHosts` are allowed on top (those a
 * module added through `platformReleaseChannelsExtensionPoint`).
 *
 * @public
 */
export function releaseHostsFromConfig(
  config: Config | undefined,
  extraHosts: string[] = [],
): ReleaseHosts {
  const registries: ReleaseRegistry[] = (
    config?.getOptionalConfigArray('registries') ?? []
  ).map(entry => ({
    host: entry.getString('host'),
    insecure: entry.getOptionalBoolean('insecure'),
    username: entry.getOptionalString('username'),
    password: entry.getOptionalString('password'),
    token: entry.getOptionalString('token'),
  }));
  return new ReleaseHosts({
    allowedHosts: [
      ...(config?.getOptionalStringArray('allowedHosts') ?? []),
      ...extraHosts,
    ],
    registries,
  });
}
