import { readHclFile } from './hclDocument';
import { HclParser, loadHclParser } from './hclParser';
import { hclPartBounds } from './hclParts';

/** A module block of 6 lines whose name and source say its number. */
function moduleBlock(i: number): string {
  return `module "m${i}" {\n  source  = "acme/m${i}/aws"\n  version = "1.${i}.0"\n  tags    = { n = "${i}" }\n  after   = "x"\n}\n`;
}

function modules(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => moduleBlock(from + i)).join(
    '',
  );
}

/** The text of each part, cut at the bounds. */
function partsOf(text: string, partLength: number): string[] {
  const bounds = hclPartBounds(text, partLength);
  return bounds.slice(1).map((end, i) => text.slice(bounds[i], end));
}

describe('hclPartBounds', () => {
  it('cuts only at lines that open a top-level block, into parts of at least the length asked', () => {
    const text = `${modules(0, 20)}x = 1\n${modules(20, 20)}`;
    const parts = partsOf(text, 500);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part).toMatch(/^module "m\d+" \{\n/);
      expect(part.length).toBeGreaterThanOrEqual(500);
    }
  });

  it('leaves a text shorter than two parts whole', () => {
    const text = modules(0, 3);
    expect(hclPartBounds(text, text.length)).toEqual([0, text.length]);
  });

  const blocks = `module "hidden" {\n  source = "x"\n}\n`.repeat(20);
  // Text, not structure: a `}` at column 1 would close the block around it, were it code.
  const prose = `}\n${blocks}`;
  it.each([
    ['a heredoc', 'description = <<EOT\n', prose, 'EOT\n'],
    ['an indented heredoc', 'description = <<-EOT\n', prose, '  EOT\n'],
    ['a block comment', '/*\n', prose, '*/\n'],
    [
      'a template that spans lines',
      'name = "${join("-", [\n',
      blocks,
      '])}"\n',
    ],
    ['a nested block at column 1', 'lifecycle {\n', blocks, '}\n'],
    ['a multi-line list', 'list = [\n', blocks, ']\n'],
  ])('never cuts inside %s', (_what, open, hidden, close) => {
    const file = `${modules(
      0,
      10,
    )}locals {\n${open}${hidden}${close}}\n${modules(10, 10)}`;
    const bounds = hclPartBounds(file, 100);
    const hiddenFrom = file.indexOf(hidden);
    const hiddenTo = hiddenFrom + hidden.length;
    expect(bounds.length).toBeGreaterThan(4);
    expect(bounds.filter(b => b > hiddenFrom - 10 && b < hiddenTo)).toEqual([]);
    // Cut again after the hidden lines.
    expect(bounds.some(b => b > hiddenTo && b < file.length)).toBe(true);
  });

  it('stops cutting where it cannot follow the text, and keeps the rest one part', () => {
    const text = `${modules(0, 10)}broken = "no end\n${modules(10, 10)}`;
    const bounds = hclPartBounds(text, 100);
    const broken = text.indexOf('broken');
    expect(bounds.filter(b => b > broken && b < text.length)).toEqual([]);
    expect(bounds.some(b => b > 0 && b < broken)).toBe(true);
  });
});

describe('readHclFile on a file large enough to be read in parts', () => {
  let parser: HclParser;

  beforeAll(async () => {
    parser = await loadHclParser();
  });

  const MODULES = new Map([
    [
      'module',
      { full: new Set(['source', 'version']), othersAsLiterals: true } as const,
    ],
  ]);

  it('reads every block with the line and column of the whole file', () => {
    // 1,000 blocks of about 100 characters: several parts of 16 KB.
    const text = modules(0, 1000);
    expect(hclPartBounds(text, 16_384).length).toBeGreaterThan(3);
    const { blocks, errors } = readHclFile(parser, text, MODULES);
    expect(errors).toEqual([]);
    expect(blocks).toHaveLength(1000);
    blocks.forEach((block, i) => {
      expect(block.labels).toEqual([`m${i}`]);
      expect(block.line).toBe(6 * i + 1);
      const source = block.attributes.get('source')!;
      expect([source.line, source.column]).toEqual([6 * i + 2, 13]);
      expect(source.value).toMatchObject({ value: `acme/m${i}/aws` });
      expect(block.attributes.get('after')?.value).toMatchObject({
        value: 'x',
      });
    });
  });

  it('finds no block inside a heredoc that spans what would be a part', () => {
    const hidden = `module "hidden" {\n  source = "x"\n}\n`.repeat(2000);
    const text = `${modules(
      0,
      500,
    )}locals {\n  doc = <<EOT\n}\n${hidden}EOT\n}\n${modules(500, 500)}`;
    const { blocks, errors } = readHclFile(parser, text, MODULES);
    expect(errors).toEqual([]);
    expect(blocks.map(block => block.labels[0])).toEqual(
      Array.from({ length: 1000 }, (_, i) => `m${i}`),
    );
    expect(blocks[999].line).toBe(text.split('\n').length - 6);
  });

  it('reports a syntax error in a large file where it is, as in a small one', () => {
    const text = `${modules(
      0,
      500,
    )}module "broken" {\n  source = = "x"\n}\n${modules(500, 500)}`;
    const { blocks, errors } = readHclFile(parser, text, MODULES);
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(6 * 500 + 2);
    expect(blocks.filter(block => !block.incomplete)).toHaveLength(1000);
  });
});
