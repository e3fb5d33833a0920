import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftSummary,
  EntityDrift,
  EntityReleaseChannels,
  InterfaceDiff,
  LatestScanResponse,
  ModuleAdoption,
  ModuleReleaseInterface,
  PlatformModuleInfo,
  ReleaseChannelsPage,
  ReleaseChannelsQuery,
  RepositoryStatus,
  ScanRun,
  TrendPoint,
} from '@internal/plugin-platform-common';

/**
 * Client for the platform backend plugin.
 *
 * @public
 */
export interface PlatformApi {
  /** Fetches the most recent scan run; `scan` is null when no scan has run yet. */
  getLatestScan(): Promise<LatestScanResponse>;
  /** One scan run, for following its progress. */
  getScan(id: string): Promise<ScanRun>;
  /** Starts a scan of everything, or of one entity; needs the `platform.scan.create` permission. */
  /** The run started; null for an entity without a repository, whose release channels only are read. */
  startScan(request?: { entityRef?: string }): Promise<ScanRun | null>;
  /** A page of drift rows. */
  getDrift(query: DriftQuery): Promise<DriftPage>;
  /** The CSV export of the filtered rows. */
  exportDrift(filter: DriftFilter): Promise<Blob>;
  getSummary(filter: DriftFilter): Promise<DriftSummary>;
  /** The values the drift rows can be filtered by. */
  getFacets(): Promise<DriftFacets>;
  getTrends(options?: {
    days?: number;
    module?: string;
  }): Promise<TrendPoint[]>;
  listModules(): Promise<PlatformModuleInfo[]>;
  /** Undefined when no platform has the module. */
  getModuleAdoption(
    module: string,
    platform?: string,
  ): Promise<ModuleAdoption | undefined>;
  /**
   * The interface of one release of a module (`version` as in the module's versions); rejects
   * with the backend's error, which names module, tag and file, when it cannot be read.
   */
  getModuleInterface(request: {
    module: string;
    version: string;
    platform?: string;
  }): Promise<ModuleReleaseInterface>;
  /** What changed in a module's interface between two releases, each change marked breaking or not. */
  getModuleInterfaceDiff(request: {
    module: string;
    from: string;
    to: string;
    platform?: string;
  }): Promise<InterfaceDiff>;
  getEntityDrift(entityRef: string): Promise<EntityDrift>;
  listRepositories(): Promise<RepositoryStatus[]>;
  /** Services that declare release channels, worst skew first, with counts by verdict. */
  listReleaseChannels(
    query: ReleaseChannelsQuery,
  ): Promise<ReleaseChannelsPage>;
  /** One entity's release channels; none when it declares none or they were not read yet. */
  getEntityReleaseChannels(entityRef: string): Promise<EntityReleaseChannels>;
}

/**
 * API reference for {@link PlatformApi}.
 *
 * @public
 */
export const platformApiRef = createApiRef<PlatformApi>().with({
  id: 'plugin.platform.api',
  pluginId: 'platform',
});
