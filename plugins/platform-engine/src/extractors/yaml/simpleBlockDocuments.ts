import { Pair, Scalar, Schema, YAMLMap, YAMLSeq } from 'yaml';
import {
  NOT_SWAPPABLE,
  SWAPPABLE,
  ShapedDocument,
  plainScalarReader,
} from './documentShapes';
import { attachLinesBetween, linesBetween } from './linesBetween';

/** A scalar on one line: plain words, or a quoted text without escapes or quotes inside. */
const VALUE = `${SWAPPABLE}(?: [A-Za-z0-9_./-]+)*|"[ !#-\\[\\]-~]*"|'[ -&(-~]*'`;
/** A comment's text: not empty, nor with a space at its end. */
const COMMENT = '( ?[!-~](?:[ -~]*[!-~])?)';
/**
 * A line of a block collection: indentation of spaces, then a key with a value or with none (a
 * collection below it follows), or a sequence's dash with a value, or with a key (a mapping that
 * starts on the dash's line), and a comment after a value; no flow collection, tag, anchor or
 * trailing space. Keys are {@link SWAPPABLE} and plain values start as they do, so that the lexer
 * would end each exactly where its text ends.
 */
const BLOCK_LINE = new RegExp(
  `( *)(- )?(?:(${SWAPPABLE}):(?: (${VALUE}))?|(${VALUE}))(?: +#${COMMENT})?\\n`,
  'y',
);
const DOCUMENT_MARKER = '---\n';
/** YAML allows an implicit key of at most this many characters. */
const MAX_IMPLICIT_KEY = 1024;
/** Documents declined in a file before it is judged whether enough of them are simple. */
const TRIAL_DOCUMENTS = 32;

/**
 * Nodes of each class, which the nodes built inherit their node type from, as the documents
 * {@link DocumentShapes} builds do: the library's constructors define it on each node they make,
 * which took a third of the time of building a document.
 */
const SCALAR = new Scalar(null);
const PAIR = new Pair(null);

/**
 * A collection being built, with the column of its keys or dashes, and the keys a mapping holds
 * (a sequence holds none).
 */
interface OpenCollection {
  indent: number;
  node: YAMLMap | YAMLSeq;
  keys: Set<string> | undefined;
}

/**
 * Builds the simple documents of a file line by line, with the nodes, values and ranges the YAML
 * library's composer gives them: documents of block mappings and sequences whose keys are plain
 * and whose values each stand on their key's or dash's line, plain or quoted without escapes,
 * with a comment after them or none, and comment lines and blank lines between them where the
 * composer gives them to the next line's first node (see {@link linesBetween}). Lexing, parsing
 * and composing such a document with the library cost about 150 µs, a file of 40,000 claims that
 * share no shape 6 s. Any other document (a comment after a key, at another column than the line
 * after it or indented at the document's end, a flow collection, an empty or multi-line value, a
 * repeated key, an anchor…) is declined, and read by the library.
 */
export class SimpleBlockDocuments {
  readonly #content: string;
  /** Collections of the schema the composer gives the file, which built ones inherit from. */
  readonly #map: YAMLMap;
  readonly #seq: YAMLSeq;
  readonly #read: (text: string) => unknown;
  readonly #maxDepth: number;
  #built = 0;
  #declined = 0;

  constructor(content: string, schema: Schema, maxDepth: number) {
    this.#content = content;
    this.#map = new YAMLMap(schema);
    this.#seq = new YAMLSeq(schema);
    this.#read = plainScalarReader(schema);
    this.#maxDepth = maxDepth;
  }

  /** Whether so few documents were simple that trying each costs more than it saves. */
  get giveUp(): boolean {
    return this.#declined > TRIAL_DOCUMENTS && this.#built < this.#declined;
  }

  /** The document spanning `start` to `end` of the file, if it is simple. */
  build(start: number, end: number): ShapedDocument | undefined {
    if (this.giveUp) {
      return undefined;
    }
    const built = this.#build(start, end);
    if (built) {
      this.#built += 1;
    } else {
      this.#declined += 1;
    }
    return built;
  }

  #build(start: number, end: number): ShapedDocument | undefined {
    const content = this.#content;
    let at = start;
    if (content.startsWith(DOCUMENT_MARKER, at)) {
      at += DOCUMENT_MARKER.length;
    } else if (start !== 0) {
      return undefined;
    }
    const marked = at !== start;
    const open: OpenCollection[] = [];
    // A key without a value on its line, whose collection the next line starts.
    let awaiting: Pair<Scalar, unknown> | undefined;
    // Where the document's content ends: blank lines and comments after it are the document's.
    let contentEnd = end;
    let documentComment: string | undefined;
    while (at < end) {
      // Where the line before ends, and the collections it does not continue with it.
      const lineBreak = at;
      BLOCK_LINE.lastIndex = at;
      let line = BLOCK_LINE.exec(content);
      const between = line ? undefined : linesBetween(content, at, end);
      if (between) {
        if (between.end === end) {
          // A comment indented at the end goes to a collection it is indented into.
          if (between.commentBefore !== undefined && between.column !== 0) {
            return undefined;
          }
          contentEnd = lineBreak;
          documentComment = between.endComment;
          break;
        }
        // Before the first marker, comments are the stream's, and the document starts after them.
        if (!marked && open.length === 0) {
          return undefined;
        }
        at = between.end;
        BLOCK_LINE.lastIndex = at;
        line = BLOCK_LINE.exec(content);
      }
      if (!line || BLOCK_LINE.lastIndex > end) {
        return undefined;
      }
      const [, spaces, dash, keyText, keyValue, itemValue, comment] = line;
      const indent = spaces.length;
      const lineStart = at;
      at = BLOCK_LINE.lastIndex;
      // A comment deeper than the line after it goes to the value or collection before it, and
      // one shallower is not that line's either.
      const commented = between?.commentBefore !== undefined;
      if (commented && between!.column !== indent) {
        return undefined;
      }
      if (!dash && itemValue !== undefined) {
        // A scalar alone on its line goes on one of the line before.
        return undefined;
      }
      if (
        comment !== undefined &&
        keyValue === undefined &&
        itemValue === undefined
      ) {
        // The composer gives a comment after a key the collection below it.
        return undefined;
      }
      let top = open[open.length - 1] as OpenCollection | undefined;
      // The first node of the line, which the comment and blank lines before it go to.
      let first: YAMLMap | YAMLSeq | Scalar | undefined;
      if (awaiting) {
        // A sequence may stand at the column of the key it is the value of; a mapping may not.
        const parent = top!.indent;
        if (dash ? indent < parent : indent <= parent) {
          return undefined;
        }
        top = this.#open(open, indent, lineStart + indent, !dash);
        awaiting.value = top.node;
        awaiting = undefined;
        first = top.node;
      } else if (!top) {
        if (indent !== 0) {
          return undefined;
        }
        top = this.#open(open, indent, lineStart, !dash);
        first = top.node;
      } else {
        while (
          top &&
          (top.indent > indent || (!dash && top.indent === indent && !top.keys))
        ) {
          // A sequence at its key's column keeps a comment at that column as its own, unless
          // it stands at the first column.
          if (commented && top.indent === indent && indent > 0) {
            return undefined;
          }
          close(open.pop()!, lineBreak);
          top = open[open.length - 1];
        }
        if (!top || top.indent !== indent || !top.keys === !dash) {
          return undefined;
        }
      }
      const column = lineStart + indent;
      if (dash && keyText !== undefined) {
        // A mapping that starts on the dash's line: its keys stand where the first one does.
        const map = this.#open(open, indent + 2, column + 2, true);
        (top.node as YAMLSeq).items.push(map.node);
        top = map;
        first ??= map.node;
      }
      // The composer's reading refuses a file nested too deep; this leaves it to that reading.
      if (open.length >= this.#maxDepth) {
        return undefined;
      }
      if (dash && keyText === undefined) {
        const scalar = this.#scalar(itemValue, column + 2, at, comment);
        if (!scalar) {
          return undefined;
        }
        if (between) {
          attachLinesBetween(first ?? scalar, between);
        }
        (top.node as YAMLSeq).items.push(scalar);
        continue;
      }
      const keyStart = dash ? column + 2 : column;
      const key = this.#read(keyText);
      if (
        typeof key !== 'string' ||
        key.length > MAX_IMPLICIT_KEY ||
        top.keys!.has(key)
      ) {
        return undefined;
      }
      top.keys!.add(key);
      const keyEnd = keyStart + keyText.length;
      const pair: Pair<Scalar, unknown> = Object.create(PAIR);
      pair.key = scalarNode(key, keyText, Scalar.PLAIN, keyStart, keyEnd);
      if (between) {
        attachLinesBetween(first ?? pair.key, between);
      }
      pair.value = null;
      if (keyValue === undefined) {
        awaiting = pair;
      } else {
        const value = this.#scalar(keyValue, keyEnd + 2, at, comment);
        if (!value) {
          return undefined;
        }
        pair.value = value;
      }
      top.node.items.push(pair);
    }
    if (awaiting || open.length === 0) {
      return undefined;
    }
    const root = open[0].node;
    while (open.length > 0) {
      close(open.pop()!, contentEnd);
    }
    const doc: ShapedDocument = {
      contents: root,
      range: [start, contentEnd, end],
    };
    if (documentComment !== undefined) {
      doc.comment = documentComment;
    }
    return doc;
  }

  /**
   * The node of a value written at `start` of a line that ends at `lineEnd` (its line break
   * included, as the composer counts it in), with the comment after it; undefined for a plain one
   * it reads as another type than a string or decimal integer.
   */
  #scalar(
    text: string,
    start: number,
    lineEnd: number,
    comment: string | undefined,
  ): Scalar | undefined {
    const end = start + text.length;
    const quote = text[0];
    let node: Scalar;
    if (quote === '"' || quote === "'") {
      const inner = text.slice(1, -1);
      const type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
      node = scalarNode(inner, inner, type, start, end);
    } else {
      const value = this.#read(text);
      if (value === NOT_SWAPPABLE) {
        return undefined;
      }
      node = scalarNode(value, text, Scalar.PLAIN, start, end);
    }
    node.range![2] = lineEnd;
    if (comment !== undefined) {
      node.comment = comment;
    }
    return node;
  }

  #open(
    open: OpenCollection[],
    indent: number,
    start: number,
    isMap: boolean,
  ): OpenCollection {
    const node: YAMLMap | YAMLSeq = Object.create(
      isMap ? this.#map : this.#seq,
    );
    node.items = [];
    node.range = [start, start, start];
    const collection = {
      indent,
      node,
      keys: isMap ? new Set<string>() : undefined,
    };
    open.push(collection);
    return collection;
  }
}

/** Ends a collection where the line that does not belong to it starts. */
function close({ node }: OpenCollection, end: number) {
  node.range![1] = end;
  node.range![2] = end;
}

function scalarNode(
  value: unknown,
  source: string,
  type: Scalar.Type,
  start: number,
  end: number,
): Scalar {
  const scalar: Scalar = Object.create(SCALAR);
  scalar.value = value;
  scalar.range = [start, end, end];
  scalar.source = source;
  scalar.type = type;
  return scalar;
}
