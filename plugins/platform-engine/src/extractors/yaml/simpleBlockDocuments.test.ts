import { Composer } from 'yaml';
import {
  SCHEMA,
  built,
  composed,
  whole,
} from './__testUtils__/composedDocuments';
import { createCrossplaneExtractor } from './crossplaneExtractor';
import { SimpleBlockDocuments } from './simpleBlockDocuments';
import { streamYamlDocuments } from './yamlDocuments';

/** A claim with a label key of its own: no two share a shape. */
const variedClaim = (i: number) =>
  `---\napiVersion: acme.io/v1\nkind: Db\nmetadata:\n  name: d${i}\n  labels:\n    l${i}: x\nspec:\n  replicas: ${i}\n  compositionRef:\n    name: db-${
    i % 9
  }\n`;

describe('SimpleBlockDocuments', () => {
  it('builds block mappings and sequences of one-line scalars with the nodes, values and ranges the composer gives them', () => {
    for (const text of [
      variedClaim(7),
      'a: b\n',
      'kind: Db\nspec:\n  a:\n    b:\n      c: 12\n  d: e\nf: g\n',
      'a:\n    deep: 1\nb: 012\n',
      'a:\n- x\n- y y\nb:\n  - c: 1\n    d: "#: e"\n  - f\n  - g:\n    - h\n  - i:\n      j: \'k l\'\nz: q\n',
      '- a\n- b: c\n',
      'a: b # c\nd:\n- e #f\n- g: "h"  # i j\n',
      `${variedClaim(1).slice(4)}`,
    ]) {
      expect(built(text)).toEqual(composed(text));
      expect(built(text)).toBeDefined();
    }
  });

  it('declines what it does not build as the composer would, and anything the composer refuses', () => {
    for (const text of [
      'a: true\n',
      'a: 1.5\n',
      'a: ~\n',
      'a: 0x1F\n',
      'true: a\n',
      '12: a\n',
      'a: b\na: c\n',
      'a:\nb: c\n',
      'a: b\n  c: d\n',
      'a: b\n  c\n',
      'a:\n  b: c\n d: e\n',
      '  a: b\n',
      'a: b #\n',
      'a: b # c \n',
      'a: # c\n  b: d\n',
      '# c\na: b\n',
      'a: b # é\n',
      'a: b \n',
      'a: "b\\"c"\n',
      "a: 'b''c'\n",
      'a: b  c\n',
      '- - a\n',
      '-  a\n',
      '- a\n  - b\n',
      '- a\n  b: c\n',
      'a:\n  - b\n  c: d\n',
      'a:\n-\n',
      'a: b',
      '--- a: b\n',
      '---\n',
      `${'k'.repeat(1025)}: v\n`,
      'a: b\r\n',
      '\uFEFFa: b\n',
    ]) {
      expect({ text, built: built(text) }).toEqual({ text, built: undefined });
    }
  });

  describe('comment lines and blank lines', () => {
    /** The node at `path` (keys and indexes separated by dots) of a document as {@link whole} gives it. */
    const at = (doc: unknown, path: string) =>
      path
        .split('.')
        .filter(Boolean)
        .reduce(
          (node, step) => (node as Record<string, unknown>)[step],
          (doc as { contents: unknown }).contents,
        ) as Record<string, unknown>;

    it.each([
      // After the marker, before the first key: the document's collection, which starts after them.
      [
        '---\n# Source: chart/templates/x.yaml\nkind: Db\n',
        '',
        { commentBefore: ' Source: chart/templates/x.yaml' },
      ],
      ['---\n\n# c\na: 1\n', '', { spaceBefore: true, commentBefore: ' c' }],
      // A blank line after a comment is a line break in it, not a space before the node.
      ['---\n# c\n\na: 1\n', '', { commentBefore: ' c\n' }],
      ['---\n- a\n', '', {}],
      // Between the pairs of a mapping: the next key. An empty comment is a space.
      ['a: 1\n#\nkind: Db\n', 'items.1.key', { commentBefore: ' ' }],
      [
        'a: 1\n\n#a\n\n#b\n\n\nb: 2\n',
        'items.1.key',
        { spaceBefore: true, commentBefore: 'a\n\nb\n\n' },
      ],
      ['a: 1 # x\n# c\nb: 2\n', 'items.1.key', { commentBefore: ' c' }],
      ['a: 1 # x\n\nb: 2\n', 'items.1.key', { spaceBefore: true }],
      [
        'a:\n  b: 1\n  #  c\n  d: 2\n',
        'items.0.value.items.1.key',
        { commentBefore: '  c' },
      ],
      // After a key without a value: the collection the next line starts.
      ['a:\n  # c\n  b: 1\n', 'items.0.value', { commentBefore: ' c' }],
      ['a:\n\n  b: 1\n', 'items.0.value', { spaceBefore: true }],
      // A line of spaces is blank, however deep.
      ['a:\n    \n  b: 1\n', 'items.0.value', { spaceBefore: true }],
      ['a: 1\n \nb: 2\n', 'items.1.key', { spaceBefore: true }],
      ['a: 1\n# c\n  \nb: 1\n', 'items.1.key', { commentBefore: ' c\n' }],
      ['a:\n# c\n- x\n', 'items.0.value', { commentBefore: ' c' }],
      ['a:\n  # c\n  - b: 1\n', 'items.0.value', { commentBefore: ' c' }],
      // Shallower than the line before: the next key of the collection they stand at the column
      // of; each collection they end ends with the line before them.
      [
        'a:\n  b:\n    c: 1\n# x\n\nd: 1\n',
        'items.1.key',
        { commentBefore: ' x\n' },
      ],
      [
        'a:\n  b:\n    c: 1\n\n  d: 1\n',
        'items.0.value.items.1.key',
        { spaceBefore: true },
      ],
      ['a:\n- x\n# c\nb: 1\n', 'items.1.key', { commentBefore: ' c' }],
      // Between sequence items: the next item, or the mapping that starts on its dash's line.
      ['- a\n# c\n\n- b\n', 'items.1', { commentBefore: ' c\n' }],
      ['- a: 1\n# c\n- b: 1\n', 'items.1', { commentBefore: ' c' }],
      ['- a: 1\n\n  b: 1\n', 'items.0.items.1.key', { spaceBefore: true }],
      [
        'a:\n  - b: 1\n    # c\n    d: 1\n  - e\n',
        'items.0.value.items.0.items.1.key',
        { commentBefore: ' c' },
      ],
      [
        'a:\n  - b: 1\n  # c\n  - e\n',
        'items.0.value.items.1',
        { commentBefore: ' c' },
      ],
    ])(
      'builds %j with the node at "%s" as the composer gives it',
      (text, path, fields) => {
        const expected = composed(text)!;
        expect(built(text)).toEqual(expected);
        const node = at(expected, path);
        expect({
          spaceBefore: node.spaceBefore,
          commentBefore: node.commentBefore,
        }).toEqual({
          spaceBefore: undefined,
          commentBefore: undefined,
          ...fields,
        });
      },
    );

    it('ends the content before blank lines at the end, which only the document spans', () => {
      const text = '---\na:\n  b: 1\n\n \n';
      expect(built(text)).toEqual(composed(text));
      expect(built(text)).toMatchObject({
        range: [0, 14, 17],
        contents: {
          range: [4, 14, 14],
          items: [{ value: { range: [9, 14, 14] } }],
        },
      });
    });

    it.each([
      ['a: 1\n# c\n', ' c', [0, 5, 9]],
      ['---\na:\n- x\n#\n', ' ', [0, 11, 13]],
      ['- a: 1\n  b: 2\n# c\n\n', ' c', [0, 14, 19]],
      // Blank lines between the comments are kept, those before and after them are not.
      ['a: 1\n\n#a\n\n#b\n \n', 'a\n\nb', [0, 5, 15]],
    ])(
      'gives the comments at the first column that end %j to the document, whose content ends before them',
      (text, comment, range) => {
        expect(built(text)).toEqual(composed(text));
        expect(built(text)).toMatchObject({ comment, range });
      },
    );

    it.each([
      // Before the first marker: the stream's, and the document starts after them.
      '# c\na: b\n',
      '\na: b\n',
      // Indented at the end: the comment of the collection it is indented into.
      '---\na:\n  b: 1\n  # c\n',
      'a: 1\n  # c\n',
      '---\n# c\n',
      '---\n\n',
      // Deeper than the line after: the comment of the value or collection before it.
      'a: 1\n  # c\nb: 2\n',
      'a:\n  b: 1\n  # c\nd: 2\n',
      '- a: 1\n  # c\n- b: 1\n',
      // Shallower than the line after.
      'a:\n# c\n  b: 1\n',
      'a:\n  b: 1\n# c\n  d: 2\n',
      // A sequence at its key's column, not the first, keeps a comment at that column.
      'k:\n  a:\n  - x\n  # c\n  b: 1\n',
      // Comments and lines the lexer reads otherwise.
      'a: 1\n# c \nb: 2\n',
      'a: 1\n#\tc\nb: 2\n',
      'a: 1\n# é\nb: 2\n',
      'a: 1\n\t\nb: 2\n',
      'a: 1\n\tb: 2\n',
      'a: 1\n# c\r\nb: 2\n',
    ])('declines %j', text => {
      expect(built(text)).toBeUndefined();
    });
  });

  it('builds what the composer gives, or declines, for thousands of lines put together at random', () => {
    const values = [
      'b',
      '12',
      'x.y/z-1',
      'two words',
      '"q: #r"',
      "'s t'",
      'true',
      '~',
      'b # c',
      'b #',
      'b # c ',
      '"a\\"b"',
      '[b]',
      '',
    ];
    // A fixed sequence of choices (a linear congruential generator), so that a failure repeats.
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % below;
    };
    const builtDocs: unknown[] = [];
    const composedDocs: unknown[] = [];
    for (let doc = 0; doc < 12000; doc++) {
      let text = next(2) ? '---\n' : '';
      let indent = 0;
      for (let line = 1 + next(8); line > 0; line--) {
        // Mostly lines the builder takes, at the column of the line before, deeper or shallower.
        const value = values[next(8) ? next(6) : next(values.length)];
        const key = next(16)
          ? String.fromCharCode(97 + next(26))
          : ['1', 'null'][next(2)];
        const dash = next(3) === 0 ? '- ' : '';
        const form = next(3);
        const opens = form === 1;
        const comment = next(6)
          ? ''
          : [' # c', ' #x y', '  #  z', ' #', ' # c '][next(5)];
        text += `${' '.repeat(indent)}${dash}${
          [`${key}: ${value}`, `${key}:`, value][form]
        }${comment}\n`;
        const change = opens ? [2, 2, 4, 0] : [0, 0, 0, 0, -2, -4, 1, 2];
        indent = Math.max(0, indent + change[next(change.length)]);
      }
      if (next(8) === 0) {
        text = text.slice(0, -1);
      }
      const actual = built(text);
      if (actual) {
        builtDocs.push({ text, doc: actual });
        composedDocs.push({ text, doc: composed(text) });
      }
    }
    expect(builtDocs).toEqual(composedDocs);
    // Enough of what is built holds each kind of line to tell the builder from the composer.
    const builtTexts = builtDocs.map(doc => (doc as { text: string }).text);
    const count = (pattern: RegExp) =>
      builtTexts.filter(text => pattern.test(text)).length;
    expect(builtTexts.length).toBeGreaterThan(600);
    expect(count(/^ *- /m)).toBeGreaterThan(400);
    expect(count(/["']/)).toBeGreaterThan(200);
    expect(count(/#/)).toBeGreaterThan(150);
    expect(count(/:\n/)).toBeGreaterThan(150);
  });

  it('leaves a document nested as deep as the limit to the composer, which refuses one deeper', () => {
    const text = 'a:\n  b:\n    - c\n';
    expect(built(text, 4)).toBeDefined();
    expect(built(text, 3)).toBeUndefined();
    expect(built('- a:\n  - b: c\n', 5)).toBeDefined();
    expect(built('- a:\n  - b: c\n', 4)).toBeUndefined();
  });

  it('stops trying once most documents of a file were not simple', () => {
    const content = Array.from({ length: 40 }, () => '---\na: [b]\n')
      .concat(variedClaim(1))
      .join('');
    const simple = new SimpleBlockDocuments(content, SCHEMA, 100);
    const start = content.lastIndexOf('---');
    for (let i = 0; i < 40; i++) {
      expect(simple.build(i * 11, i * 11 + 11)).toBeUndefined();
    }
    expect(simple.giveUp).toBe(true);
    expect(simple.build(start, content.length)).toBeUndefined();
    expect(
      new SimpleBlockDocuments(content, SCHEMA, 100).build(
        start,
        content.length,
      ),
    ).toBeDefined();
  });
});

describe('reading a large stream of simple documents that share no shape', () => {
  const content = Array.from({ length: 400 }, (_, i) => variedClaim(i)).join(
    '',
  );

  it('builds them without the composer, with the documents and positions reading them whole gives', () => {
    const read = (readApartFrom: number) =>
      [
        ...streamYamlDocuments({ path: 'x.yaml', content }, {}, readApartFrom)
          .documents,
      ].map(doc => ({ root: whole(doc.root), end: doc.end }));
    const expected = read(Infinity);
    const compose = jest.spyOn(Composer.prototype, 'compose');
    try {
      expect(read(0)).toEqual(expected);
      expect(compose).not.toHaveBeenCalled();
    } finally {
      compose.mockRestore();
    }
  });

  it('finds a claim among documents that cannot hold one, and reports a syntax error after them at its line', () => {
    const configMap = (i: number) => `---\nkind: ConfigMap\nname: c${i}\n`;
    const text = [
      ...Array.from({ length: 3000 }, (_, i) => configMap(i)),
      variedClaim(1),
      ...Array.from({ length: 3000 }, (_, i) => configMap(i)),
      '---\nkind: [open\n',
      variedClaim(2),
    ].join('');
    const result = createCrossplaneExtractor().extract({
      path: 'x.yaml',
      content: text,
    });
    const claimLine = 3000 * 3 + 2;
    const brokenLine = 3000 * 3 + 11 + 3000 * 3 + 2;
    expect(result.references.map(r => [r.kind, r.position.line])).toEqual([
      ['crossplane-composite-type', claimLine],
      ['crossplane-composition-ref', claimLine + 9],
      ['crossplane-composite-type', brokenLine + 2],
      ['crossplane-composition-ref', brokenLine + 11],
    ]);
    // The library ends the open flow sequence at the next marker, and reports it there.
    expect(result.problems).toEqual([
      expect.objectContaining({ line: brokenLine + 1, column: 1 }),
    ]);
    const readWhole = streamYamlDocuments(
      { path: 'x.yaml', content: text },
      {},
      Infinity,
    );
    expect([...readWhole.documents]).toHaveLength(6002);
    expect(result.problems).toEqual(readWhole.problems);
  });
});
