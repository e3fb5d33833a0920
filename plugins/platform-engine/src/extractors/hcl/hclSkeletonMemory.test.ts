import { HclBlockSelection, readHclFile } from './hclDocument';
import { HclParser, loadHclParser } from './hclParser';
import { HCL_PART_LENGTH } from './hclParts';
import {
  HclSkeletonMemory,
  MAX_REMEMBERED_LENGTH,
  MAX_REMEMBERED_SKELETONS,
  RESTING_FILES,
  skeletonMemoryOf,
} from './hclSkeletonMemory';
import { TRIAL_LENGTH } from './replayTrial';

describe('readHclFile across files of alike blocks', () => {
  let parser: HclParser;

  beforeAll(async () => {
    parser = await loadHclParser();
  });

  /** The parser with a memory of its own, counting the texts it parses. */
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

  /** A file as a template makes it for service `i`. */
  function serviceFile(i: number): string {
    return [
      `module "vpc_${i}" {`,
      `  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.${i}.0"`,
      `  name   = "svc-${i}"`,
      `}`,
      ``,
      `locals {`,
      `  region = "eu-${i}"`,
      `}`,
      ``,
      `module "dns_${i}" {`,
      `  source = "git::https://github.com/acme/platform.git//modules/dns?ref=\${local.ref}"`,
      `  zone   = "z${i}"`,
      `}`,
      '',
    ].join('\n');
  }

  /** Each text read with a parser of its own, which has seen no other file. */
  const readAlone = (texts: string[]) =>
    texts.map(text => readHclFile(countingParser(), text, SELECTION));

  it('parses files that differ only in their plain strings twice in all, and reads each as it reads it alone', () => {
    const texts = Array.from({ length: 20 }, (_, i) => serviceFile(i));
    const counting = countingParser();
    const read = texts.map(text => readHclFile(counting, text, SELECTION));
    // The first file itself, then each of its three block skeletons once.
    expect(counting.parses).toBe(4);
    expect(read).toEqual(readAlone(texts));
    expect(read[19].blocks[0].attributes.get('source')).toMatchObject({
      value: {
        type: 'literal',
        value:
          'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.19.0',
      },
      line: 2,
      column: 12,
    });
  });

  it('replays plain strings inside objects and calls, and reads each file as it reads it alone', () => {
    const inputs = new Set(['inputs']);
    const terragrunt = (i: number) =>
      [
        `terraform {`,
        `  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=\${local.version}"`,
        `}`,
        ``,
        `inputs = {`,
        `  name   = "vpc-${i}"`,
        `  tags   = { team = "t${i}", count = 3 }`,
        `  zone   = lookup(var.zones, "z${i}", "default")`,
        `  merged = merge({ a = "m${i}" }, var.extra)`,
        `  spread = concat(["a${i}"], var.more...)`,
        `  (quoted) = ("q${i}")`,
        `}`,
        '',
      ].join('\n');
    const selection: HclBlockSelection = new Map([
      ['terraform', new Set(['source'])],
    ]);
    const texts = Array.from({ length: 10 }, (_, i) => terragrunt(i));
    const counting = countingParser();
    const read = texts.map(text =>
      readHclFile(counting, text, selection, inputs),
    );
    // The first file itself, then its block's skeleton once.
    expect(counting.parses).toBe(2);
    expect(read).toEqual(
      texts.map(text => readHclFile(countingParser(), text, selection, inputs)),
    );
    const value = read[9].attributes.get('inputs')!.value;
    expect(value.type === 'object' && value.entries.get('tags')).toEqual({
      type: 'object',
      entries: new Map([
        ['team', { type: 'literal', value: 't9', text: '"t9"' }],
        ['count', { type: 'literal', value: '3', text: '3' }],
      ]),
      text: '{ team = "t9", count = 3 }',
    });
  });

  it('reads objects whose quoted keys differ from each file', () => {
    const texts = Array.from(
      { length: 6 },
      (_, i) => `locals {\n  map = { "k${i % 2}" = 1, "k1" = 2 }\n}\n`,
    );
    const counting = countingParser();
    const read = texts.map(text => readHclFile(counting, text, SELECTION));
    expect(read).toEqual(readAlone(texts));
    const map = read[4].blocks[0].attributes.get('map')!.value;
    expect(map.type === 'object' && [...map.entries.keys()]).toEqual([
      'k0',
      'k1',
    ]);
  });

  it.each([
    [
      'a heredoc',
      (i: number) => `locals {\n  doc = <<EOT\nhello ${i}\nEOT\n}\n`,
    ],
    ['a comment', (i: number) => `# service ${i}\n`],
    ['an escape', (i: number) => `locals {\n  quoted = "a\\"b${i}"\n}\n`],
    [
      'an interpolation',
      (i: number) => `locals {\n  ref = "\${var.ref_${i}}"\n}\n`,
    ],
  ])(
    'reads files that also differ in %s as it reads each alone',
    (_, differing) => {
      const texts = Array.from(
        { length: 6 },
        (__, i) => serviceFile(i) + differing(i),
      );
      const counting = countingParser();
      const read = texts.map(text => readHclFile(counting, text, SELECTION));
      expect(read).toEqual(readAlone(texts));
      expect(read[5].errors).toEqual([]);
    },
  );

  it('reads files with CRLF line ends among files with LF ones as it reads each alone', () => {
    const texts = Array.from({ length: 8 }, (_, i) =>
      i % 2 ? serviceFile(i).replace(/\n/g, '\r\n') : serviceFile(i),
    );
    const counting = countingParser();
    const read = texts.map(text => readHclFile(counting, text, SELECTION));
    expect(read).toEqual(readAlone(texts));
    expect(read[7].blocks[2]).toMatchObject({ labels: ['dns_7'], line: 10 });
  });

  it('reports the syntax errors of a file among alike ones where they are, as when it is read alone', () => {
    const texts = Array.from({ length: 6 }, (_, i) => serviceFile(i));
    texts[3] = texts[3].replace('name   = "svc-3"', 'name   = = "svc-3"');
    texts[4] = texts[4].replace(/\}\n$/, '');
    const counting = countingParser();
    const read = texts.map(text => readHclFile(counting, text, SELECTION));
    expect(read).toEqual(readAlone(texts));
    expect(read[3].errors).toEqual([
      expect.objectContaining({ line: 3, column: 12 }),
    ]);
    expect(read[3].blocks.map(block => block.labels)).toEqual([
      ['vpc_3'],
      [],
      ['dns_3'],
    ]);
    expect(read[4].errors).toHaveLength(1);
    expect(read[5].errors).toEqual([]);
  });

  /** A small file written by hand: its block's skeleton is like no other's, by its numbers. */
  function handWrittenFile(i: number): string {
    return [
      `module "m${i}" {`,
      `  source = "./modules/m"`,
      ...Array.from({ length: 16 }, (_, k) => `  input_${k} = ${16 * i + k}`),
      `}`,
      '',
    ].join('\n');
  }

  it('stops looking blocks up after a stretch of blocks that are all different, and tries again after a while', () => {
    const counting = countingParser();
    const memory = skeletonMemoryOf(counting);
    /** How many parses reading `text` costs. */
    const parsesOf = (text: string) => {
      const before = counting.parses;
      expect(readHclFile(counting, text, SELECTION)).toEqual(
        readAlone([text])[0],
      );
      return counting.parses - before;
    };

    // Files made from one template keep being replayed, stretch after stretch.
    let looked = 0;
    for (let i = 0; looked < 3 * TRIAL_LENGTH; i += 1) {
      parsesOf(serviceFile(i));
      looked += serviceFile(i).length;
    }
    expect(parsesOf(serviceFile(1000))).toBe(0);

    // Files written by hand are looked up, each adding its skeleton, until the memory rests.
    let different = 0;
    for (let size = memory.size; different < 1000; different += 1) {
      parsesOf(handWrittenFile(different));
      if (memory.size === size) {
        break;
      }
      size = memory.size;
    }
    expect(different).toBeGreaterThan(TRIAL_LENGTH / 1000);
    expect(different).toBeLessThan((2 * TRIAL_LENGTH) / 100);

    // At rest, each small file is parsed whole, even one whose blocks were seen; nothing new
    // is remembered.
    const size = memory.size;
    expect(parsesOf(serviceFile(1001))).toBe(1);
    for (let i = 1; i < RESTING_FILES - 1; i += 1) {
      parsesOf(handWrittenFile(different + i));
    }
    expect(memory.size).toBe(size);

    // A large file is still read block by block: its own blocks may repeat.
    const large = Array.from({ length: 200 }, (_, i) => serviceFile(i)).join(
      '',
    );
    expect(large.length).toBeGreaterThan(2 * HCL_PART_LENGTH);
    expect(parsesOf(large)).toBe(0);

    // The rest is over: blocks are looked up and replayed again.
    expect(parsesOf(serviceFile(1002))).toBe(0);
    parsesOf(handWrittenFile(different + RESTING_FILES));
    expect(memory.size).toBe(size + 1);
  });

  it('stops looking up the blocks of a large file once a stretch of them was all different', () => {
    const counting = countingParser();
    const memory = skeletonMemoryOf(counting);
    const blocks = Array.from({ length: 1000 }, (_, i) => handWrittenFile(i));
    const large = blocks.join('');
    expect(readHclFile(counting, large, SELECTION)).toEqual(
      readAlone([large])[0],
    );
    // The blocks of the first stretch, and none after it.
    expect(memory.size).toBeGreaterThan(TRIAL_LENGTH / (2 * blocks[0].length));
    expect(memory.size).toBeLessThan((2 * TRIAL_LENGTH) / blocks[0].length);
  });

  it('keeps what was read with one selection apart from what was read with another', () => {
    const sourcesOnly: HclBlockSelection = new Map([
      ['module', new Set(['source'])],
    ]);
    const counting = countingParser();
    for (let i = 0; i < 3; i += 1) {
      readHclFile(counting, serviceFile(i), SELECTION);
    }
    const read = readHclFile(counting, serviceFile(3), sourcesOnly);
    expect(read).toEqual(
      readHclFile(countingParser(), serviceFile(3), sourcesOnly),
    );
    expect(read.blocks.map(block => [...block.attributes.keys()])).toEqual([
      ['source'],
      ['source'],
    ]);
  });
});

describe('HclSkeletonMemory', () => {
  it('reads a skeleton the second time it is seen and remembers what it gave', () => {
    const memory = new HclSkeletonMemory<{ n: number }>();
    let reads = 0;
    const read = () => {
      reads += 1;
      return { n: reads };
    };
    expect(memory.recall('a', read)).toBeUndefined();
    expect(memory.recall('a', read)).toEqual({ n: 1 });
    expect(memory.recall('a', read)).toEqual({ n: 1 });
    expect(reads).toBe(1);
  });

  it('remembers that a skeleton cannot be replayed', () => {
    const memory = new HclSkeletonMemory<object>();
    let reads = 0;
    const read = () => {
      reads += 1;
      return undefined;
    };
    memory.recall('a', read);
    expect(memory.recall('a', read)).toBeNull();
    expect(memory.recall('a', read)).toBeNull();
    expect(reads).toBe(1);
  });

  it('rests for a number of files after a stretch in which less than half of the text looked up was replayed', () => {
    const memory = new HclSkeletonMemory<object>();
    let next = 0;
    /** Looks up `count` keys of about 1,000 characters, each `times` in a row. */
    const lookUp = (count: number, times: number) => {
      for (let i = 0; i < count; i += 1) {
        const key = `${next + Math.floor(i / times)}|${'x'.repeat(1000)}`;
        memory.recall(key, () => ({}));
      }
      next += count;
    };
    const stretch = Math.ceil(TRIAL_LENGTH / 1000);
    // Two thirds replayed: it goes on.
    lookUp(4 * stretch, 3);
    expect(memory.looksUpNextFile()).toBe(true);
    // None replayed: it rests, then tries again.
    for (let round = 0; round < 2; round += 1) {
      lookUp(2 * stretch, 1);
      for (let file = 0; file < RESTING_FILES; file += 1) {
        expect(memory.looksUpNextFile()).toBe(false);
      }
      expect(memory.looksUpNextFile()).toBe(true);
    }
  });

  it('remembers no more skeletons than its bound, forgetting those used least recently', () => {
    const memory = new HclSkeletonMemory<object>();
    const read = () => ({});
    memory.recall('kept', read);
    for (let i = 0; i < 2 * MAX_REMEMBERED_SKELETONS; i += 1) {
      memory.recall(`skeleton ${i}`, read);
      memory.recall(`skeleton ${i}`, read);
      if (i % 100 === 0) {
        memory.recall('kept', read);
      }
    }
    expect(memory.size).toBeLessThanOrEqual(MAX_REMEMBERED_SKELETONS);
    expect(memory.size).toBeGreaterThan(MAX_REMEMBERED_SKELETONS / 2);
    expect(memory.recall('kept', read)).toEqual({});
    expect(memory.recall('skeleton 0', read)).toBeUndefined();
  });

  it('remembers no more text than its bound', () => {
    const memory = new HclSkeletonMemory<object>();
    const long = 'x'.repeat(100_000);
    for (let i = 0; i < 100; i += 1) {
      memory.recall(`${i}|${long}`, () => ({}));
      memory.recall(`${i}|${long}`, () => ({}));
    }
    expect(memory.size).toBeLessThan(
      MAX_REMEMBERED_LENGTH / (2 * long.length) + 1,
    );
    expect(memory.size).toBeGreaterThan(0);
  });
});
