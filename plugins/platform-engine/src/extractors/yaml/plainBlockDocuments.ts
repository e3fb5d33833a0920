import { Pair, Scalar, Schema, YAMLMap } from 'yaml';
import {
  NOT_SWAPPABLE,
  SWAPPABLE,
  ShapedDocument,
  plainScalarReader,
} from './documentShapes';

/**
 * A line of a plain block mapping: indentation of spaces, a key, and either nothing (a mapping
 * nested below follows) or one plain value; no comment, quote, flow collection, tag, anchor or
 * trailing space. Keys and values are {@link SWAPPABLE}, so that the lexer would end each exactly
 * where its text ends.
 */
const PLAIN_LINE = new RegExp(
  `( *)(${SWAPPABLE}):(?: (${SWAPPABLE}))?\\n`,
  'y',
);
const DOCUMENT_MARKER = '---\n';
/** YAML allows an implicit key of at most this many characters. */
const MAX_IMPLICIT_KEY = 1024;
/** Documents declined in a file before it is judged whether enough of them are plain. */
const TRIAL_DOCUMENTS = 32;

/**
 * Nodes of each class, which the nodes built inherit their node type from, as the documents
 * {@link DocumentShapes} builds do: the library's constructors define it on each node they make,
 * which took a third of the time of building a document.
 */
const SCALAR = new Scalar(null);
const PAIR = new Pair(null);

/** A mapping being built, with the indentation of its keys and the keys it holds. */
interface OpenMap {
  indent: number;
  map: YAMLMap;
  keys: Set<string>;
}

/**
 * Builds the documents of a file that are nothing but block mappings of plain keys and values,
 * line by line, with the nodes, values and ranges the YAML library's composer gives them: lexing,
 * parsing and composing such a document with the library cost about 150 µs, a file of 40,000
 * claims that share no shape 6 s. Any other document (a sequence, a comment, a quoted or empty
 * value, a repeated key…) is declined, and read by the library.
 */
export class PlainBlockDocuments {
  readonly #content: string;
  /** A mapping of the schema the composer gives the file, which built mappings inherit from. */
  readonly #map: YAMLMap;
  readonly #read: (text: string) => unknown;
  readonly #maxDepth: number;
  #built = 0;
  #declined = 0;

  constructor(content: string, schema: Schema, maxDepth: number) {
    this.#content = content;
    this.#map = new YAMLMap(schema);
    this.#read = plainScalarReader(schema);
    this.#maxDepth = maxDepth;
  }

  /** Whether so few documents were plain that trying each costs more than it saves. */
  get giveUp(): boolean {
    return this.#declined > TRIAL_DOCUMENTS && this.#built < this.#declined;
  }

  /** The document spanning `start` to `end` of the file, if it is a plain block mapping. */
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
    const open: OpenMap[] = [];
    let root: YAMLMap | undefined;
    // A key without a value on its line, whose mapping the next line starts.
    let awaiting: Pair<Scalar, unknown> | undefined;
    while (at < end) {
      PLAIN_LINE.lastIndex = at;
      const line = PLAIN_LINE.exec(content);
      if (!line || PLAIN_LINE.lastIndex > end) {
        return undefined;
      }
      const [, spaces, keyText, valueText] = line;
      const indent = spaces.length;
      const keyStart = at + indent;
      if (awaiting) {
        if (indent <= open[open.length - 1].indent) {
          return undefined;
        }
        awaiting.value = this.#open(open, indent, keyStart);
        awaiting = undefined;
      } else if (!root) {
        if (indent !== 0) {
          return undefined;
        }
        root = this.#open(open, indent, keyStart);
      } else {
        while (open[open.length - 1].indent > indent) {
          close(open.pop()!, at);
        }
        if (open[open.length - 1].indent !== indent) {
          return undefined;
        }
      }
      if (open.length >= this.#maxDepth) {
        return undefined;
      }
      const current = open[open.length - 1];
      const key = this.#read(keyText);
      if (
        typeof key !== 'string' ||
        key.length > MAX_IMPLICIT_KEY ||
        current.keys.has(key)
      ) {
        return undefined;
      }
      current.keys.add(key);
      const keyEnd = keyStart + keyText.length;
      const pair: Pair<Scalar, unknown> = Object.create(PAIR);
      pair.key = plainScalar(key, keyText, keyStart, keyEnd);
      pair.value = null;
      if (valueText === undefined) {
        awaiting = pair;
      } else {
        const value = this.#read(valueText);
        if (value === NOT_SWAPPABLE) {
          return undefined;
        }
        const valueStart = keyEnd + 2;
        const valueEnd = valueStart + valueText.length;
        pair.value = plainScalar(value, valueText, valueStart, valueEnd);
        // The composer counts the line break into a value's node.
        (pair.value as Scalar).range![2] += 1;
      }
      current.map.items.push(pair);
      at = PLAIN_LINE.lastIndex;
    }
    if (awaiting || !root) {
      return undefined;
    }
    while (open.length > 0) {
      close(open.pop()!, end);
    }
    return { contents: root, range: [start, end, end] };
  }

  #open(open: OpenMap[], indent: number, keyStart: number): YAMLMap {
    const map: YAMLMap = Object.create(this.#map);
    map.items = [];
    map.range = [keyStart, keyStart, keyStart];
    open.push({ indent, map, keys: new Set() });
    return map;
  }
}

/** Ends a mapping where the line that does not belong to it starts. */
function close({ map }: OpenMap, end: number) {
  map.range![1] = end;
  map.range![2] = end;
}

function plainScalar(
  value: unknown,
  source: string,
  start: number,
  end: number,
): Scalar {
  const scalar: Scalar = Object.create(SCALAR);
  scalar.value = value;
  scalar.range = [start, end, end];
  scalar.source = source;
  scalar.type = Scalar.PLAIN;
  return scalar;
}
