export type {
  ClaimedRepository,
  DiscoveredRepository,
  DriftRowInput,
  DriftStore,
} from './DriftStore';
export { DatabaseDriftStore } from './DatabaseDriftStore';
export { withReadCache } from './withReadCache';
