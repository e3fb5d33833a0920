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
