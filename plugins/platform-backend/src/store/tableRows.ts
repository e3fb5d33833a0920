import {
  CallFinding,
  CallStatus,
  DriftRow,
  DriftVerdict,
  PinType,
  PlatformModuleInfo,
  PlatformModuleKind,
  ReferenceKind,
  RepositoryStatus,
  ScanProblem,
  UpgradeSummary,
} from '@platform-portal/plugin-platform-common';
import type { DriftRowInput } from './RepositoryResultStore';

/** The plugin's tables, and how their rows read as the plugin's types. */

export const SCAN_RUNS = 'platform_scan_runs';
export const MODULES = 'platform_modules';
export const REPOSITORIES = 'platform_repositories';
export const DRIFT_ROWS = 'platform_drift_rows';
export const PROBLEMS = 'platform_scan_problems';
export const DAILY_COUNTS = 'platform_daily_counts';
export const REPORT_STATE = 'platform_report_state';
export const PROMOTION_LAGS = 'platform_promotion_lags';

/**
 * Rows per multi-row INSERT. SQLite writes a multi-row insert as a compound SELECT, which may
 * have at most 500 terms, and limits bound variables; 250 rows of the widest table stay well
 * within both, and within PostgreSQL's 65535 parameters.
 */
const BATCH_SIZE = 250;

export type Timestamp = Date | string | number;

export type ModuleRow = {
  platform: string;
  name: string;
  kind: PlatformModuleKind;
  path: string;
  description: string | null;
  repository: string;
  tag_pattern: string;
  latest: string | null;
  versions: string;
  supported_majors: number | string | null;
  deprecations: string;
  /** JSON of the declared wiring; null when there is none. */
  wiring: string | null;
  /** JSON of the requirement that every service use the module; null when it need not. */
  required: string | null;
};

export type PromotionLagRow = {
  entity_ref: string;
  platform: string;
  module: string;
  environment: string;
  since: Timestamp;
};

export type RepositoryRow = {
  entity_ref: string;
  url: string;
  owner: string | null;
  system: string | null;
  commit: string | null;
  branch: string | null;
  platform_fingerprint: string | null;
  scanned_at: Timestamp | null;
  checked_at: Timestamp | null;
  status: RepositoryStatus['status'];
  error: string | null;
  files_scanned: number | string;
  lease_holder: string | null;
  lease_until: Timestamp | null;
  /** The status change that last wrote the status or problems (see nextStatusChange). */
  change_seq: number | string;
};

export type DriftRowRow = {
  id: number | string;
  entity_ref: string;
  owner: string | null;
  system: string | null;
  platform: string | null;
  module: string | null;
  kind: ReferenceKind;
  environment: string | null;
  file: string;
  line: number | string;
  column: number | string;
  source: string;
  name: string;
  pin: PinType;
  ref: string | null;
  version: string | null;
  latest: string | null;
  releases_behind: number | string | null;
  verdict: DriftVerdict;
  severity: number | string;
  explanation: string;
  scm_url: string | null;
  call_status: CallStatus | null;
  /** JSON of {@link CallCheckText}; null when the call was not checked. */
  call_check: string | null;
};

export type ProblemRow = {
  id: number | string;
  entity_ref: string;
  file: string;
  line: number | string | null;
  column: number | string | null;
  message: string;
};

/** The columns a drift row is read with. */
export const DRIFT_COLUMNS: ReadonlyArray<keyof DriftRowRow> = [
  'id',
  'entity_ref',
  'owner',
  'system',
  'platform',
  'module',
  'kind',
  'environment',
  'file',
  'line',
  'column',
  'source',
  'name',
  'pin',
  'ref',
  'version',
  'latest',
  'releases_behind',
  'verdict',
  'severity',
  'explanation',
  'scm_url',
  'call_status',
  'call_check',
];

// SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates.
export function toIso(value: Timestamp): string {
  return new Date(value).toISOString();
}

/** Copies only the defined values, so that absent optional fields stay absent. */
export function defined<T extends object>(value: {
  [K in keyof T]: T[K] | null | undefined;
}): T {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== null && entry !== undefined) {
      result[key] = entry;
    }
  }
  return result as T;
}

export function optionalNumber(
  value: number | string | null | undefined,
): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

export function chunks<T>(items: T[], size: number = BATCH_SIZE): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

export function toModule(row: ModuleRow): PlatformModuleInfo {
  return {
    ...defined<
      Pick<PlatformModuleInfo, 'description' | 'latest' | 'supportedMajors'>
    >({
      description: row.description,
      latest: row.latest,
      supportedMajors: optionalNumber(row.supported_majors),
    }),
    platform: row.platform,
    name: row.name,
    kind: row.kind,
    path: row.path,
    repository: row.repository,
    tagPattern: row.tag_pattern,
    versions: JSON.parse(row.versions),
    deprecations: JSON.parse(row.deprecations),
    ...(row.wiring && { wiring: JSON.parse(row.wiring) }),
    ...(row.required && { required: JSON.parse(row.required) }),
  };
}

export function fromModule(
  platform: string,
  module: PlatformModuleInfo,
): ModuleRow {
  return {
    platform,
    name: module.name,
    kind: module.kind,
    path: module.path,
    description: module.description ?? null,
    repository: module.repository,
    tag_pattern: module.tagPattern,
    latest: module.latest ?? null,
    versions: JSON.stringify(module.versions ?? []),
    supported_majors: module.supportedMajors ?? null,
    deprecations: JSON.stringify(module.deprecations ?? []),
    wiring: module.wiring?.length ? JSON.stringify(module.wiring) : null,
    required: module.required ? JSON.stringify(module.required) : null,
  };
}

/** Whether a column's value is there: neither null nor left out of the select. */
function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/**
 * A repository's status, its absent optional fields left out, in the order of the answer's
 * JSON. Written out field by field: the report reads 50,000 of them at a time, and copying
 * through {@link defined} made that a tenth of a second during which no request was answered.
 */
export function toRepositoryStatus(row: RepositoryRow): RepositoryStatus {
  const status: Partial<RepositoryStatus> = {};
  if (isSet(row.commit)) {
    status.commit = row.commit;
  }
  if (isSet(row.branch)) {
    status.branch = row.branch;
  }
  if (row.scanned_at) {
    status.scannedAt = toIso(row.scanned_at);
  }
  if (row.checked_at) {
    status.checkedAt = toIso(row.checked_at);
  }
  if (isSet(row.error)) {
    status.error = row.error;
  }
  status.entityRef = row.entity_ref;
  status.url = row.url;
  status.status = row.status;
  status.filesScanned = Number(row.files_scanned);
  return status as RepositoryStatus;
}

/**
 * A row found in a repository as the store inserts it: its entity's columns taken from the
 * repository, its id left to the database and its call check as {@link encodeCallCheck} writes it.
 */
export function toNewDriftRow(
  repository: Pick<DriftRowRow, 'entity_ref' | 'owner' | 'system'>,
  row: DriftRowInput,
): Omit<DriftRowRow, 'id'> {
  return {
    entity_ref: repository.entity_ref,
    owner: repository.owner,
    system: repository.system,
    platform: row.platform ?? null,
    module: row.module ?? null,
    kind: row.kind,
    environment: row.environment ?? null,
    file: row.file,
    line: row.line,
    column: row.column,
    source: row.source,
    name: row.name,
    pin: row.pin,
    ref: row.ref ?? null,
    version: row.version ?? null,
    latest: row.latest ?? null,
    releases_behind: row.releasesBehind ?? null,
    verdict: row.verdict,
    severity: row.severity,
    explanation: row.explanation,
    scm_url: row.scmUrl ?? null,
    call_status: row.callStatus ?? null,
    call_check: encodeCallCheck(row) ?? null,
  };
}

/** A row as the store keeps it, as {@link toNewDriftRow} inserts it with its id. */
export function toStoredDriftRow(row: DriftRow): DriftRowRow {
  return {
    id: row.id,
    ...toNewDriftRow(
      {
        entity_ref: row.entityRef,
        owner: row.owner ?? null,
        system: row.system ?? null,
      },
      row,
    ),
  };
}

/** Call checks decoded before, by status, then by text, for rows to share. */
type DecodedCallChecks = Map<
  string,
  Map<string | null, ReturnType<typeof decodeCallCheck>>
>;

export function toDriftRow(
  row: DriftRowRow,
  /** Checks decoded before, for rows to share instead of decoding again. */
  decoded?: DecodedCallChecks,
): DriftRow {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    ...defined<
      Pick<
        DriftRow,
        | 'owner'
        | 'system'
        | 'platform'
        | 'module'
        | 'environment'
        | 'ref'
        | 'version'
        | 'latest'
        | 'releasesBehind'
        | 'scmUrl'
      >
    >({
      owner: row.owner,
      system: row.system,
      platform: row.platform,
      module: row.module,
      environment: row.environment,
      ref: row.ref,
      version: row.version,
      latest: row.latest,
      releasesBehind: optionalNumber(row.releases_behind),
      scmUrl: row.scm_url,
    }),
    kind: row.kind,
    file: row.file,
    line: Number(row.line),
    column: Number(row.column),
    source: row.source,
    name: row.name,
    pin: row.pin,
    verdict: row.verdict,
    severity: Number(row.severity),
    explanation: row.explanation,
    ...decodedCallCheck(row, decoded),
  };
}

function decodedCallCheck(
  row: Pick<DriftRowRow, 'call_status' | 'call_check'>,
  decoded: DecodedCallChecks | undefined,
): ReturnType<typeof decodeCallCheck> {
  if (!decoded || !row.call_status) {
    return decodeCallCheck(row.call_status, row.call_check);
  }
  let byText = decoded.get(row.call_status);
  if (!byText) {
    byText = new Map();
    decoded.set(row.call_status, byText);
  }
  let check = byText.get(row.call_check);
  if (!check) {
    check = decodeCallCheck(row.call_status, row.call_check);
    byText.set(row.call_check, check);
  }
  return check;
}

/**
 * Makes pages of rows as {@link toDriftRow} does, but rows with the same call check, in any page
 * read through it, share one decoded copy of its findings and upgrade: a module's call fares
 * alike in many services, and decoding the text of each of 1,000,000 rows made hundreds of
 * megabytes of garbage while the report was read.
 */
export function driftRowsReader(): (rows: DriftRowRow[]) => DriftRow[] {
  const decoded: DecodedCallChecks = new Map();
  return rows => rows.map(row => toDriftRow(row, decoded));
}

/** What a row keeps of its call check besides the status, as the `call_check` column holds it. */
interface CallCheckText {
  findings: CallFinding[];
  upgrade?: UpgradeSummary;
}

/**
 * The findings and upgrade of a checked row as one text, the same for the same check, so that
 * rows with equal checks can share it; undefined for a row that was not checked.
 */
export function encodeCallCheck(
  row: Pick<DriftRow, 'callStatus' | 'callFindings' | 'upgrade'>,
): string | undefined {
  if (!row.callStatus) {
    return undefined;
  }
  const text: CallCheckText = { findings: row.callFindings ?? [] };
  if (row.upgrade) {
    text.upgrade = row.upgrade;
  }
  return JSON.stringify(text);
}

/** The call fields of a row from its status and {@link encodeCallCheck}'s text. */
export function decodeCallCheck(
  status: CallStatus | null | undefined,
  text: string | null | undefined,
): Pick<DriftRow, 'callStatus' | 'callFindings' | 'upgrade'> {
  if (!status) {
    return {};
  }
  let check: Partial<CallCheckText> = {};
  try {
    check = text ? JSON.parse(text) : {};
  } catch {
    // One unreadable text must not stop the whole report from loading; the row keeps its status.
  }
  return {
    callStatus: status,
    callFindings: Array.isArray(check.findings) ? check.findings : [],
    ...(check.upgrade ? { upgrade: check.upgrade } : {}),
  };
}

export function toProblem(row: ProblemRow): ScanProblem {
  return {
    file: row.file,
    ...defined<Pick<ScanProblem, 'line' | 'column'>>({
      line: optionalNumber(row.line),
      column: optionalNumber(row.column),
    }),
    message: row.message,
  };
}
