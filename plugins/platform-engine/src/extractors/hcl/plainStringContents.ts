/*
 * Finds the contents of the plain quoted strings of an HCL file, which the parser may skip (see
 * parseHclTree in hclParser.ts). It is not a parser: the parser confirms each string it finds, and
 * parses the file whole when one is not where this scan says.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const SLASH = 0x2f;
const LESS_THAN = 0x3c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
// The contents of a plain string: no escapes, line ends or NUL characters (the parser takes a NUL
// for the end of the text), and `$` and `%` only where they do not open a template (or, doubled,
// escape one). Such contents read as written.
const PLAIN_CONTENTS = String.raw`(?:[^"\\\r\n$%\0]|[$%](?!\{))*`;
/** The rest of a plain string after its opening quote, closing quote included. */
const PLAIN_REST = new RegExp(`${PLAIN_CONTENTS}"`, 'y');
/**
 * A whole quoted string whose contents are plain: what the scan skips, and what readers may take
 * as written, without decoding.
 */
export const PLAIN_STRING = new RegExp(`^"${PLAIN_CONTENTS}"$`);
const TEMPLATE_OPENERS = new Set([0x24, 0x25]);
/** Templates inside strings inside templates… followed before the scan gives up. */
const MAX_NESTING = 16;

/**
 * A line end, or the end of the text, where `charCodeAt` gives NaN, or a NUL character, which the
 * parser takes for the end of the text.
 */
function isLineEnd(c: number): boolean {
  return c === LF || c === CR || c === 0 || Number.isNaN(c);
}

/**
 * Where the quoted string opening at `start` ends (after its closing quote), following escapes
 * and templates with the strings inside them; -1 where the scan cannot follow.
 */
function endOfString(text: string, start: number, nesting = 0): number {
  if (nesting > MAX_NESTING) {
    return -1;
  }
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      return i + 1;
    }
    if (isLineEnd(c)) {
      return -1;
    }
    if (c === BACKSLASH) {
      if (isLineEnd(text.charCodeAt(i + 1))) {
        return -1;
      }
      i += 2;
    } else if (TEMPLATE_OPENERS.has(c) && text.charCodeAt(i + 1) === c) {
      // `$${` and `%%{` are escapes, not templates.
      i += 2;
    } else if (
      TEMPLATE_OPENERS.has(c) &&
      text.charCodeAt(i + 1) === OPEN_BRACE
    ) {
      i = endOfTemplate(text, i + 2, nesting + 1);
      if (i === -1) {
        return -1;
      }
    } else {
      i += 1;
    }
  }
}

/** Where the template whose expression starts at `start` ends, after its `}`; -1 where unsure. */
function endOfTemplate(text: string, start: number, nesting: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) {
      if (depth === 0) {
        return i + 1;
      }
      depth -= 1;
      i += 1;
    } else if (c === OPEN_BRACE) {
      depth += 1;
      i += 1;
    } else if (c === QUOTE) {
      i = endOfString(text, i, nesting);
      if (i === -1) {
        return -1;
      }
    } else if (c === HASH || c === SLASH || c === LESS_THAN) {
      // A comment, a heredoc or a division: rare enough here to leave to the parser.
      return -1;
    } else {
      i += 1;
    }
  }
  return -1;
}

/**
 * The contents of the plain quoted strings of a file, as `[start, end)` offsets, in order. Read
 * with a scan that knows comments, strings and templates only, so it stops at the first thing it
 * cannot follow (a heredoc, say); everything after that is parsed in full. Strings that need
 * decoding (escapes, templates) are stepped over, not skipped.
 */
export function plainStringContents(text: string): Array<[number, number]> {
  const contents: Array<[number, number]> = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      PLAIN_REST.lastIndex = i + 1;
      if (PLAIN_REST.test(text)) {
        const end = PLAIN_REST.lastIndex - 1;
        if (end > i + 1) {
          contents.push([i + 1, end]);
        }
        i = end + 1;
      } else {
        i = endOfString(text, i);
        if (i === -1) {
          return contents;
        }
      }
    } else if (c === HASH || text.startsWith('//', i)) {
      // `#` and `//` comments run to the line end.
      const newline = text.indexOf('\n', i);
      if (newline === -1) {
        return contents;
      }
      i = newline + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) {
        return contents;
      }
      i = close + 2;
    } else if (text.startsWith('<<', i)) {
      return contents;
    } else {
      i += 1;
    }
  }
  return contents;
}
