import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { DecodeResult, describeError } from '../extractFile';

/**
 * The scanned tree as a tree pass sees it, once every file has been extracted on its own.
 *
 * @public
 */
export interface ScannedTree {
  /** Every file of the tree an extractor matched, relative with POSIX separators, sorted. */
  files: readonly string[];
  /**
   * The files the pass's {@link TreePass.marks} accepted when they were extracted, sorted; every
   * file for a pass without marks. A pass that starts from these reads no other file unless it
   * follows one of them there.
   */
  marked: readonly string[];
  /**
   * What the pass's {@link TreePass.marks} noted of one of `marked` while it was extracted;
   * undefined when it noted nothing (then the pass reads the file if it needs more).
   */
  note(file: string): PassNote | undefined;
  /** Whether `file` is one of `files`. */
  has(file: string): boolean;
  /**
   * The text of one of `files`, within the scan's size limit; undefined for any other path or a
   * file that cannot be read (its extraction has already reported why).
   */
  read(file: string): string | undefined;
  /** What the per-file extraction found. */
  references: readonly Reference[];
}

/**
 * What a tree pass found: a reference at the same file, line, column and kind as one found per
 * file takes its place; any other is added.
 *
 * @public
 */
export interface TreePassResult {
  references: Reference[];
  problems: ScanProblem[];
}

/**
 * A step that needs other files of the tree than the one extracted: Terragrunt includes, the
 * types an XRD elsewhere in the tree defines. It runs in the thread that walked the tree.
 *
 * `marks` says, from a file's path and text while it is extracted (in whichever thread reads
 * it), whether the pass must start from that file. Without it, the pass would read every file of
 * the tree a second time to find the few it starts from; a tree with no Terragrunt include or
 * XRD then costs the pass nothing. Instead of `true`, it may return a note of what the pass needs
 * of the file (see {@link PassNote}), which {@link ScannedTree.note} then gives the pass.
 *
 * @public
 */
export type TreePass = ((tree: ScannedTree) => TreePassResult) & {
  marks?(file: string, content: string): boolean | PassNote;
};

/**
 * What a tree pass's marks keep of a file that its extraction has already found (the types an
 * XRD defines, say), so that the pass need not parse the file again: strings, which pass from a
 * worker thread as they are.
 *
 * @public
 */
export type PassNote = readonly string[];

/**
 * Files each extractor's tree pass marked, by extractor id; a file with a note, with it.
 *
 * @public
 */
export type PassMarks = Record<string, Array<string | [string, PassNote]>>;

const TREE_PASS = Symbol.for('platform-portal.treePass');

type WithTreePass = ReferenceExtractor & { [TREE_PASS]?: TreePass };

/**
 * Gives an extractor the tree pass that completes what it finds per file; scanning with the
 * extractor runs the pass.
 *
 * @public
 */
export function withTreePass<T extends ReferenceExtractor>(
  extractor: T,
  pass: TreePass,
): T {
  Object.defineProperty(extractor, TREE_PASS, { value: pass });
  return extractor;
}

function treePassOf(extractor: ReferenceExtractor): TreePass | undefined {
  return (extractor as WithTreePass)[TREE_PASS];
}

/**
 * Records the file under each extractor whose tree pass marks it; called with the text while
 * the file is extracted, so that the passes need not read it again.
 */
export function markForTreePasses(
  file: string,
  content: string,
  extractors: readonly ReferenceExtractor[],
  marks: PassMarks,
): void {
  for (const extractor of extractors) {
    const mark = treePassOf(extractor)?.marks?.(file, content);
    if (mark) {
      (marks[extractor.id] ??= []).push(mark === true ? file : [file, mark]);
    }
  }
}

/** Adds the marks of `more` (e.g. a worker's batch) to `marks`, in place. */
export function mergePassMarks(marks: PassMarks, more: PassMarks | undefined) {
  for (const [id, files] of Object.entries(more ?? {})) {
    const list = (marks[id] ??= []);
    for (const file of files) {
      list.push(file);
    }
  }
}

function positionKey(reference: Reference): string {
  const { file, line, column } = reference.position;
  return `${reference.kind}\0${file}\0${line}\0${column}`;
}

/**
 * Runs the tree passes of the given extractors and merges what they find into `result`, in
 * place. A pass that throws becomes a problem of the tree; the per-file findings stay. `marks`
 * are the files {@link markForTreePasses} recorded while they were extracted.
 */
export function runTreePasses(
  extractors: readonly ReferenceExtractor[],
  files: readonly string[],
  read: (file: string) => DecodeResult,
  result: { references: Reference[]; problems: ScanProblem[] },
  marks: PassMarks,
): void {
  const passes = extractors.flatMap(extractor => {
    const pass = treePassOf(extractor);
    return pass ? [{ id: extractor.id, pass }] : [];
  });
  if (passes.length === 0) {
    return;
  }
  const sorted = [...files].sort();
  const known = new Set(sorted);
  const base: Omit<ScannedTree, 'marked' | 'note'> = {
    files: sorted,
    has: file => known.has(file),
    read(file) {
      if (!known.has(file)) {
        return undefined;
      }
      const decoded = read(file);
      return 'content' in decoded ? decoded.content : undefined;
    },
    references: result.references,
  };
  for (const { id, pass } of passes) {
    const notes = new Map<string, PassNote>();
    const markedFiles = new Set<string>();
    for (const mark of marks[id] ?? []) {
      if (typeof mark === 'string') {
        markedFiles.add(mark);
      } else {
        markedFiles.add(mark[0]);
        notes.set(mark[0], mark[1]);
      }
    }
    const marked = pass.marks
      ? [...markedFiles].filter(file => known.has(file)).sort()
      : sorted;
    let found: TreePassResult;
    try {
      found = pass({ ...base, marked, note: file => notes.get(file) });
    } catch (error) {
      result.problems.push({
        file: '.',
        message: `extractor "${id}" failed to follow references across files: ${describeError(
          error,
        )}`,
      });
      continue;
    }
    const replacements = new Map(
      found.references.map(reference => [positionKey(reference), reference]),
    );
    for (let i = 0; i < result.references.length; i++) {
      const key = positionKey(result.references[i]);
      const replacement = replacements.get(key);
      if (replacement) {
        result.references[i] = replacement;
        replacements.delete(key);
      }
    }
    for (const reference of replacements.values()) {
      result.references.push(reference);
    }
    for (const problem of found.problems) {
      result.problems.push(problem);
    }
  }
}
