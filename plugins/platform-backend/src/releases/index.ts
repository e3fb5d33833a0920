export { ModuleReleaseService } from './ModuleReleaseService';
export { ModuleChannelReadings } from './ModuleChannelReadings';
