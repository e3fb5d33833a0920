import {
  DriftResult,
  redactUrlCredentials,
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import {
  checkReferenceCall,
  InterfaceReadError,
  ModuleInterfaceReader,
} from '@platform-portal/plugin-platform-engine';
import { PlatformRepository } from './loadPlatform';
import { ReportEntry } from './report/ScanReport';

/** Calls checked at the same time, so that the releases they read are asked of git together. */
const CONCURRENT_CHECKS = 4;

/**
 * All that a call check reads of a reference and its drift, as one string: references with the
 * same key get the same check. Undefined when there is nothing to check.
 */
function checkKey(reference: Reference, drift: DriftResult) {
  const { call } = reference;
  if (!call || !drift.module || !drift.version) {
    return undefined;
  }
  const key = JSON.stringify([
    drift.module,
    drift.version,
    drift.latest,
    reference.target,
    reference.name,
    call,
  ]);
  // JSON writes NaN and the infinities as null, which a check tells apart: they are added.
  return call.arguments.some(
    a => typeof a.value === 'number' && !Number.isFinite(a.value),
  )
    ? `${key} ${call.arguments.map(a => String(a.value)).join(' ')}`
    : key;
}

/**
 * Checks the call of every reference resolved to a platform module release against that
 * release's interface, and judges its upgrade to the latest release; the results go on the
 * report entries. Each release is read once, and each distinct call of a release is checked
 * once: a platform's services make the same calls many times over. An interface that cannot be
 * read does not stop the scan: it becomes one problem, at the first call that needed it,
 * naming module, tag and file.
 */
export async function checkCalls(
  references: readonly Reference[],
  drifts: readonly DriftResult[],
  entries: ReportEntry[],
  snapshot: PlatformSnapshot,
  repository: PlatformRepository,
): Promise<ScanProblem[]> {
  const reader = new ModuleInterfaceReader({ hosts: repository.hosts });
  const platform = { url: repository.url, snapshot };
  // The references of each distinct call, in their order; the first one is checked.
  const calls = new Map<string, number[]>();
  references.forEach((reference, i) => {
    const key = checkKey(reference, drifts[i]);
    if (key !== undefined) {
      const same = calls.get(key);
      if (same) same.push(i);
      else calls.set(key, [i]);
    }
  });
  const groups = [...calls.values()];
  const failures: Array<string | undefined> = [];
  let next = 0;
  const work = async () => {
    for (let g = next++; g < groups.length; g = next++) {
      const group = groups[g];
      const i = group[0];
      try {
        const check = await checkReferenceCall(
          reader,
          platform,
          references[i],
          drifts[i],
        );
        if (check) {
          for (const j of group) {
            entries[j].callStatus = check.callStatus;
            entries[j].callFindings = [...check.callFindings];
            if (check.upgrade) {
              entries[j].upgrade = {
                ...check.upgrade,
                needs: [...check.upgrade.needs],
              };
            }
          }
        }
      } catch (error) {
        const failure =
          error instanceof InterfaceReadError
            ? error.message
            : `${drifts[i].module} ${drifts[i].version}: ${redactUrlCredentials(
                String((error as Error)?.message ?? error),
              ).replaceAll(repository.url, repository.location)}`;
        for (const j of group) {
          failures[j] = failure;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CHECKS }, work));

  // In the order of the references, so that every run reports the same.
  const problems = new Map<string, ScanProblem>();
  failures.forEach((failure, i) => {
    if (failure !== undefined && !problems.has(failure)) {
      const { position } = references[i];
      problems.set(failure, {
        file: position.file,
        line: position.line,
        column: position.column,
        message: `the module call cannot be checked: ${failure}`,
      });
    }
  });
  return [...problems.values()];
}
