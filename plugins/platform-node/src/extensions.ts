import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ReferenceExtractor } from './extractors/types';
import { RepositoryHost } from './hosts/types';
import { ReleaseVersionSource } from './releaseChannels/types';

/**
 * Lets backend modules add reference extractors to the platform scanner.
 *
 * @public
 */
export interface PlatformExtractorsExtensionPoint {
  addExtractor(...extractors: ReferenceExtractor[]): void;
}

/**
 * The extension point for {@link PlatformExtractorsExtensionPoint}.
 *
 * @public
 */
export const platformExtractorsExtensionPoint =
  createExtensionPoint<PlatformExtractorsExtensionPoint>({
    id: 'platform.extractors',
  });

/**
 * Lets backend modules add repository hosts (a Bitbucket or Azure DevOps API, say). Added hosts
 * are asked before the built-in GitHub and git hosts.
 *
 * @public
 */
export interface PlatformRepositoryHostsExtensionPoint {
  addRepositoryHost(...hosts: RepositoryHost[]): void;
}

/**
 * The extension point for {@link PlatformRepositoryHostsExtensionPoint}.
 *
 * @public
 */
export const platformRepositoryHostsExtensionPoint =
  createExtensionPoint<PlatformRepositoryHostsExtensionPoint>({
    id: 'platform.repository-hosts',
  });

/**
 * Lets backend modules add release version sources (a private artifact store, say), or replace a
 * built-in one for a kind.
 *
 * @public
 */
export interface PlatformVersionSourcesExtensionPoint {
  addVersionSource(...sources: ReleaseVersionSource[]): void;
}

/**
 * The extension point for {@link PlatformVersionSourcesExtensionPoint}.
 *
 * @public
 */
export const platformVersionSourcesExtensionPoint =
  createExtensionPoint<PlatformVersionSourcesExtensionPoint>({
    id: 'platform.version-sources',
  });
