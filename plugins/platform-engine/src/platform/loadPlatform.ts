import { createHash } from 'node:crypto';
import {
  PlatformModuleInfo,
  ScanProblem,
  latestVersion,
  parseTagVersion,
  sortVersions,
} from '@platform-portal/plugin-platform-common';
import { RepositoryHosts } from '../hosts/RepositoryHosts';
import { parsePlatformManifest } from '../manifest/parsePlatformManifest';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import { readLatestXrds } from './readLatestXrds';

const MANIFEST = 'platform.yaml';

/**
 * One platform repository read at one moment.
 *
 * @public
 */
export interface LoadedPlatform {
  url: string;
  snapshot: PlatformSnapshot;
  /** Changes whenever the manifest or any tag changes; stored verdicts depend on it. */
  fingerprint: string;
  modules: PlatformModuleInfo[];
  /** Manifest entries that were invalid and left out. */
  problems: ScanProblem[];
}

/**
 * Reads `platform.yaml` at the tip of the default branch and every tag of a platform repository,
 * and the XRD of each module that links one at the module's latest release.
 *
 * @public
 */
export async function loadPlatform(
  hosts: RepositoryHosts,
  url: string,
): Promise<LoadedPlatform> {
  const resolved = hosts.resolve(url);
  if (!resolved) {
    throw new Error(
      `no repository host may read the platform repository ${url}; check integrations and platform.git settings`,
    );
  }
  const { host } = resolved;
  const [head, tags] = await Promise.all([
    host.getHead(resolved.url),
    host.listTags(resolved.url),
  ]);
  const { files } = await host.readFiles(
    resolved.url,
    head.commit,
    path => path === MANIFEST,
  );
  if (files.length === 0) {
    throw new Error(`the platform repository ${url} has no ${MANIFEST}`);
  }
  const text = files[0].content.toString('utf8');
  const { manifest, problems } = parsePlatformManifest(text, MANIFEST);
  if (!manifest) {
    throw new Error(
      `${MANIFEST} of ${url} is invalid: ${problems
        .map(p => `${p.file}:${p.line ?? 0} ${p.message}`)
        .join('; ')}`,
    );
  }
  // A tag is immutable, so what the XRD says at the latest release changes only with the tags,
  // which the fingerprint already covers.
  problems.push(...(await readLatestXrds(host, resolved.url, manifest, tags)));
  const fingerprint = createHash('sha256')
    .update(text)
    .update(
      tags
        .map(tag => `${tag.name}=${tag.commit}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');
  const modules = manifest.modules.map((module): PlatformModuleInfo => {
    const versions = sortVersions(
      tags.flatMap(tag => parseTagVersion(tag.name, module.tagPattern) ?? []),
    ).reverse();
    return {
      platform: manifest.name,
      name: module.name,
      kind: module.kind,
      path: module.path,
      description: module.description,
      repository: manifest.repository,
      tagPattern: module.tagPattern,
      latest: latestVersion(versions),
      versions,
      supportedMajors: module.supportedMajors,
      deprecations: module.deprecations,
      ...(module.wiring && { wiring: module.wiring }),
      ...(module.required && { required: module.required }),
    };
  });
  return {
    url,
    snapshot: { manifest, tags },
    fingerprint,
    modules,
    problems,
  };
}
