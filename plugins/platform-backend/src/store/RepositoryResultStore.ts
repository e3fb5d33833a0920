import {
  DriftRow,
  PlatformModuleInfo,
  RepositoryStatus,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import type { DriftReportSource, StoredDriftRowSink } from './DriftReportIndex';

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
 * Which repositories to list: the report page asks for the failed ones only.
 *
 * @internal
 */
export interface RepositoryStatusFilter {
  status?: RepositoryStatus['status'][];
}

/**
 * The repositories whose status or problems changed since a marker, with their problems.
 *
 * @internal
 */
export interface RepositoryStatusChanges {
  /** Where these changes end: the marker to ask with next time. */
  marker: string;
  /**
   * These are every repository (the first read, or repositories were removed since): those not
   * among them are gone.
   */
  all: boolean;
  /** In entity order. */
  statuses: RepositoryStatus[];
  /** The problems of those repositories, by entity, then by file; one without has none. */
  problems: Map<string, ScanProblem[]>;
}

/**
 * What the drift report is read from: every row with the platform modules, and the
 * repositories with their problems.
 *
 * @internal
 */
export interface ReportDataStore {
  /**
   * Goes up with every write that changes what the report shows, by any backend instance on
   * the database.
   */
  getReportGeneration(): Promise<string>;
  /**
   * Reads every drift row, page by page, into a function or, as stored, into a sink; answers the
   * generation read before the rows, and the platform modules.
   */
  loadReportData(
    into: ((rows: DriftRow[]) => void) | StoredDriftRowSink,
  ): Promise<DriftReportSource>;
  /** In entity order; only those whose last scan ended as `status` names, when given. */
  listRepositoryStatuses(
    filter?: RepositoryStatusFilter,
  ): Promise<RepositoryStatus[]>;
  /**
   * The statuses and problems of the repositories written since `since` (a marker an earlier
   * answer gave, by any backend instance on the database); all of them without one. Asks one
   * small row when nothing changed.
   */
  readStatusChanges(since?: string): Promise<RepositoryStatusChanges>;
}

/**
 * What one scan of a repository found, as the store keeps it.
 *
 * @internal
 */
export interface RepositoryScanResult {
  commit: string;
  branch?: string;
  platformFingerprint: string;
  scannedAt: Date;
  filesScanned: number;
  rows: DriftRowInput[];
  problems: ScanProblem[];
}

/**
 * Where the scanner keeps the platform modules, the repositories it scans and what it found in
 * them.
 *
 * @internal
 */
export interface RepositoryResultStore extends ReportDataStore {
  /** Replaces every module of one platform (by manifest name) with these. */
  replacePlatformModules(
    platform: string,
    modules: PlatformModuleInfo[],
  ): Promise<void>;
  listModules(): Promise<PlatformModuleInfo[]>;

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
   * {@link RepositoryResultStore.claimRepository} for several repositories in one statement:
   * returns those claimed, in the order asked.
   */
  claimRepositories(
    entityRefs: string[],
    options: { holder: string; leaseMs: number; notCheckedSince: Date },
  ): Promise<ClaimedRepository[]>;
  /**
   * Ends the leases these holders (scan runs) still have, so that the next run takes those
   * repositories at once instead of when the leases expire. Returns how many.
   */
  releaseClaims(holders: string[]): Promise<number>;
  /**
   * Whether any repository is claimed, with a lease not yet expired, by a holder whose name
   * starts with `holderPrefix` (the instances assisting a run: `<run id>/assist/…`).
   */
  hasLiveClaims(holderPrefix: string): Promise<boolean>;
  /**
   * Ends the leases of every holder whose name starts with `holderPrefix` (the instances that
   * helped with a run that was interrupted). Returns how many.
   */
  releaseClaimsStartingWith(holderPrefix: string): Promise<number>;
  /** The head has not moved and the platform is the same: only the check time changes. */
  markRepositoryUnchanged(entityRef: string, checkedAt: Date): Promise<void>;
  /** {@link RepositoryResultStore.markRepositoryUnchanged} for several, in one transaction. */
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
    result: RepositoryScanResult,
  ): Promise<void>;
  /** Records why reading the repository failed; keeps its previous results and releases the lease. */
  recordRepositoryFailure(
    entityRef: string,
    failure: { error: string; checkedAt: Date },
  ): Promise<void>;
  getRepositoryStatus(entityRef: string): Promise<RepositoryStatus | undefined>;
}
