import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftRow,
  DriftSummary,
  EntityDrift,
  ModuleAdoption,
  PlatformModuleInfo,
  RepositoryStatus,
  ScanProblem,
  ScanRun,
  ScanTrigger,
  TrendPoint,
} from '@internal/plugin-platform-common';
import type { DriftReportSource } from './DriftReportIndex';

/**
 * A service found in the catalog, with where its repository lives.
 *
 * @internal
 */
export interface DiscoveredRepository {
  entityRef: string;
  url: string;
  owner?: string;
  system?: string;
}

/**
 * A repository the caller may now scan: it holds the lease until `leaseUntil` or until it
 * records a result.
 *
 * @internal
 */
export interface ClaimedRepository extends DiscoveredRepository {
  /** The commit last scanned, to skip an unchanged repository. */
  commit?: string;
  /** The platform fingerprint the stored verdicts were computed against. */
  platformFingerprint?: string;
}

/**
 * A drift row as the scanner writes it; the store assigns ids and copies owner and system from
 * the repository.
 *
 * @internal
 */
export type DriftRowInput = Omit<
  DriftRow,
  'id' | 'entityRef' | 'owner' | 'system'
>;

/**
 * Where the platform plugin keeps what it has scanned.
 *
 * @internal
 */
export interface DriftStore {
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;

  // Scan runs

  createScanRun(run: {
    id: string;
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun>;
  /** Sets counts of a running run (also `repositoriesTotal` once discovery is done). */
  updateScanRun(
    id: string,
    counts: Partial<
      Pick<
        ScanRun,
        | 'repositoriesTotal'
        | 'repositoriesScanned'
        | 'repositoriesSkipped'
        | 'repositoriesFailed'
      >
    >,
  ): Promise<void>;
  finishScanRun(
    id: string,
    result: { status: 'succeeded' | 'failed'; error?: string },
  ): Promise<void>;
  /** The most recently started scan run, or undefined when none has run. */
  getLatestScanRun(): Promise<ScanRun | undefined>;
  getScanRun(id: string): Promise<ScanRun | undefined>;
  /**
   * Marks runs still `running` that started before `startedBefore` as failed: their backend
   * stopped mid-scan. Returns how many.
   */
  failInterruptedScanRuns(startedBefore: Date): Promise<number>;

  // Platform modules

  /** Replaces every module of one platform (by manifest name) with these. */
  replacePlatformModules(
    platform: string,
    modules: PlatformModuleInfo[],
  ): Promise<void>;
  listModules(): Promise<PlatformModuleInfo[]>;

  // Repositories

  /**
   * Makes the set of known repositories exactly these (new ones are added as pending, gone ones
   * removed with their results); owner, system and URL are updated.
   */
  syncRepositories(repositories: DiscoveredRepository[]): Promise<void>;
  /** Adds or updates one repository without touching the others (a scan of one entity). */
  upsertRepository(repository: DiscoveredRepository): Promise<void>;
  /**
   * Takes the lease on one repository for `leaseMs` when no other holder has a live lease and
   * it was not checked at or after `notCheckedSince`. Returns undefined when another scanner has
   * it or has already done it in this cycle: each repository is scanned once per cycle even with
   * several backend instances on one database.
   */
  claimRepository(
    entityRef: string,
    options: { holder: string; leaseMs: number; notCheckedSince: Date },
  ): Promise<ClaimedRepository | undefined>;
  /**
   * {@link DriftStore.claimRepository} for several repositories in one statement: returns those
   * claimed, in the order asked.
   */
  claimRepositories(
    entityRefs: string[],
    options: { holder: string; leaseMs: number; notCheckedSince: Date },
  ): Promise<ClaimedRepository[]>;
  /** The head has not moved and the platform is the same: only the check time changes. */
  markRepositoryUnchanged(entityRef: string, checkedAt: Date): Promise<void>;
  /** {@link DriftStore.markRepositoryUnchanged} for several repositories in one transaction. */
  markRepositoriesUnchanged(
    entityRefs: string[],
    checkedAt: Date,
  ): Promise<void>;
  /**
   * Replaces the repository's rows and problems in one transaction and releases the lease; a
   * crash before the commit leaves the previous results whole.
   */
  replaceRepositoryResults(
    entityRef: string,
    result: {
      commit: string;
      branch?: string;
      platformFingerprint: string;
      scannedAt: Date;
      filesScanned: number;
      rows: DriftRowInput[];
      problems: ScanProblem[];
    },
  ): Promise<void>;
  /** Records why reading the repository failed; keeps its previous results and releases the lease. */
  recordRepositoryFailure(
    entityRef: string,
    failure: { error: string; checkedAt: Date },
  ): Promise<void>;
  getRepositoryStatus(entityRef: string): Promise<RepositoryStatus | undefined>;
  listRepositoryStatuses(): Promise<RepositoryStatus[]>;

  // Reports

  /**
   * Goes up with every write that changes what the report shows, by any backend instance on
   * the database.
   */
  getReportGeneration(): Promise<string>;
  /**
   * Reads every drift row, page by page to `onRows`, for the in-memory report index; answers
   * the generation read before the rows, and the platform modules.
   */
  loadReportData(
    onRows: (rows: DriftRow[]) => void,
  ): Promise<DriftReportSource>;
  queryDrift(query: DriftQuery): Promise<DriftPage>;
  getSummary(filter: DriftFilter): Promise<DriftSummary>;
  /** Distinct owners, modules, environments and kinds among all rows, sorted. */
  getFacets(): Promise<DriftFacets>;
  getEntityDrift(entityRef: string): Promise<EntityDrift>;
  /** The files of each repository that could not be read, by entity, then by file. */
  listProblemsByEntity(): Promise<Map<string, ScanProblem[]>>;
  /** Undefined when no platform has the module. */
  getModuleAdoption(
    module: string,
    platform?: string,
  ): Promise<ModuleAdoption | undefined>;
  /** For the catalog: which modules each service uses (`platform/module` pairs). */
  listDependencies(): Promise<
    Array<{
      entityRef: string;
      modules: Array<{ platform: string; module: string }>;
    }>
  >;

  // History

  /** Stores today's verdict counts per module (replacing earlier ones of the same day). */
  recordDailyCounts(day: string): Promise<void>;
  /** Verdict counts per day over the last `days` days, oldest first, optionally for one module. */
  getTrends(options: { days: number; module?: string }): Promise<TrendPoint[]>;
}
