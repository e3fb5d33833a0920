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
 */
import { promises as fs } from 'fs';
import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';

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

async function load(): Promise<HclParser> {
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
  return {
    parse(text, read) {
      const tree = parser.parse(text);
      if (!tree) {
        throw new Error('the HCL parser returned no tree');
      }
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
