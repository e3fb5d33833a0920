export { createPinNotifications } from './createPinNotifications';
export type { PinNotifications } from './createPinNotifications';
