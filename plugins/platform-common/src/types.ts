import type { PlatformApiSchemas } from './apiClient';
import {
  PlatformDeprecation,
  PlatformInputWiring,
  PlatformModuleKind,
} from './manifest';
import { PinType, ReferenceKind, ScanProblem } from './references';
import type {
  PlatformRequirement,
  RequiredModuleFinding,
} from './requiredModules';
import { DriftVerdict } from './verdicts';
import type { CallFinding, CallStatus, UpgradeSummary } from './interfaces';

/**
 * One run of the scanner over the platform and service repositories, as the API answers it.
 *
 * @public
 */
export type ScanRun = PlatformApiSchemas['ScanRun'];

/**
 * How a scan run ended, or that it is still going.
 *
 * @public
 */
export type ScanRunStatus = ScanRun['status'];

/**
 * What started a scan run.
 *
 * @public
 */
export type ScanTrigger = NonNullable<ScanRun['trigger']>;

/**
 * What `GET /api/platform/scans/latest` answers.
 *
 * @public
 */
export type LatestScanResponse = PlatformApiSchemas['LatestScanResponse'];

/**
 * One reference of one service, judged against the platform: a row of the drift report.
 *
 * @public
 */
export interface DriftRow {
  /** Stable within one scan of the repository. */
  id: string;
  /** The catalog entity, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The entity's owner, e.g. `group:default/team-payments`. */
  owner?: string;
  system?: string;
  /** The platform the module belongs to (its manifest name). */
  platform?: string;
  /** The platform module; absent for references to something that is no platform module. */
  module?: string;
  kind: ReferenceKind;
  environment?: string;
  file: string;
  line: number;
  column: number;
  /** The source as written. */
  source: string;
  /** Normalised name of what is referenced. */
  name: string;
  pin: PinType;
  ref?: string;
  version?: string;
  latest?: string;
  releasesBehind?: number;
  verdict: DriftVerdict;
  /** {@link verdictSeverity} of the verdict, for sorting. */
  severity: number;
  explanation: string;
  /** A link to the file and line in the repository's web UI, when the host has one. */
  scmUrl?: string;
  /** Set when the call was checked against the interface of the release it pins. */
  callStatus?: CallStatus;
  /** Problems of the call against the release it pins; absent or empty when it matches. */
  callFindings?: CallFinding[];
  /** The upgrade to the latest release, judged for this call; absent when it pins the latest. */
  upgrade?: UpgradeSummary;
  /**
   * Set when an environment earlier in the promotion order pins a newer release of the module in
   * the same service: the nearest such environment and the release it pins.
   */
  promotionLag?: PromotionLag;
  /** The open upgrade change of the service's module (and environment) this row still waits for. */
  openUpgrade?: OpenUpgrade;
}

/**
 * An earlier environment that is ahead of a row's: `prod` pins 2.1.0 while `staging` pins 2.1.1.
 *
 * @public
 */
export interface PromotionLag {
  /** The earlier environment, as the service's paths name it. */
  environment: string;
  /** The release it pins. */
  version: string;
  /**
   * The first scan (ISO 8601) at which the row's environment was seen lagging the module; kept
   * while the lag lasts, whatever releases the two pin meanwhile. Absent when not recorded.
   */
  since?: string;
}

/**
 * An upgrade change the portal opened and that is not merged or closed yet.
 *
 * @public
 */
export interface OpenUpgrade {
  /** The release the change moves the module to. */
  version: string;
  branch: string;
  /** The pull request, or a compare page of the branch. */
  url?: string;
  state: 'open';
}

/**
 * Values of the drift filter `promotion`: `lagging` keeps rows with a {@link PromotionLag}.
 *
 * @public
 */
export const DRIFT_PROMOTION_FILTERS = ['lagging'] as const;

/**
 * Values of the drift filter `upgrade`: `open` keeps rows with an {@link OpenUpgrade}.
 *
 * @public
 */
export const DRIFT_UPGRADE_FILTERS = ['open'] as const;

/**
 * Fields the drift rows can be sorted by, in the order a page offers them.
 *
 * @public
 */
export const DRIFT_SORT_FIELDS = [
  'entity',
  'owner',
  'module',
  'environment',
  'verdict',
  'version',
  'file',
] as const;

/**
 * A field the drift rows can be sorted by.
 *
 * @public
 */
export type DriftSortField = (typeof DRIFT_SORT_FIELDS)[number];

/**
 * Filters of the drift report. Within one field values are alternatives (OR); fields combine
 * with AND.
 *
 * @public
 */
export interface DriftFilter {
  owner?: string[];
  module?: string[];
  verdict?: DriftVerdict[];
  environment?: string[];
  /** Versions the rows pin, as they show them; '' keeps the rows that resolve to no release. */
  version?: string[];
  kind?: ReferenceKind[];
  entityRef?: string[];
  /** How calls fare against their module's interface; rows never checked match none. */
  callStatus?: CallStatus[];
  /** `lagging`: rows whose environment pins an older release than an earlier environment. */
  promotion?: Array<(typeof DRIFT_PROMOTION_FILTERS)[number]>;
  /** `open`: rows with an upgrade change open for their service and module. */
  upgrade?: Array<(typeof DRIFT_UPGRADE_FILTERS)[number]>;
  /** Case-insensitive text matched against entity, module, source, file and explanation. */
  text?: string;
}

/**
 * A page of drift rows.
 *
 * @public
 */
export interface DriftQuery extends DriftFilter {
  sort?: DriftSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/**
 * What `GET /api/platform/drift` answers: a page of drift rows.
 *
 * @public
 */
export type DriftPage = PlatformApiSchemas['DriftPage'];

/**
 * One service and the platform modules it uses, an item of what `GET /api/platform/dependencies`
 * answers.
 *
 * @public
 */
export type PlatformDependency =
  PlatformApiSchemas['DependencyList']['items'][number];

/**
 * Counts of the drift report under a filter.
 *
 * @public
 */
export interface DriftSummary {
  /** Rows matching the filter. */
  total: number;
  /** Distinct services among them. */
  services: number;
  byVerdict: Partial<Record<DriftVerdict, number>>;
  /** Per module: rows, and rows that are not up to date; most drifted first. */
  byModule: Array<{ module: string; total: number; drifted: number }>;
  /**
   * Promotion lag across the whole organisation, whatever the filter: services with a lagging
   * reference, and lagging references; absent when no reference lags.
   */
  promotionLag?: { services: number; references: number };
  /**
   * Required modules missed or used outside their range across the whole organisation, whatever
   * the filter: services with a finding, and findings; absent when there is none.
   */
  requiredModules?: { services: number; findings: number };
}

/**
 * Verdict counts on one day, for trend charts.
 *
 * @public
 */
export interface TrendPoint {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  counts: Partial<Record<DriftVerdict, number>>;
}

/**
 * How the last look at one service's repository went.
 *
 * @public
 */
export interface RepositoryStatus {
  entityRef: string;
  url: string;
  /** The commit last scanned. */
  commit?: string;
  branch?: string;
  /** When files were last read (ISO 8601). */
  scannedAt?: string;
  /** When the head was last compared, scanned or not (ISO 8601). */
  checkedAt?: string;
  status: 'pending' | 'ok' | 'failed';
  /** Why the last attempt failed; the previous results are kept. */
  error?: string;
  filesScanned: number;
}

/**
 * What `GET /api/platform/entities/:kind/:namespace/:name` answers.
 *
 * @public
 */
export interface EntityDrift {
  entityRef: string;
  /** Absent when the entity is not among the discovered services. */
  repository?: RepositoryStatus;
  references: DriftRow[];
  /** Files of the repository that could not be read or parsed. */
  problems: ScanProblem[];
  /** Required modules the service misses or uses outside their range; absent until scanned. */
  requiredModules?: RequiredModuleFinding[];
}

/**
 * A required-module finding of one service, an item of what `GET /api/platform/required-modules`
 * answers.
 *
 * @public
 */
export interface ServiceRequiredModuleFinding {
  entityRef: string;
  owner?: string;
  finding: RequiredModuleFinding;
}

/**
 * What `GET /api/platform/required-modules` answers.
 *
 * @public
 */
export interface RequiredModuleFindingList {
  items: ServiceRequiredModuleFinding[];
  /** Distinct services among the items. */
  services: number;
}

/**
 * A platform module as the backend knows it: the manifest entry and its released versions.
 *
 * @public
 */
export interface PlatformModuleInfo {
  platform: string;
  name: string;
  kind: PlatformModuleKind;
  path: string;
  description?: string;
  /** The platform repository (as written in the manifest). */
  repository: string;
  tagPattern: string;
  latest?: string;
  /** Released versions, newest first, prereleases included. */
  versions: string[];
  supportedMajors?: number;
  deprecations: PlatformDeprecation[];
  /** Inputs the platform feeds from other modules' outputs or from the project. */
  wiring?: PlatformInputWiring[];
  /** That every service must use this module, and at which releases. */
  required?: PlatformRequirement;
}

/**
 * Which services use which version of a module, by environment: the blast radius of a release.
 *
 * @public
 */
export interface ModuleAdoption {
  module: PlatformModuleInfo;
  versions: Array<{
    /** The resolved version; absent for pins that resolve to no release (branch, unknown SHA). */
    version?: string;
    /** Most severe verdict among the rows on this version. */
    verdict: DriftVerdict;
    /** Rows per environment (`''` when the path names none). */
    environments: Record<string, number>;
    /** Distinct services on this version, whether or not `services` lists them all. */
    serviceCount: number;
    /** Each service once per environment; at most as many as the caller asked for. */
    services: Array<{
      entityRef: string;
      owner?: string;
      environment?: string;
    }>;
  }>;
  /** Distinct services using the module, on any version. */
  serviceCount: number;
  /**
   * Distinct services with a reference not on the latest release, in any environment (all of
   * them when the module has no release).
   */
  servicesBehind: number;
}

/**
 * The values the drift report can be filtered by, for filter pickers.
 *
 * @public
 */
export interface DriftFacets {
  owners: string[];
  modules: string[];
  environments: string[];
  kinds: ReferenceKind[];
}
