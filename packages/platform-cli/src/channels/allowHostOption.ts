import { InvalidArgumentError } from 'commander';
import { redactUrlCredentials } from '@platform-portal/plugin-platform-common';
import { ReleaseHosts } from '@platform-portal/plugin-platform-engine';
import { ReleaseChannelError } from '@platform-portal/plugin-platform-node';

/** A host `--allow-host` lets channels be read from, and whether over plain HTTP. */
export interface AllowedHost {
  /** `name` or `name:port`, as `URL.host` gives it; `*.domain` for every sub-domain. */
  host: string;
  insecure: boolean;
}

const WILDCARD = /^\*\.[a-z0-9.-]+$/;

/**
 * Reads one `--allow-host`: `https://host[:port]`, `https://*.domain` or `http://host[:port]`.
 * The scheme is required, so that reading a channel over plain HTTP is a decision the user
 * wrote down; a path, a query or credentials are refused.
 */
export function allowHost(
  value: string,
  previous: AllowedHost[] = [],
): AllowedHost[] {
  const refuse = (why: string) =>
    new InvalidArgumentError(
      `"${value}" ${why}; expected https://host[:port], https://*.domain or http://host[:port]`,
    );
  if (value.includes('@')) {
    // Not an argument error: commander would print the value, credentials and all.
    throw new Error(
      `--allow-host "${redactUrlCredentials(
        value,
      )}" holds credentials; none are sent to a channel, give the host alone`,
    );
  }
  const match = /^(https?):\/\/([^/?#]+)\/?$/i.exec(value.trim());
  if (!match) {
    throw refuse('is not a scheme and a host');
  }
  const insecure = match[1].toLowerCase() === 'http';
  if (WILDCARD.test(match[2].toLowerCase())) {
    if (insecure) {
      throw refuse('allows every sub-domain over plain HTTP');
    }
    return [...previous, { host: match[2].toLowerCase(), insecure }];
  }
  let url: URL;
  try {
    url = new URL(`${match[1]}://${match[2]}`);
  } catch {
    throw refuse('is not a valid host');
  }
  return [...previous, { host: url.host, insecure }];
}

/**
 * Hosts the engine checks every URL against, redirects and discovery documents included; a host
 * allowed with `https://` is not read over plain HTTP, whatever a channel or a server says.
 */
class CommandLineHosts extends ReleaseHosts {
  check(url: string | URL, base?: string | URL): URL {
    const checked = super.check(url, base);
    if (
      checked.protocol === 'http:' &&
      !this.registry(checked.host)?.insecure
    ) {
      throw new ReleaseChannelError(
        'refused',
        `${checked.host} is allowed over HTTPS only, and http://${checked.host} was asked; allow plain HTTP with --allow-host http://${checked.host}`,
      );
    }
    return checked;
  }
}

/**
 * The hosts channels may be read from: none but those allowed, and plain HTTP only for the
 * hosts allowed with `http://`.
 */
export function releaseHostsOf(allowed: readonly AllowedHost[]): ReleaseHosts {
  return new CommandLineHosts({
    allowedHosts: allowed.filter(a => !a.insecure).map(a => a.host),
    registries: allowed
      .filter(a => a.insecure)
      .map(a => ({ host: a.host, insecure: true })),
    howToAllow: url =>
      `allow it with --allow-host ${url.protocol}//${url.host}`,
    // The command has no credentials to send; the portal's backend reads such channels.
    howToAuthorize:
      'platform-scan sends no credentials; the portal reads channels that need them',
  });
}
