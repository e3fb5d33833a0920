import {
  ChannelRelease,
  normalizeVersion,
} from '@platform-portal/plugin-platform-common';
import { PackageIndexSpec, readPackageDocument } from './packageIndexTarget';
import { ReleaseHttp } from '@platform-portal/plugin-platform-engine';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';

/** npm package names: lower case, URL-safe, optionally scoped. */
const PACKAGE = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

const NPM: PackageIndexSpec = {
  ecosystem: 'npm',
  name: PACKAGE,
  configKey: 'platform.releaseChannels.npmRegistry',
  document: 'an npm packument',
  releasesKey: 'versions',
  locate(name) {
    if (name.length > 214) {
      throw new ReleaseChannelError(
        'refused',
        `"${name}" is too long for an npm package name`,
      );
    }
    return { path: name.replace('/', '%2f'), name };
  },
};

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
    const { json } = await readPackageDocument<{
      versions: Record<string, unknown>;
      time?: Record<string, unknown>;
    }>(target, NPM, {
      http: this.options.http,
      defaultIndex: this.options.defaultRegistry,
      signal: options.signal,
    });
    const versions = json.versions;
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
