import { ReleaseHttp } from '@platform-portal/plugin-platform-engine';
import { ReleaseChannelError } from '@platform-portal/plugin-platform-node';

/**
 * Splits a package target into the index to ask and the package: `name` is read from the default
 * index, `https://<index>/#name` from that index. Throws `refused` when there is no default index
 * or the name is not one the ecosystem allows.
 */
export function packageIndexTarget(
  target: string,
  options: {
    http: ReleaseHttp;
    defaultIndex?: string;
    name: RegExp;
    ecosystem: string;
    configKey: string;
  },
): { index: URL; name: string } {
  const trimmed = target.trim();
  const hash = trimmed.indexOf('#');
  let index: string | undefined;
  let name = trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    if (hash < 0) {
      throw new ReleaseChannelError(
        'refused',
        `"${target}" names no ${options.ecosystem} package; expected https://<index>/#<package>`,
      );
    }
    index = trimmed.slice(0, hash);
    name = trimmed.slice(hash + 1);
  } else {
    index = options.defaultIndex;
  }
  if (!options.name.test(name)) {
    throw new ReleaseChannelError(
      'refused',
      `"${name}" is not a valid ${options.ecosystem} package name`,
    );
  }
  if (!index) {
    throw new ReleaseChannelError(
      'refused',
      `no default ${options.ecosystem} registry is configured (${options.configKey}); name it in the target as https://<registry>/#${name}`,
    );
  }
  const url = options.http.hosts.check(index);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) {
    url.pathname += '/';
  }
  return { index: url, name };
}

/** How a package index names and serves the packages of one ecosystem. */
export interface PackageIndexSpec {
  /** The ecosystem as errors name it: `npm`, `PyPI`. */
  ecosystem: string;
  /** The package names the ecosystem allows. */
  name: RegExp;
  /** The config key of the default index. */
  configKey: string;
  /** What the index's document of a package is called, for errors: `an npm packument`. */
  document: string;
  /** The key of that document that maps each published version to what the index holds of it. */
  releasesKey: string;
  /** Where the package's document is below the index, and the name the index knows it by. */
  locate(name: string): { path: string; name: string };
}

/**
 * The document a package index holds for the package of a target, once the target, the name and
 * the answer are checked: an answer without a map of releases under `releasesKey` is
 * `unreachable`, naming the host and the package.
 */
export async function readPackageDocument<T>(
  target: string,
  spec: PackageIndexSpec,
  options: { http: ReleaseHttp; defaultIndex?: string; signal?: AbortSignal },
): Promise<{ name: string; json: T }> {
  const { http, defaultIndex, signal } = options;
  const { index, name } = packageIndexTarget(target, {
    ...spec,
    http,
    defaultIndex,
  });
  const located = spec.locate(name);
  const { json } = await http.getJson<T>(
    new URL(located.path, index),
    spec.document,
    { signal },
  );
  const releases = (json as Record<string, unknown> | null)?.[spec.releasesKey];
  if (!releases || typeof releases !== 'object' || Array.isArray(releases)) {
    throw new ReleaseChannelError(
      'unreachable',
      `${index.host} did not answer with ${spec.document} for ${located.name}`,
    );
  }
  return { name: located.name, json };
}
