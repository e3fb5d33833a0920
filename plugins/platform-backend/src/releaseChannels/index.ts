export type {
  ReleaseChannelStore,
  ServiceReleaseChannelsInput,
} from './ReleaseChannelStore';
export { DatabaseReleaseChannelStore } from './DatabaseReleaseChannelStore';
export {
  createChannelDiscovery,
  ReleaseChannelMonitor,
} from './ReleaseChannelMonitor';
export type {
  ChannelService,
  ChannelTargetRewrite,
  ReleaseChannelCycle,
} from './ReleaseChannelMonitor';
export { addReleaseChannelRoutes } from './routes';
export { createReleaseChannels } from './createReleaseChannels';
