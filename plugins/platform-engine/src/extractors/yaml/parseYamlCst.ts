import { CST, Lexer, Parser } from 'yaml';

// Tokens the lexer emits that are not source text; read once, not at each of millions of tokens.
const { DOCUMENT, FLOW_END, SCALAR } = CST;

const ASTERISK = '*'.charCodeAt(0);

/** The marker that starts a document, and ends the one before it. */
export const DOCUMENT_MARKER = '---';

/** Whether a token of the lexer is source text, not one of the markers it adds. */
function isSourceText(token: string): boolean {
  return token !== DOCUMENT && token !== FLOW_END && token !== SCALAR;
}

/**
 * What {@link streamYamlCst} has found so far: where the text nests too deep (-1 until then),
 * and whether an alias (`*name`) was among the tokens lexed.
 */
export interface YamlDepthCheck {
  tooDeepAt: number;
  aliasSeen?: boolean;
}

/**
 * The CST of a text, one top-level node at a time, as the lexer reaches it. It stops early at
 * deep flow nesting (`[[[[`) or stacked indicators on one line (`- - - -`), which cost the CST
 * parser super-linear time, and before a node nested deeper than `maxDepth`; `check.tooDeepAt`
 * then says where. Lexing, parsing and composing a node at a time keeps only the document being
 * read in the making: the tokens of a whole 5 MB file at once took hundreds of megabytes.
 *
 * `content` may be a part of a file that starts at offset `base` of it: offsets, the tokens' and
 * `check.tooDeepAt`, are then the file's. If `untilNextDocument`, the part ends with the `---` of
 * the document after it in the file, and the CST ends there: the parser is handed that marker,
 * which ends the part's last document as it does in the whole file, and then nothing more. Ended
 * by the end of the text instead, a document whose last value is empty would take the comment and
 * blank lines after it, which the marker leaves out.
 */
export function* streamYamlCst(
  content: string,
  maxDepth: number,
  check: YamlDepthCheck,
  base: number = 0,
  untilNextDocument: boolean = false,
): Generator<CST.Token> {
  const parser = new Parser();
  parser.offset = base;
  const end = base + content.length;
  let offset = base;
  let flowDepth = 0;
  let indicatorsOnLine = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(content)) {
    // The tokens CST.tokenType names flow-map/seq-start and -end, seq-item-ind, explicit-key-ind
    // and newline, compared as text: this runs once for each of millions of tokens.
    switch (token) {
      case '{':
      case '[':
        flowDepth += 1;
        break;
      case '}':
      case ']':
        flowDepth = Math.max(0, flowDepth - 1);
        break;
      case '-':
      case '?':
        indicatorsOnLine += 1;
        break;
      case '':
      case '\n':
      case '\r\n':
        indicatorsOnLine = 0;
        break;
      default:
    }
    if (flowDepth > maxDepth || indicatorsOnLine > maxDepth) {
      check.tooDeepAt = Math.min(offset, end);
      return;
    }
    if (isSourceText(token)) {
      offset += token.length;
      // An alias is the one token of source text that starts with `*`, except a scalar's text,
      // which the lexer announces with a marker: a `*` in a description needs no alias walk.
      if (!scalarNext && token.charCodeAt(0) === ASTERISK) {
        check.aliasSeen = true;
      }
    }
    scalarNext = token === SCALAR;
    for (const node of parser.next(token)) {
      if (!withinDepth(node, maxDepth, check)) {
        return;
      }
      yield node;
    }
  }
  if (
    untilNextDocument &&
    startsDocumentAt(parser, end - DOCUMENT_MARKER.length)
  ) {
    // The document the marker starts is left on the parser's stack, unread.
    return;
  }
  for (const node of parser.end()) {
    if (!withinDepth(node, maxDepth, check)) {
      return;
    }
    yield node;
  }
  if (untilNextDocument) {
    // The marker was read into the part's last document (a quoted scalar left open runs on over
    // it), which then does not end where the part does.
    yield {
      type: 'error',
      offset: end,
      source: '',
      message: 'The marker of the next document is inside this one',
    };
  }
}

/** Whether all the parser holds is a document just started, by a marker at `offset`. */
function startsDocumentAt(parser: Parser, offset: number): boolean {
  const [document, ...inside] = parser.stack;
  return (
    inside.length === 0 &&
    document?.type === 'document' &&
    document.offset === offset &&
    !document.value
  );
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

/**
 * Exact nesting depth of the CST, walked without recursion. Tokens and their depths are kept in
 * two stacks side by side, so that the walk of every document allocates no object per node.
 */
function cstDepthOffset(tokens: CST.Token[], maxDepth: number): number {
  const stack: Array<CST.Token | null | undefined> = [...tokens];
  const depths: number[] = tokens.map(() => 0);
  while (stack.length > 0) {
    const token = stack.pop();
    const depth = depths.pop()!;
    if (!token) {
      continue;
    }
    if (token.type === 'document') {
      stack.push(token.value);
      depths.push(depth);
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
        stack.push(item.key, item.value);
        depths.push(depth + 1, depth + 1);
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
