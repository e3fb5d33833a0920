import {
  CallCheck,
  DriftResult,
  Reference,
  ScanProblem,
  redactUrlCredentials,
} from '@platform-portal/plugin-platform-common';
import {
  checkReferenceCall,
  InterfacePlatform,
  InterfaceReadError,
  ModuleInterfaceReader,
} from '@platform-portal/plugin-platform-engine';

/**
 * The call checks of one repository's scan. An interface that cannot be read leaves the calls
 * that pin it unchecked and becomes one problem of the repository, however many calls pin it;
 * the repository's scan goes on.
 *
 * @internal
 */
export class RepositoryCallChecks {
  readonly problems: ScanProblem[] = [];
  /**
   * Set when an interface could not be read for a reason that may pass (its host did not
   * answer), rather than for what the release holds.
   */
  incomplete = false;
  private readonly reported = new Set<string>();

  constructor(private readonly reader: ModuleInterfaceReader) {}

  /** The check of a resolved reference's call; undefined when it has none or was not checked. */
  async check(
    reference: Reference,
    platform: InterfacePlatform,
    drift: Pick<DriftResult, 'module' | 'version' | 'latest'>,
  ): Promise<CallCheck | undefined> {
    try {
      return await checkReferenceCall(this.reader, platform, reference, drift);
    } catch (error) {
      if (!(error instanceof InterfaceReadError)) {
        this.incomplete = true;
      }
      const message = redactUrlCredentials(
        error instanceof Error ? error.message : String(error),
      );
      if (!this.reported.has(message)) {
        this.reported.add(message);
        this.problems.push({
          file: reference.position.file,
          line: reference.position.line,
          message: `Calls of ${drift.module} were not checked against its interface: ${message}`,
        });
      }
      return undefined;
    }
  }
}
