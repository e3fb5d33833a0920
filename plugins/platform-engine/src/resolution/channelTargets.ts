import {
  PlatformModuleChannel,
  PlatformModuleChannelKind,
  redactUrlCredentials,
  ReferenceTarget,
} from '@platform-portal/plugin-platform-common';
import { parseModuleSource } from '../extractors/hcl/parseModuleSource';
import { parsePackageReference } from '../extractors/yaml/crossplaneExtractor';

/**
 * The channel kinds a module may declare, in the order they are listed in messages.
 *
 * @public
 */
export const MODULE_CHANNEL_KINDS: readonly PlatformModuleChannelKind[] = [
  'terraform-registry',
  'helm',
  'oci',
];

/** What a channel target is read as: what a reference installing from it points at. */
export type ChannelTargetResult =
  | {
      ok: true;
      target: Extract<
        ReferenceTarget,
        { type: 'terraform-registry' | 'helm-repository' | 'oci' }
      >;
    }
  | { ok: false; error: string };

// Helm's own rule for chart names (helm lint): letters, digits, dashes, dots and underscores.
const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const EXPECTED: Record<PlatformModuleChannelKind, string> = {
  'terraform-registry':
    'expected host/namespace/name/provider, e.g. registry.terraform.io/acme/vpc/aws',
  helm: 'expected https://<chart repository>#<chart>, or oci://<registry>/<repository>/<chart>',
  oci: 'expected registry/repository or oci://registry/repository, e.g. ghcr.io/acme/charts/eks',
};

function refuse(
  channel: PlatformModuleChannel,
  why: string,
): ChannelTargetResult {
  return {
    ok: false,
    // The manifest is read by everyone who can see the portal: a token written into a target
    // must not reach them through the problem that refuses it.
    error: `"${redactUrlCredentials(channel.target)}" ${why}; ${
      EXPECTED[channel.kind]
    }`,
  };
}

/**
 * An OCI repository as Crossplane packages and `oci://` charts name it; a channel names the
 * repository, so a tag or digest (one release) is refused.
 */
function ociTarget(
  channel: PlatformModuleChannel,
  text: string,
): ChannelTargetResult {
  const written = text.replace(/^oci:\/\//i, '').replace(/\/+$/, '');
  const parsed = parsePackageReference(written, '');
  if (!parsed || !parsed.registry) {
    return refuse(channel, 'is not a registry host and repository');
  }
  if (parsed.tag !== undefined || parsed.digest !== undefined) {
    return refuse(channel, 'names one release (a tag or digest)');
  }
  return {
    ok: true,
    target: {
      type: 'oci',
      registry: parsed.registry,
      repository: parsed.repository,
    },
  };
}

function helmTarget(
  channel: PlatformModuleChannel,
  text: string,
): ChannelTargetResult {
  if (/^oci:\/\//i.test(text)) {
    return ociTarget(channel, text);
  }
  const hash = text.indexOf('#');
  if (!/^https?:\/\//i.test(text)) {
    return refuse(channel, 'is not an http(s) chart repository');
  }
  if (hash < 0) {
    return refuse(channel, 'names no chart');
  }
  let url: URL;
  try {
    url = new URL(text.slice(0, hash));
  } catch {
    return refuse(channel, 'is not a valid URL');
  }
  if (url.search) {
    return refuse(channel, 'has a query, which no chart repository needs');
  }
  let chart: string;
  try {
    chart = decodeURIComponent(text.slice(hash + 1));
  } catch {
    chart = '';
  }
  if (!CHART_NAME.test(chart)) {
    return refuse(channel, 'names no valid chart after #');
  }
  return {
    ok: true,
    target: {
      type: 'helm-repository',
      repository: text.slice(0, hash).replace(/\/+$/, ''),
      chart,
    },
  };
}

function registryTarget(
  channel: PlatformModuleChannel,
  text: string,
): ChannelTargetResult {
  // The host is written, as in the service annotation, so that the channel can be read as is.
  if (text.split('/').length !== 4) {
    return refuse(channel, 'is not a registry module address with a host');
  }
  const parsed = parseModuleSource(text);
  if (parsed.target?.type !== 'terraform-registry') {
    return refuse(channel, 'is not a registry module address');
  }
  return { ok: true, target: parsed.target };
}

/**
 * Reads a module's channel as the reference target a consumer installing from it would have, with
 * the parsers the extractors use for those references, so that both normalise alike.
 *
 * @public
 */
export function parseChannelTarget(
  channel: PlatformModuleChannel,
): ChannelTargetResult {
  const text = channel.target.trim();
  if (/\s/.test(text)) {
    return refuse(channel, 'contains whitespace');
  }
  if (redactUrlCredentials(text) !== text) {
    return refuse(
      channel,
      'holds credentials, which belong in the configuration, not the manifest',
    );
  }
  switch (channel.kind) {
    case 'terraform-registry':
      return registryTarget(channel, text);
    case 'helm':
      return helmTarget(channel, text);
    case 'oci':
      return ociTarget(channel, text);
    default:
      return {
        ok: false,
        error: `"${
          channel.kind
        }" is not a channel a module is installed from; expected one of ${MODULE_CHANNEL_KINDS.join(
          ', ',
        )}`,
      };
  }
}

// Docker Hub answers to several names; a repository without a namespace is an official one.
const DOCKER_HUB = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

function helmRepositoryKey(repository: string): string | undefined {
  let url: URL;
  try {
    url = new URL(repository);
  } catch {
    // `@alias` and `alias:` name a repository added on one machine: nothing to match.
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return undefined;
  }
  // Scheme and host are case-insensitive and the default port is implied; the path is not.
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * One text for every way of writing the same channel target, so that a reference and a channel
 * compare equal when a consumer would install the same artifact: registry hosts and Terraform
 * namespaces and names compare case-insensitively (as the registries treat them), chart
 * repositories by scheme, host and path. Undefined for a target no channel can be.
 *
 * @public
 */
export function channelKey(target: ReferenceTarget): string | undefined {
  switch (target.type) {
    case 'terraform-registry':
      return `terraform-registry:${[
        target.host,
        target.namespace,
        target.name,
        target.provider,
      ]
        .join('/')
        .toLowerCase()}`;
    case 'helm-repository': {
      const repository = helmRepositoryKey(target.repository);
      return repository && `helm:${repository}#${target.chart}`;
    }
    case 'oci': {
      const registry = target.registry.toLowerCase();
      if (DOCKER_HUB.has(registry)) {
        const repository = target.repository.includes('/')
          ? target.repository
          : `library/${target.repository}`;
        return `oci:docker.io/${repository}`;
      }
      return `oci:${registry}/${target.repository}`;
    }
    default:
      return undefined;
  }
}
