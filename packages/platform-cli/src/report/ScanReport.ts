import {
  CallFinding,
  CallStatus,
  DriftVerdict,
  PinType,
  ReferenceKind,
  RequiredModuleFinding,
  ScanProblem,
  UpgradeSummary,
} from '@platform-portal/plugin-platform-common';
import { ModuleChannelEntry } from '../channels/readPlatformChannels';

/**
 * One reference and its verdict, as printed by `--format json` (see schema/scan-report.schema.json).
 */
export interface ReportEntry {
  file: string;
  line: number;
  column: number;
  kind: ReferenceKind;
  /** The source as written. */
  source: string;
  /** Normalised name of what the source points at. */
  name: string;
  pin: PinType;
  /** The ref, SHA or constraint as written. */
  ref?: string;
  /** The platform module, when the reference is to one. */
  module?: string;
  /** The version the reference resolves to. */
  version?: string;
  latest?: string;
  releasesBehind?: number;
  environment?: string;
  /** Absent when no platform was given: the reference is listed, not judged. */
  verdict?: DriftVerdict;
  explanation?: string;
  /** Set when the call was checked against the interface of the release it pins. */
  callStatus?: CallStatus;
  /** Problems of the call against the release it pins. */
  callFindings?: CallFinding[];
  /** The upgrade to the latest release, judged for this call; absent when it pins the latest. */
  upgrade?: UpgradeSummary;
}

/** Everything one scan found. */
export interface ScanReport {
  /** Absolute path of the scanned tree. */
  root: string;
  platform?: { name: string; repository: string };
  filesScanned: number;
  references: ReportEntry[];
  problems: ScanProblem[];
  /**
   * The platform's required modules the tree misses or pins outside their range; absent when
   * no platform was given.
   */
  requiredModules?: RequiredModuleFinding[];
  /** With `--channels`: what each channel of the platform's modules offers; absent without. */
  channels?: ModuleChannelEntry[];
}
