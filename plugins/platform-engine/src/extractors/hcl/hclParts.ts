/*
 * Where a large HCL file may be cut into parts that parse on their own. The parser keeps a
 * file's whole tree in its WebAssembly heap, which grows to hold it and never shrinks: a 4 MB
 * file of 40,000 blocks took 750 MB. Parsed in parts of a few kilobytes, one tree at a time, the
 * heap stays small, and each part can skip its strings' contents (see hclParser.ts), which a
 * whole large file cannot afford.
 *
 * A part starts at a line that opens a top-level block at column 1, as formatters write it. The
 * scan below follows what can hide such a line: strings (with templates and the strings inside
 * them, which may span lines), heredocs, comments and brackets. It is not a parser: where it
 * cannot follow the text it stops cutting. A cut it got wrong leaves the part before it with
 * something unclosed, which the parser reports, and a part with an error makes the caller parse
 * the file whole, as before.
 */

const LF = 0x0a;
const QUOTE = 0x22;
const HASH = 0x23;
const DOLLAR = 0x24;
const PERCENT = 0x25;
const SLASH = 0x2f;
const STAR = 0x2a;
const LESS_THAN = 0x3c;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPENERS = new Set([0x28, 0x5b, OPEN_BRACE]); // ( [ {
const CLOSERS = new Set([0x29, 0x5d, CLOSE_BRACE]); // ) ] }

/** A line that opens a block: `type "label" ident {`, from column 1. */
const BLOCK_LINE =
  /[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\r\n\\$%]*"|[A-Za-z_][\w-]*))*[ \t]*\{/y;
/** A heredoc opener after its `<<`: an optional `-`, the marker, then the line end. */
const HEREDOC_OPENER = /-?([A-Za-z_][\w-]*)[ \t]*\r?\n/y;

/**
 * How long a part is at least. Parts of 8 to 32 KB parsed a 4 MB file in about the same time; a
 * part this long may skip some 3,000 strings within the parser's bound, all those of ordinary
 * code.
 */
export const HCL_PART_LENGTH = 16_384;

/** Where the scan is: inside a quoted string, or in expressions `depth` brackets deep. */
type Frame = { string: boolean; depth: number };

/**
 * Cuts `text` into parts of at least `partLength` characters, each starting at a line that opens
 * a top-level block: the bounds of the parts, from 0 to the text's length. A text shorter than
 * two parts, or one the scan cannot follow from its start, is one part.
 */
export function hclPartBounds(text: string, partLength: number): number[] {
  const bounds = [0];
  if (text.length < 2 * partLength) {
    return [0, text.length];
  }
  // The innermost frame last; the file itself is code at depth 0. A template inside a string
  // (`"${ {a = "}"}.a }"`) is code again, with its own depth, until its closing brace.
  const frames: Frame[] = [{ string: false, depth: 0 }];
  let lineStart = true;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const frame = frames[frames.length - 1];
    const c = text.charCodeAt(i);
    if (frame.string) {
      if (c === QUOTE) {
        frames.pop();
        i += 1;
      } else if (c === BACKSLASH) {
        i += 2;
      } else if (c === LF) {
        // A quoted string cannot span lines outside its templates: the text is not HCL here.
        break;
      } else if (
        (c === DOLLAR || c === PERCENT) &&
        text.charCodeAt(i + 1) === c
      ) {
        // `$${` and `%%{` are escapes, not templates.
        i += 2;
      } else if (
        (c === DOLLAR || c === PERCENT) &&
        text.charCodeAt(i + 1) === OPEN_BRACE
      ) {
        frames.push({ string: false, depth: 0 });
        i += 2;
      } else {
        i += 1;
      }
      continue;
    }
    if (lineStart && frames.length === 1 && frame.depth === 0 && i > 0) {
      BLOCK_LINE.lastIndex = i;
      if (
        i - bounds[bounds.length - 1] >= partLength &&
        length - i >= partLength &&
        BLOCK_LINE.test(text)
      ) {
        bounds.push(i);
      }
    }
    lineStart = false;
    if (c === LF) {
      lineStart = true;
      i += 1;
    } else if (c === QUOTE) {
      frames.push({ string: true, depth: 0 });
      i += 1;
    } else if (
      c === HASH ||
      (c === SLASH && text.charCodeAt(i + 1) === SLASH)
    ) {
      // Up to the line end, which the next round reads.
      const end = text.indexOf('\n', i);
      i = end === -1 ? length : end;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) {
        break;
      }
      i = end + 2;
    } else if (c === LESS_THAN && text.charCodeAt(i + 1) === LESS_THAN) {
      const end = heredocEnd(text, i + 2);
      if (end === -1) {
        break;
      }
      // The heredoc ends with its marker's line; the next line starts after it.
      i = end;
    } else if (OPENERS.has(c)) {
      frame.depth += 1;
      i += 1;
    } else if (CLOSERS.has(c)) {
      if (frame.depth > 0) {
        frame.depth -= 1;
      } else if (frames.length > 1 && c === CLOSE_BRACE) {
        // The `}` that closes a template: back into its string.
        frames.pop();
      } else {
        break;
      }
      i += 1;
    } else {
      i += 1;
    }
  }
  bounds.push(length);
  return bounds;
}

/**
 * Where the line of the heredoc's closing marker ends, for a heredoc whose `<<` ends at `start`;
 * -1 when it is no heredoc or is never closed.
 */
function heredocEnd(text: string, start: number): number {
  HEREDOC_OPENER.lastIndex = start;
  const opener = HEREDOC_OPENER.exec(text);
  if (!opener) {
    return -1;
  }
  const closer = new RegExp(`^[ \\t]*${opener[1]}[ \\t]*\\r?$`, 'gm');
  closer.lastIndex = HEREDOC_OPENER.lastIndex;
  const end = closer.exec(text);
  return end ? end.index + end[0].length : -1;
}
