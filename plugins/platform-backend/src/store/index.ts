export type {
  ClaimedRepository,
  DiscoveredRepository,
  DriftRowInput,
  DriftStore,
} from './DriftStore';
export { DatabaseDriftStore } from './DatabaseDriftStore';
export { withReadCache } from './withReadCache';
export { DriftReportBuilder, DriftReportIndex } from './DriftReportIndex';
export type { DriftReportSource } from './DriftReportIndex';
export { withReportIndex } from './withReportIndex';
