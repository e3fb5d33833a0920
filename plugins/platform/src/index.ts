/**
 * Frontend plugin for platform module drift and release channels.
 *
 * @packageDocumentation
 */

export { platformPlugin as default } from './plugin';
export { platformApiRef, PlatformClient } from './api';
export type { PlatformApi } from './api';
