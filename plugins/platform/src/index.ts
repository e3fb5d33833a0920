/**
 * Frontend plugin for platform module drift and release channels.
 *
 * The default export is the plugin for the new frontend system; `legacyPlatformPlugin`,
 * `PlatformPage`, `EntityPlatformContent`, `EntityDriftCard` and `EntityReleaseChannelsCard` serve apps on the legacy
 * frontend system.
 *
 * @packageDocumentation
 */

export { platformPlugin as default } from './plugin';
export { platformApiRef, PlatformClient } from './api';
export type { PlatformApi } from './api';
export {
  legacyPlatformPlugin,
  PlatformPage,
  EntityPlatformContent,
  EntityDriftCard,
  EntityReleaseChannelsCard,
  isReleaseChannelsAvailable,
} from './legacy';
