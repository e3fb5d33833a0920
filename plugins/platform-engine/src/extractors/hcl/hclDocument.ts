import type { Node } from 'web-tree-sitter';
import { MAX_NESTING_DEPTH } from '../nestingLimit';
import { HclParser, stringsAround } from './hclParser';
import { HCL_PART_LENGTH, hclPartBounds } from './hclParts';
import {
  HclSkeleton,
  hclSkeleton,
  originalIndex,
  skipsWithin,
} from './hclSkeleton';
import { selectionId, skeletonMemoryOf } from './hclSkeletonMemory';
import { PLAIN_STRING, plainStringContents } from './plainStringContents';
import { ReplayTrial } from './replayTrial';

/**
 * An HCL expression, reduced to what source resolution needs.
 *
 * @public
 */
export type HclExpression =
  /** A string, number or bool literal; `value` is the decoded string. */
  | { type: 'literal'; value: string; text: string }
  /** A quoted template: decoded literal parts and interpolated expressions. */
  | { type: 'template'; parts: Array<string | HclExpression>; text: string }
  /** `local.a`, `var.x`, `include.root.locals.v`: attribute access only. */
  | { type: 'traversal'; path: string[]; text: string }
  /** An object constructor with identifier or literal keys. */
  | { type: 'object'; entries: Map<string, HclExpression>; text: string }
  /** A function call with its arguments; `expand` when the last is followed by `...`. */
  | {
      type: 'call';
      name: string;
      args: HclExpression[];
      expand?: boolean;
      text: string;
    }
  /** Anything else: conditionals, operators, heredocs, template directives, indexes… */
  | { type: 'other'; text: string };

/**
 * An attribute of a block, with the 1-based position of its value.
 *
 * @public
 */
export interface HclAttribute {
  name: string;
  value: HclExpression;
  line: number;
  column: number;
  /** A comment after the value on the same line, without its `#`, `//` or `/* *\/` markers. */
  comment?: string;
}

/**
 * A top-level block with the selected attributes (nested blocks are not read).
 *
 * @public
 */
export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  column: number;
  /** The first of each name; HCL rejects duplicates anyway. */
  attributes: Map<string, HclAttribute>;
  /** Set when a syntax error inside the block cut its attributes short. */
  incomplete?: boolean;
}

/**
 * A syntax error with the 1-based position where the parser noticed it.
 *
 * @public
 */
export interface HclSyntaxError {
  line: number;
  column: number;
  message: string;
}

/**
 * How to read the attributes of a block: `full` ones as expressions, every other one only when it
 * is a literal (a string without interpolation, a number, a bool or null); any other value keeps
 * its text unread, as `other`. Reading objects and calls costs calls into WASM per node; a literal
 * costs one.
 *
 * @public
 */
export interface HclLiteralAttributes {
  full: ReadonlySet<string>;
  othersAsLiterals: true;
}

/**
 * Which top-level blocks to read, by type, with the attributes to read from them (all when
 * `undefined`): reading only what is needed keeps large blocks cheap.
 *
 * @public
 */
export type HclBlockSelection = ReadonlyMap<string, AttributeSelection>;

type AttributeSelection =
  | ReadonlySet<string>
  | HclLiteralAttributes
  | undefined;

/**
 * The blocks of the requested types found in a file, and its syntax errors.
 *
 * @public
 */
export interface HclFile {
  blocks: HclBlock[];
  /** The top-level attributes asked for (`inputs` of a terragrunt.hcl), the first of each name. */
  attributes: Map<string, HclAttribute>;
  errors: HclSyntaxError[];
}

// A line that opens a top-level block: `type "label" ident {`, at column 1 as formatters write it.
const BLOCK_START =
  /[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\r\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/y;
const MAX_ERRORS = 10;
// Each unclosed heredoc costs a scan to the end of the file.
const MAX_UNCLOSED_HEREDOCS = 20;

const CLOSERS: Record<string, string> = {
  block_end: '"}"',
  object_end: '"}"',
  tuple_end: '"]"',
  quoted_template_end: "the closing '\"'",
  template_interpolation_end: '"}"',
  template_directive_end: '"}"',
  heredoc_identifier: 'the end marker of the heredoc',
};

/** Thrown while reading a block when the tree accepted something HCL does not. */
class SyntaxFailure {
  constructor(readonly index: number, readonly message: string) {}
}

/** Thrown where expressions nest deeper than MAX_NESTING_DEPTH; the file is not read. */
class NestingFailure {
  /** `index` is in the file, not in the text parsed. */
  constructor(readonly index: number) {}
}

class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    // Only `\n` ends a line, as tree-sitter counts rows; `\r\n` leaves `\r` at the line end.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.starts.push(i + 1);
    }
  }

  position(index: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= index) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { line: low + 1, column: index - this.starts[low] + 1 };
  }
}

/** Where what was read lies in the text parsed: kept when reading a skeleton, to replay it. */
interface ReadSpans {
  blocks: Map<HclBlock, { start: number; labels: Array<[number, number]> }>;
  values: Map<HclAttribute, [number, number]>;
  /** Each expression read in full, inner ones too: a value in parentheses has the span inside. */
  expressions: Map<HclExpression, [number, number]>;
  /** The spans of the keys of each object. */
  objectKeys: Map<HclExpression, Array<[number, number]>>;
}

interface ReadContext {
  /** The text handed to the parser: the file, or one of its blocks after an error. */
  text: string;
  /** Where `text` starts in the file; tree indexes are relative to `text`. */
  offset: number;
  lines: LineIndex;
  /** Set when reading a skeleton (see hclSkeleton.ts); each span costs a call into WASM. */
  spans?: ReadSpans;
}

/**
 * The depth of the expressions inside `node`, which is inside `depth` others. Reading recurses
 * once per level, so an object nested 10,000 levels deep would overflow the stack.
 */
function nestedIn(node: Node, depth: number, context: ReadContext): number {
  if (depth >= MAX_NESTING_DEPTH) {
    throw new NestingFailure(node.startIndex + context.offset);
  }
  return depth + 1;
}

function firstError(node: Node): Node {
  let current = node;
  for (;;) {
    if (current.isError || current.isMissing) {
      return current;
    }
    let next: Node | undefined;
    for (const child of current.children) {
      if (child && (child.hasError || child.isMissing || child.isError)) {
        next = child;
        break;
      }
    }
    if (!next) {
      return current;
    }
    current = next;
  }
}

/**
 * A missing closer is noticed where the parser gave up, often the next block; the construct it
 * should have closed starts where the mistake is.
 */
function errorIndex(node: Node): number {
  if (!node.isMissing) {
    return node.startIndex;
  }
  let opener = node.parent;
  while (opener?.parent && opener.startIndex === node.startIndex) {
    opener = opener.parent;
  }
  return opener?.startIndex ?? node.startIndex;
}

function describeError(node: Node): string {
  if (node.isMissing) {
    return `missing ${CLOSERS[node.type] ?? JSON.stringify(node.type)}`;
  }
  const text = node.text.trim().split('\n')[0].trim();
  if (!text) {
    return 'unexpected input';
  }
  return `unexpected ${JSON.stringify(
    text.length > 30 ? `${text.slice(0, 30)}…` : text,
  )}`;
}

function commentText(text: string): string {
  if (text.startsWith('/*')) {
    return text.replace(/^\/\*|\*\/$/g, '').trim();
  }
  return text.replace(/^(?:#|\/\/)/, '').trim();
}

const ESCAPE =
  /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([\s\S]))|\$\$\{|%%\{/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
};

function decodeQuoted(text: string): string {
  return text.replace(ESCAPE, (match, u4, u8, single) => {
    if (match === '$${') {
      return '${';
    }
    if (match === '%%{') {
      return '%{';
    }
    const hex = u4 ?? u8;
    if (hex) {
      const code = parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return SIMPLE_ESCAPES[single] ?? match;
  });
}

function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter(
    (child): child is Node => !!child && child.type !== 'comment',
  );
}

function readTemplate(
  node: Node,
  context: ReadContext,
  text: string,
  depth: number,
): HclExpression {
  const children = node.children.filter((child): child is Node => !!child);
  const start = children[0];
  const end = children[children.length - 1];
  if (
    !start ||
    start.type !== 'quoted_template_start' ||
    end.type !== 'quoted_template_end' ||
    end.isMissing
  ) {
    return { type: 'other', text };
  }
  const parts: Array<string | HclExpression> = [];
  let cursor = start.endIndex;
  let stripNext = false;
  const pushLiteral = (until: number, stripEnd: boolean) => {
    let literal = context.text.slice(cursor, until);
    if (literal.includes('\n')) {
      // HCL ends a quoted string at the line end; tree-sitter pairs it with a later quote.
      throw new SyntaxFailure(node.startIndex, 'unterminated string');
    }
    literal = decodeQuoted(literal);
    if (stripNext) {
      literal = literal.trimStart();
    }
    if (stripEnd) {
      literal = literal.trimEnd();
    }
    if (literal) {
      parts.push(literal);
    }
  };
  for (const child of children.slice(1, -1)) {
    if (child.type === 'template_literal') {
      continue;
    }
    if (child.type !== 'template_interpolation') {
      return { type: 'other', text };
    }
    const inner = child.children.filter((c): c is Node => !!c);
    const expression = inner.find(c => c.type === 'expression');
    if (!expression) {
      return { type: 'other', text };
    }
    pushLiteral(child.startIndex, inner[1]?.type === 'strip_marker');
    parts.push(
      readExpression(expression, context, nestedIn(node, depth, context)),
    );
    stripNext = inner[inner.length - 2]?.type === 'strip_marker';
    cursor = child.endIndex;
  }
  pushLiteral(end.startIndex, false);
  if (parts.every(part => typeof part === 'string')) {
    return { type: 'literal', value: parts.join(''), text };
  }
  return { type: 'template', parts, text };
}

function readObject(
  node: Node,
  context: ReadContext,
  text: string,
  depth: number,
): HclExpression {
  const inner = nestedIn(node, depth, context);
  const entries = new Map<string, HclExpression>();
  const keySpans: Array<[number, number]> = [];
  for (const element of namedChildren(node)) {
    if (element.type !== 'object_elem') {
      continue;
    }
    const keyNode = element.childForFieldName('key');
    const valueNode = element.childForFieldName('val');
    if (!keyNode || !valueNode) {
      continue;
    }
    const key = readExpression(keyNode, context, inner);
    if (context.spans) {
      keySpans.push([keyNode.startIndex, keyNode.endIndex]);
    }
    let name: string | undefined;
    if (key.type === 'literal') {
      name = key.value;
    } else if (key.type === 'traversal' && key.path.length === 1) {
      name = key.path[0];
    }
    if (name !== undefined && !entries.has(name)) {
      entries.set(name, readExpression(valueNode, context, inner));
    }
  }
  const object: HclExpression = { type: 'object', entries, text };
  context.spans?.objectKeys.set(object, keySpans);
  return object;
}

/**
 * A call with its arguments, so that a path built by calls (`dirname(find_in_parent_folders())`)
 * can be evaluated.
 */
function readCall(
  node: Node,
  name: string,
  context: ReadContext,
  text: string,
  depth: number,
): HclExpression {
  const list = node.namedChildren.find(
    child => child?.type === 'function_arguments',
  );
  if (!list) {
    return { type: 'call', name, args: [], text };
  }
  const inner = nestedIn(node, depth, context);
  const args: HclExpression[] = [];
  let expand = false;
  for (const argument of list.namedChildren) {
    if (argument?.type === 'expression') {
      args.push(readExpression(argument, context, inner));
    } else if (argument?.type === 'ellipsis') {
      expand = true;
    }
  }
  return expand
    ? { type: 'call', name, args, expand, text }
    : { type: 'call', name, args, text };
}

/**
 * Most strings are plain: read from the text, they spare a dozen calls into WASM each. Nothing
 * that needs decoding (escapes, templates, line ends) is plain.
 */
function plainString(text: string): HclExpression | undefined {
  return PLAIN_STRING.test(text)
    ? { type: 'literal', value: text.slice(1, -1), text }
    : undefined;
}

function readString(node: Node, context: ReadContext): HclExpression {
  const text = node.text;
  return plainString(text) ?? readTemplate(node, context, text, 0);
}

/** `depth`: how many objects, templates and parentheses the expression is inside. */
function readExpression(
  node: Node,
  context: ReadContext,
  depth: number,
): HclExpression {
  const expression = readExpressionNode(node, context, depth);
  const spans = context.spans?.expressions;
  // What parentheses hold keeps its own span.
  if (spans && !spans.has(expression)) {
    spans.set(expression, [node.startIndex, node.endIndex]);
  }
  return expression;
}

function readExpressionNode(
  node: Node,
  context: ReadContext,
  depth: number,
): HclExpression {
  const text = node.text;
  const plain = plainString(text);
  if (plain) {
    return plain;
  }
  const children = namedChildren(node);
  const [first] = children;
  if (!first) {
    return { type: 'other', text };
  }
  if (children.length === 1) {
    const inner = first.type === 'expression' ? first : first.namedChild(0);
    switch (first.type) {
      case 'expression':
        // Parentheses: `(local.source)`.
        return readExpression(first, context, nestedIn(node, depth, context));
      case 'literal_value':
        if (inner?.type === 'string_lit') {
          return readTemplate(inner, context, text, depth);
        }
        if (inner?.type === 'numeric_lit' || inner?.type === 'bool_lit') {
          return { type: 'literal', value: inner.text, text };
        }
        return { type: 'other', text };
      case 'template_expr':
        return inner?.type === 'quoted_template'
          ? readTemplate(inner, context, text, depth)
          : { type: 'other', text };
      case 'function_call':
        return inner?.type === 'identifier'
          ? readCall(first, inner.text, context, text, depth)
          : { type: 'other', text };
      case 'collection_value':
        return inner?.type === 'object'
          ? readObject(inner, context, text, depth)
          : { type: 'other', text };
      case 'variable_expr':
        return { type: 'traversal', path: [first.text], text };
      default:
        return { type: 'other', text };
    }
  }
  if (first.type === 'variable_expr') {
    const path = [first.text];
    for (const step of children.slice(1)) {
      const name = step.type === 'get_attr' ? step.namedChild(0) : null;
      if (!name || name.type !== 'identifier') {
        return { type: 'other', text };
      }
      path.push(name.text);
    }
    return { type: 'traversal', path, text };
  }
  return { type: 'other', text };
}

const NUMBER_OR_BOOL = /^(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false)$/;

/**
 * An attribute's value when it is a literal, else its text only: no object, call or operator
 * is walked. Strings with escapes or interpolations are read in full, to decode them.
 */
function readLiteral(
  node: Node,
  start: number,
  context: ReadContext,
): HclExpression {
  // Each node property is a call into WASM; `node.text` costs three, the slice one more.
  const text = context.text.slice(start, node.endIndex);
  const plain = plainString(text);
  if (plain) {
    return plain;
  }
  if (NUMBER_OR_BOOL.test(text)) {
    return { type: 'literal', value: text, text };
  }
  if (text.startsWith('"')) {
    return readExpression(node, context, 0);
  }
  return { type: 'other', text };
}

/** An attribute name of ASCII letters, digits, `_` and `-`, ended by what cannot continue one. */
const ASCII_ATTRIBUTE_NAME = /[A-Za-z_][A-Za-z0-9_-]*(?=[ \t=])/y;

/**
 * The name of an attribute without errors, which starts with it: an ASCII name written before a
 * blank or `=` is the whole identifier the parser read there, and is read from the text without
 * a node and two calls into WASM. Other names are asked of the tree.
 */
function attributeName(item: Node, text: string): string | undefined {
  ASCII_ATTRIBUTE_NAME.lastIndex = item.startIndex;
  return (
    ASCII_ATTRIBUTE_NAME.exec(text)?.[0] ??
    item.namedChild(0)?.text ??
    undefined
  );
}

/** An ASCII name and `=`: how an attribute starts, and neither a block nor a comment can. */
const ASCII_ATTRIBUTE_START = /[A-Za-z_][A-Za-z0-9_-]*[ \t]*=(?![=>])/y;

/** Whether an item of a body without errors is an attribute, from its text where it can tell. */
function isAttribute(item: Node, text: string): boolean {
  ASCII_ATTRIBUTE_START.lastIndex = item.startIndex;
  return ASCII_ATTRIBUTE_START.test(text) || item.type === 'attribute';
}

/** Reads one attribute of a body; undefined when it is not wanted or already read. */
function readAttribute(
  item: Node,
  names: AttributeSelection,
  context: ReadContext,
  seen: ReadonlyMap<string, HclAttribute>,
): HclAttribute | undefined {
  const name = attributeName(item, context.text);
  if (name === undefined || seen.has(name)) {
    return undefined;
  }
  let literalOnly = false;
  if (names instanceof Set) {
    if (!names.has(name)) {
      return undefined;
    }
  } else if (names && 'full' in names) {
    literalOnly = !names.full.has(name);
  }
  // `name = value`: the value is the last named child, unless a comment follows it.
  let valueNode = item.lastNamedChild;
  if (valueNode?.type !== 'expression') {
    valueNode =
      item.namedChildren.find(child => child?.type === 'expression') ?? null;
  }
  if (!valueNode) {
    return undefined;
  }
  const start = valueNode.startIndex;
  const attribute: HclAttribute = {
    name,
    value: literalOnly
      ? readLiteral(valueNode, start, context)
      : readExpression(valueNode, context, 0),
    ...context.lines.position(start + context.offset),
  };
  context.spans?.values.set(attribute, [start, valueNode.endIndex]);
  return attribute;
}

/** Whether a comment (`#`, `//` or `/*`) may start between `from` and the end of its line. */
function commentMayFollow(text: string, from: number): boolean {
  for (let i = from; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      return false;
    }
    if (code === 0x23 || code === 0x2f) {
      return true;
    }
  }
  return false;
}

function readBlock(
  node: Node,
  type: string,
  names: AttributeSelection,
  context: ReadContext,
  /** Where the element's first syntax error starts; Infinity in an element without errors. */
  stopAt: number,
): { block: HclBlock; failure?: SyntaxFailure } {
  // An element without errors has none below it either, and each check is a call into WASM.
  const clean = stopAt === Infinity;
  const block: HclBlock = {
    type,
    labels: [],
    ...context.lines.position(node.startIndex + context.offset),
    attributes: new Map(),
  };
  const labelSpans: Array<[number, number]> = [];
  context.spans?.blocks.set(block, {
    start: node.startIndex,
    labels: labelSpans,
  });
  try {
    let body: Node | undefined;
    for (const child of node.children.slice(1)) {
      if (child?.type === 'string_lit') {
        const label = readString(child, context);
        block.labels.push(label.type === 'literal' ? label.value : label.text);
      } else if (child?.type === 'identifier') {
        block.labels.push(child.text);
      } else if (child?.type === 'body') {
        body = child;
      }
      if (context.spans && block.labels.length > labelSpans.length) {
        labelSpans.push([child!.startIndex, child!.endIndex]);
      }
    }
    const items = (body?.children ?? []).filter(
      (child): child is Node => !!child,
    );
    for (let i = 0; i < items.length; i += 1) {
      const item = items[i];
      if (
        !clean &&
        (item.endIndex > stopAt ||
          item.hasError ||
          item.isError ||
          item.isMissing)
      ) {
        block.incomplete = true;
        break;
      }
      if (!isAttribute(item, context.text)) {
        continue;
      }
      const attribute = readAttribute(item, names, context, block.attributes);
      if (!attribute) {
        continue;
      }
      // Only a comment on the attribute's line is its own, and the text shows whether one can
      // start there: asking the tree costs a call into WASM for every attribute.
      if (commentMayFollow(context.text, item.endIndex)) {
        // A comment after the last attribute belongs to the block, not to its body.
        const next = i + 1 < items.length ? items[i + 1] : body?.nextSibling;
        if (
          next?.type === 'comment' &&
          !context.text.slice(item.endIndex, next.startIndex).includes('\n')
        ) {
          attribute.comment = commentText(next.text);
        }
      }
      block.attributes.set(attribute.name, attribute);
    }
  } catch (error) {
    if (error instanceof SyntaxFailure) {
      block.incomplete = true;
      return { block, failure: error };
    }
    throw error;
  }
  return { block };
}

interface TopLevelResult {
  blocks: HclBlock[];
  attributes: Map<string, HclAttribute>;
  error?: { index: number; message: string };
}

/**
 * Where an error really is: tree-sitter notices a missing `"` only lines later, after pairing it
 * with the next quote (a string spanning lines), or gives up on the whole block (an opening
 * quote left alone in an ERROR node); either string is the better culprit.
 */
function describeBrokenElement(
  element: Node,
  errorNode: Node,
): { index: number; message: string } {
  const candidates = element.descendantsOfType(
    ['string_lit', 'quoted_template', 'quoted_template_start'],
    element.startPosition,
    errorNode.endPosition,
  );
  for (const node of candidates) {
    if (!node || node.startIndex >= errorNode.endIndex) {
      continue;
    }
    const unterminated =
      node.type === 'quoted_template_start'
        ? node.parent?.isError
        : node.startPosition.row !== node.endPosition.row;
    if (unterminated) {
      return { index: node.startIndex, message: 'unterminated string' };
    }
  }
  return { index: errorIndex(errorNode), message: describeError(errorNode) };
}

function topLevelElements(root: Node): Node[] {
  if (root.type !== 'config_file') {
    return [root];
  }
  const elements: Node[] = [];
  for (const child of root.children) {
    if (child?.type === 'body') {
      for (const item of child.children) {
        if (item) {
          elements.push(item);
        }
      }
    } else if (child) {
      elements.push(child);
    }
  }
  return elements;
}

/** A block type of ASCII letters, digits, `_` and `-`, ended by what cannot continue one. */
const ASCII_BLOCK_TYPE = /[A-Za-z_][A-Za-z0-9_-]*(?=[ \t"{])/y;

/**
 * The type of a block when it is wanted. Most blocks of a file are not (resources, variables,
 * outputs), and an ASCII type written before a blank, quote or brace is the whole identifier
 * the parser read there, so the text turns them away without a node and two calls into WASM.
 */
function wantedBlockType(
  element: Node,
  text: string,
  wanted: HclBlockSelection,
): string | undefined {
  ASCII_BLOCK_TYPE.lastIndex = element.startIndex;
  const written = ASCII_BLOCK_TYPE.exec(text)?.[0];
  if (written !== undefined && !wanted.has(written)) {
    return undefined;
  }
  const typeNode = element.child(0);
  const type = typeNode?.type === 'identifier' ? typeNode.text : undefined;
  return type !== undefined && wanted.has(type) ? type : undefined;
}

function readTopLevel(
  root: Node,
  context: ReadContext,
  wanted: HclBlockSelection,
  topLevel: ReadonlySet<string>,
): TopLevelResult {
  const blocks: HclBlock[] = [];
  const attributes = new Map<string, HclAttribute>();
  const { offset } = context;
  // Each node property is a call into WASM; a clean tree needs no per-element error checks.
  const clean = !root.hasError;
  for (const element of topLevelElements(root)) {
    if (element.type === 'comment') {
      continue;
    }
    const broken =
      !clean && (element.hasError || element.isError || element.isMissing);
    const errorNode = broken ? firstError(element) : undefined;
    let error = errorNode && describeBrokenElement(element, errorNode);
    if (error) {
      error.index += offset;
    }
    if (element.type === 'attribute' && !broken && topLevel.size > 0) {
      try {
        const attribute = readAttribute(element, topLevel, context, attributes);
        if (attribute) {
          attributes.set(attribute.name, attribute);
        }
      } catch (failure) {
        if (!(failure instanceof SyntaxFailure)) {
          throw failure;
        }
        error = { index: failure.index + offset, message: failure.message };
      }
    }
    const type =
      element.type === 'block'
        ? wantedBlockType(element, context.text, wanted)
        : undefined;
    if (type !== undefined) {
      const { block, failure } = readBlock(
        element,
        type,
        wanted.get(type),
        context,
        errorNode?.startIndex ?? Infinity,
      );
      blocks.push(block);
      if (failure && (!error || failure.index + offset < error.index)) {
        error = { index: failure.index + offset, message: failure.message };
      }
    }
    if (error) {
      return { blocks, attributes, error };
    }
  }
  return { blocks, attributes };
}

/**
 * Ranges of heredoc bodies, found in the text: after a syntax error the tree's heredocs cannot
 * be trusted (tree-sitter may imagine one that runs to the end of the file).
 */
function heredocBodies(text: string): Array<[number, number]> {
  const bodies: Array<[number, number]> = [];
  const opener = /<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/g;
  // A marker that is never closed from one point is never closed from a later one.
  const unclosed = new Set<string>();
  for (let match = opener.exec(text); match; match = opener.exec(text)) {
    const marker = match[1];
    if (unclosed.has(marker)) {
      continue;
    }
    const closer = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, 'gm');
    closer.lastIndex = opener.lastIndex;
    const end = closer.exec(text);
    if (end) {
      bodies.push([opener.lastIndex, end.index]);
      opener.lastIndex = closer.lastIndex;
    } else {
      // An unclosed heredoc is the error itself; the blocks after it must still be found.
      unclosed.add(marker);
      if (unclosed.size > MAX_UNCLOSED_HEREDOCS) {
        break;
      }
    }
  }
  return bodies;
}

/** Starts of the lines after the first that open a top-level block outside heredocs. */
function blockStarts(text: string): number[] {
  const bodies = heredocBodies(text);
  const starts: number[] = [];
  let body = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    const start = i + 1;
    while (body < bodies.length && bodies[body][1] <= start) {
      body += 1;
    }
    if (body < bodies.length && bodies[body][0] <= start) {
      continue;
    }
    BLOCK_START.lastIndex = start;
    if (BLOCK_START.test(text)) {
      starts.push(start);
    }
  }
  return starts;
}

/** The blocks of the parts between `bounds`, in order; undefined when a part has an error. */
function readParts(parts: Iterable<TopLevelResult>): HclFile | undefined {
  const blocks: HclBlock[] = [];
  const attributes = new Map<string, HclAttribute>();
  for (const part of parts) {
    if (part.error) {
      return undefined;
    }
    for (const block of part.blocks) {
      blocks.push(block);
    }
    for (const [name, attribute] of part.attributes) {
      if (!attributes.has(name)) {
        attributes.set(name, attribute);
      }
    }
  }
  return { blocks, attributes, errors: [] };
}

/** What reading a skeleton gave, with where each part of it lies, to replay for alike blocks. */
interface SkeletonRead {
  blocks: HclBlock[];
  attributes: Map<string, HclAttribute>;
  spans: ReadSpans;
}

/** Positions read from a skeleton are replaced when it is replayed. */
const NO_LINES = new LineIndex('');

/**
 * Whether `value`, read from `[start, end)` of a skeleton, can be replayed from the text of a
 * block with that skeleton: where contents were skipped it is a plain string (read from the
 * block's text), text only (`other`), or a call or object whose parts are so, with no key
 * skipped; anything else is the same in every such block, since the parser saw the same
 * characters. (The strings inside templates are never skipped.)
 */
function replayableExpression(
  value: HclExpression,
  [start, end]: [number, number],
  spans: ReadSpans,
  skeleton: HclSkeleton,
): boolean {
  if (!skipsWithin(skeleton, start, end)) {
    return true;
  }
  // Not the value in parentheses, which is read as what they hold.
  if (value.text !== skeleton.text.slice(start, end)) {
    return false;
  }
  const inner = (expression: HclExpression) => {
    const span = spans.expressions.get(expression);
    return (
      span !== undefined &&
      replayableExpression(expression, span, spans, skeleton)
    );
  };
  switch (value.type) {
    case 'other':
      return true;
    case 'literal':
      return PLAIN_STRING.test(value.text);
    case 'call':
      return value.args.every(inner);
    case 'object':
      return (
        (spans.objectKeys.get(value) ?? []).every(
          ([keyStart, keyEnd]) => !skipsWithin(skeleton, keyStart, keyEnd),
        ) && [...value.entries.values()].every(inner)
      );
    default:
      return false;
  }
}

/** Where an attribute's value was read: its expression's span, or the attribute's. */
function valueSpan(
  attribute: HclAttribute,
  spans: ReadSpans,
): [number, number] {
  return spans.expressions.get(attribute.value) ?? spans.values.get(attribute)!;
}

/**
 * Whether what was read from a skeleton can be replayed from the text of a block with that
 * skeleton: every value can (see replayableExpression), and every label with skipped contents
 * is a plain string.
 */
function replayable(read: SkeletonRead, skeleton: HclSkeleton): boolean {
  const values = [
    ...read.attributes.values(),
    ...read.blocks.flatMap(block => [...block.attributes.values()]),
  ];
  return (
    values.every(attribute =>
      replayableExpression(
        attribute.value,
        valueSpan(attribute, read.spans),
        read.spans,
        skeleton,
      ),
    ) &&
    read.blocks.every(block =>
      read.spans.blocks
        .get(block)!
        .labels.every(
          ([start, end]) =>
            !skipsWithin(skeleton, start, end) ||
            PLAIN_STRING.test(skeleton.text.slice(start, end)),
        ),
    )
  );
}

/**
 * Parses and reads a skeleton; undefined when it cannot be replayed, and then the block is read
 * from its own text (which reports its errors where they are).
 */
function readSkeleton(
  parser: HclParser,
  skeleton: HclSkeleton,
  wanted: HclBlockSelection,
  topLevel: ReadonlySet<string>,
): SkeletonRead | undefined {
  const spans: ReadSpans = {
    blocks: new Map(),
    values: new Map(),
    expressions: new Map(),
    objectKeys: new Map(),
  };
  const context: ReadContext = {
    text: skeleton.text,
    offset: 0,
    lines: NO_LINES,
    spans,
  };
  try {
    return parser.parse(skeleton.text, root => {
      // As parseHclTree does, the parser must confirm a string around each skipped content.
      if (
        root.hasError ||
        !stringsAround(
          root,
          skeleton.at.map(at => [at, at]),
        )
      ) {
        return undefined;
      }
      const { blocks, attributes, error } = readTopLevel(
        root,
        context,
        wanted,
        topLevel,
      );
      const read = { blocks, attributes, spans };
      return !error && replayable(read, skeleton) ? read : undefined;
    });
  } catch (error) {
    if (error instanceof NestingFailure) {
      return undefined;
    }
    throw error;
  }
}

/** What `read` gave for the skeleton of `segment`, which starts at `offset` of the file. */
function replaySkeleton(
  read: SkeletonRead,
  skeleton: HclSkeleton,
  segment: string,
  offset: number,
  lines: LineIndex,
): TopLevelResult {
  const position = (index: number) =>
    lines.position(offset + originalIndex(skeleton, index));
  const textOf = (start: number, end: number) =>
    segment.slice(originalIndex(skeleton, start), originalIndex(skeleton, end));
  // As replayable() checked: what holds skipped contents is rebuilt around the block's text.
  const replayExpression = (
    value: HclExpression,
    [start, end]: [number, number],
  ): HclExpression => {
    if (!skipsWithin(skeleton, start, end)) {
      return value;
    }
    const text = textOf(start, end);
    const inner = (expression: HclExpression) =>
      replayExpression(expression, read.spans.expressions.get(expression)!);
    switch (value.type) {
      case 'literal':
        return { type: 'literal', value: text.slice(1, -1), text };
      case 'call':
        return { ...value, args: value.args.map(inner), text };
      case 'object':
        return {
          ...value,
          entries: new Map(
            [...value.entries].map(([key, entry]) => [key, inner(entry)]),
          ),
          text,
        };
      default:
        return { type: 'other', text };
    }
  };
  const replayAttribute = (attribute: HclAttribute): HclAttribute => {
    const [start] = read.spans.values.get(attribute)!;
    const replayed: HclAttribute = {
      name: attribute.name,
      value: replayExpression(
        attribute.value,
        valueSpan(attribute, read.spans),
      ),
      ...position(start),
    };
    if (attribute.comment !== undefined) {
      replayed.comment = attribute.comment;
    }
    return replayed;
  };
  const replayAttributes = (attributes: Map<string, HclAttribute>) =>
    new Map(
      [...attributes].map(([name, attribute]) => [
        name,
        replayAttribute(attribute),
      ]),
    );
  const blocks = read.blocks.map((block): HclBlock => {
    const spans = read.spans.blocks.get(block)!;
    return {
      type: block.type,
      labels: block.labels.map((label, i) => {
        const [start, end] = spans.labels[i];
        return skipsWithin(skeleton, start, end)
          ? textOf(start, end).slice(1, -1)
          : label;
      }),
      ...position(spans.start),
      attributes: replayAttributes(block.attributes),
    };
  });
  return { blocks, attributes: replayAttributes(read.attributes) };
}

/**
 * What reading the blocks between `bounds` gives, block by block or a run of blocks at a time,
 * in order; lazily, so that the caller can stop at the first error. A block whose skeleton was
 * seen before, in this file or an earlier one, is read through it: parsed and read once, then
 * replayed for each block that has it (see hclSkeletonMemory.ts). Other blocks are read from
 * their own text with `readPart`, in runs of about HCL_PART_LENGTH, as parsing each on its own
 * would cost more than it saves when blocks differ.
 */
function* alikeBlockParts(
  parser: HclParser,
  text: string,
  bounds: number[],
  wanted: HclBlockSelection,
  topLevel: ReadonlySet<string>,
  lines: LineIndex,
  readPart: (start: number, end: number) => TopLevelResult,
): Generator<TopLevelResult> {
  const memory = skeletonMemoryOf<SkeletonRead>(parser);
  const selection = `${selectionId(wanted)}:${selectionId(topLevel)}`;
  // A large file's own blocks may repeat, whatever the memory made of other files; once a
  // stretch of them fails, the rest of the file is read in runs without looking blocks up.
  const trial = new ReplayTrial();
  let looksUp = true;
  /** The block between `start` and `end` read through its skeleton, when that is remembered. */
  const replayed = (start: number, end: number) => {
    const segment = text.slice(start, end);
    const skeleton = hclSkeleton(segment, plainStringContents(segment));
    // Where contents were skipped is part of the key: `""` may be an empty string or a skipped one.
    const key = `${selection}|${skeleton.at.join(',')}|${skeleton.text}`;
    const read = memory.recall(key, () =>
      readSkeleton(parser, skeleton, wanted, topLevel),
    );
    looksUp = !trial.failsWith(key.length, Boolean(read));
    return read
      ? replaySkeleton(read, skeleton, segment, start, lines)
      : undefined;
  };
  /** Where the blocks not read yet start; -1 when there are none. */
  let unread = -1;
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const [start, end] = [bounds[i], bounds[i + 1]];
    const replay = looksUp ? replayed(start, end) : undefined;
    if (replay) {
      if (unread !== -1) {
        yield readPart(unread, start);
        unread = -1;
      }
      yield replay;
    } else {
      unread = unread === -1 ? start : unread;
      if (end - unread >= HCL_PART_LENGTH) {
        yield readPart(unread, end);
        unread = -1;
      }
    }
  }
  if (unread !== -1) {
    yield readPart(unread, text.length);
  }
}

/** The blocks of readHclFile, which catches a NestingFailure. */
function readBlocks(
  parser: HclParser,
  text: string,
  wanted: HclBlockSelection,
  topLevel: ReadonlySet<string>,
  lines: LineIndex,
): HclFile {
  const read = (start: number, end: number) => {
    const context: ReadContext = {
      text: start === 0 && end === text.length ? text : text.slice(start, end),
      offset: start,
      lines,
    };
    return parser.parse(context.text, root =>
      readTopLevel(root, context, wanted, topLevel),
    );
  };

  // A file is read block by block, alike blocks through their skeleton (see hclSkeleton.ts), the
  // others in runs, so that a large file is one small tree at a time (see hclParts.ts). A small
  // file is read whole while the memory of skeletons rests (see hclSkeletonMemory.ts). An error
  // in any part sends the file the way of a file with errors, whole first.
  let wholeRead: TopLevelResult | undefined;
  const readPart = (start: number, end: number) => {
    const result = read(start, end);
    if (start === 0 && end === text.length) {
      wholeRead = result;
    }
    return result;
  };
  const inParts =
    (text.length >= 2 * HCL_PART_LENGTH ||
      skeletonMemoryOf(parser).looksUpNextFile()) &&
    readParts(
      alikeBlockParts(
        parser,
        text,
        hclPartBounds(text, 1),
        wanted,
        topLevel,
        lines,
        readPart,
      ),
    );
  if (inParts) {
    return inParts;
  }
  const whole = wholeRead ?? read(0, text.length);
  if (!whole.error) {
    return { blocks: whole.blocks, attributes: whole.attributes, errors: [] };
  }
  const blocks: HclBlock[] = [];
  const attributes = new Map<string, HclAttribute>();
  const errors: HclSyntaxError[] = [];
  let errorCount = 0;
  const bounds = [0, ...blockStarts(text), text.length];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const result = read(bounds[i], bounds[i + 1]);
    for (const block of result.blocks) {
      blocks.push(block);
    }
    for (const [name, attribute] of result.attributes) {
      if (!attributes.has(name)) {
        attributes.set(name, attribute);
      }
    }
    if (result.error) {
      errorCount += 1;
      if (errorCount <= MAX_ERRORS) {
        const position = lines.position(result.error.index);
        errors.push({
          ...position,
          message: `syntax error near line ${position.line}: ${result.error.message}`,
        });
      }
    }
  }
  if (errorCount > MAX_ERRORS) {
    const last = errors[errors.length - 1];
    errors.push({
      line: last.line,
      column: last.column,
      message: `${errorCount - MAX_ERRORS} more syntax errors not listed`,
    });
  }
  if (errorCount === 0) {
    // Split into blocks the file parses cleanly, so the whole-file error was real but
    // only visible across blocks (an unclosed block at the end, say).
    const position = lines.position(whole.error.index);
    errors.push({
      ...position,
      message: `syntax error near line ${position.line}: ${whole.error.message}`,
    });
  }
  return { blocks, attributes, errors };
}

/** The default of readHclFile: one set, so that what is read with it is remembered as one. */
const NO_TOP_LEVEL_ATTRIBUTES: ReadonlySet<string> = new Set();

/**
 * Reads the top-level blocks of the given types from an HCL file. Never throws on malformed
 * input: when the file has a syntax error, it is parsed again one top-level block at a time
 * (split at lines that open a block), so that an error cannot swallow the blocks after it and
 * each error is reported in the block it is in. Expressions nested deeper than 100 levels leave
 * the file unread, with one error that says so. `topLevel` names the top-level attributes to
 * read as well.
 *
 * @public
 */
export function readHclFile(
  parser: HclParser,
  text: string,
  wanted: HclBlockSelection,
  topLevel: ReadonlySet<string> = NO_TOP_LEVEL_ATTRIBUTES,
): HclFile {
  const lines = new LineIndex(text);
  try {
    return readBlocks(parser, text, wanted, topLevel, lines);
  } catch (error) {
    if (error instanceof NestingFailure) {
      return {
        blocks: [],
        attributes: new Map(),
        errors: [
          {
            ...lines.position(error.index),
            message: `HCL nesting is deeper than ${MAX_NESTING_DEPTH} levels; the file was not read`,
          },
        ],
      };
    }
    throw error;
  }
}
