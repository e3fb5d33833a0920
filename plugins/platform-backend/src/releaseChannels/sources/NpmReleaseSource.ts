import {
  ChannelRelease,
  normalizeVersion,
} from '@internal/plugin-platform-common';
import { packageIndexTarget } from './packageIndexTarget';
import { ReleaseHttp } from './ReleaseHttp';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
} from '@internal/plugin-platform-node';

/** npm package names: lower case, URL-safe, optionally scoped. */
const PACKAGE = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/**
 * npm packages through a registry's packument (`<registry>/<package>`, scoped names encoded as
 * `@scope%2fname`): every version with its publish time. Targets are a package name (read from
 * `platform.releaseChannels.npmRegistry`) or `https://<registry>/#<package>`.
 *
 * @public
 */
export class NpmReleaseSource implements ReleaseVersionSource {
  readonly kind = 'npm' as const;

  constructor(
    private readonly options: { http: ReleaseHttp; defaultRegistry?: string },
  ) {}

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    const { http } = this.options;
    const { index, name } = packageIndexTarget(target, {
      http,
      defaultIndex: this.options.defaultRegistry,
      name: PACKAGE,
      ecosystem: 'npm',
      configKey: 'platform.releaseChannels.npmRegistry',
    });
    if (name.length > 214) {
      throw new ReleaseChannelError(
        'refused',
        `"${name}" is too long for an npm package name`,
      );
    }
    const { json } = await http.getJson<{
      versions?: Record<string, unknown>;
      time?: Record<string, unknown>;
    }>(new URL(name.replace('/', '%2f'), index), 'an npm packument', {
      signal: options.signal,
    });
    const versions = json?.versions;
    if (!versions || typeof versions !== 'object' || Array.isArray(versions)) {
      throw new ReleaseChannelError(
        'unreachable',
        `${index.host} did not answer with an npm packument for ${name}`,
      );
    }
    const times = json.time && typeof json.time === 'object' ? json.time : {};
    const releases: ChannelRelease[] = [];
    // `time` also lists unpublished versions; only those in `versions` can be installed.
    for (const published of Object.keys(versions)) {
      const version = normalizeVersion(published);
      if (!version) {
        continue;
      }
      const time = Object.prototype.hasOwnProperty.call(times, published)
        ? Date.parse(String(times[published]))
        : NaN;
      releases.push({
        version,
        versionAsPublished: published,
        ...(Number.isFinite(time)
          ? { publishedAt: new Date(time).toISOString() }
          : {}),
      });
    }
    return releases;
  }
}
