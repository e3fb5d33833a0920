import { ReleaseHttp } from './ReleaseHttp';
import { ReleaseChannelError } from '@internal/plugin-platform-node';

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
