import { Composer, Node, Parser, Schema, isMap, isScalar, isSeq } from 'yaml';
import { crossplaneExtractor } from './crossplaneExtractor';
import {
  AlikeFiles,
  DocumentShapes,
  MAX_ALIKE_FILES,
  documentStarts,
} from './documentShapes';
import { githubActionsExtractor } from './githubActionsExtractor';
import {
  YamlDocument,
  YamlLimits,
  streamYaml,
  streamYamlDocuments,
} from './yamlDocuments';

/**
 * A claim whose names differ in length from one document to the next. Its comment keeps it from
 * being built line by line (see SimpleBlockDocuments), so that its shape is learnt and reused.
 */
const claim = (i: number, extra = '') =>
  `---\napiVersion: acme.io/v1\nkind: Db # a claim\nmetadata:\n  name: d${i}\nspec:\n  region: eu-west-${
    i % 3
  }\n  compositionRef:\n    name: db-${'x'.repeat(i % 4)}\n${extra}`;

const claims = (count: number) =>
  Array.from({ length: count }, (_, i) => claim(i)).join('');

/** What a reader can see of a node: values, scalar texts and where each node is. */
function seen(node: unknown): unknown {
  const at = (node as Node).range;
  if (isScalar(node)) {
    return { value: node.value, source: node.source, at };
  }
  if (isMap(node)) {
    return {
      at,
      pairs: node.items.map(pair => [seen(pair.key), seen(pair.value)]),
    };
  }
  if (isSeq(node)) {
    return { at, items: node.items.map(seen) };
  }
  return node;
}

/** The documents and problems of a text, read whole and a document at a time. */
function readBothWays(content: string, limits: YamlLimits = {}) {
  const read = (readApartFrom: number) => {
    const stream = streamYamlDocuments(
      { path: 'x.yaml', content },
      limits,
      readApartFrom,
    );
    const documents = [...stream.documents].map((doc: YamlDocument) => ({
      root: seen(doc.root),
      end: doc.end,
    }));
    return { documents, problems: stream.problems, refused: stream.refused };
  };
  return { whole: read(Infinity), apart: read(0) };
}

describe('reading a YAML stream a document at a time', () => {
  it('gives the same documents, values and positions as reading it whole', () => {
    const { whole, apart } = readBothWays(claims(50));
    expect(whole.documents).toHaveLength(50);
    expect(apart).toEqual(whole);
  });

  it('builds documents of a repeated shape with their own names and lines', () => {
    const content = claims(40);
    const stream = streamYamlDocuments({ path: 'x.yaml', content }, {}, 0);
    const names = [...stream.documents].map(doc => {
      const name = doc.get(doc.get(doc.root, 'metadata'), 'name');
      return { name: doc.string(name), ...doc.position(name) };
    });
    expect(names[0]).toEqual({ name: 'd0', line: 5, column: 9 });
    expect(names[39]).toEqual({ name: 'd39', line: 39 * 9 + 5, column: 9 });
  });

  it('reads values of a repeated shape that are not strings as YAML types them', () => {
    const content = Array.from(
      { length: 6 },
      (_, i) =>
        `---\nkind: Db\nspec:\n  replicas: ${
          ['3', 'true', 'x', '~', '0x1F', '1.10'][i]
        }\n  name: n${i}\n`,
    ).join('');
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
    const values = whole.documents.map(
      doc => (doc.root as any).pairs[1][1].pairs[0][1].value,
    );
    expect(values).toEqual([3, true, 'x', null, 31, 1.1]);
  });

  it('splits at a marker in a block scalar as YAML does, and not at one inside a line or indented', () => {
    const content = `${claim(
      1,
    )}notes: |\n  first\n---\nkind: A --- b\nnote: >\n  ---\n${claim(
      2,
    )}text: "a\n  --- b"\n${claim(3)}`;
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
    expect(whole.problems).toEqual([]);
    expect(whole.documents).toHaveLength(4);
  });

  it('does not split where a line starts for JavaScript but not for YAML', () => {
    const content = `${claims(
      3,
    )}---\nkey: a\u2028--- b\nother: a\r--- b\n${claims(3)}`;
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
    expect(whole.documents).toHaveLength(7);
  });

  it('reads a document of more values than a pattern can hold groups', () => {
    const items = Array.from({ length: 70000 }, (_, i) => `  - v${i}\n`);
    const content = `---\nitems:\n${items.join('')}---\nitems:\n  - a\n`;
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
    expect(apart.problems).toEqual([]);
  });

  it('reports a malformed document far into a stream with its line, as reading it whole does', () => {
    const content = `${claims(30)}---\nkind: [unclosed\n${claims(30)}`;
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
    expect(apart.problems).toEqual([
      expect.objectContaining({ line: 30 * 9 + 3 }),
    ]);
    expect(apart.documents).toHaveLength(60);
  });

  it('ends a quoted string left open at the next marker as reading it whole does', () => {
    const content = `${claims(3)}---\nname: "open\n${claims(3)}`;
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
    expect(apart.problems).not.toEqual([]);
  });

  it('refuses a stream with a document nested too deep far into it, as reading it whole does', () => {
    const content = `${claims(40)}---\na:\n  b:\n    c:\n      d: 1\n`;
    const { whole, apart } = readBothWays(content, { maxDepth: 3 });
    expect(apart.refused).toBe(true);
    expect(apart.problems).toEqual(whole.problems);
  });

  it('reads documents with aliases, end markers and comments as reading them whole does', () => {
    const content = `# first\n${claim(1)}...\n# between\n${claim(
      2,
      'base: &b {x: 1}\nother: *b\n',
    )}${claim(3, '# last\n')}`;
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
  });

  it('reads a stream with a directive whole', () => {
    const content = `%YAML 1.1\n---\nflag: yes\n${claims(3)}`;
    const { whole, apart } = readBothWays(content);
    expect(apart).toEqual(whole);
    expect((whole.documents[0].root as any).pairs[0][1].value).toBe(true);
  });
});

describe('DocumentShapes', () => {
  const schema = new Schema({ schema: 'core' });
  const parts = (content: string) => {
    const starts = documentStarts(content);
    return starts.slice(0, -1).map((start, i) => [start, starts[i + 1]]);
  };

  it('builds a document that differs only in plain string values from the one learnt', () => {
    const content = `${claim(1)}${claim(
      22,
    )}---\napiVersion: acme.io/v1\nkind: Db\nmetadata:\n  title: d3\n`;
    const [[, first], second, other] = parts(content).filter(
      ([start, end]) => end > start,
    ) as Array<[number, number]>;
    const shapes = new DocumentShapes(content, schema);
    const composed = [
      ...new Composer({ schema }).compose(new Parser().parse(content)),
    ];
    shapes.learn(composed[0], 0, first);
    const built = shapes.match(second[0], second[1]);
    expect(built).toBeDefined();
    expect(seen(built!.contents)).toEqual(seen(composed[1].contents));
    expect(built!.range).toEqual(composed[1].range);
    // Another key is another shape.
    expect(shapes.match(other[0], other[1])).toBeUndefined();
  });

  it('swaps decimal integers as numbers, and leaves values of other types to the composer', () => {
    const content = ['3', '12', 'twelve', 'true', '0x1F', '1.5']
      .map(replicas => `---\nspec:\n  replicas: ${replicas}\n`)
      .join('');
    const [first, ...rest] = parts(content).filter(
      ([start, end]) => end > start,
    );
    const shapes = new DocumentShapes(content, schema);
    const [doc] = new Composer({ schema }).compose(
      new Parser().parse(content.slice(0, first[1])),
    );
    shapes.learn(doc, first[0], first[1]);
    const replicas = rest.map(([start, end]) => {
      const built = shapes.match(start, end);
      return built && (seen(built.contents) as any).pairs[0][1].pairs[0][1];
    });
    expect(replicas.map(value => value && [value.value, value.source])).toEqual(
      [[12, '12'], ['twelve', 'twelve'], undefined, undefined, undefined],
    );
  });
});

describe('the Crossplane extractor on a large stream of claims', () => {
  it('finds every claim at its line', () => {
    const content = claims(3000);
    const { references, problems } = crossplaneExtractor.extract({
      path: 'claims.yaml',
      content,
    });
    expect(problems).toEqual([]);
    const refs = references.filter(
      reference => reference.kind === 'crossplane-composition-ref',
    );
    expect(refs).toHaveLength(3000);
    expect(refs[2999]).toMatchObject({
      name: 'db-xxx',
      position: { line: 2999 * 9 + 9, column: 11 },
    });
  });
});

describe('reading alike files', () => {
  /** A workflow as a template makes it for service `i`. */
  const workflow = (i: number, extra = '') =>
    `name: ci-${i}\non:\n  push:\n    branches: [main]\njobs:\n  terraform:\n    uses: acme/platform/.github/workflows/terraform.yml@v3.0.0\n    with:\n      working-directory: infra/svc-${i}\n      retries: ${i}\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4 # v4.2.2\n${extra}`;

  /** The documents and problems of each text, as a whole read of each gives them alone. */
  const readWhole = (contents: string[]) =>
    contents.map(content => {
      const stream = streamYamlDocuments(
        { path: 'ci.yml', content },
        {},
        Infinity,
      );
      const documents = [...stream.documents].map(doc => ({
        root: seen(doc.root),
        end: doc.end,
      }));
      return { documents, problems: stream.problems };
    });
  const readEach = (contents: string[]) =>
    contents.map(content => {
      const stream = streamYaml({ path: 'ci.yml', content });
      const documents = [...stream.documents].map(doc => ({
        root: seen(doc.root),
        end: doc.end,
      }));
      return { documents, problems: stream.problems };
    });

  let composed: jest.SpyInstance;
  beforeEach(() => {
    composed = jest.spyOn(Composer.prototype, 'compose');
  });
  afterEach(() => composed.mockRestore());

  it('composes files that differ only in plain scalars twice in all, and reads each as it reads it alone', () => {
    const contents = Array.from({ length: 10 }, (_, i) => workflow(i + 1000));
    const read = readEach(contents);
    // The first file, and the second, whose shape is learnt.
    expect(composed).toHaveBeenCalledTimes(2);
    composed.mockClear();
    expect(read).toEqual(readWhole(contents));
    expect((read[9].documents[0].root as any).pairs[0][1]).toEqual({
      value: 'ci-1009',
      source: 'ci-1009',
      at: [6, 13, 14],
    });
  });

  it('finds the references of alike files at their own lines and columns', () => {
    // Values of other lengths before a reference move it within the file, not within its line.
    const found = [1, 22, 333, 4444].map(i =>
      githubActionsExtractor
        .extract({
          path: '.github/workflows/ci.yml',
          content: workflow(i).replace(
            'uses: actions/checkout@v4',
            `uses: actions/checkout@v4\n      - with:\n          node: n${i}\n        uses: actions/setup-node@v4`,
          ),
        })
        .references.map(({ name, position: { line, column } }) => ({
          name,
          line,
          column,
        })),
    );
    expect(composed).toHaveBeenCalledTimes(2);
    const expected = [
      expect.objectContaining({ line: 7, column: 11 }),
      { name: 'github.com/actions/checkout', line: 14, column: 15 },
      { name: 'github.com/actions/setup-node', line: 17, column: 15 },
    ];
    expect(found).toEqual([expected, expected, expected, expected]);
  });

  it('reads alike files with CRLF line ends, a quoted or typed scalar, or a syntax error as it reads each alone', () => {
    const contents = [
      workflow(3000),
      workflow(3001).replace(/\n/g, '\r\n'),
      workflow(3002).replace(/\r?\n/g, '\r\n'),
      workflow(3003).replace('retries: 3003', 'retries: true'),
      workflow(3004).replace('retries: 3004', 'retries: 1.5'),
      workflow(3005).replace('name: ci-3005', 'name: "ci-3005"'),
      workflow(3006).replace('branches: [main]', 'branches: [main'),
      workflow(3007).replace('ci-3007', 'ci 3007'),
      workflow(3008),
    ];
    const read = readEach(contents);
    expect(read).toEqual(readWhole(contents));
    expect(read[6].problems).toHaveLength(1);
    expect(read[8].problems).toEqual([]);
  });

  it('keeps no more shapes than its bound, forgetting the one used least recently', () => {
    // Each has a key of its own: keys are part of a shape.
    const distinct = (i: number) => `kind: K\nkey${i}: v${i}\n`;
    readEach([distinct(0), distinct(0)]);
    composed.mockClear();
    readEach([distinct(0)]);
    expect(composed).not.toHaveBeenCalled();
    for (let i = 1; i <= MAX_ALIKE_FILES; i += 1) {
      readEach([distinct(i)]);
    }
    composed.mockClear();
    readEach([distinct(0)]);
    expect(composed).toHaveBeenCalledTimes(1);
  });
});

describe('AlikeFiles', () => {
  it('keeps no more text than its bound', () => {
    const alike = new AlikeFiles(new Schema({ schema: 'core' }));
    const file = (i: number) =>
      `kind${i}: K\nspec:\n${'  key: value\n'.repeat(1200)}  name: n\n`;
    const doc = (content: string) =>
      [...new Composer({}).compose(new Parser().parse(content))][0];
    // Each shape weighs more than a thirtieth of the bound.
    const count = 60;
    for (let i = 0; i < count; i += 1) {
      alike.recall(file(i));
      alike.learn(file(i), doc(file(i)));
    }
    const built = Array.from(
      { length: count },
      (_, i) => 'contents' in alike.recall(file(i).replace('n\n', 'm\n')),
    );
    expect(built.filter(Boolean).length).toBeLessThan(count / 2);
    expect(built[count - 1]).toBe(true);
  });
});
