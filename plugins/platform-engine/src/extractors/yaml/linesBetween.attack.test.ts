import {
  Scalar,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';
import { built, composed } from './__testUtils__/composedDocuments';
import {
  commentedDocument,
  commentedFile,
  withLinesBetween,
} from './__testUtils__/commentedYaml';
import { Random, seeded } from './__testUtils__/seededRandom';
import { SimpleBlockDocuments } from './simpleBlockDocuments';
import {
  ExtractorFile,
  ReferenceExtractor,
} from '@platform-portal/plugin-platform-node';
import { crossplaneExtractor } from './crossplaneExtractor';
import { helmExtractor } from './helmExtractor';
import { streamYamlDocuments } from './yamlDocuments';

/**
 * An independent differential test of the comment lines and blank lines the line-by-line reader
 * gives each node: documents and large files full of them, at every column and in every place,
 * against the YAML library's own reading of the same text.
 */

/** A node's plain value, or the error the library throws making it. */
function json(node: unknown): unknown {
  try {
    return (node as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  } catch (error) {
    return { error: String(error) };
  }
}

/**
 * What a reader may ask of a node, its comments and blank lines included, whether its fields are
 * its own or its prototype's (a document built from a shape inherits what it does not change).
 */
function view(node: unknown): unknown {
  if (node === null || typeof node !== 'object') {
    return node === undefined ? 'undefined' : node;
  }
  const { range, commentBefore, comment, spaceBefore } = node as Scalar;
  const notes = { range, commentBefore, comment, spaceBefore };
  if (isScalar(node)) {
    const { value, source, type } = node;
    return { value: String(value), kind: typeof value, source, type, ...notes };
  }
  if (isMap(node) || isSeq(node)) {
    return {
      map: isMap(node),
      ...notes,
      items: (node.items as unknown[]).map(item =>
        isPair(item) ? [view(item.key), view(item.value)] : view(item),
      ),
    };
  }
  return { other: String(node) };
}

/** What a reader of a file sees: each document with where it ends, and the problems. */
function readFile(content: string, readApartFrom: number) {
  const stream = streamYamlDocuments(
    { path: 'x.yaml', content },
    {},
    readApartFrom,
  );
  const documents = [...stream.documents].map(doc => ({
    json: json(doc.root),
    root: view(doc.root),
    end: doc.end,
  }));
  return { documents, problems: stream.problems, refused: stream.refused };
}

/** The clean documents of the library's own reading of a whole file, as {@link readFile} gives them. */
function libraryDocuments(content: string) {
  return parseAllDocuments(content, {
    schema: 'core',
    resolveKnownTags: true,
    merge: true,
  } as Parameters<typeof parseAllDocuments>[1])
    .filter(doc => doc.errors.length === 0)
    .map(doc => ({
      json: json(doc.contents),
      root: view(doc.contents),
      end: doc.range[2],
    }));
}

/**
 * A map value left empty at the end of a document that another follows, with comment or blank
 * lines after it: composed on its own, without the marker after it, the document gives it other
 * comments and ends elsewhere than in the stream (see the cases at the end).
 */
const EMPTY_VALUE_BEFORE_MARKER =
  /:[ \t]*(#[^\n]*)?\r?\n([ \t]*(#[^\n]*)?\r?\n)+---/;

/** The last value of a document, a key's or a sequence item's, that comment or blank lines follow. */
const LAST_VALUE_BEFORE_MARKER =
  /^([ \t]*(?:- )?[\w.-]+:|[ \t]*-) [^\n]*?(?=\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)+---)/gm;

/**
 * `content` with some of the last values that comment or blank lines follow before the next
 * marker left empty, or holding a tag or a comment alone: the generator seldom draws them.
 */
function withEmptyLastValues(r: Random, content: string): string {
  return content.replace(LAST_VALUE_BEFORE_MARKER, (line, start: string) =>
    r.chance(0.5) ? `${start}${r.pick(['', '', ' !t', ' #c'])}` : line,
  );
}

describe('comment lines and blank lines read line by line, against the YAML library', () => {
  it('builds each generated document as the composer does, or declines it', () => {
    const r = seeded(418);
    const diverging: unknown[] = [];
    const builtTexts: string[] = [];
    const texts: string[] = [];
    const documents = 12000;
    for (let i = 0; i < documents; i++) {
      const odds = {
        odd: r.pick([0, 0, 0.05, 0.2]),
        between: r.pick([0, 0.2, 0.5, 0.8]),
        aligned: r.pick([0.5, 0.9, 1]),
      };
      const text = commentedDocument(r, odds, r.chance(0.3));
      texts.push(text);
      const actual = built(text);
      if (!actual) {
        continue;
      }
      builtTexts.push(text);
      const expected = composed(text);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        diverging.push({ text, actual, expected });
      }
    }
    expect(diverging.slice(0, 3)).toEqual([]);
    // Enough documents are built for the comparison to mean something, with comment and blank
    // lines in each place the reader takes them; and the places it declines are drawn too.
    expect(builtTexts.length).toBeGreaterThan(documents / 4);
    const count = (among: string[], pattern: RegExp) =>
      among.filter(text => pattern.test(text)).length;
    const places = {
      afterMarker: count(builtTexts, /^---\n#/),
      sourceAfterMarker: count(builtTexts, /^---\n# Source: /),
      blankAfterMarker: count(builtTexts, /^---\n\n/),
      betweenKeyAndNested: count(builtTexts, /:\n( *#.*\n|\n)+ *[^ #\n]/),
      beforeSequenceAtKeyColumn: count(
        builtTexts,
        /^( *)[^ #\n-][^\n]*:\n(\1#.*\n|\n)*\1#.*\n\1- /m,
      ),
      shallowerThanLineBefore: count(builtTexts, /^( +)\S.*\n(#.*\n|\n)+\S/m),
      betweenItems: count(builtTexts, /^( *)- .*\n(\1#.*\n|\n)+\1- /m),
      emptyComment: count(builtTexts, /^ *#\n/m),
      blankThenComment: count(builtTexts, /\S\n\n+ *#/),
      commentThenBlank: count(builtTexts, /^ *#.*\n\n/m),
      blankAtEnd: count(builtTexts, /\n\n$/),
      spacesAloneBetween: count(builtTexts, /^ +\n/m),
      commentsEndingDocument: count(builtTexts, /\n#.*\n(\n|#.*\n)*$/),
      deeperThanLineAfter: count(texts, /^( *)#.*\n\1 +\S/m),
      differentColumnsInARow: count(texts, /^( *)#.*\n\1 +#/m),
      atDocumentEnd: count(texts, /#.*\n$/),
      beforeDocumentEnd: count(texts, /^\.\.\.\n/m),
      tabsOrTrailingSpaces: count(texts, /#.*[\t ]\n/),
      nonAscii: count(texts, /#.*[^\0-~]/),
      spacesOnlyLine: count(texts, /^[ \t]+\n/m),
      afterValue: count(builtTexts, /\S +#\S.*\n/),
    };
    expect(Object.entries(places).filter(([, n]) => n < 30)).toEqual([]);
  });

  // Where the parser moves comment lines from a collection that ends to the one around it, or
  // keeps them, next to the column rule the reader follows.
  it.each([
    'k:\n- x\n# c\n- y\n',
    'k:\n- x\n# c\nb: 1\n',
    '- a:\n  - x\n# c\n- b\n',
    '- a: 1\n  b:\n  # c\n  - x\n',
    'a:\n  b:\n    c:\n    # x\n    - 1\n  d: 2\n',
    'a:\n  b:\n    c:\n    - 1\n  # x\n  d: 2\n',
    'a:\n  b:\n  - c: 1\n# x\nd: 2\n',
    'a:\n- b:\n  - 1\n\nc: 2\n',
    'a:\n- 1 #x\n# y\nc: 2\n',
    '- a: 1\n\n  #c\n  b: 2\n',
    '---\n\n\n# a\n\n# b\n- a\n',
    'a: 1\n#\n#\nb: 2\n',
    'a:\n  b: 1\n    \n# c\n\n#\nd: 2\n',
    '---\nk:\n- x\n  \n# c\n\n# d\n',
    '---\na:\n  - b: 1\n\n#c\n',
  ])('builds %j as the composer does', text => {
    expect(built(text)).toEqual(composed(text));
    expect(built(text)).toBeDefined();
  });

  it('reads each generated large file a document at a time as the library reads it whole', () => {
    const r = seeded(8);
    const build = jest.spyOn(SimpleBlockDocuments.prototype, 'build');
    const diverging: unknown[] = [];
    let builtCount = 0;
    let documents = 0;
    let emptyValuesBeforeMarkers = 0;
    const files = 60;
    for (let f = 0; f < files; f++) {
      const odds = {
        odd: r.pick([0, 0, 0.01, 0.03]),
        between: r.pick([0.2, 0.5, 0.8]),
        aligned: r.pick([0.9, 0.97, 1]),
      };
      const count = 40 + r.below(80);
      const drawn = commentedFile(r, odds, count);
      const content = r.chance(0.3) ? withEmptyLastValues(r, drawn) : drawn;
      if (EMPTY_VALUE_BEFORE_MARKER.test(content)) {
        emptyValuesBeforeMarkers += 1;
      }
      documents += count;
      const apart = readFile(content, 0);
      builtCount += build.mock.results.filter(
        result => result.value !== undefined,
      ).length;
      build.mockClear();
      const whole = readFile(content, Infinity);
      if (JSON.stringify(apart) !== JSON.stringify(whole)) {
        diverging.push({ content, apart, whole });
      }
      if (
        !whole.refused &&
        JSON.stringify(whole.documents) !==
          JSON.stringify(libraryDocuments(content))
      ) {
        diverging.push({ content, whole, library: libraryDocuments(content) });
      }
    }
    build.mockRestore();
    expect(diverging.slice(0, 1)).toEqual([]);
    // Documents whose empty last value comment or blank lines follow before the next marker are
    // among those compared.
    expect(emptyValuesBeforeMarkers).toBeGreaterThan(files / 10);
    // The reader keeps trying: it does not give up on most files.
    expect(builtCount).toBeGreaterThan(documents / 3);
  });

  describe('a large file of commented documents, through the extractors', () => {
    /** What `load` gives in a module registry where every file is read whole, however large. */
    function readingWhole<T>(load: () => T): T {
      let loaded: T | undefined;
      jest.isolateModules(() => {
        jest.doMock('./yamlDocuments', () => {
          const actual =
            jest.requireActual<typeof import('./yamlDocuments')>(
              './yamlDocuments',
            );
          const streamYaml: typeof actual.streamYaml = (file, limits = {}) =>
            actual.streamYamlDocuments(file, limits, Infinity);
          const parseYaml: typeof actual.parseYaml = (file, limits = {}) => {
            const stream = streamYaml(file, limits);
            const documents = [...stream.documents];
            return {
              documents: stream.refused ? [] : documents,
              problems: stream.problems,
            };
          };
          return { ...actual, streamYaml, parseYaml };
        });
        loaded = load();
      });
      return loaded!;
    }

    /**
     * The result of `extractor` for `file`, and of the same extractor of `load`'s in a registry
     * where files are read whole; with how many documents were built line by line.
     */
    function extractBothWays(
      extractor: ReferenceExtractor,
      load: () => ReferenceExtractor,
      file: ExtractorFile,
    ) {
      const build = jest.spyOn(SimpleBlockDocuments.prototype, 'build');
      const apart = extractor.extract(file);
      const builtDocuments = build.mock.results.filter(
        result => result.value !== undefined,
      ).length;
      build.mockRestore();
      return { apart, whole: readingWhole(load).extract(file), builtDocuments };
    }

    /** `lines` as documents after `helm template`'s markers, until the file is read apart. */
    function largeFile(document: (i: number) => string[]) {
      const r = seeded(256);
      const odds = { odd: 0.01, between: 0.4, aligned: 0.95 };
      const parts: string[] = [];
      let length = 0;
      for (let i = 0; length < 300 * 1024; i++) {
        const part = `---\n# Source: chart/templates/t${i}.yaml\n${withLinesBetween(
          r,
          document(i),
          odds,
        ).join('\n')}\n`;
        parts.push(part);
        length += part.length;
      }
      return parts.join('');
    }

    it('gives the claims of a large file the references, at the lines and columns, that the whole reading gives', () => {
      const content = largeFile(i => [
        'apiVersion: example.org/v1alpha1',
        'kind: XDatabase',
        'metadata:',
        `  name: db-${i}`,
        'spec:',
        '  compositionRef:',
        `    name: db-aws-${i % 7}`,
        '  parameters:',
        `    size: ${i % 100}`,
        '    regions:',
        '    - eu-west-1',
        '    - us-east-1',
      ]);
      const { apart, whole, builtDocuments } = extractBothWays(
        crossplaneExtractor,
        () =>
          jest.requireActual<typeof import('./crossplaneExtractor')>(
            './crossplaneExtractor',
          ).crossplaneExtractor,
        { path: 'claims.yaml', content },
      );
      expect(apart).toEqual(whole);
      expect(whole.references.length).toBeGreaterThan(1000);
      expect(builtDocuments).toBeGreaterThan(500);
    });

    it('gives the chart dependencies of a large file the references, at the lines and columns, that the whole reading gives', () => {
      const content = largeFile(i => [
        'apiVersion: v2',
        `name: app-${i}`,
        `version: 1.0.${i}`,
        'dependencies:',
        '  - name: redis',
        `    version: 17.${i % 9}.0`,
        '    condition: redis.enabled',
        '  - name: db',
        `    version: ${i % 3}.x`,
      ]);
      const { apart, whole, builtDocuments } = extractBothWays(
        helmExtractor,
        () =>
          jest.requireActual<typeof import('./helmExtractor')>(
            './helmExtractor',
          ).helmExtractor,
        { path: 'charts/app/Chart.yaml', content },
      );
      expect(apart).toEqual(whole);
      expect(whole.references.length).toBeGreaterThan(1000);
      expect(builtDocuments).toBeGreaterThan(500);
    });
  });

  describe('a document whose last value is empty, read a document at a time', () => {
    // An empty value at the end of a document's top mapping, when another document follows,
    // would take the comment and blank lines after it if the document were composed on its own,
    // ending after the last of them. In the stream the next marker ends it before the line break
    // of the first comment line, and the value holds that comment alone, or no blank line: the
    // parser drops the rest. The line-by-line reader declines these documents; the library is
    // handed the marker with the document before it.
    it.each([
      // Composed alone, the value has spaceBefore true; in the stream, none.
      'a:\n\n---\nb: 1\n',
      // Composed alone, the value, its mapping and the document end at 6, after the comment's
      // line break; in the stream, at 5, before it.
      'a:\n#x\n---\nb: 1\n',
      // Composed alone, the value's comment is "x\ny", and it ends at 9; in the stream, "x" and 5.
      'a:\n#x\n#y\n---\nb: 1\n',
      // Composed alone, the value (a tagged empty string) ends at 9; in the stream, at 8.
      'a: !t\n#x\n---\nb: 1\n',
      // The same with an anchor, an explicit key, a comment on the value's line and lines at
      // other columns, and CRLF line breaks. (A mapping at another column than the marker's, or
      // a sequence, keeps the lines after its empty value in the stream too.)
      'k: 1\na: &x\n\n#x\n---\nb: 1\n',
      '? a\n:\n#x\n#y\n---\nb: 1\n',
      'k:\n  - 1\na: #c\n  #x\n#y\n---\nb: 1\n',
      'a:\r\n#x\r\n#y\r\n---\r\nb: 1\r\n',
    ])('reads %j a document at a time as the library reads it whole', text => {
      expect(readFile(text, 0)).toEqual(readFile(text, Infinity));
    });

    it('reads a quoted value left open, which runs over the next marker, as the library reads the file whole', () => {
      const text = 'x: 1\n---\na: "x\n---\nb: 1\n';
      const whole = readFile(text, Infinity);
      expect(readFile(text, 0)).toEqual(whole);
      expect(whole.documents).toHaveLength(1);
      expect(whole.problems).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/quote/) }),
      ]);
    });
  });
});
