/*
 * Why web-tree-sitter (WASM) with the grammar's bundled tree-sitter-hcl.wasm, measured on 400
 * generated terraform-aws-modules-style files (4.4 MB):
 *
 * - Lezer (codemirror-lang-hcl) flagged 239 of the 400 valid files as errors: it misparses
 *   `{ k = f(x) }`, which every real configuration contains.
 * - Native tree-sitter parsed 5x faster than Lezer but reached 2.36 GB RSS: its trees are freed
 *   only by the garbage collector, which a scan of thousands of files outruns.
 * - web-tree-sitter parses ~1.2 MB/s after a 49 ms start-up, stays at 75 MB RSS when each tree
 *   is deleted explicitly, and flagged no valid file as an error.
 *
 * Its weak spot is error recovery (`foo = = "x"` can open an imagined heredoc that swallows the
 * rest of the file; a missing `"` loses about half of the later blocks); readHclFile compensates
 * by parsing a file with errors again one top-level block at a time.
 *
 * Trees live in the WASM heap, so they never leave this module: callers read what they need
 * inside a callback and the tree is deleted when it returns.
 *
 * The grammar's external scanner makes each character inside a quoted string a token of its own,
 * so strings are most of a parse's cost (a module source is 70 tokens). The contents of plain
 * strings (no escapes, templates or line ends) carry no structure, so the parser is told to skip
 * them, through included ranges; it must then find a string exactly around each skipped part, or
 * the file is parsed again whole. That halves the time of a typical file. A file with a syntax
 * error is always parsed whole, so that errors are found and recovered from as before.
 */
import { promises as fs } from 'fs';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Point, Range, Tree } from 'web-tree-sitter';

/**
 * A loaded HCL parser. Synchronous, so extractors can stay synchronous.
 *
 * @public
 */
export interface HclParser {
  /**
   * Parses `text` and hands the root node to `read`; the tree is deleted when `read` returns or
   * throws, so nodes must not escape the callback.
   */
  parse<T>(text: string, read: (root: Node) => T): T;
}

let loading: Promise<HclParser> | undefined;

const QUOTE = 0x22;
// `"` ends a plain string; `\\` and line ends make it one that needs the parser, and so do `$`
// and `%` before `{`, which open a template (or, doubled, escape one).
const STRING_STOPS = new Set([QUOTE, 0x5c, 0x0a, 0x0d]);
const TEMPLATE_OPENERS = new Set([0x24, 0x25]);
const OPEN_BRACE = 0x7b;

const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;
/** Templates inside strings inside templates… followed before the scan gives up. */
const MAX_NESTING = 16;

function isLineEnd(c: number): boolean {
  return c === 0x0a || c === 0x0d || Number.isNaN(c);
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
    } else if (c === 0x23 || c === 0x2f || c === 0x3c) {
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
      let end = i + 1;
      for (; end < length; end += 1) {
        const d = text.charCodeAt(end);
        if (
          STRING_STOPS.has(d) ||
          (TEMPLATE_OPENERS.has(d) && text.charCodeAt(end + 1) === OPEN_BRACE)
        ) {
          break;
        }
      }
      if (end < length && text.charCodeAt(end) === QUOTE) {
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
    } else if (c === 0x23 || text.startsWith('//', i)) {
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

/** The parts of the text around the skipped ones, with their rows and columns. */
function rangesAround(text: string, skipped: Array<[number, number]>): Range[] {
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  const pointAt = (index: number): Point => {
    for (; scanned < index; scanned += 1) {
      if (text.charCodeAt(scanned) === 0x0a) {
        row += 1;
        lineStart = scanned + 1;
      }
    }
    return { row, column: index - lineStart };
  };
  const ranges: Range[] = [];
  let start = 0;
  for (const [from, to] of [...skipped, [text.length, text.length]]) {
    ranges.push({
      startIndex: start,
      endIndex: from,
      startPosition: pointAt(start),
      endPosition: pointAt(from),
    });
    start = to;
  }
  return ranges;
}

/** Whether the tree has a string exactly around each skipped part. */
function stringsAround(root: Node, skipped: Array<[number, number]>): boolean {
  return skipped.every(([from, to]) => {
    const node = root.descendantForIndex(from - 1, to + 1);
    return (
      node?.startIndex === from - 1 &&
      node.endIndex === to + 1 &&
      node.type === 'string_lit'
    );
  });
}

/**
 * Parses HCL, skipping the contents of plain strings where the parser confirms them (see the
 * top of this file); the tree reads as if the file had been parsed whole, but for the
 * `template_literal` nodes of those strings. The caller deletes the tree.
 */
export function parseHclTree(parser: Parser, text: string): Tree {
  const skipped = plainStringContents(text);
  if (skipped.length > 0) {
    const tree = parser.parse(text, null, {
      includedRanges: rangesAround(text, skipped),
    });
    if (
      tree &&
      !tree.rootNode.hasError &&
      stringsAround(tree.rootNode, skipped)
    ) {
      return tree;
    }
    tree?.delete();
  }
  const tree = parser.parse(text);
  if (!tree) {
    throw new Error('the HCL parser returned no tree');
  }
  return tree;
}

/** A tree-sitter parser for HCL; each call makes a new one. */
export async function createHclTreeParser(): Promise<Parser> {
  await Parser.init();
  // The grammar's native build is disabled; only its prebuilt WASM file is used. The bytes are
  // read here because Language.load(path) uses a dynamic import() that Jest's CommonJS runtime
  // rejects; the copy into a Uint8Array of this realm passes its `instanceof` check under Jest.
  const wasm = await fs.readFile(
    require.resolve(
      '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
    ),
  );
  const language = await Language.load(new Uint8Array(wasm));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

async function load(): Promise<HclParser> {
  const parser = await createHclTreeParser();
  return {
    parse(text, read) {
      const tree = parseHclTree(parser, text);
      try {
        return read(tree.rootNode);
      } finally {
        tree.delete();
      }
    },
  };
}

/**
 * Loads web-tree-sitter and the HCL grammar once per process; later calls share the parser.
 *
 * @public
 */
export function loadHclParser(): Promise<HclParser> {
  if (!loading) {
    loading = load().catch(error => {
      // A failed load is not cached, so a later call can try again.
      loading = undefined;
      throw error;
    });
  }
  return loading;
}
