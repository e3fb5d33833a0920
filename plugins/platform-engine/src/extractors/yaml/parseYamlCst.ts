import { CST, Lexer, Parser } from 'yaml';

// Tokens the lexer emits that are not source text.
const LEXER_MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * Lexes the text, stopping early at deep flow nesting (`[[[[`) or stacked indicators on one
 * line (`- - - -`): they cost the CST parser super-linear time, so they are rejected before it
 * runs. The tokens are kept for the parser, so the text is lexed once.
 */
function lexWithinDepth(
  content: string,
  maxDepth: number,
): { tokens: string[] } | { tooDeepAt: number } {
  const tokens: string[] = [];
  let offset = 0;
  let flowDepth = 0;
  let indicatorsOnLine = 0;
  for (const token of new Lexer().lex(content)) {
    tokens.push(token);
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
      return { tooDeepAt: Math.min(offset, content.length) };
    }
    if (!LEXER_MARKERS.has(token)) {
      offset += token.length;
    }
  }
  return { tokens };
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
  const lexed = lexWithinDepth(content, maxDepth);
  if ('tooDeepAt' in lexed) {
    return lexed;
  }
  // The parser is fed the tokens already lexed, which is what its parse() does after lexing.
  const parser = new Parser();
  const cst: CST.Token[] = [];
  for (const token of lexed.tokens) {
    for (const node of parser.next(token)) {
      cst.push(node);
    }
  }
  for (const node of parser.end()) {
    cst.push(node);
  }
  const deep = cstDepthOffset(cst, maxDepth);
  return deep >= 0 ? { tooDeepAt: deep } : { cst };
}
