import { CST, Lexer, Parser } from 'yaml';

// Tokens the lexer emits that are not source text.
const LEXER_MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** Where a text nests too deep, once {@link streamYamlCst} has found it; -1 until then. */
export interface YamlDepthCheck {
  tooDeepAt: number;
}

/**
 * The CST of a text, one top-level node at a time, as the lexer reaches it. It stops early at
 * deep flow nesting (`[[[[`) or stacked indicators on one line (`- - - -`), which cost the CST
 * parser super-linear time, and before a node nested deeper than `maxDepth`; `check.tooDeepAt`
 * then says where. Lexing, parsing and composing a node at a time keeps only the document being
 * read in the making: the tokens of a whole 5 MB file at once took hundreds of megabytes.
 */
export function* streamYamlCst(
  content: string,
  maxDepth: number,
  check: YamlDepthCheck,
): Generator<CST.Token> {
  const parser = new Parser();
  let offset = 0;
  let flowDepth = 0;
  let indicatorsOnLine = 0;
  for (const token of new Lexer().lex(content)) {
    switch (CST.tokenType(token)) {
      case 'flow-map-start':
      case 'flow-seq-start':
        flowDepth += 1;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        flowDepth = Math.max(0, flowDepth - 1);
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
        indicatorsOnLine += 1;
        break;
      case 'newline':
        indicatorsOnLine = 0;
        break;
      default:
    }
    if (flowDepth > maxDepth || indicatorsOnLine > maxDepth) {
      check.tooDeepAt = Math.min(offset, content.length);
      return;
    }
    if (!LEXER_MARKERS.has(token)) {
      offset += token.length;
    }
    for (const node of parser.next(token)) {
      if (!withinDepth(node, maxDepth, check)) {
        return;
      }
      yield node;
    }
  }
  for (const node of parser.end()) {
    if (!withinDepth(node, maxDepth, check)) {
      return;
    }
    yield node;
  }
}

function withinDepth(
  node: CST.Token,
  maxDepth: number,
  check: YamlDepthCheck,
): boolean {
  const deep = cstDepthOffset([node], maxDepth);
  if (deep >= 0) {
    check.tooDeepAt = deep;
  }
  return deep < 0;
}

/** Exact nesting depth of the CST, walked without recursion. */
function cstDepthOffset(tokens: CST.Token[], maxDepth: number): number {
  const stack: Array<{ token: CST.Token | undefined; depth: number }> =
    tokens.map(token => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) {
      continue;
    }
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
      continue;
    }
    if (
      token.type === 'block-map' ||
      token.type === 'block-seq' ||
      token.type === 'flow-collection'
    ) {
      if (depth + 1 > maxDepth) {
        return token.offset;
      }
      for (const item of token.items as Array<{
        key?: CST.Token | null;
        value?: CST.Token;
      }>) {
        stack.push({ token: item.key ?? undefined, depth: depth + 1 });
        stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return -1;
}

/**
 * The YAML library's concrete syntax tree of a text, for its Composer, or the offset where the
 * text nests collections deeper than `maxDepth`. The composer (and toJS) recurse once per
 * nesting level; too deep a structure would overflow the stack, and V8 can turn that into a
 * fatal out-of-memory abort, so it is refused before they run.
 */
export function parseYamlCst(
  content: string,
  maxDepth: number,
): { cst: CST.Token[] } | { tooDeepAt: number } {
  const check: YamlDepthCheck = { tooDeepAt: -1 };
  const cst = [...streamYamlCst(content, maxDepth, check)];
  return check.tooDeepAt >= 0 ? { tooDeepAt: check.tooDeepAt } : { cst };
}
