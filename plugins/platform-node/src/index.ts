/**
 * The contract of the platform plugin: the extension points backend modules extend it through,
 * and the types what they add implements (reference extractors, repository hosts, release
 * version sources) or receives.
 *
 * @packageDocumentation
 */

export {
  platformExtractorsExtensionPoint,
  platformGitExtensionPoint,
  platformReleaseChannelsExtensionPoint,
  platformRepositoryHostsExtensionPoint,
  platformVersionSourcesExtensionPoint,
} from './extensions';
export type {
  PlatformExtractorsExtensionPoint,
  PlatformGitExtensionPoint,
  PlatformReleaseChannelsExtensionPoint,
  PlatformRepositoryHostsExtensionPoint,
  PlatformVersionSourcesExtensionPoint,
  ReleaseChannelTargetRewrite,
} from './extensions';
export type {
  ExtractResult,
  ExtractorFile,
  ReferenceExtractor,
} from './extractors/types';
export { RepositoryHostError } from './hosts/types';
export type {
  RepositoryFile,
  RepositoryFiles,
  RepositoryHead,
  RepositoryHost,
  UrlRewrite,
} from './hosts/types';
export { ReleaseChannelError } from './releaseChannels/types';
export type {
  ReleaseChannelReader,
  ReleaseVersionSource,
} from './releaseChannels/types';
export type { PlatformSnapshot, PlatformTag } from './resolution/types';
