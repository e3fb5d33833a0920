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
import { plainStringContents } from './plainStringContents';

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

/**
 * Bounds the strings skipped in one parse, as text length × skipped strings. Before each token
 * the parser looks its included range up from the first one, so a parse costs about tokens ×
 * ranges: a file of 40,000 module blocks, every string skipped, took minutes. Within this bound
 * a file of up to 100 KB skips up to 500 strings, which costs it a few milliseconds; a 4 MB file
 * parsed whole skips only its first dozen, which is why readHclFile parses a large file in parts
 * (hclParts.ts). It bounds the lookups of stringsAround alike.
 */
const MAX_RANGE_STEPS = 50_000_000;

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

/**
 * Whether the tree has a string exactly around each skipped part. Each is looked up from the
 * root, through the top-level blocks before it: with MAX_RANGE_STEPS bounding the parts, that
 * costs less than one walk of the tree, which reads every node it passes from WASM.
 */
export function stringsAround(
  root: Node,
  skipped: Array<[number, number]>,
): boolean {
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
  const skipped = plainStringContents(text).slice(
    0,
    Math.floor(MAX_RANGE_STEPS / Math.max(1, text.length)),
  );
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
 * The HCL parser of {@link loadHclParser} before it is loaded, so that an extractor can be made
 * first: its `parse` throws until a call of `load` has resolved.
 */
export function hclParserToLoad(): {
  parser: HclParser;
  load: () => Promise<void>;
} {
  let loaded: HclParser | undefined;
  return {
    parser: {
      parse(text, read) {
        if (!loaded) {
          throw new Error('the HCL parser has not loaded yet');
        }
        return loaded.parse(text, read);
      },
    },
    load: async () => {
      loaded = await loadHclParser();
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
