export { EntityGroupDriftCard } from './EntityGroupDriftCard';
