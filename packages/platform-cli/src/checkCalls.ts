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

/** Releases read at the same time: each read is a git process or two. */
const CONCURRENT_CHECKS = 4;

/**
 * Checks the call of every reference resolved to a platform module release against that
 * release's interface, and judges its upgrade to the latest release; the results go on the
 * report entries. Each release is read once. An interface that cannot be read does not stop
 * the scan: it becomes one problem, at the first call that needed it, naming module, tag and file.
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
  const failures: Array<string | undefined> = [];
  let next = 0;
  const work = async () => {
    for (let i = next++; i < references.length; i = next++) {
      try {
        const check = await checkReferenceCall(
          reader,
          platform,
          references[i],
          drifts[i],
        );
        if (check) {
          entries[i].callStatus = check.callStatus;
          entries[i].callFindings = check.callFindings;
          if (check.upgrade) {
            entries[i].upgrade = check.upgrade;
          }
        }
      } catch (error) {
        failures[i] =
          error instanceof InterfaceReadError
            ? error.message
            : `${drifts[i].module} ${drifts[i].version}: ${redactUrlCredentials(
                String((error as Error)?.message ?? error),
              ).replaceAll(repository.url, repository.location)}`;
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
