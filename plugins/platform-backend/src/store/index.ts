export type {
  ClaimedRepository,
  DiscoveredRepository,
  DriftRowInput,
  ReportDataStore,
  RepositoryResultStore,
} from './RepositoryResultStore';
export type { ScanRunCounts, ScanRunStore } from './ScanRunStore';
export type { TrendStore } from './TrendStore';
export { DatabaseRepositoryResultStore } from './DatabaseRepositoryResultStore';
export { DatabaseScanRunStore } from './DatabaseScanRunStore';
export { DatabaseTrendStore } from './DatabaseTrendStore';
export { DriftReportService } from './DriftReportService';
export { DriftReportBuilder, DriftReportIndex } from './DriftReportIndex';
export type {
  DriftReportSource,
  ServiceDependencies,
} from './DriftReportIndex';
export { LocalWrites } from './LocalWrites';
export type { WrittenPart } from './LocalWrites';
export { openPlatformDatabase } from './openPlatformDatabase';
export { createPlatformStores } from './createPlatformStores';
export type { PlatformStores } from './createPlatformStores';
