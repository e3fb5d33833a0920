/**
 * A blank line (spaces alone, or nothing), or a comment on a line of its own: spaces, `#`, and
 * printable ASCII that does not end in a space (the lexer would leave a trailing space out of the
 * comment), or nothing.
 */
const LINE = /( *)(#(?:[ -~]*[!-~])?)?\n/y;

/**
 * Comment lines and blank lines between two lines of a document, as the composer gives them to
 * the first node of the line after them: `spaceBefore` when a blank line comes before the first
 * comment, and the comments as `commentBefore`, one a line, a blank line after a comment kept as
 * a line break.
 */
export interface LinesBetween {
  /** Where the line after them starts. */
  end: number;
  spaceBefore: boolean;
  /** Undefined when there is no comment line. */
  commentBefore: string | undefined;
  /**
   * The comments as the document's own comment, when they end it: blank lines between them
   * kept, those before and after them left out.
   */
  endComment: string | undefined;
  /** The column every comment line's `#` stands at; -1 when they stand at different ones. */
  column: number;
}

/**
 * The comment lines and blank lines from `at` on, up to `end`; undefined when there are none. A
 * tab, a carriage return or a comment with a trailing space or other than ASCII is not taken.
 */
export function linesBetween(
  content: string,
  at: number,
  end: number,
): LinesBetween | undefined {
  let spaceBefore = false;
  let comment = '';
  let endComment = '';
  let endSeparator = '';
  let column: number | undefined;
  let next = at;
  while (next < end) {
    LINE.lastIndex = next;
    const line = LINE.exec(content);
    if (!line || LINE.lastIndex > end) {
      break;
    }
    next = LINE.lastIndex;
    const [, spaces, hashed] = line;
    if (hashed === undefined) {
      // The library keeps a blank line after a comment as a line break in it.
      if (comment) {
        comment += '\n';
        endSeparator += '\n';
      } else {
        spaceBefore = true;
      }
      continue;
    }
    // An empty comment is a space to the library, so that it is not lost.
    const text = hashed.slice(1) || ' ';
    comment = comment ? `${comment}\n${text}` : text;
    endComment = endComment ? `${endComment}${endSeparator}${text}` : text;
    endSeparator = '\n';
    column =
      column === undefined || column === spaces.length ? spaces.length : -1;
  }
  if (next === at) {
    return undefined;
  }
  return {
    end: next,
    spaceBefore,
    commentBefore: comment || undefined,
    endComment: endComment || undefined,
    column: column ?? -1,
  };
}

/** Gives `node` what the composer gives the first node after `lines`. */
export function attachLinesBetween(
  node: { spaceBefore?: boolean; commentBefore?: string | null },
  lines: LinesBetween,
) {
  if (lines.spaceBefore) {
    node.spaceBefore = true;
  }
  if (lines.commentBefore !== undefined) {
    node.commentBefore = lines.commentBefore;
  }
}
