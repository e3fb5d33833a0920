import { ScanProblem } from '@platform-portal/plugin-platform-common';
import {
  ExtractorFile,
  ExtractResult,
  ReferenceExtractor,
} from '@platform-portal/plugin-platform-node';

/** The problem reported when an extractor fails unexpectedly, in place of a throw. */
export function failureProblem(
  file: string,
  what: string,
  error: unknown,
): ScanProblem {
  return {
    file,
    message: `${what} could not be read: ${String(
      (error as Error)?.message ?? error,
    )}`,
  };
}

/**
 * Builds a {@link ReferenceExtractor} whose `extract` never throws: an unexpected error becomes
 * a problem `<label> file could not be read: <message>` for the file.
 */
export function guardExtractor(options: {
  id: string;
  /** What the file is called in the problem, e.g. `Terraform` or `Helm chart`. */
  label: string;
  matches(path: string): boolean;
  extract(file: ExtractorFile): ExtractResult;
}): ReferenceExtractor {
  const { id, label, matches, extract } = options;
  return {
    id,
    matches,
    extract(file) {
      try {
        return extract(file);
      } catch (error) {
        return {
          references: [],
          problems: [failureProblem(file.path, `${label} file`, error)],
        };
      }
    },
  };
}
