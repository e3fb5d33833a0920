export { platformApiRef } from './PlatformApi';
export type { PlatformApi } from './PlatformApi';
export { PlatformClient } from './PlatformClient';
