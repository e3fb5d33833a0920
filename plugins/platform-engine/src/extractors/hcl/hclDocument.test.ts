import { readHclFile } from './hclDocument';
import { HclParser, loadHclParser } from './hclParser';

describe('readHclFile', () => {
  let parser: HclParser;

  beforeAll(async () => {
    parser = await loadHclParser();
  });

  const ALL = new Map([['locals', undefined]]);

  function locals(body: string) {
    const { blocks, errors } = readHclFile(parser, `locals {\n${body}}\n`, ALL);
    expect(errors).toEqual([]);
    return blocks[0].attributes;
  }

  it('reads plain strings and strings that need decoding to the same values HCL gives', () => {
    const attributes = locals(
      [
        'plain   = "git::https://github.com/acme/platform.git//vpc?ref=vpc/v1.2.0"',
        'empty   = ""',
        'percent = "100%"',
        'dollar  = "$5"',
        'escaped = "a\\"b\\\\c\\u0041"',
        'dollars = "$${literal}"',
        'directs = "%%{literal}"',
        '',
      ].join('\n'),
    );
    const values = Object.fromEntries(
      [...attributes].map(([name, attribute]) => [
        name,
        attribute.value.type === 'literal' ? attribute.value.value : undefined,
      ]),
    );
    expect(values).toEqual({
      plain: 'git::https://github.com/acme/platform.git//vpc?ref=vpc/v1.2.0',
      empty: '',
      percent: '100%',
      dollar: '$5',
      escaped: 'a"b\\cA',
      dollars: '${literal}',
      directs: '%{literal}',
    });
    expect(attributes.get('plain')).toMatchObject({ line: 2, column: 11 });
  });

  it('gives an attribute the comment on its own line only, in the middle of a block and at its end', () => {
    const attributes = locals(
      [
        'first  = "a" # v1.0.0',
        'second = 1 / 2',
        '# v2.0.0 belongs to no attribute',
        'third  = "c"   /* v3.0.0 */',
        'fourth = "d" // v4.0.0',
        'fifth  = "e"',
        '// v5.0.0 is on the next line',
        'last   = "f" # v6.0.0',
        '',
      ].join('\n'),
    );
    expect(
      Object.fromEntries(
        [...attributes].map(([name, attribute]) => [name, attribute.comment]),
      ),
    ).toEqual({
      first: 'v1.0.0',
      second: undefined,
      third: 'v3.0.0',
      fourth: 'v4.0.0',
      fifth: undefined,
      last: 'v6.0.0',
    });
  });

  it('reads attributes by their whole names, however they are written', () => {
    const attributes = locals(
      [
        'plain = "1"',
        'tight="2"',
        'tabbed\t= "3"',
        'with-dash = "4"',
        'with::colons = "5"',
        'naïve = "6"',
        'plain = "7"',
        '',
      ].join('\n'),
    );
    expect(
      [...attributes].map(([name, attribute]) => [name, attribute.line]),
    ).toEqual([
      ['plain', 2],
      ['tight', 3],
      ['tabbed', 4],
      ['with-dash', 5],
      ['with::colons', 6],
      ['naïve', 7],
    ]);
  });

  it('reads the attributes of a block, not its nested blocks or commented-out lines', () => {
    const { blocks, errors } = readHclFile(
      parser,
      [
        'module "m" {',
        '  nested { inner = "0" }',
        '  dynamic "setting" {',
        '    content {}',
        '  }',
        '  # commented = "1"',
        '  // also = "2"',
        '  object = { key = "3" }',
        '  source= "4"',
        '}',
        '',
      ].join('\n'),
      new Map([['module', undefined]]),
    );
    expect(errors).toEqual([]);
    expect([...blocks[0].attributes.keys()]).toEqual(['object', 'source']);
  });

  it('reads only blocks of the wanted type, however their type is written', () => {
    const { blocks, errors } = readHclFile(
      parser,
      [
        'modules "a" {}',
        'module-x "b" {}',
        'tf_module "c" {}',
        'module::x "d" {}',
        'módulo "e" {}',
        'module "f" {}',
        'module"g"{}',
        'module {}',
        'module\th {}',
        '',
      ].join('\n'),
      new Map([['module', undefined]]),
    );
    expect(errors).toEqual([]);
    expect(blocks.map(block => [block.labels.join(','), block.line])).toEqual([
      ['f', 6],
      ['g', 7],
      ['', 8],
      ['h', 9],
    ]);
  });

  it('keeps interpolations and references that are not literal', () => {
    const attributes = locals(
      'source = "git::https://x.example/p.git?ref=${local.v}"\nother = local.v\n',
    );
    expect(attributes.get('source')?.value).toMatchObject({
      type: 'template',
      parts: [
        'git::https://x.example/p.git?ref=',
        { type: 'traversal', path: ['local', 'v'] },
      ],
    });
    expect(attributes.get('other')?.value).toMatchObject({
      type: 'traversal',
      path: ['local', 'v'],
    });
  });

  it('reads the other attributes of a block as literals only, keeping the text of the rest', () => {
    const { blocks, errors } = readHclFile(
      parser,
      `module "vpc" {
  source = "./vpc"
  tags   = merge(local.tags, { Team = "orders" })
  name   = "orders-\${var.env}"
  cidr   = "10.0.0.0/16"
  count  = 2
  zones  = ["a", "b"]
}
`,
      new Map([
        ['module', { full: new Set(['tags']), othersAsLiterals: true }],
      ]),
    );
    expect(errors).toEqual([]);
    const values = Object.fromEntries(
      [...blocks[0].attributes].map(([name, { value }]) => [name, value]),
    );
    expect(values).toEqual({
      source: { type: 'literal', value: './vpc', text: '"./vpc"' },
      tags: expect.objectContaining({ type: 'call', name: 'merge' }),
      name: expect.objectContaining({ type: 'template' }),
      cidr: { type: 'literal', value: '10.0.0.0/16', text: '"10.0.0.0/16"' },
      count: { type: 'literal', value: '2', text: '2' },
      zones: { type: 'other', text: '["a", "b"]' },
    });
  });

  it('reads the top-level attributes asked for, also after a syntax error elsewhere', () => {
    const text = `terraform {
  source = "./vpc"
}

inputs = {
  name = "orders"
}

other = "not asked for"
`;
    const read = (content: string) =>
      readHclFile(parser, content, new Map(), new Set(['inputs']));
    const clean = read(text);
    expect(clean.errors).toEqual([]);
    expect([...clean.attributes.keys()]).toEqual(['inputs']);
    expect(clean.attributes.get('inputs')).toMatchObject({
      line: 5,
      column: 10,
      value: { type: 'object' },
    });
    const broken = read(`locals {\n  a = = 1\n}\n${text}`);
    expect(broken.errors).toHaveLength(1);
    expect(broken.attributes.get('inputs')).toMatchObject({ line: 8 });
  });

  it('reads block labels, plain or escaped', () => {
    const { blocks } = readHclFile(
      parser,
      'module "vpc" {\n  source = "./vpc"\n}\nmodule "a\\"b" {\n  source = "./ab"\n}\n',
      new Map([['module', new Set(['source'])]]),
    );
    expect(blocks.map(block => block.labels)).toEqual([['vpc'], ['a"b']]);
  });

  it('reports a string that runs over a line end as unterminated', () => {
    const { errors } = readHclFile(
      parser,
      'locals {\n  a = "open\n  b = "x"\n}\n',
      ALL,
    );
    expect(errors).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringContaining('unterminated string'),
      }),
    ]);
  });
});
