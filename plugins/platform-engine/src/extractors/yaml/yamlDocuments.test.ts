import { YamlDepthCheck, streamYamlCst } from './parseYamlCst';
import { parseYaml } from './yamlDocuments';

const BILLION_LAUGHS = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

function parse(content: string, limits = {}) {
  return parseYaml({ path: 'x.yaml', content }, limits);
}

describe('parseYaml', () => {
  it('parses every document with positions', () => {
    const { documents, problems } = parse('a: 1\n---\nb:\n  c: "x" # note\n');
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(2);
    const c = documents[1].get(documents[1].get(documents[1].root, 'b'), 'c');
    expect(documents[1].string(c)).toBe('x');
    expect(documents[1].position(c)).toEqual({ line: 4, column: 6 });
    expect(documents[1].trailingComment(c)).toBe('note');
  });

  it('keeps numbers as written and sees through merge keys', () => {
    const { documents } = parse(
      'base: &base {version: 1.10, name: a}\nchild:\n  <<: *base\n  name: b\n',
    );
    const [doc] = documents;
    const child = doc.get(doc.root, 'child');
    expect(doc.getString(child, 'version')).toBe('1.10');
    expect(doc.getString(child, 'name')).toBe('b');
    expect(doc.entries(child).map(([key]) => key)).toEqual(['name', 'version']);
    // The merged value is reported where it is written.
    expect(doc.position(doc.get(child, 'version'))).toEqual({
      line: 1,
      column: 23,
    });
  });

  it('lets a key written after a merge key win, and finds keys merged through two levels', () => {
    const { documents } = parse(
      'a: &a {deep: 1, name: a}\nb: &b {<<: *a, mid: 2}\nc:\n  <<: *b\n  name: c\n',
    );
    const [doc] = documents;
    const c = doc.get(doc.root, 'c');
    expect(doc.getString(c, 'name')).toBe('c');
    expect(doc.getString(c, 'mid')).toBe('2');
    expect(doc.getString(c, 'deep')).toBe('1');
    expect(doc.get(c, 'missing')).toBeUndefined();
    expect(doc.entries(c).map(([key]) => key)).toEqual(['name', 'mid', 'deep']);
    // A mapping without merge keys gives only its own keys.
    expect(doc.entries(doc.get(doc.root, 'a')).map(([key]) => key)).toEqual([
      'deep',
      'name',
    ]);
  });

  it('reads scalars by the YAML version a document asks for', () => {
    const scalarsOf = (content: string) =>
      parse(content).documents.map(doc => doc.scalar(doc.get(doc.root, 'a')));
    // YAML 1.2 (the default) has only true and false; YAML 1.1 also reads `yes` as true.
    expect(scalarsOf('a: yes\n---\na: true\n')).toEqual(['yes', true]);
    expect(scalarsOf('%YAML 1.1\n---\na: yes\n')).toEqual([true]);
  });

  it('tolerates anchors that refer to themselves', () => {
    const { documents, problems } = parse('a: &x\n  k: 1\n  self: *x\n');
    expect(problems).toEqual([]);
    const [doc] = documents;
    const a = doc.get(doc.root, 'a');
    expect(doc.getString(a, 'k')).toBe('1');
    expect(doc.get(a, 'missing')).toBeUndefined();
    expect(doc.entries(a).map(([key]) => key)).toEqual(['k', 'self']);
    expect(doc.get(doc.get(doc.get(a, 'self'), 'self'), 'k')).toBeDefined();

    // Merging a mapping into itself is refused by the alias check instead of looping.
    expect(parse('a: &x {k: 1, <<: [*x, *x, *x]}\n').problems).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/alias/) }),
    ]);
  });

  it('does not take a comment on the next line as trailing', () => {
    const { documents } = parse('a: x\n# v1.2.3\nb: y\r\nc: z  # v2\r\n');
    const [doc] = documents;
    expect(doc.trailingComment(doc.get(doc.root, 'a'))).toBeUndefined();
    expect(doc.trailingComment(doc.get(doc.root, 'b'))).toBeUndefined();
    expect(doc.trailingComment(doc.get(doc.root, 'c'))).toBe('v2');
  });

  it('turns an alias bomb into a problem and keeps other documents', () => {
    const { documents, problems } = parse(
      `ok: &x {a: 1}\nagain: *x\n---\n${BILLION_LAUGHS}`,
    );
    expect(documents).toHaveLength(1);
    expect(problems).toEqual([
      {
        file: 'x.yaml',
        line: 3,
        column: 1,
        message: expect.stringContaining('alias bomb'),
      },
    ]);
  });

  it.each([
    ['flow sequences', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['unclosed flow mappings', `a: ${'{b: '.repeat(100000)}`],
    ['stacked sequence items', `${'- '.repeat(100000)}x`],
    ['stacked explicit keys', `${'? '.repeat(100000)}x`],
    [
      'indented block mappings',
      Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    ],
    [
      'sequences in mappings',
      Array.from(
        { length: 400 },
        (_, i) => `${' '.repeat(i * 2)}- a:\n${' '.repeat(i * 2 + 2)}b:`,
      ).join('\n'),
    ],
  ])('refuses deeply nested %s quickly', (_, content) => {
    const start = Date.now();
    const { documents, problems } = parse(content);
    expect(documents).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'x.yaml',
        message:
          'YAML nesting is deeper than 100 levels; the file was not parsed',
      }),
    ]);
    expect(problems[0].line).toBeGreaterThanOrEqual(1);
    expect(Date.now() - start).toBeLessThan(3000);
  });

  it('accepts nesting within the limit', () => {
    const content = `${'['.repeat(50)}${']'.repeat(50)}`;
    expect(parse(content).problems).toEqual([]);
    expect(parse(content, { maxDepth: 20 }).problems).toHaveLength(1);
  });

  it('counts stacked sequence items per line, with either line ending', () => {
    const lines = ['a:', ...Array.from({ length: 5 }, () => '  - - x')];
    for (const newline of ['\n', '\r\n']) {
      const content = `${lines.join(newline)}${newline}`;
      // Two items on each line, three levels deep: within a limit of 3 however many lines.
      expect(parse(content, { maxDepth: 3 }).problems).toEqual([]);
      expect(parse(content, { maxDepth: 2 }).problems).toEqual([
        expect.objectContaining({
          message:
            'YAML nesting is deeper than 2 levels; the file was not parsed',
        }),
      ]);
    }
  });

  it('reports the first syntax error of a document with a count', () => {
    const { documents, problems } = parse('a: b: c\nd: [\n---\nc: 1\n');
    expect(documents).toHaveLength(1);
    expect(problems).toEqual([
      {
        file: 'x.yaml',
        line: 1,
        column: 4,
        message: expect.stringMatching(
          /^YAML syntax error: .*\(and \d+ more in this document\)$/,
        ),
      },
    ]);
  });

  it('handles empty files and comments only', () => {
    expect(parse('').problems).toEqual([]);
    expect(parse('# nothing\n').documents[0].root).toBeUndefined();
  });

  it('sees through aliases in a later document, in flow sequences and after stars in text', () => {
    const { documents, problems } = parse(
      'a: 1\n---\nnote: |\n  * a bullet, *not an alias*\nbase: &b {v: 2}\nc: *b\nd: [*b]\n',
    );
    expect(problems).toEqual([]);
    const doc = documents[1];
    expect(doc.getString(doc.get(doc.root, 'c'), 'v')).toBe('2');
    const [item] = doc.seq(doc.get(doc.root, 'd'));
    expect(doc.getString(item, 'v')).toBe('2');
  });

  it('reports an alias to an unknown anchor', () => {
    const { documents, problems } = parse('a: *missing\n');
    expect(documents).toEqual([]);
    expect(problems).toHaveLength(1);
  });
});

describe('streamYamlCst', () => {
  const aliasSeen = (content: string) => {
    const check: YamlDepthCheck = { tooDeepAt: -1 };
    [...streamYamlCst(content, 64, check)].forEach(() => {});
    return check.aliasSeen ?? false;
  };

  it('finds aliases among the tokens, not stars in text', () => {
    expect(
      aliasSeen(
        'a: \'*quoted*\'\nb: "*double*"\nc: plain*star\nd: |\n  * bullet\n  *em*\n# *comment\n',
      ),
    ).toBe(false);
    expect(aliasSeen('a: &x 1\nb: *x\n')).toBe(true);
    expect(aliasSeen('a: &x 1\nb: [1, *x]\n')).toBe(true);
    expect(aliasSeen('a: &x {v: 1}\nb:\n  <<: *x\n')).toBe(true);
    expect(aliasSeen('- &x 1\n- *x\n')).toBe(true);
  });
});
