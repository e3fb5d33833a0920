import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';

/**
 * A text file handed to an extractor: its path relative to the scanned tree (POSIX separators)
 * and its content, already checked to be UTF-8 text of a sane size.
 *
 * @public
 */
export interface ExtractorFile {
  path: string;
  content: string;
}

/**
 * What an extractor found in one file. Problems describe what could not be read; an extractor
 * reports them instead of throwing.
 *
 * @public
 */
export interface ExtractResult {
  references: Reference[];
  problems: ScanProblem[];
}

/**
 * Finds pinned references to versioned building blocks in one kind of file.
 *
 * @public
 */
export interface ReferenceExtractor {
  /** Stable id, e.g. `terraform`, `github-actions`. */
  id: string;
  /** Whether the file at this relative path is for this extractor. */
  matches(path: string): boolean;
  /** Never throws: malformed input becomes a problem in the result. */
  extract(file: ExtractorFile): ExtractResult;
}
