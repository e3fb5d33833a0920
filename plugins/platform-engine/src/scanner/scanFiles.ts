import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import {
  ReferenceExtractor,
  RepositoryFile,
} from '@platform-portal/plugin-platform-node';
import {
  decodeText,
  matchingExtractors,
  runExtractors,
  sortFindings,
} from './extractFile';
import { ScanTreeResult } from './scanTree';
import {
  markForTreePasses,
  PassMarks,
  runTreePasses,
} from './treePasses/treePass';

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * Whether any extractor wants the file at this path; what a repository host is asked to read.
 *
 * @public
 */
export function createFileFilter(
  extractors: ReferenceExtractor[],
): (path: string) => boolean {
  return file => matchingExtractors(file, extractors, []).length > 0;
}

/**
 * Runs the extractors on files already read from a repository host, with the same checks as
 * {@link scanTree}: oversized, binary or non-UTF-8 files become problems.
 *
 * @public
 */
export function scanFiles(
  files: RepositoryFile[],
  options: { extractors: ReferenceExtractor[]; maxFileSize?: number },
): ScanTreeResult {
  const { extractors, maxFileSize = DEFAULT_MAX_FILE_SIZE } = options;
  const references: Reference[] = [];
  const problems: ScanProblem[] = [];
  let filesScanned = 0;
  // What each extracted file decoded to, for the passes that read other files of the tree.
  const decodedFiles = new Map<string, ReturnType<typeof decodeText>>();
  const passMarks: PassMarks = {};
  for (const file of files) {
    const matched = matchingExtractors(file.path, extractors, problems);
    if (matched.length === 0) {
      continue;
    }
    const decoded = decodeText(file.content, maxFileSize);
    decodedFiles.set(file.path, decoded);
    if ('problem' in decoded) {
      problems.push({ file: file.path, message: decoded.problem });
      continue;
    }
    filesScanned += 1;
    runExtractors(file.path, decoded.content, matched, references, problems);
    markForTreePasses(file.path, decoded.content, matched, passMarks);
  }
  // Terragrunt includes and in-tree XRDs, as scanTree follows them on a checkout.
  runTreePasses(
    extractors,
    [...decodedFiles.keys()],
    file => decodedFiles.get(file)!,
    { references, problems },
    passMarks,
  );
  sortFindings(references, problems);
  return { references, problems, filesScanned };
}
