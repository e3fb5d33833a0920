export { ReleaseHosts, releaseHostsFromConfig } from './ReleaseHosts';
export type { ReleaseHostsOptions, ReleaseRegistry } from './ReleaseHosts';
export { ReleaseHttp } from './ReleaseHttp';
export type {
  ReleaseHttpAnswer,
  ReleaseHttpOptions,
  ReleaseHttpRequest,
} from './ReleaseHttp';
export { TerraformRegistrySource } from './TerraformRegistrySource';
export { HelmReleaseSource } from './HelmReleaseSource';
export type { HelmReleaseSourceOptions } from './HelmReleaseSource';
export { OciReleaseSource } from './OciReleaseSource';
export type { OciReleaseSourceOptions } from './OciReleaseSource';
export { createReleaseChannelReader } from './createReleaseChannelReader';
export { channelAvailability } from './channelAvailability';
