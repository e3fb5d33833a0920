import { LRUCache } from 'lru-cache';
import {
  Document,
  Node,
  Pair,
  Scalar,
  ScalarTag,
  Schema,
  YAMLMap,
  YAMLSeq,
  isMap,
  isScalar,
  isSeq,
} from 'yaml';

/**
 * A plain scalar that may stand for another in a document of the same shape: it starts with a
 * letter, digit or `_` and holds no space, `#`, `:`, quote, comma or bracket, so that in block
 * and flow context alike the lexer ends it exactly where its text ends, and it can be neither an
 * indicator, a key, an alias nor a document marker.
 */
export const SWAPPABLE = '[A-Za-z0-9_][A-Za-z0-9_./-]*';
const SWAPPABLE_SCALAR = new RegExp(`^${SWAPPABLE}$`);

/** What {@link DocumentShapes} reads a scalar it may not swap as. */
export const NOT_SWAPPABLE = Symbol('not swappable');

/**
 * Where each document of a stream starts: at every `---` at the start of a line that a space,
 * tab, line break or the end follows. YAML forbids that marker inside a document's content (a
 * scalar or flow collection that runs into it ends there), so each part holds whole documents.
 * Only `\n` starts a line here, as it does for the lexer (a JavaScript `^` would also start one
 * after a `\u2028` inside a scalar). `...` ends a document without starting one; it stays with
 * the part before it.
 */
const DOCUMENT_START = /\n---(?=[ \t\r\n]|$)/g;

/**
 * A line starting with `%` may be a directive, which would carry over into later documents; the
 * lexer skips a byte order mark before it, at the start of the file or of a document.
 */
const DIRECTIVE = /^\uFEFF?%/m;

/** The offsets at which the documents of `content` start, 0 and its length included. */
export function documentStarts(content: string): number[] {
  const starts = [0];
  for (const match of content.matchAll(DOCUMENT_START)) {
    starts.push(match.index + 1);
  }
  starts.push(content.length);
  return starts;
}

/** Whether the documents of `content` may each be read on their own: no directive carries over. */
export function readsDocumentsApart(content: string): boolean {
  return !DIRECTIVE.test(content);
}

/**
 * A document as a reader takes it: its content, and the offsets it spans in the file; with the
 * comment after its content, as the library gives it, when it is built line by line.
 */
export interface ShapedDocument {
  contents: unknown;
  range: [number, number, number];
  comment?: string;
}

/**
 * One composed document whose text, with its swappable scalars left open, matches other
 * documents of the file: those are built from it instead of being lexed, parsed and composed.
 */
class Shape {
  /** Matches a document of this shape in the file's text, one group per swappable scalar. */
  readonly pattern: RegExp;
  /** The document this shape was learnt from: its contents as {@link detached} copies them. */
  readonly #doc: { contents: unknown; range: Document.Parsed['range'] };
  readonly #start: number;
  /** Where each swappable scalar starts and ends in the file, in order. */
  readonly #starts: number[];
  readonly #ends: number[];
  /** For each node in the order {@link Shape.build} copies them, which scalar it swaps (-1: none). */
  readonly #swaps: number[];
  #next = 0;

  constructor(
    doc: Document.Parsed,
    start: number,
    end: number,
    content: string,
    { nodes, swappable }: { nodes: Node[]; swappable: Set<Scalar> },
  ) {
    this.#doc = { contents: detached(doc.contents), range: doc.range };
    this.#start = start;
    const scalars = nodes.filter(node => swappable.has(node as Scalar));
    this.#starts = scalars.map(scalar => scalar.range![0]);
    this.#ends = scalars.map(scalar => scalar.range![1]);
    let source = '';
    let from = start;
    scalars.forEach((_scalar, i) => {
      source += `${escapeRegExp(
        content.slice(from, this.#starts[i]),
      )}(${SWAPPABLE})`;
      from = this.#ends[i];
    });
    source += escapeRegExp(content.slice(from, end));
    this.pattern = new RegExp(source, 'y');
    let scalar = 0;
    this.#swaps = nodes.map(node =>
      swappable.has(node as Scalar) ? scalar++ : -1,
    );
  }

  /**
   * The document of this shape at `start` of the file, with the texts of its swappable scalars,
   * or undefined when one of them would not be a string or decimal integer (`true`, `1.5`, `~`):
   * those documents are composed as read.
   */
  build(
    start: number,
    texts: string[],
    read: (text: string) => unknown,
  ): ShapedDocument | undefined {
    const values = texts.map(read);
    if (values.includes(NOT_SWAPPABLE)) {
      return undefined;
    }
    // How far an offset of this document moves: by where the document starts, and by how much
    // longer or shorter each swapped scalar that ends before it is.
    const shifts = [start - this.#start];
    for (let i = 0; i < texts.length; i++) {
      shifts.push(
        shifts[i] + texts[i].length - (this.#ends[i] - this.#starts[i]),
      );
    }
    const move = (offset: number) =>
      offset + shifts[this.#swappedBefore(offset)];
    this.#next = 0;
    const contents = this.#copy(this.#doc.contents, texts, values, move);
    const [a, b, c] = this.#doc.range;
    return { contents, range: [move(a), move(b), move(c)] };
  }

  /** How many swappable scalars end at or before `offset` of this document. */
  #swappedBefore(offset: number): number {
    const ends = this.#ends;
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ends[mid] <= offset) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  // A document of this shape is built of nodes that inherit from this shape's own: what is the
  // same in every document (node type, scalar style, comments) is looked up, and each node holds
  // only what differs: its range, a swapped scalar's value, a collection's items.
  #copy(
    node: unknown,
    texts: string[],
    values: unknown[],
    move: (o: number) => number,
  ): unknown {
    if (node === null || node === undefined) {
      return node;
    }
    const swap = this.#swaps[this.#next++];
    const original = node as Node;
    const copy = Object.create(original) as Node;
    const range = original.range!;
    copy.range = [move(range[0]), move(range[1]), move(range[2])];
    if (swap >= 0) {
      (copy as Scalar).value = values[swap];
      (copy as Scalar).source = texts[swap];
    } else if (isMap(node)) {
      (copy as YAMLMap).items = (
        node.items as Array<Pair<unknown, unknown>>
      ).map(pair => {
        const pairCopy = Object.create(pair) as Pair<unknown, unknown>;
        pairCopy.key = this.#copy(pair.key, texts, values, move);
        pairCopy.value = this.#copy(pair.value, texts, values, move);
        return pairCopy;
      });
    } else if (isSeq(node)) {
      (copy as YAMLSeq).items = node.items.map(item =>
        this.#copy(item, texts, values, move),
      );
    }
    return copy;
  }
}

/**
 * A copy of a composed node made as the composer makes nodes (the constructors give each its
 * node type), with every property the composer set on the original: a shape keeps this copy, so
 * that nothing a reader does to the document it was learnt from reaches the documents built
 * from it.
 */
function detached(node: unknown): unknown {
  if (isScalar(node)) {
    return Object.assign(new Scalar(node.value), node, {
      range: [...node.range!],
    });
  }
  if (isMap(node)) {
    return Object.assign(new YAMLMap(node.schema), node, {
      range: [...node.range!],
      items: (node.items as Array<Pair<unknown, unknown>>).map(pair =>
        Object.assign(new Pair(null), pair, {
          key: detached(pair.key),
          value: detached(pair.value),
        }),
      ),
    });
  }
  if (isSeq(node)) {
    return Object.assign(new YAMLSeq(node.schema), node, {
      range: [...node.range!],
      items: node.items.map(detached),
    });
  }
  return node;
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The nodes of a document in the order {@link Shape} copies them, and its swappable scalars: the
 * plain values (never keys) written as {@link SWAPPABLE} that `read` reads as the composer did.
 * Undefined for a document that has anything a copy could get wrong: an anchor, alias, tag or a
 * kind of node other than a plain mapping, sequence or scalar.
 */
function shapeNodes(
  doc: Document.Parsed,
  content: string,
  read: (text: string) => unknown,
): { nodes: Node[]; swappable: Set<Scalar> } | undefined {
  const nodes: Node[] = [];
  const swappable = new Set<Scalar>();
  const walk = (node: unknown, isKey: boolean): boolean => {
    if (node === null || node === undefined) {
      return true;
    }
    const n = node as Node;
    if (n.anchor || n.tag || !n.range) {
      return false;
    }
    nodes.push(n);
    if (n instanceof Scalar && n.constructor === Scalar) {
      const text = content.slice(n.range[0], n.range[1]);
      if (
        !isKey &&
        n.type === Scalar.PLAIN &&
        n.source === text &&
        SWAPPABLE_SCALAR.test(text) &&
        read(text) === n.value
      ) {
        swappable.add(n);
      }
      return true;
    }
    if (isMap(n) && n.constructor === YAMLMap) {
      return (n.items as Array<Pair<unknown, unknown>>).every(
        pair =>
          pair.constructor === Pair &&
          walk(pair.key, true) &&
          walk(pair.value, false),
      );
    }
    if (isSeq(n) && n.constructor === YAMLSeq) {
      return n.items.every(item => walk(item, false));
    }
    return false;
  };
  if (!isMap(doc.contents) && !isSeq(doc.contents)) {
    return undefined;
  }
  return walk(doc.contents, false) && swappable.size > 0
    ? { nodes, swappable }
    : undefined;
}

/**
 * How the composer reads a plain scalar with `schema`, as a shape may swap it: a string unless
 * one of the schema's own tests reads it as another type. Of the other types, one whose tag
 * resolves to a plain number (a decimal integer) is swapped too; the others (booleans, null,
 * floats, hex and octal integers) come as scalars with more to them than their value, and are
 * left as they are.
 */
export function plainScalarReader(schema: Schema): (text: string) => unknown {
  const tags = schema.tags.filter(
    (tag): tag is ScalarTag =>
      tag.default === true && !tag.collection && tag.test !== undefined,
  );
  return text => {
    const tag = tags.find(({ test }) => test!.test(text));
    if (!tag) {
      return text;
    }
    const value = tag.format ? undefined : tag.resolve(text, () => {}, {});
    return typeof value === 'number' ? value : NOT_SWAPPABLE;
  };
}

/** Shapes kept at once; the one matched last is tried first. */
const MAX_SHAPES = 8;
/**
 * The longest document whose shape is kept, in characters: reuse pays off for many small
 * documents, and a pattern holds a bounded number of groups (one for each of 70,000 values would
 * not compile; 16 KB holds at most a few thousand).
 */
const MAX_SHAPE_LENGTH = 16 * 1024;
/** Documents composed in a file before it is judged whether its shapes repeat. */
const TRIAL_DOCUMENTS = 32;

/**
 * The shapes of the documents of one file read so far. A file whose documents repeat a few
 * shapes (thousands of claims of one kind, differing in names and references) is read at a
 * fraction of the cost; one whose documents do not is told so early ({@link giveUp}).
 */
export class DocumentShapes {
  readonly #content: string;
  readonly #read: (text: string) => unknown;
  #shapes: Shape[] = [];
  #built = 0;
  #composed = 0;

  constructor(content: string, schema: Schema) {
    this.#content = content;
    this.#read = plainScalarReader(schema);
  }

  /** Whether so few documents have matched a shape that composing each costs less. */
  get giveUp(): boolean {
    return this.#composed > TRIAL_DOCUMENTS && this.#built < this.#composed;
  }

  /** The document spanning `start` to `end` of the file, if it has a shape seen before. */
  match(start: number, end: number): ShapedDocument | undefined {
    for (let i = 0; i < this.#shapes.length; i++) {
      const shape = this.#shapes[i];
      shape.pattern.lastIndex = start;
      const found = shape.pattern.exec(this.#content);
      if (!found || found.index + found[0].length !== end) {
        continue;
      }
      const built = shape.build(start, found.slice(1), this.#read);
      if (!built) {
        return undefined;
      }
      if (i > 0) {
        this.#shapes.splice(i, 1);
        this.#shapes.unshift(shape);
      }
      this.#built += 1;
      return built;
    }
    return undefined;
  }

  /**
   * Counts a part of the file that was composed, and keeps the shape of its document (undefined
   * when the part held more or less than one) spanning `start` to `end` of the file.
   */
  learn(doc: Document.Parsed | undefined, start: number, end: number): void {
    this.#composed += 1;
    const found =
      doc &&
      end - start <= MAX_SHAPE_LENGTH &&
      shapeNodes(doc, this.#content, this.#read);
    if (!found) {
      return;
    }
    this.#shapes.unshift(new Shape(doc, start, end, this.#content, found));
    this.#shapes.length = Math.min(this.#shapes.length, MAX_SHAPES);
  }
}

/**
 * A plain value at the end of its line (before a comment), after a key or a sequence's dash, as
 * a template fills one in; taken out of a file's text, what is left hints at its shape.
 */
const PLAIN_LINE_END_VALUE =
  /([:-][ \t]+)[A-Za-z0-9_][A-Za-z0-9_./-]*(?=[ \t]*(?:#[^\n]*)?(?:\r?\n|$))/g;

/** The text of a file without its plain values at line ends: files of one shape share it. */
function shapeHint(content: string): string {
  return content.replace(PLAIN_LINE_END_VALUE, '$1');
}

/** Files of alike shapes remembered at most, and their size at most, in characters of text. */
export const MAX_ALIKE_FILES = 1024;
const MAX_ALIKE_FILES_LENGTH = 2_000_000;
/**
 * What a learnt shape weighs against its hint: its pattern holds the file's text, and its
 * document a node of a few objects for each value.
 */
const SHAPE_WEIGHT = 8;

/** A hint seen once: the next file with it teaches its shape. */
const SEEN_ONCE = Symbol('seen once');
/** A hint whose file has no shape that can be learnt (more than one document, an anchor…). */
const NO_SHAPE = Symbol('no shape');

/**
 * The shapes of small files of one document, remembered across files (in each thread): files of
 * repositories made from one template (a workflow, a chart, a claim) differ in their plain values
 * only, and each is built from the first file of its shape read instead of being lexed, parsed
 * and composed. A file's hint (its text without the plain values at its line ends) finds the
 * shape to try; the shape's pattern then decides, so a hint shared by files of other shapes
 * costs only a failed match. A shape is learnt from the second file with a hint, so that a file
 * like no other costs no shape.
 */
export class AlikeFiles {
  readonly #read: (text: string) => unknown;
  readonly #shapes = new LRUCache<
    string,
    Shape | typeof SEEN_ONCE | typeof NO_SHAPE
  >({
    max: MAX_ALIKE_FILES,
    maxSize: MAX_ALIKE_FILES_LENGTH,
    sizeCalculation: (shape, hint) =>
      Math.max(
        1,
        shape instanceof Shape ? SHAPE_WEIGHT * hint.length : hint.length,
      ),
  });

  constructor(schema: Schema) {
    this.#read = plainScalarReader(schema);
  }

  /**
   * The document of `content` built from a file of its shape read before, or, when there is
   * none, whether to learn the shape of `content` once it is composed ({@link learn}).
   */
  recall(content: string): ShapedDocument | { learn: boolean } {
    if (content.length > MAX_SHAPE_LENGTH) {
      return { learn: false };
    }
    const hint = shapeHint(content);
    const shape = this.#shapes.get(hint);
    if (shape === undefined) {
      this.#shapes.set(hint, SEEN_ONCE);
      return { learn: false };
    }
    if (shape === SEEN_ONCE) {
      return { learn: true };
    }
    if (shape === NO_SHAPE) {
      return { learn: false };
    }
    shape.pattern.lastIndex = 0;
    const found = shape.pattern.exec(content);
    const built =
      found &&
      found[0].length === content.length &&
      shape.build(0, found.slice(1), this.#read);
    return built || { learn: false };
  }

  /** Learns the shape of `content`, the file of the one document `doc`. */
  learn(content: string, doc: Document.Parsed): void {
    const hint = shapeHint(content);
    const found =
      content.length <= MAX_SHAPE_LENGTH &&
      shapeNodes(doc, content, this.#read);
    this.#shapes.set(
      hint,
      found ? new Shape(doc, 0, content.length, content, found) : NO_SHAPE,
    );
  }
}
