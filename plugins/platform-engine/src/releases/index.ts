export { ReleaseHosts, releaseHostsFromConfig } from './ReleaseHosts';
export type { ReleaseHostsOptions, ReleaseRegistry } from './ReleaseHosts';
export { ReleaseHttp, retryAfterOf, statusError } from './ReleaseHttp';
export type {
  ReleaseHttpAnswer,
  ReleaseHttpOptions,
  ReleaseHttpRequest,
} from './ReleaseHttp';
export { TerraformRegistrySource } from './TerraformRegistrySource';
export { HelmReleaseSource } from './HelmReleaseSource';
export type { HelmReleaseSourceOptions } from './HelmReleaseSource';
export {
  OciReleaseSource,
  parseChallenge,
  parseOciTarget,
} from './OciReleaseSource';
export type {
  OciReleaseSourceOptions,
  OciRepository,
} from './OciReleaseSource';
export { createReleaseChannelReader } from './createReleaseChannelReader';
export { channelAvailability } from './channelAvailability';
