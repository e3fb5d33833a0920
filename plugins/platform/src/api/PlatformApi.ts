import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftSummary,
  RequiredModuleFindingList,
  EntityDrift,
  EntityReleaseChannels,
  InterfaceDiff,
  LatestScanResponse,
  ModuleAdoption,
  ModuleReleaseInterface,
  PlatformApiSchemas,
  PlatformModuleInfo,
  ReleaseChannelsPage,
  ReleaseChannelsQuery,
  RepositoryStatus,
  ScanRun,
  TrendPoint,
} from '@platform-portal/plugin-platform-common';

/**
 * What upgrading a module to a release would change, per service.
 *
 * @public
 */
export type UpgradePreview = PlatformApiSchemas['UpgradePreview'];

/**
 * A module's releases with their dates and notes, and the support of each of its majors.
 *
 * @public
 */
export type ModuleReleases = PlatformApiSchemas['ModuleReleases'];

/**
 * The preview of one service's upgrade: its files' diffs, or why it cannot be changed.
 *
 * @public
 */
export type ServiceUpgradePreview = PlatformApiSchemas['ServiceUpgradePreview'];

/**
 * An upgrade asked for: a module, a release, and optionally services, one environment and the
 * values of the inputs a breaking upgrade adds.
 *
 * @public
 */
export type UpgradeRequest = PlatformApiSchemas['UpgradeRequest'];

/**
 * An upgrade to open, optionally tracked as one campaign.
 *
 * @public
 */
export type CreateUpgradesRequest = PlatformApiSchemas['CreateUpgradesRequest'];

/**
 * Per service, the change opened or why none was; the campaign when one was asked for.
 *
 * @public
 */
export type UpgradeResult = PlatformApiSchemas['UpgradeResult'];

/**
 * One change the portal opened (a branch, a pull request) and its state.
 *
 * @public
 */
export type UpgradeChange = PlatformApiSchemas['UpgradeChange'];

/**
 * Changes opened together, with their counts by state.
 *
 * @public
 */
export type UpgradeCampaign = PlatformApiSchemas['UpgradeCampaign'];

/**
 * One text file of a repository the portal reads from a local root, at a commit.
 *
 * @public
 */
export type SourceFile = PlatformApiSchemas['SourceFile'];

/**
 * The files of a repository the portal reads from a local root, at a commit.
 *
 * @public
 */
export type SourceFileList = PlatformApiSchemas['SourceFileList'];

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
  /** Scanned services that miss a module every service must use, or pin it outside its range. */
  listRequiredModuleFindings(
    filter: Pick<DriftFilter, 'owner' | 'module' | 'entityRef'>,
  ): Promise<RequiredModuleFindingList>;
  /** The values the drift rows can be filtered by. */
  getFacets(): Promise<DriftFacets>;
  getTrends(options?: {
    days?: number;
    module?: string;
  }): Promise<TrendPoint[]>;
  listModules(): Promise<PlatformModuleInfo[]>;
  /**
   * Undefined when no platform has the module. With `servicesPerVersion`, each version lists at
   * most that many services (1 to 1000); its counts still count all.
   */
  getModuleAdoption(
    module: string,
    platform?: string,
    options?: { servicesPerVersion?: number },
  ): Promise<ModuleAdoption | undefined>;
  /** A module's releases, newest first, and until when each major is supported. */
  getModuleReleases(module: string, platform?: string): Promise<ModuleReleases>;
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
  /** How each service's repository was last read; only those whose last scan ended as `status` names, when given. */
  listRepositories(options?: {
    status?: RepositoryStatus['status'][];
  }): Promise<RepositoryStatus[]>;
  /** Services that declare release channels, worst skew first, with counts by verdict. */
  listReleaseChannels(
    query: ReleaseChannelsQuery,
  ): Promise<ReleaseChannelsPage>;
  /** One entity's release channels; none when it declares none or they were not read yet. */
  getEntityReleaseChannels(entityRef: string): Promise<EntityReleaseChannels>;
  /** What an upgrade would change in each service, without changing anything. */
  previewUpgrades(request: UpgradeRequest): Promise<UpgradePreview>;
  /**
   * Opens one change per service; rejects (403 naming the entities, 400 naming the bad value)
   * with nothing pushed when the backend refuses.
   */
  createUpgrades(request: CreateUpgradesRequest): Promise<UpgradeResult>;
  /** The changes the portal opened, of a module, an entity or a campaign. */
  listUpgrades(query?: {
    module?: string;
    entityRef?: string;
    campaign?: string;
  }): Promise<UpgradeChange[]>;
  /** A campaign's progress and its changes. */
  getUpgradeCampaign(
    id: string,
  ): Promise<{ campaign: UpgradeCampaign; changes: UpgradeChange[] }>;
  /**
   * One text file of a repository read from a local root, at a commit (the default branch's
   * head when none is given); rejects with the backend's error, which names repository and path.
   */
  getSourceFile(request: {
    repository: string;
    path: string;
    commit?: string;
  }): Promise<SourceFile>;
  /** The files of a repository read from a local root, at a commit (or its default branch's head). */
  listSourceFiles(request: {
    repository: string;
    commit?: string;
  }): Promise<SourceFileList>;
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
