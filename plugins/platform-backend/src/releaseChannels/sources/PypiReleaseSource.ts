import {
  ChannelRelease,
  normalizeVersion,
} from '@platform-portal/plugin-platform-common';
import { PackageIndexSpec, readPackageDocument } from './packageIndexTarget';
import { ReleaseHttp } from '@platform-portal/plugin-platform-engine';
import { ReleaseVersionSource } from '@platform-portal/plugin-platform-node';

/** PEP 508 project names. */
const PROJECT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$/;
// The PEP 440 versions that have a semver equivalent; epochs, post and local versions do not.
const PEP440 =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?$/i;
const PRE: Record<string, string> = {
  a: 'alpha',
  alpha: 'alpha',
  b: 'beta',
  beta: 'beta',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/**
 * A PEP 440 version as semver (`2.1` → `2.1.0`, `1.0rc1` → `1.0.0-rc.1`), or undefined.
 *
 * @public
 */
export function pep440ToSemver(version: string): string | undefined {
  const match = PEP440.exec(version.trim());
  if (!match) {
    return undefined;
  }
  const [, major, minor = '0', patch = '0', pre, preNumber, dev, devNumber] =
    match;
  const prerelease = [
    ...(pre ? [PRE[pre.toLowerCase()], String(Number(preNumber || 0))] : []),
    ...(dev ? ['dev', String(Number(devNumber || 0))] : []),
  ];
  return normalizeVersion(
    `${Number(major)}.${Number(minor)}.${Number(patch)}${
      prerelease.length ? `-${prerelease.join('.')}` : ''
    }`,
  );
}

const PYPI: PackageIndexSpec = {
  ecosystem: 'PyPI',
  name: PROJECT,
  configKey: 'platform.releaseChannels.pypiIndex',
  document: 'a PyPI project document',
  releasesKey: 'releases',
  locate(name) {
    // PEP 503 normalization, which is how the index names the project.
    const project = name.toLowerCase().replace(/[-_.]+/g, '-');
    return { path: `pypi/${encodeURIComponent(project)}/json`, name: project };
  },
};

interface PypiFile {
  upload_time_iso_8601?: unknown;
  upload_time?: unknown;
  yanked?: unknown;
}

/**
 * Python packages through the PyPI JSON API (`<index>/pypi/<project>/json`): every release with
 * a file that is not yanked, published when its first file was uploaded. Targets are a project
 * name (read from `platform.releaseChannels.pypiIndex`) or `https://<index>/#<project>`.
 *
 * @public
 */
export class PypiReleaseSource implements ReleaseVersionSource {
  readonly kind = 'pypi' as const;

  constructor(
    private readonly options: { http: ReleaseHttp; defaultIndex?: string },
  ) {}

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    const { json } = await readPackageDocument<{
      info?: { package_url?: unknown };
      releases: Record<string, PypiFile[]>;
    }>(target, PYPI, {
      http: this.options.http,
      defaultIndex: this.options.defaultIndex,
      signal: options.signal,
    });
    const files = json.releases;
    const packageUrl =
      typeof json.info?.package_url === 'string' &&
      /^https?:\/\//.test(json.info.package_url)
        ? json.info.package_url.replace(/\/?$/, '/')
        : undefined;
    const releases: ChannelRelease[] = [];
    for (const [published, uploads] of Object.entries(files)) {
      const version = pep440ToSemver(published);
      const live = Array.isArray(uploads)
        ? uploads.filter(file => file && file.yanked !== true)
        : [];
      if (!version || live.length === 0) {
        continue; // not semver-like, or every file yanked: nothing anyone can install
      }
      const times = live
        .map(file =>
          Date.parse(
            String(file.upload_time_iso_8601 ?? file.upload_time ?? ''),
          ),
        )
        .filter(Number.isFinite);
      releases.push({
        version,
        versionAsPublished: published,
        ...(times.length
          ? { publishedAt: new Date(Math.min(...times)).toISOString() }
          : {}),
        ...(packageUrl
          ? { url: `${packageUrl}${encodeURIComponent(published)}/` }
          : {}),
      });
    }
    return releases;
  }
}
