import {
  ChannelRelease,
  latestVersion,
  normalizeVersion,
} from '@platform-portal/plugin-platform-common';
import { ReleaseHttp, ReleaseHttpAnswer, statusError } from './ReleaseHttp';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';

const PAGE_SIZE = 1000;
const DEFAULT_MAX_PAGES = 50;
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;
// The distribution spec's repository name grammar; it has no `..` and no empty segment.
const NAME =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');
const SMALL_DOCUMENT_BYTES = 1024 * 1024;
const MAX_CACHED_TOKENS = 1000;

/**
 * An image repository named by a channel target.
 *
 * @public
 */
export interface OciRepository {
  /** `host` or `host:port` of the registry's API. */
  host: string;
  name: string;
}

/**
 * Reads `registry/repository` (or `oci://registry/repository`, a tag or digest after the name is
 * ignored) into the registry host and repository name, or throws `refused`.
 *
 * @public
 */
export function parseOciTarget(target: string): OciRepository {
  let rest = target.trim().replace(/^oci:\/\//i, '');
  const refuse = (why: string) =>
    new ReleaseChannelError(
      'refused',
      `"${target}" is not an image repository (${why}); expected registry/repository, e.g. ghcr.io/acme/api`,
    );
  if (rest.includes('@')) {
    rest = rest.slice(0, rest.indexOf('@')); // a digest pins one image; the repository is wanted
  }
  const slash = rest.indexOf('/');
  if (slash < 0) {
    throw refuse('no registry host');
  }
  let host = rest.slice(0, slash).toLowerCase();
  let name = rest.slice(slash + 1).replace(/\/+$/, '');
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) {
    name = name.slice(0, colon); // `repo:tag`: every tag is listed anyway
  }
  if (
    !HOST.test(host) ||
    !(host.includes('.') || host.includes(':') || host === 'localhost')
  ) {
    throw refuse(`"${host}" is not a registry host`);
  }
  if (!NAME.test(name)) {
    throw refuse(`"${name}" is not a valid repository name`);
  }
  // Docker Hub's API lives on another host than its name, and official images under `library/`.
  if (host === 'docker.io' || host === 'index.docker.io') {
    host = 'registry-1.docker.io';
    if (!name.includes('/')) {
      name = `library/${name}`;
    }
  }
  return { host, name };
}

/** The parameters of a `WWW-Authenticate` challenge: `Bearer realm="…",service="…"`. */
export function parseChallenge(
  header: string | null,
): { scheme: string; params: Record<string, string> } | undefined {
  const match = header ? /^\s*(\w+)\s*(.*)$/s.exec(header) : null;
  if (!match) {
    return undefined;
  }
  const params: Record<string, string> = {};
  // A name starts the header's parameters or follows a space or comma: tried only there, a long
  // header without an `=` is read in linear time, not quadratic.
  const pattern =
    /(?:^|[\s,])([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const param of match[2].matchAll(pattern)) {
    params[param[1].toLowerCase()] = (param[2] ?? param[3]).replace(
      /\\(.)/g,
      '$1',
    );
  }
  return { scheme: match[1].toLowerCase(), params };
}

function nextLink(answer: ReleaseHttpAnswer): string | undefined {
  const link = answer.headers.get('link');
  // `[^<>]`: a run of `<` in a hostile header fails at once instead of in quadratic time.
  const match = link ? /<([^<>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
  return match?.[1];
}

interface CachedToken {
  value: string;
  expires: number;
}

/**
 * Options of {@link OciReleaseSource}.
 *
 * @public
 */
export interface OciReleaseSourceOptions {
  http: ReleaseHttp;
  /**
   * Read when the newest release was pushed from its image config's `created` (two or three small
   * requests per channel); on by default.
   */
  publishTimes?: boolean;
  /** Pages of 1000 tags read at most, and as many thousand tags kept; 50 by default. */
  maxPages?: number;
}

/**
 * Container images (and OCI Helm charts) through the OCI distribution API: the tags list, with
 * the registry token flow (anonymous, or with the credentials of the registry's `registries`
 * entry), following `Link` pagination.
 *
 * @public
 */
export class OciReleaseSource implements ReleaseVersionSource {
  readonly kind = 'oci' as const;
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly options: OciReleaseSourceOptions) {}

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    const repository = parseOciTarget(target);
    const { http } = this.options;
    const base = `${http.hosts.schemeFor(repository.host)}//${
      repository.host
    }/v2/${repository.name}/`;
    http.hosts.check(base);

    const tags: string[] = [];
    const seen = new Set<string>();
    let next: string | undefined = `${base}tags/list?n=${PAGE_SIZE}`;
    const maxPages = this.options.maxPages ?? DEFAULT_MAX_PAGES;
    // A registry may answer more tags per page than asked; what is kept is bounded all the same.
    const maxTags = maxPages * PAGE_SIZE;
    for (
      let page = 0;
      next && page < maxPages && tags.length < maxTags;
      page++
    ) {
      const url: URL = new URL(next, base);
      if (url.origin !== new URL(base).origin || seen.has(url.href)) {
        break; // a registry may only page through itself, and not in circles
      }
      seen.add(url.href);
      const answer = await this.request(repository, url, options.signal, {
        accept: 'application/json',
      });
      if (answer.status !== 200) {
        throw statusError(
          answer,
          `tags of ${repository.name}`,
          http.hosts.howToAuthorize,
        );
      }
      let json: { tags?: unknown };
      try {
        json = JSON.parse(answer.body.toString('utf8'));
      } catch {
        throw new ReleaseChannelError(
          'unreachable',
          `${repository.host} did not answer the tags list of ${repository.name} with JSON`,
        );
      }
      for (const tag of Array.isArray(json?.tags) ? json.tags : []) {
        if (tags.length >= maxTags) {
          break;
        }
        if (typeof tag === 'string') {
          tags.push(tag);
        }
      }
      next = nextLink(answer);
    }

    const releases: ChannelRelease[] = [];
    for (const tag of tags) {
      const version = normalizeVersion(tag);
      if (version) {
        releases.push({ version, versionAsPublished: tag });
      }
    }
    if (this.options.publishTimes !== false) {
      const newest = latestVersion(releases.map(r => r.version));
      const release = releases.find(r => r.version === newest);
      if (release) {
        const created = await this.created(
          repository,
          base,
          release.versionAsPublished,
          options.signal,
        ).catch(() => undefined);
        if (created) {
          release.publishedAt = created;
        }
      }
    }
    return releases;
  }

  /** When the image behind a tag was built, from its config's `created`; undefined when unknown. */
  private async created(
    repository: OciRepository,
    base: string,
    tag: string,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const manifest = async (reference: string) => {
      const answer = await this.request(
        repository,
        new URL(`manifests/${encodeURIComponent(reference)}`, base),
        signal,
        { accept: MANIFEST_TYPES },
        SMALL_DOCUMENT_BYTES,
      );
      return answer.status === 200
        ? (JSON.parse(answer.body.toString('utf8')) as {
            config?: { digest?: string };
            manifests?: Array<{ digest?: string }>;
          })
        : undefined;
    };
    let document = await manifest(tag);
    // A multi-platform image: every platform was built together, the first one tells when.
    const first = document?.manifests?.[0]?.digest;
    if (!document?.config && first && /^sha256:[a-f0-9]{64}$/.test(first)) {
      document = await manifest(first);
    }
    const digest = document?.config?.digest;
    if (!digest || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
      return undefined;
    }
    const blob = await this.request(
      repository,
      new URL(`blobs/${digest}`, base),
      signal,
      {},
      SMALL_DOCUMENT_BYTES,
    );
    if (blob.status !== 200) {
      return undefined;
    }
    const created = (
      JSON.parse(blob.body.toString('utf8')) as {
        created?: unknown;
      }
    ).created;
    const time = typeof created === 'string' ? Date.parse(created) : NaN;
    return Number.isFinite(time) && time > 0
      ? new Date(time).toISOString()
      : undefined;
  }

  /**
   * One request to the registry: with a cached token when there is one; on a 401, the challenge
   * is answered (a token from the realm, or the registry's basic credentials) and the request sent
   * once more.
   */
  private async request(
    repository: OciRepository,
    url: URL,
    signal: AbortSignal | undefined,
    headers: Record<string, string>,
    maxBytes?: number,
  ): Promise<ReleaseHttpAnswer> {
    const { http } = this.options;
    const scope = `repository:${repository.name}:pull`;
    const cacheKey = `${repository.host} ${scope}`;
    const cached = this.tokens.get(cacheKey);
    const send = (authorization: string | false) =>
      http.get(url, { signal, headers, authorization, maxBytes });
    const first = await send(
      cached && cached.expires > Date.now() ? `Bearer ${cached.value}` : false,
    );
    if (first.status !== 401) {
      return first;
    }
    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    const basic = http.registryAuthorization(repository.host);
    if (challenge?.scheme === 'basic') {
      if (!basic?.startsWith('Basic ')) {
        return first;
      }
      return send(basic);
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) {
      return first;
    }
    const token = await this.token(repository, challenge.params, scope, signal);
    if (this.tokens.size >= MAX_CACHED_TOKENS) {
      this.tokens.clear();
    }
    this.tokens.set(cacheKey, token);
    return send(`Bearer ${token.value}`);
  }

  private async token(
    repository: OciRepository,
    params: Record<string, string>,
    scope: string,
    signal: AbortSignal | undefined,
  ): Promise<CachedToken> {
    const { http } = this.options;
    // The realm is the registry's word; it is still only asked when it is an allowed host.
    const realm = http.hosts.check(params.realm);
    if (params.service) {
      realm.searchParams.set('service', params.service);
    }
    realm.searchParams.set('scope', params.scope ?? scope);
    const basic = http.registryAuthorization(repository.host);
    // The registry's credentials cross the network in clear text only where the registry itself
    // is read so (marked insecure), never because its challenge names a plain-HTTP realm.
    if (
      basic &&
      realm.protocol === 'http:' &&
      http.hosts.schemeFor(repository.host) === 'https:'
    ) {
      throw new ReleaseChannelError(
        'refused',
        `the token service of ${repository.host} is plain HTTP (${realm.origin}); its credentials are sent over HTTPS only`,
      );
    }
    const answer = await http.get(realm, {
      signal,
      headers: { accept: 'application/json' },
      authorization: basic?.startsWith('Basic ') ? basic : false,
      maxBytes: SMALL_DOCUMENT_BYTES,
    });
    if (answer.status !== 200) {
      throw statusError(
        answer,
        `the token service of ${repository.host}${
          basic ? '' : ', asked anonymously'
        }`,
        http.hosts.howToAuthorize,
      );
    }
    let json: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(answer.body.toString('utf8'));
    } catch {
      json = {};
    }
    const value = [json.token, json.access_token].find(
      (candidate): candidate is string =>
        typeof candidate === 'string' && candidate.length > 0,
    );
    if (!value) {
      throw new ReleaseChannelError(
        'unreachable',
        `the token service of ${repository.host} answered without a token`,
      );
    }
    const seconds =
      typeof json.expires_in === 'number' && json.expires_in > 0
        ? json.expires_in
        : 60;
    // Renewed a little early so a token does not expire between two pages.
    return { value, expires: Date.now() + Math.max(0, seconds - 10) * 1000 };
  }
}
