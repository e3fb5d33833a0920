import path from 'node:path';
import {
  DriftResult,
  PlatformManifest,
  Reference,
  ScanProblem,
  findRequiredModuleFindings,
  requiredModulesOf,
} from '@platform-portal/plugin-platform-common';
import {
  createLazyDefaultExtractors,
  withPlatformXrdTypes,
  resolveReferences,
  scanTree,
  ScanTreeResult,
} from '@platform-portal/plugin-platform-engine';
import { checkCalls } from './checkCalls';
import { LoadedPlatform } from './loadPlatform';
import { ReportEntry, ScanReport } from './report/ScanReport';
import { createWorkerScanPool } from './workerPool';

function toEntry(reference: Reference, drift?: DriftResult): ReportEntry {
  return {
    file: reference.position.file,
    line: reference.position.line,
    column: reference.position.column,
    kind: reference.kind,
    source: reference.source,
    name: reference.name,
    pin: reference.pin,
    ref: reference.ref,
    module: drift?.module,
    version: drift?.version,
    latest: drift?.latest,
    releasesBehind: drift?.releasesBehind,
    environment: drift?.environment,
    verdict: drift?.verdict,
    explanation: drift?.explanation,
  };
}

/** The tree is one service: the required modules of the platform it misses or pins outside. */
function requiredFindings(
  manifest: PlatformManifest,
  references: ReportEntry[],
) {
  const platform = manifest.name;
  return findRequiredModuleFindings(
    requiredModulesOf(manifest.modules.map(m => ({ ...m, platform }))),
    // Every module of a report is the one platform's.
    references.map(r => ({ ...r, platform: r.module && platform })),
  );
}

/** Scans a tree and, when a platform is given, judges every reference against it. */
export async function scan(options: {
  dir: string;
  platform?: Pick<LoadedPlatform, 'snapshot' | 'problems' | 'repository'>;
  onProgress?: (filesScanned: number) => void;
  /** Threads that read and parse files, this one included: jobs - 1 workers. */
  jobs?: number;
}): Promise<ScanReport> {
  const root = path.resolve(options.dir);
  // Claims that leave the Composition to the platform's XRD are known by their type alone.
  const xrdModules =
    options.platform?.snapshot?.manifest.modules.filter(m => m.xrd) ?? [];
  const pool =
    (options.jobs ?? 1) > 1
      ? createWorkerScanPool({ threads: options.jobs! - 1, xrdModules })
      : undefined;
  let result;
  try {
    result = await scanTree(root, {
      // The HCL parser loads once the walk finds a Terraform or Terragrunt file: a tree without one
      // never loads it.
      extractors: withPlatformXrdTypes(createLazyDefaultExtractors(), [
        { modules: xrdModules },
      ]),
      onProgress: options.onProgress,
      pool,
    });
  } catch (error) {
    await pool?.close();
    throw error;
  }
  // The workers stop while the references are judged.
  const closing = pool?.close();
  try {
    return await report(root, result, options.platform);
  } finally {
    await closing;
  }
}

async function report(
  root: string,
  result: ScanTreeResult,
  platform?: Pick<LoadedPlatform, 'snapshot' | 'problems' | 'repository'>,
): Promise<ScanReport> {
  const snapshot = platform?.snapshot;
  const problems: ScanProblem[] = [
    ...(platform?.problems ?? []),
    ...result.problems,
  ];
  let references: ReportEntry[];
  if (snapshot) {
    const drifts = resolveReferences(result.references, snapshot);
    references = drifts.map((drift, i) => toEntry(result.references[i], drift));
    if (platform?.repository) {
      problems.push(
        ...(await checkCalls(
          result.references,
          drifts,
          references,
          snapshot,
          platform.repository,
        )),
      );
    }
  } else {
    references = result.references.map(reference => toEntry(reference));
  }
  return {
    root,
    platform: snapshot
      ? {
          name: snapshot.manifest.name,
          repository: snapshot.manifest.repository,
        }
      : undefined,
    filesScanned: result.filesScanned,
    references,
    problems,
    ...(snapshot && {
      requiredModules: requiredFindings(snapshot.manifest, references),
    }),
  };
}
