import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';

/** Turns a thrown value into a short reason: an errno code or the message. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      return code;
    }
    if (typeof message === 'string') {
      return message;
    }
  }
  return String(error);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  }
  if (bytes >= 1024) {
    return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  }
  return `${bytes} bytes`;
}

export function compareStrings(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/** Why a file's bytes are not scanned, or its text. */
export type DecodeResult = { content: string } | { problem: string };

/** One decoder for every file: it keeps no state between whole-buffer decodes. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Checks that bytes are UTF-8 text within the size limit. */
export function decodeText(
  bytes: Uint8Array,
  maxFileSize: number,
): DecodeResult {
  if (bytes.length > maxFileSize) {
    return {
      problem: `file is ${formatBytes(
        bytes.length,
      )}, over the size limit of ${formatBytes(maxFileSize)}; not scanned`,
    };
  }
  if (bytes.includes(0)) {
    return { problem: 'binary file (contains NUL bytes); not scanned' };
  }
  try {
    return {
      content: UTF8.decode(bytes),
    };
  } catch {
    return { problem: 'file is not valid UTF-8 text; not scanned' };
  }
}

/** Extractors whose `matches` accepts the path; one that throws becomes a problem. */
export function matchingExtractors(
  file: string,
  extractors: ReferenceExtractor[],
  problems: ScanProblem[],
): ReferenceExtractor[] {
  return extractors.filter(extractor => {
    try {
      return extractor.matches(file);
    } catch (error) {
      problems.push({
        file,
        message: `extractor "${
          extractor.id
        }" failed to match the path: ${describeError(error)}`,
      });
      return false;
    }
  });
}

/** Runs each extractor on one file's text, collecting into the given arrays. */
export function runExtractors(
  file: string,
  content: string,
  extractors: ReferenceExtractor[],
  references: Reference[],
  problems: ScanProblem[],
): void {
  for (const extractor of extractors) {
    try {
      const result = extractor.extract({ path: file, content });
      // A loop rather than push(...spread): huge results would overflow the argument list.
      for (const reference of result?.references ?? []) {
        references.push(reference);
      }
      for (const problem of result?.problems ?? []) {
        problems.push(problem);
      }
    } catch (error) {
      problems.push({
        file,
        message: `extractor "${extractor.id}" failed: ${describeError(error)}`,
      });
    }
  }
}

/** Sorts references by file, line, column and problems by file, line, column, in place. */
export function sortFindings(
  references: Reference[],
  problems: ScanProblem[],
): void {
  references.sort(
    (a, b) =>
      compareStrings(a.position.file, b.position.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column,
  );
  problems.sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
