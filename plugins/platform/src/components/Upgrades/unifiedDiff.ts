/** The kind of a line of a unified diff, as it is shown. */
export type DiffLineKind = 'added' | 'removed' | 'context' | 'hunk' | 'header';

export interface DiffLine {
  kind: DiffLineKind;
  /** The marker a reader sees in front of the text: `+`, `-` or a space. */
  marker: string;
  text: string;
}

/**
 * The lines of a unified diff (as `git diff` writes it), each with its kind, so that added and
 * removed lines can be shown with a colour and their marker. A trailing newline adds no line.
 */
export function parseUnifiedDiff(patch: string): DiffLine[] {
  const lines = patch.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  let inHunk = false;
  return lines.map((line): DiffLine => {
    if (line.startsWith('@@')) {
      inHunk = true;
      return { kind: 'hunk', marker: '', text: line };
    }
    // File headers come before the first hunk; inside a hunk, "--- x" is a removed line.
    if (!inHunk) {
      return { kind: 'header', marker: '', text: line };
    }
    if (line.startsWith('+')) {
      return { kind: 'added', marker: '+', text: line.slice(1) };
    }
    if (line.startsWith('-')) {
      return { kind: 'removed', marker: '-', text: line.slice(1) };
    }
    if (line.startsWith('\\')) {
      return { kind: 'header', marker: '', text: line };
    }
    return { kind: 'context', marker: ' ', text: line.slice(1) };
  });
}
