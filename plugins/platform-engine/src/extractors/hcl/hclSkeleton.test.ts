import {
  HclBlock,
  HclBlockSelection,
  HclFile,
  readHclFile,
} from './hclDocument';
import { HclParser, loadHclParser } from './hclParser';
import { hclSkeleton, originalIndex, skipsWithin } from './hclSkeleton';

describe('hclSkeleton', () => {
  const text = 'a = "xyz"\nb = ""\nc = "long value"\n';
  const skipped: Array<[number, number]> = [
    [5, 8],
    [22, 32],
  ];
  const skeleton = hclSkeleton(text, skipped);

  it('takes the skipped contents out and maps where nodes start and end back to the text', () => {
    expect(skeleton.text).toBe('a = ""\nb = ""\nc = ""\n');
    // Each string starts at its opening quote and ends after its closing one.
    const strings = [
      [4, 6, 4, 9],
      [11, 13, 14, 16],
      [18, 20, 21, 33],
    ];
    for (const [start, end, startInText, endInText] of strings) {
      expect(originalIndex(skeleton, start)).toBe(startInText);
      expect(originalIndex(skeleton, end)).toBe(endInText);
    }
  });

  it('tells the spans that held skipped contents from those that did not', () => {
    expect(skipsWithin(skeleton, 4, 6)).toBe(true);
    expect(skipsWithin(skeleton, 11, 13)).toBe(false);
    expect(skipsWithin(skeleton, 0, 3)).toBe(false);
    expect(skipsWithin(skeleton, 0, skeleton.text.length)).toBe(true);
  });
});

describe('readHclFile on a large file of alike blocks', () => {
  let parser: HclParser;

  beforeAll(async () => {
    parser = await loadHclParser();
  });

  /** The parser, counting the texts it parses. */
  function countingParser(): HclParser & { parses: number } {
    return {
      parses: 0,
      parse(text, read) {
        this.parses += 1;
        return parser.parse(text, read);
      },
    };
  }

  const SELECTION: HclBlockSelection = new Map([
    [
      'module',
      { full: new Set(['source', 'version']), othersAsLiterals: true } as const,
    ],
    ['locals', undefined],
  ]);

  /**
   * Copy `i` of a few blocks: strings that differ between copies, some empty in every other
   * copy, strings inside objects, templates, comments and numbers.
   */
  function copy(i: number): string {
    return [
      `module "m${i}" {`,
      `  source  = "acme/m${i}/aws" # "v1.0.0"`,
      `  version = "${i % 2 ? '' : `1.${i}.0`}"`,
      `  tags    = { n = "${i}", empty = "" }`,
      `  name    = "${i % 3 ? 'same' : `n-${i}`}"`,
      `  count   = 3`,
      `  flag    = true`,
      `  tpl     = "\${var.x}-${i % 2}"`,
      `  list    = [var.a, "b${i}"]`,
      `  paren   = ("p${i}")`,
      `  cond    = (var.c ? "c${i}" : "d")`,
      `}`,
      `locals {`,
      `  object = { a = "x${i}" }`,
      `  plain  = "p${i}"`,
      `  ref    = local.plain`,
      `  escaped = "a\\"b"`,
      `}`,
      `locals {`,
      // Read as what the parentheses hold.
      `  paren = ("p${i}")`,
      `  cond  = (var.c ? "c${i}" : "d")`,
      `}`,
      '',
    ].join('\n');
  }
  const COPY_LINES = copy(0).split('\n').length - 1;

  /** What reading each copy alone gives, with lines counted in the whole file. */
  function readCopies(count: number): HclFile {
    const blocks: HclBlock[] = [];
    for (let i = 0; i < count; i += 1) {
      const alone = readHclFile(parser, copy(i), SELECTION);
      expect(alone.errors).toEqual([]);
      const shift = <T extends { line: number }>(item: T): T => ({
        ...item,
        line: item.line + i * COPY_LINES,
      });
      for (const block of alone.blocks) {
        blocks.push({
          ...shift(block),
          attributes: new Map(
            [...block.attributes].map(([name, a]) => [name, shift(a)]),
          ),
        });
      }
    }
    return { blocks, attributes: new Map(), errors: [] };
  }

  it('reads every block as it reads the block alone', () => {
    const count = 400;
    const text = Array.from({ length: count }, (_, i) => copy(i)).join('');
    expect(text.length).toBeGreaterThan(2 * 16_384);
    expect(readHclFile(parser, text, SELECTION)).toEqual(readCopies(count));
  });

  it('parses a file of module blocks that differ only in their strings a few times', () => {
    const text = Array.from(
      { length: 1000 },
      (_, i) =>
        `module "m${i}" {\n  source = "acme/m${i}/aws"\n  version = "1.${i}.0"\n}\n`,
    ).join('');
    const counting = countingParser();
    const { blocks, errors } = readHclFile(counting, text, SELECTION);
    expect(errors).toEqual([]);
    // The first block on its own, then its skeleton, which every later block shares.
    expect(counting.parses).toBe(2);
    expect(blocks[999]).toMatchObject({
      labels: ['m999'],
      line: 3997,
      column: 1,
    });
    expect(blocks[999].attributes.get('version')).toMatchObject({
      value: { type: 'literal', value: '1.999.0', text: '"1.999.0"' },
      line: 3999,
      column: 13,
    });
  });

  it('parses a file of blocks that all differ in parts of about 16 KB, as before', () => {
    const text = Array.from(
      { length: 1000 },
      (_, i) => `module "m${i}" {\n  source = "./m"\n  input_${i} = ${i}\n}\n`,
    ).join('');
    const counting = countingParser();
    const { blocks, errors } = readHclFile(counting, text, SELECTION);
    expect(errors).toEqual([]);
    expect(blocks[999].attributes.get('input_999')).toMatchObject({
      value: { type: 'literal', value: '999' },
      line: 3999,
    });
    expect(counting.parses).toBeLessThanOrEqual(
      Math.ceil(text.length / 16_384),
    );
  });
});
