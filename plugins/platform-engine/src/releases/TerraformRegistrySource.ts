import {
  ChannelRelease,
  normalizeVersion,
} from '@platform-portal/plugin-platform-common';
import { checkReleaseCount } from './releaseLimit';
import { ReleaseHttp } from './ReleaseHttp';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';

const HOST =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;
const PART = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PUBLIC_REGISTRY = 'registry.terraform.io';

/**
 * Terraform (and OpenTofu) modules through the module registry protocol: service discovery at
 * `https://<host>/.well-known/terraform.json`, then `<modules.v1>/<namespace>/<name>/<provider>/versions`.
 * Targets are `host/namespace/name/provider`.
 *
 * @public
 */
export class TerraformRegistrySource implements ReleaseVersionSource {
  readonly kind = 'terraform-registry' as const;

  constructor(private readonly options: { http: ReleaseHttp }) {}

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    const parts = target
      .trim()
      .replace(/^https:\/\//i, '')
      .replace(/\/+$/, '')
      .split('/');
    const [rawHost, namespace, name, provider] = parts;
    const host = rawHost?.toLowerCase();
    if (
      parts.length !== 4 ||
      !HOST.test(host) ||
      ![namespace, name, provider].every(part => PART.test(part))
    ) {
      throw new ReleaseChannelError(
        'refused',
        `"${target}" is not a registry module; expected host/namespace/name/provider, e.g. registry.terraform.io/acme/vpc/aws`,
      );
    }
    const { http } = this.options;
    const discovery = http.hosts.check(
      `${http.hosts.schemeFor(host)}//${host}/.well-known/terraform.json`,
    );
    const { json: services } = await http.getJson<Record<string, unknown>>(
      discovery,
      'a Terraform service discovery document',
      { signal: options.signal },
    );
    const modules = services?.['modules.v1'];
    if (typeof modules !== 'string' || !modules) {
      throw new ReleaseChannelError(
        'not-found',
        `${host} offers no module registry (no modules.v1 in its service discovery document)`,
      );
    }
    // The discovery document may point at another host; it is only asked when allowed too.
    const base = http.hosts.check(modules, discovery);
    if (!base.pathname.endsWith('/')) {
      base.pathname += '/';
    }
    const versionsUrl = http.hosts.check(
      `${[namespace, name, provider]
        .map(encodeURIComponent)
        .join('/')}/versions`,
      base,
    );
    const { json } = await http.getJson<{
      modules?: Array<{ versions?: Array<{ version?: unknown }> }>;
    }>(versionsUrl, 'a Terraform module versions document', {
      signal: options.signal,
    });
    if (!Array.isArray(json?.modules)) {
      throw new ReleaseChannelError(
        'unreachable',
        `${host} did not answer with a module versions document`,
      );
    }
    checkReleaseCount(
      json.modules.reduce(
        (count, module) =>
          count +
          (Array.isArray(module?.versions) ? module.versions.length : 0),
        0,
      ),
    );
    const releases: ChannelRelease[] = [];
    for (const module of json.modules) {
      for (const entry of Array.isArray(module?.versions)
        ? module.versions
        : []) {
        const published = entry?.version;
        const version =
          typeof published === 'string'
            ? normalizeVersion(published)
            : undefined;
        if (version) {
          releases.push({
            version,
            versionAsPublished: published as string,
            ...(host === PUBLIC_REGISTRY
              ? {
                  url: `https://${PUBLIC_REGISTRY}/modules/${namespace}/${name}/${provider}/${version}`,
                }
              : {}),
          });
        }
      }
    }
    return releases;
  }
}
