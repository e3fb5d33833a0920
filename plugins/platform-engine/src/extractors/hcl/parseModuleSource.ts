import { posix } from 'path';
import {
  PinType,
  ReferenceTarget,
  normalizeGitRepository,
} from '@platform-portal/plugin-platform-common';

/**
 * A Terraform / OpenTofu module source or Terragrunt `terraform.source`, normalised.
 *
 * @public
 */
export interface ModuleSource {
  /** Absent when the source is of a kind the scanner does not follow (S3, HTTP archive, …). */
  target?: ReferenceTarget;
  /** Readable normalised name, e.g. `github.com/acme/platform//modules/vpc`. */
  name: string;
  pin: PinType;
  /** The git ref (decoded from the query) or the version constraint; absent when `pin` is `none`. */
  ref?: string;
  /** Why there is no target. */
  unsupported?: string;
}

/**
 * Options of {@link parseModuleSource}.
 *
 * @public
 */
export interface ModuleSourceOptions {
  /** The `version` argument of the `module` block; only registry sources use it. */
  version?: string;
  /** Path of the file the source is written in, relative to the scanned tree; local paths resolve against it. */
  file?: string;
}

const DEFAULT_REGISTRY = 'registry.terraform.io';
// Terraform's own rules for registry address parts (addrs.ParseModuleRegistrySource).
const REGISTRY_NAME = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const REGISTRY_PROVIDER = /^[0-9a-z]{1,64}$/;
const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+(?::\d+)?$/i;
// Terraform refuses these as registry hosts and hands them to go-getter's shorthand detectors.
const NOT_REGISTRY_HOSTS = new Set(['github.com', 'bitbucket.org']);
const OWNER_REPO_HOSTS = new Set(['github.com', 'bitbucket.org']);
const KNOWN_GIT_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
// An abbreviated SHA must mix digits and letters, so `20240101` or `cafe` stay refs.
const SHORT_SHA = /^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,39}$/i;
const ARCHIVE = /\.(?:zip|tar|tgz|tbz2|txz|tar\.(?:gz|bz2|xz))$/i;
// go-getter's S3 and GCS detectors claim these hosts even without a forced getter.
const BUCKET_HOST = /(?:^|\.)(?:amazonaws\.com|googleapis\.com)$/i;

function unsupported(source: string, reason: string): ModuleSource {
  return {
    name: redactModuleSource(source.replace(/\?.*$/, '')),
    pin: 'none',
    unsupported: reason,
  };
}

function cleanSubdirectory(subdirectory: string): string {
  if (!subdirectory) {
    return '';
  }
  const normalized = posix.normalize(subdirectory).replace(/^\/+|\/+$/g, '');
  return normalized === '.' ? '' : normalized;
}

/**
 * go-getter's `SourceDirSubdir`: the first `//` that is not the one after a scheme separates the
 * subdirectory; the query stays with the address.
 */
function splitSource(text: string): {
  address: string;
  subdirectory: string;
  query: string;
} {
  const queryStart = text.indexOf('?');
  const stop = queryStart === -1 ? text.length : queryStart;
  const query = queryStart === -1 ? '' : text.slice(queryStart + 1);
  const schemeEnd = text.slice(0, stop).indexOf('://');
  const offset = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const separator = text.slice(offset, stop).indexOf('//');
  if (separator === -1) {
    return { address: text.slice(0, stop), subdirectory: '', query };
  }
  return {
    address: text.slice(0, offset + separator),
    subdirectory: text.slice(offset + separator + 2, stop),
    query,
  };
}

function gitPin(ref: string | null): { pin: PinType; ref?: string } {
  if (!ref) {
    return { pin: 'none' };
  }
  if (FULL_SHA.test(ref) || SHORT_SHA.test(ref)) {
    return { pin: 'sha', ref };
  }
  return { pin: 'ref', ref };
}

function versionPin(version: string | null | undefined): {
  pin: PinType;
  ref?: string;
} {
  const constraint = version?.trim();
  return constraint ? { pin: 'constraint', ref: constraint } : { pin: 'none' };
}

function registrySource(
  host: string,
  path: string,
  subdirectory: string,
  version: string | null | undefined,
): ModuleSource | undefined {
  const parts = path.split('/');
  if (parts.length !== 3) {
    return undefined;
  }
  const [namespace, name, provider] = parts;
  if (
    !REGISTRY_NAME.test(namespace) ||
    !REGISTRY_NAME.test(name) ||
    !REGISTRY_PROVIDER.test(provider)
  ) {
    return undefined;
  }
  const lowerHost = host.toLowerCase();
  const sub = cleanSubdirectory(subdirectory);
  return {
    target: {
      type: 'terraform-registry',
      host: lowerHost,
      namespace,
      name,
      provider,
    },
    name: `${lowerHost}/${namespace}/${name}/${provider}${
      sub ? `//${sub}` : ''
    }`,
    ...versionPin(version),
  };
}

function parseRegistryAddress(
  address: string,
  subdirectory: string,
  version: string | undefined,
): ModuleSource | undefined {
  const parts = address.split('/');
  if (parts.length === 3) {
    return registrySource(DEFAULT_REGISTRY, address, subdirectory, version);
  }
  if (
    parts.length === 4 &&
    HOSTNAME.test(parts[0]) &&
    !NOT_REGISTRY_HOSTS.has(parts[0].toLowerCase())
  ) {
    return registrySource(
      parts[0],
      parts.slice(1).join('/'),
      subdirectory,
      version,
    );
  }
  return undefined;
}

function parseTfr(text: string): ModuleSource {
  const rest = text.slice('tfr://'.length);
  const queryStart = rest.indexOf('?');
  const params = new URLSearchParams(
    queryStart === -1 ? '' : rest.slice(queryStart + 1),
  );
  const withoutQuery = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const hostEnd = withoutQuery.indexOf('/');
  if (hostEnd === -1) {
    return unsupported(text, 'tfr:// source has no module address');
  }
  const host = withoutQuery.slice(0, hostEnd) || DEFAULT_REGISTRY;
  const [path, ...subdirectory] = withoutQuery.slice(hostEnd + 1).split('//');
  return (
    registrySource(host, path, subdirectory.join('/'), params.get('version')) ??
    unsupported(
      text,
      'tfr:// source is not a registry module address (namespace/name/provider)',
    )
  );
}

function resolveLocal(text: string, file: string | undefined): ModuleSource {
  const directory = file ? posix.dirname(file) : '.';
  const path = posix.normalize(posix.join(directory, text)).replace(/\/+$/, '');
  return { target: { type: 'local', path }, name: path, pin: 'none' };
}

/** What go-getter would make of an address written without a forced getter. */
function detectKind(
  address: string,
  params: URLSearchParams,
): 'git' | 'archive' | 'unknown' {
  if (/^(?:ssh|git):\/\//i.test(address) || /^[^@/:]+@[^/:]+:/.test(address)) {
    return 'git';
  }
  const url = /^https?:\/\/([^/?#]*)([^?#]*)/i.exec(address);
  if (url) {
    const host = url[1].replace(/^.*@/, '').replace(/:\d*$/, '').toLowerCase();
    // go-getter's HTTP getter fetches archives; repository URLs of git hosts are cloned.
    const git =
      !ARCHIVE.test(url[2]) &&
      !params.has('archive') &&
      (KNOWN_GIT_HOSTS.has(host) ||
        /\.git\/?$/i.test(url[2]) ||
        params.has('ref'));
    return git ? 'git' : 'archive';
  }
  const shorthand = /^([^/:@]+)\/([^?#]*)$/.exec(address);
  if (shorthand) {
    return BUCKET_HOST.test(shorthand[1]) || ARCHIVE.test(shorthand[2])
      ? 'archive'
      : 'git';
  }
  return 'unknown';
}

const LOCAL_PATH = /^\.\.?(?:[/\\]|$)/;
/**
 * Sources already parsed in this process: a scan meets the same few dozen, the platform's
 * modules at its current releases, in file after file.
 */
const parsedSources = new Map<string, ModuleSource>();
const MAX_PARSED_SOURCES = 10000;

/**
 * Parses a module source as Terraform, OpenTofu and Terragrunt read it: local paths, registry
 * addresses (`ns/name/provider`, with a host, or Terragrunt's `tfr://`), and git sources in every
 * URL form (`git::https://…`, `git::ssh://…`, scp-like, `github.com/…` shorthands), with their
 * `//subdirectory` and `?ref=`.
 *
 * @remarks
 * Never throws: a source the scanner cannot follow comes back with `unsupported` and no target.
 *
 * @public
 */
export function parseModuleSource(
  source: string,
  options: ModuleSourceOptions = {},
): ModuleSource {
  // A local path's target depends on the file it is written in; other sources do not.
  if (LOCAL_PATH.test(source.trim())) {
    return parseUncached(source, options);
  }
  const key = `${options.version ?? ''}\0${source}`;
  let parsed = parsedSources.get(key);
  if (!parsed) {
    if (parsedSources.size >= MAX_PARSED_SOURCES) {
      parsedSources.clear();
    }
    parsed = parseUncached(source, options);
    parsedSources.set(key, parsed);
  }
  // A copy each, so that a caller changing one result does not change another's.
  return parsed.target
    ? { ...parsed, target: { ...parsed.target } }
    : { ...parsed };
}

function parseUncached(
  source: string,
  options: ModuleSourceOptions,
): ModuleSource {
  const text = source.trim();
  if (!text) {
    return unsupported(source, 'source is empty');
  }
  if (LOCAL_PATH.test(text)) {
    return resolveLocal(text.replace(/\\/g, '/'), options.file);
  }
  if (/^tfr:\/\//i.test(text)) {
    return parseTfr(text);
  }

  const forced = /^([A-Za-z0-9]+)::(.*)$/.exec(text);
  const getter = forced?.[1].toLowerCase();
  if (getter && getter !== 'git') {
    return unsupported(text, `${getter}:: sources are not followed`);
  }
  const { address, subdirectory, query } = splitSource(
    forced ? forced[2] : text,
  );
  const params = new URLSearchParams(query);

  if (!getter) {
    if (address.startsWith('/') || /^[A-Za-z]:[\\/]/.test(address)) {
      return unsupported(text, 'absolute paths are outside the scanned tree');
    }
    if (!query) {
      const registry = parseRegistryAddress(
        address,
        subdirectory,
        options.version,
      );
      if (registry) {
        return registry;
      }
    }
    const kind = detectKind(address, params);
    if (kind === 'archive') {
      return unsupported(text, 'HTTP and archive sources are not followed');
    }
    if (kind === 'unknown') {
      return unsupported(text, 'not a recognised module source');
    }
  }

  const repository = normalizeGitRepository(address);
  if (!repository) {
    return unsupported(text, 'not a recognised module source');
  }
  let subdirectories = [subdirectory];
  const shorthand = /^([^/:@]+)\/([^?#]*)$/.exec(address);
  if (shorthand && OWNER_REPO_HOSTS.has(shorthand[1].toLowerCase())) {
    // `github.com/acme/platform/modules/vpc` means repository acme/platform, subdirectory modules/vpc.
    subdirectories = [shorthand[2].split('/').slice(2).join('/'), subdirectory];
  }
  const sub = cleanSubdirectory(subdirectories.filter(Boolean).join('/'));
  return {
    target: { type: 'git', ...repository, subdirectory: sub },
    name: `${repository.host}/${repository.repository}${sub ? `//${sub}` : ''}`,
    ...gitPin(params.get('ref')),
  };
}

const MAY_HOLD_CREDENTIALS = /@|sshkey=/i;

/**
 * The source with credentials taken out (`sshkey=` query values, passwords and tokens in URLs),
 * fit for storing and showing.
 *
 * @public
 */
export function redactModuleSource(source: string): string {
  // Every credential below follows `sshkey=` or comes before an `@`; most sources have neither
  // and are returned without running the three replacements.
  if (!MAY_HOLD_CREDENTIALS.test(source)) {
    return source;
  }
  return source
    .replace(/([?&]sshkey=)[^&#\s"]*/gi, '$1REDACTED')
    .replace(/(https?:\/\/)[^/@\s"]+@/gi, '$1REDACTED@')
    .replace(/((?:ssh|git):\/\/[^/:@\s"]+):[^/@\s"]+@/gi, '$1:REDACTED@');
}
