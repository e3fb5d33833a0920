import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ReleaseChannelDeclaration } from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from './extractors/types';
import { RepositoryHost, UrlRewrite } from './hosts/types';
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

/**
 * Lets backend modules add directories of local bare repositories and URL rewrites on top of
 * `platform.git.localRoots` and `platform.git.rewrites`, for instance to read
 * `https://github.com/<organisation>/…` from repositories the module makes at start.
 *
 * @public
 */
export interface PlatformGitExtensionPoint {
  /**
   * A directory whose bare repositories the scanner and git-tags release channels may read
   * through `file://` URLs. Neither reads any repository before `ready` settles.
   */
  addLocalRoot(root: string, options?: { ready?: Promise<unknown> }): void;
  /** Prefix rewrites, asked after those of `platform.git.rewrites`. */
  addUrlRewrite(...rewrites: UrlRewrite[]): void;
}

/**
 * The extension point for {@link PlatformGitExtensionPoint}.
 *
 * @public
 */
export const platformGitExtensionPoint =
  createExtensionPoint<PlatformGitExtensionPoint>({
    id: 'platform.git',
  });

/**
 * Turns a declared release channel into the one that is read (a mirror of a public registry,
 * say); what is stored and shown stays the channel as declared. A rewrite that does not apply
 * returns the declaration it was given.
 *
 * @public
 */
export type ReleaseChannelTargetRewrite = (
  declaration: ReleaseChannelDeclaration,
) => ReleaseChannelDeclaration;

/**
 * Lets backend modules change where release channels are read.
 *
 * @public
 */
export interface PlatformReleaseChannelsExtensionPoint {
  /** Rewrites asked in the order added; the first that changes a declaration wins. */
  addTargetRewrite(...rewrites: ReleaseChannelTargetRewrite[]): void;
  /** Hosts (`host` or `host:port`) channels may reach on top of `platform.releaseChannels.allowedHosts`. */
  addAllowedHost(...hosts: string[]): void;
}

/**
 * The extension point for {@link PlatformReleaseChannelsExtensionPoint}.
 *
 * @public
 */
export const platformReleaseChannelsExtensionPoint =
  createExtensionPoint<PlatformReleaseChannelsExtensionPoint>({
    id: 'platform.release-channels',
  });
