import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import {
  Alias,
  Composer,
  Document,
  Node,
  Pair,
  Schema,
  YAMLMap,
  YAMLSeq,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  visit,
} from 'yaml';
import { MAX_NESTING_DEPTH } from '../nestingLimit';
import { ExtractorFile } from '@platform-portal/plugin-platform-node';
import { DOCUMENT_MARKER, YamlDepthCheck, streamYamlCst } from './parseYamlCst';
import {
  AlikeFiles,
  DocumentShapes,
  ShapedDocument,
  documentStarts,
  readsDocumentsApart,
} from './documentShapes';
import { SimpleBlockDocuments } from './simpleBlockDocuments';

/**
 * Limits that keep hostile YAML from exhausting the process.
 *
 * @public
 */
export interface YamlLimits {
  /** Deepest nesting of collections that is parsed; 100 unless set. */
  maxDepth?: number;
  /** Passed to the YAML library's alias expansion check; 100 unless set. */
  maxAliasCount?: number;
}

const DEFAULT_MAX_ALIAS_COUNT = 100;

/**
 * The schema the composer gives a YAML 1.2 document (the core schema, with `<<` merge keys),
 * made once: left to itself the composer builds one for every document of a file.
 */
const CORE_SCHEMA = new Schema({
  schema: 'core',
  resolveKnownTags: true,
  merge: true,
});

type Position = { line: number; column: number };

/**
 * Maps offsets to 1-based line and column. The library's LineCounter is fed by the lexer
 * and misses newlines it skips while recovering from some syntax errors.
 */
export class LinePositions {
  readonly #starts: number[] = [0];

  constructor(content: string) {
    for (
      let i = content.indexOf('\n');
      i !== -1;
      i = content.indexOf('\n', i + 1)
    ) {
      this.#starts.push(i + 1);
    }
  }

  at(offset: number): Position {
    const starts = this.#starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low + 1, column: Math.max(0, offset - starts[low]) + 1 };
  }
}

/** What a {@link YamlDocument} reads of a composed document: its content and where it ends. */
type ComposedDocument =
  | Pick<Document.Parsed, 'contents' | 'range'>
  | ShapedDocument;

/** One parsed document with helpers that see through aliases and `<<` merge keys. */
export class YamlDocument {
  readonly #doc: ComposedDocument;
  readonly #aliases: Map<Alias, Node | undefined>;
  readonly #lines: LinePositions;
  readonly #content: string;

  constructor(
    doc: ComposedDocument,
    aliases: Map<Alias, Node | undefined>,
    lines: LinePositions,
    content: string,
  ) {
    this.#doc = doc;
    this.#aliases = aliases;
    this.#lines = lines;
    this.#content = content;
  }

  get root(): Node | undefined {
    return this.resolve(this.#doc.contents);
  }

  /** Offset in the file just past this document's text. */
  get end(): number {
    return this.#doc.range[2];
  }

  /** Follows an alias to its anchored node; other values pass through. */
  resolve(node: unknown): Node | undefined {
    if (isAlias(node)) {
      return this.#aliases.get(node);
    }
    return isNode(node) ? node : undefined;
  }

  map(node: unknown): YAMLMap | undefined {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : undefined;
  }

  seq(node: unknown): Node[] {
    const resolved = this.resolve(node);
    if (!isSeq(resolved)) {
      return [];
    }
    return (resolved as YAMLSeq<unknown>).items.flatMap(item => {
      const n = this.resolve(item);
      return n ? [n] : [];
    });
  }

  /** The value of `key` in a mapping, including values brought in by `<<` merge keys. */
  get(node: unknown, key: string): Node | undefined {
    const map = this.map(node);
    if (!map) {
      return undefined;
    }
    // Most mappings merge nothing: their own keys are all there is, and no walk guarding
    // against merge cycles is set up. An explicit key wins over merged ones either way.
    let merges = false;
    for (const pair of map.items as Array<Pair<unknown, unknown>>) {
      if (isScalar(pair.key)) {
        if (pair.key.value === key) {
          return this.resolve(pair.value);
        }
        merges ||= typeof pair.key.value === 'symbol';
      }
    }
    return merges ? this.#lookup(map, key, new Set()) : undefined;
  }

  getString(node: unknown, key: string): string | undefined {
    return this.string(this.get(node, key));
  }

  /** The string keys of a mapping with their values, explicit keys before merged ones. */
  entries(node: unknown): Array<[string, Node]> {
    const map = this.map(node);
    if (!map) {
      return [];
    }
    const out = new Map<string, Node>();
    this.#collectEntries(map, out, undefined);
    return [...out.entries()];
  }

  /**
   * A scalar as text. Numbers and booleans keep their source form so that `version: 1.10`
   * stays `1.10` rather than becoming `1.1`.
   */
  string(node: unknown): string | undefined {
    const resolved = this.resolve(node);
    if (!isScalar(resolved)) {
      return undefined;
    }
    const value = resolved.value;
    if (typeof value === 'string') {
      return value;
    }
    if (
      typeof value === 'number' ||
      typeof value === 'bigint' ||
      typeof value === 'boolean'
    ) {
      return resolved.source ?? String(value);
    }
    return undefined;
  }

  /**
   * A scalar with the type YAML gives it (`true` a boolean, `3` a number, `~` null); undefined
   * for anything that is not a scalar.
   */
  scalar(node: unknown): string | number | boolean | null | undefined {
    const resolved = this.resolve(node);
    if (!isScalar(resolved)) {
      return undefined;
    }
    const value = resolved.value;
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      return value;
    }
    return typeof value === 'bigint' ? Number(value) : undefined;
  }

  position(node: unknown): Position {
    const resolved = this.resolve(node) ?? (isNode(node) ? node : undefined);
    return this.#lines.at(
      Math.min(resolved?.range?.[0] ?? 0, this.#content.length),
    );
  }

  /**
   * The text of a `# comment` on the same line right after a scalar. Read from the source
   * because the parser attaches comments on following lines to the same node.
   */
  trailingComment(node: unknown): string | undefined {
    const resolved = this.resolve(node);
    const end = resolved?.range?.[1];
    if (end === undefined) {
      return undefined;
    }
    const newline = this.#content.indexOf('\n', end);
    const rest = this.#content
      .slice(end, newline === -1 ? undefined : newline)
      .replace(/\r$/, '');
    const match = /^[ \t]+#(.*)$/.exec(rest);
    return match ? match[1].trim() : undefined;
  }

  #isMergeKey(pair: Pair<unknown, unknown>): boolean {
    const key = pair.key;
    return isScalar(key) && typeof key.value === 'symbol';
  }

  #mergeSources(pair: Pair<unknown, unknown>): YAMLMap[] {
    const value = this.resolve(pair.value);
    if (isMap(value)) {
      return [value];
    }
    return this.seq(value).flatMap(item => (isMap(item) ? [item] : []));
  }

  // `seen` guards against merge cycles (`&a {<<: [*a, *a]}`) and repeated fan-out.
  #lookup(
    map: YAMLMap | undefined,
    key: string,
    seen: Set<YAMLMap>,
  ): Node | undefined {
    if (!map || seen.has(map)) {
      return undefined;
    }
    seen.add(map);
    const pairs = map.items as Array<Pair<unknown, unknown>>;
    for (const pair of pairs) {
      if (isScalar(pair.key) && pair.key.value === key) {
        return this.resolve(pair.value);
      }
    }
    for (const pair of pairs) {
      if (this.#isMergeKey(pair)) {
        for (const source of this.#mergeSources(pair)) {
          const found = this.#lookup(source, key, seen);
          if (found) {
            return found;
          }
        }
      }
    }
    return undefined;
  }

  // `seen` is set up only when a merge key is met: most mappings merge nothing.
  #collectEntries(
    map: YAMLMap | undefined,
    out: Map<string, Node>,
    seen: Set<YAMLMap> | undefined,
  ) {
    if (!map || seen?.has(map)) {
      return;
    }
    seen?.add(map);
    const pairs = map.items as Array<Pair<unknown, unknown>>;
    let merges = false;
    for (const pair of pairs) {
      if (this.#isMergeKey(pair)) {
        merges = true;
        continue;
      }
      const key = this.string(pair.key);
      const value = this.resolve(pair.value);
      if (key !== undefined && value && !out.has(key)) {
        out.set(key, value);
      }
    }
    if (!merges) {
      return;
    }
    const guard = seen ?? new Set([map]);
    for (const pair of pairs) {
      if (this.#isMergeKey(pair)) {
        for (const source of this.#mergeSources(pair)) {
          this.#collectEntries(source, out, guard);
        }
      }
    }
  }
}

/** The documents of a YAML file that parsed cleanly, and problems for those that did not. */
export interface ParsedYaml {
  documents: YamlDocument[];
  problems: ScanProblem[];
}

/**
 * The documents of a YAML file read one at a time, for a reader that needs each only while the
 * loop is at it: a file of 40,000 documents held whole took hundreds of megabytes.
 */
export interface YamlDocumentStream {
  /** The documents that parse cleanly, each composed when the loop reaches it; read once. */
  documents: Iterable<YamlDocument>;
  /** The problems of the documents read so far: all of them once `documents` is read. */
  problems: ScanProblem[];
  /**
   * Whether, once `documents` is read, the file turned out to be refused (nested too deep, or
   * not parsable at all): then nothing of it counts, the documents read before that included,
   * and `problems` holds only the reason.
   */
  readonly refused: boolean;
}

function problemAt(
  file: string,
  content: string,
  lines: LinePositions,
  offset: number,
  message: string,
): ScanProblem {
  return {
    file,
    ...lines.at(Math.min(Math.max(0, offset), content.length)),
    message,
  };
}

function firstErrorMessage(doc: Document.Parsed): string {
  const [first] = doc.errors;
  const more = doc.errors.length - 1;
  const message = first.message.split('\n')[0];
  return `YAML syntax error: ${message}${
    more > 0 ? ` (and ${more} more in this document)` : ''
  }`;
}

/**
 * Parses every document of a YAML file with positions, turning syntax errors, excessive
 * nesting and alias bombs into problems instead of exceptions.
 */
export function parseYaml(
  file: ExtractorFile,
  limits: YamlLimits = {},
): ParsedYaml {
  const stream = streamYaml(file, limits);
  const documents = [...stream.documents];
  return {
    documents: stream.refused ? [] : documents,
    problems: stream.problems,
  };
}

/**
 * Files from this size on are read a document at a time, and documents of a shape read before
 * are built from it (see {@link DocumentShapes}); smaller files are composed whole, unless they
 * are of a shape read before, in an earlier file (see {@link AlikeFiles}).
 */
const READ_APART_FROM = 256 * 1024;
/** The shapes of small files read so far, in this thread. */
const ALIKE_FILES = new AlikeFiles(CORE_SCHEMA);

/** What a document is turned into when the file is refused: nothing of it counts. */
const REFUSED = Symbol('refused');

/**
 * Composes the documents of one file. The reader's work on a document runs inside these
 * generators' loops (at `yield`); only the parser's own failures are caught here, not the
 * reader's.
 */
class DocumentReader {
  readonly #file: ExtractorFile;
  readonly #content: string;
  readonly #lines: LinePositions;
  readonly #problems: ScanProblem[];
  readonly #refuse: (problem: ScanProblem) => void;
  readonly #maxDepth: number;
  readonly #maxAliasCount: number;
  readonly #options: ConstructorParameters<typeof Composer>[0];

  constructor(
    file: ExtractorFile,
    limits: YamlLimits,
    problems: ScanProblem[],
    refuse: (problem: ScanProblem) => void,
  ) {
    this.#file = file;
    this.#content = file.content;
    this.#lines = new LinePositions(file.content);
    this.#problems = problems;
    this.#refuse = refuse;
    this.#maxDepth = limits.maxDepth ?? MAX_NESTING_DEPTH;
    this.#maxAliasCount = limits.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
    this.#options = {
      merge: true,
      logLevel: 'error',
      prettyErrors: false,
      // A `%YAML 1.1` directive asks for another schema, which the composer then builds.
      ...(!file.content.includes('%YAML') && { schema: CORE_SCHEMA }),
    };
  }

  /**
   * The documents of the file from `start` on (the start of a document, or 0) to its end. A file
   * of one clean document is handed to `learn`, if set, before a reader sees the document.
   */
  *read(
    start: number,
    learn?: (doc: Document.Parsed) => void,
  ): Generator<YamlDocument> {
    const content = this.#content;
    const depth: YamlDepthCheck = { tooDeepAt: -1 };
    let parsed: Iterator<Document.Parsed>;
    try {
      parsed = new Composer(this.#options)
        .compose(
          streamYamlCst(
            start === 0 ? content : content.slice(start),
            this.#maxDepth,
            depth,
            start,
          ),
          start === 0,
          content.length,
        )
        [Symbol.iterator]();
    } catch (error) {
      this.#refuse(unparsable(this.#file, error));
      return;
    }
    /** The next document composed; undefined when the file was refused. */
    const compose = (): IteratorResult<Document.Parsed> | undefined => {
      let next: IteratorResult<Document.Parsed>;
      try {
        next = parsed.next();
      } catch (error) {
        this.#refuse(unparsable(this.#file, error));
        return undefined;
      }
      if (depth.tooDeepAt >= 0) {
        this.#refuseTooDeep(depth.tooDeepAt);
        return undefined;
      }
      return next;
    };
    // Whether the first document is the only one is known once the next is composed.
    let ahead: IteratorResult<Document.Parsed> | undefined;
    let learning = learn !== undefined;
    for (;;) {
      const next = ahead ?? compose();
      ahead = undefined;
      if (!next || next.done) {
        return;
      }
      if (learning) {
        learning = false;
        ahead = compose();
        if (!ahead) {
          return;
        }
        if (ahead.done && next.value.errors.length === 0) {
          learn!(next.value);
        }
      }
      const accepted = this.#accept(next.value, depth.aliasSeen);
      if (accepted === REFUSED) {
        return;
      }
      if (accepted) {
        yield accepted;
      }
    }
  }

  /**
   * The documents of a file smaller than READ_APART_FROM: built from a file of its shape read
   * before (see {@link AlikeFiles}), else read whole, as before.
   */
  *readAlike(alikeFiles: AlikeFiles): Generator<YamlDocument> {
    const content = this.#content;
    const recalled = alikeFiles.recall(content);
    if ('contents' in recalled) {
      yield new YamlDocument(recalled, new Map(), this.#lines, content);
      return;
    }
    yield* this.read(
      0,
      recalled.learn ? doc => alikeFiles.learn(content, doc) : undefined,
    );
  }

  /**
   * The documents of the file, each part between two document markers composed on its own, or
   * built from a document of the same shape read before, or line by line when it is simple (see
   * {@link SimpleBlockDocuments}). A part that does not compose cleanly (a syntax error, nesting
   * too deep), and every part after it, is composed with the rest of the file as
   * {@link DocumentReader.read} composes a whole file: the parts before it were whole documents,
   * so the file's problems and documents are the same as if it were read at once.
   */
  *readApart(): Generator<YamlDocument> {
    const starts = documentStarts(this.#content);
    const shapes = new DocumentShapes(this.#content, CORE_SCHEMA);
    const simple = new SimpleBlockDocuments(
      this.#content,
      CORE_SCHEMA,
      this.#maxDepth,
    );
    for (let i = 0; i + 1 < starts.length; i++) {
      const start = starts[i];
      const end = starts[i + 1];
      if (start === end) {
        continue;
      }
      const built =
        (shapes.giveUp ? undefined : shapes.match(start, end)) ??
        simple.build(start, end);
      if (built) {
        yield new YamlDocument(built, new Map(), this.#lines, this.#content);
        continue;
      }
      const part =
        shapes.giveUp && simple.giveUp
          ? undefined
          : this.#composeClean(start, end);
      if (!part) {
        yield* this.read(start);
        return;
      }
      shapes.learn(
        part.docs.length === 1 ? part.docs[0] : undefined,
        start,
        end,
      );
      for (const doc of part.docs) {
        const accepted = this.#accept(doc, part.aliasSeen);
        if (accepted === REFUSED) {
          return;
        }
        if (accepted) {
          yield accepted;
        }
      }
    }
  }

  /**
   * The documents of the file's text from `start` to `end`, if they compose without an error.
   * They end where they end in the whole file: the parser is handed the marker of the document at
   * `end`, if one starts there.
   */
  #composeClean(
    start: number,
    end: number,
  ): { docs: Document.Parsed[]; aliasSeen?: boolean } | undefined {
    const depth: YamlDepthCheck = { tooDeepAt: -1 };
    const beforeDocument = end < this.#content.length;
    let docs: Document.Parsed[];
    try {
      docs = [
        ...new Composer(this.#options).compose(
          streamYamlCst(
            this.#content.slice(
              start,
              beforeDocument ? end + DOCUMENT_MARKER.length : end,
            ),
            this.#maxDepth,
            depth,
            start,
            beforeDocument,
          ),
          false,
          end,
        ),
      ];
    } catch {
      return undefined;
    }
    return depth.tooDeepAt < 0 && docs.every(doc => doc.errors.length === 0)
      ? { docs, aliasSeen: depth.aliasSeen }
      : undefined;
  }

  #refuseTooDeep(offset: number) {
    // Nothing of a file nested too deep is read, the documents before that point included.
    this.#refuse(
      problemAt(
        this.#file.path,
        this.#content,
        this.#lines,
        offset,
        `YAML nesting is deeper than ${
          this.#maxDepth
        } levels; the file was not parsed`,
      ),
    );
  }

  /**
   * A composed document as a reader takes it; undefined for one with a problem (now among the
   * problems), REFUSED when the file is refused.
   */
  #accept(
    doc: Document.Parsed,
    aliasSeen: boolean | undefined,
  ): YamlDocument | undefined | typeof REFUSED {
    const { path } = this.#file;
    const content = this.#content;
    if (doc.errors.length > 0) {
      this.#problems.push(
        problemAt(
          path,
          content,
          this.#lines,
          doc.errors[0].pos[0],
          firstErrorMessage(doc),
        ),
      );
      return undefined;
    }
    let aliases: Map<Alias, Node | undefined>;
    try {
      // A document is composed once its last token has been lexed: without an alias among the
      // tokens lexed so far, it has none, and no walk is needed to find them.
      aliases = aliasSeen ? resolveAliases(doc) : new Map();
    } catch (error) {
      this.#refuse(unparsable(this.#file, error));
      return REFUSED;
    }
    try {
      if (aliases.size > 0) {
        doc.toJS({ maxAliasCount: this.#maxAliasCount });
      }
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      this.#problems.push(
        problemAt(
          path,
          content,
          this.#lines,
          doc.range[0],
          /excessive alias count/i.test(message)
            ? `YAML aliases expand beyond the limit of ${
                this.#maxAliasCount
              } (an alias bomb?); the document was skipped`
            : `YAML alias error: ${message}; the document was skipped`,
        ),
      );
      return undefined;
    }
    return new YamlDocument(doc, aliases, this.#lines, content);
  }
}

/**
 * Reads the documents of a YAML file one at a time, as {@link parseYaml} reads them all: each is
 * composed when the loop reaches it, and nothing keeps it once the loop has moved on.
 */
export function streamYaml(
  file: ExtractorFile,
  limits: YamlLimits = {},
): YamlDocumentStream {
  return streamYamlDocuments(file, limits, READ_APART_FROM, ALIKE_FILES);
}

/**
 * {@link streamYaml}, reading files from `readApartFrom` characters on a document at a time, and
 * smaller ones whole, or built from a file of their shape in `alikeFiles`, if given.
 */
export function streamYamlDocuments(
  file: ExtractorFile,
  limits: YamlLimits,
  readApartFrom: number,
  alikeFiles?: AlikeFiles,
): YamlDocumentStream {
  const problems: ScanProblem[] = [];
  let refused = false;
  const refuse = (problem: ScanProblem) => {
    refused = true;
    problems.splice(0, problems.length, problem);
  };
  const reader = new DocumentReader(file, limits, problems, refuse);
  let documents: Iterable<YamlDocument>;
  if (!readsDocumentsApart(file.content)) {
    documents = reader.read(0);
  } else if (file.content.length >= readApartFrom) {
    documents = reader.readApart();
  } else {
    documents = alikeFiles ? reader.readAlike(alikeFiles) : reader.read(0);
  }
  return {
    documents,
    problems,
    get refused() {
      return refused;
    },
  };
}

function unparsable(file: ExtractorFile, error: unknown): ScanProblem {
  return {
    file: file.path,
    message: `YAML could not be parsed: ${String(
      (error as Error)?.message ?? error,
    )}`,
  };
}

/**
 * Maps every alias to the node of the last preceding anchor of that name, in one pass; the
 * library's own `Alias.resolve` walks the whole document on every call.
 */
function resolveAliases(doc: Document.Parsed): Map<Alias, Node | undefined> {
  const anchors = new Map<string, Node>();
  const aliases = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        aliases.set(node, anchors.get(node.source));
        return;
      }
      if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  return aliases;
}

/**
 * Drops references found twice at one place, as happens when an anchor is aliased. Without an
 * alias (`*`) in the file's text no node is reached twice, so the references are kept as found.
 */
export function dedupeReferences(
  references: Reference[],
  content: string,
): Reference[] {
  if (!content.includes('*')) {
    return references;
  }
  const seen = new Set<string>();
  return references.filter(reference => {
    const key = `${reference.kind}\0${reference.position.line}\0${reference.position.column}\0${reference.source}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
