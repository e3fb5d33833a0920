export { EntityPlatformContent } from './EntityPlatformContent';
export { EntityDriftCard } from './EntityDriftCard';
