import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { yamlExtractors } from '../extractors/yaml/yamlExtractors';
import { BatchClaims } from './batchClaims';
import { withStart } from './extractorStart';
import { FileScanTask, scanFileTasks, scanTree } from './scanTree';
import { TreePass, withTreePass } from './treePasses/treePass';

const WORKFLOW = `on: push
jobs:
  plan:
    uses: acme/platform/.github/workflows/terraform.yml@v3.2.0
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53b808477a3d4c7f7f3c # v4.1.1
`;

const CHART = `apiVersion: v2
name: app
version: 0.1.0
dependencies:
  - name: platform-service
    version: ^3.1.0
    repository: oci://ghcr.io/acme/charts
`;

const CLAIM = `apiVersion: database.acme.io/v1alpha1
kind: PostgreSQLInstance
metadata:
  name: payments-db
spec:
  compositionRef:
    name: xpostgresql-aws
`;

const BILLION_LAUGHS = `jobs:
  a:
    steps:
      - uses: actions/checkout@v4
x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
x-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
x-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
x-f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
x-g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;

/** Reports every line `ref: <x>` of `*.txt` files, to test the walker without YAML. */
const textExtractor: ReferenceExtractor = {
  id: 'text',
  matches: file => file.endsWith('.txt'),
  extract: ({ path: file, content }) => ({
    references: content.split('\n').flatMap((line, index) =>
      line.startsWith('ref: ')
        ? [
            {
              kind: 'terraform-module' as const,
              position: { file, line: index + 1, column: 6 },
              source: line.slice(5),
              name: line.slice(5),
              pin: 'none' as const,
            },
          ]
        : [],
    ),
    problems: [],
  }),
};

describe('scanTree', () => {
  let root: string;
  let outside: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'scan-tree-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'scan-outside-'));
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  async function write(file: string, content: string | Buffer) {
    const absolute = path.join(root, ...file.split('/'));
    await fs.mkdir(path.dirname(absolute), { recursive: true });
    await fs.writeFile(absolute, content);
  }

  async function writeGoodFiles() {
    await write('.github/workflows/ci.yml', WORKFLOW);
    await write('charts/app/Chart.yaml', CHART);
    await write('infra/claims/db.yaml', CLAIM);
  }

  const GOOD_NAMES = [
    'github.com/acme/platform//.github/workflows/terraform.yml',
    'github.com/actions/checkout',
    'ghcr.io/acme/charts/platform-service',
    // The claim names its type, then the Composition it selects.
    'database.acme.io/PostgreSQLInstance',
    'xpostgresql-aws',
  ];

  function names(result: { references: Array<{ name: string }> }) {
    return result.references.map(r => r.name);
  }

  /** The problems and the names of the references that a scan with the YAML extractors finds. */
  async function scanWithYaml() {
    const result = await scanTree(root, { extractors: yamlExtractors });
    return { problems: result.problems, names: names(result) };
  }

  it('walks the tree with relative POSIX paths, sorted, skipping tool directories', async () => {
    await writeGoodFiles();
    await write('README.md', '# app\n');
    await write('node_modules/some-action/action.yml', WORKFLOW);
    await write('.git/hooks/action.yml', WORKFLOW);
    await write('infra/.terraform/modules/x/action.yml', WORKFLOW);
    await write('infra/.terragrunt-cache/abc/action.yml', WORKFLOW);

    const progress: Array<[number, string, number]> = [];
    const result = await scanTree(root, {
      extractors: yamlExtractors,
      onProgress: (done, { file, filesTotal }) =>
        progress.push([done, file, filesTotal]),
    });

    expect(result.problems).toEqual([]);
    expect(result.filesScanned).toBe(3);
    expect(
      result.references.map(r => [r.position.file, r.position.line, r.name]),
    ).toEqual([
      [
        '.github/workflows/ci.yml',
        4,
        'github.com/acme/platform//.github/workflows/terraform.yml',
      ],
      ['.github/workflows/ci.yml', 8, 'github.com/actions/checkout'],
      ['charts/app/Chart.yaml', 6, 'ghcr.io/acme/charts/platform-service'],
      ['infra/claims/db.yaml', 1, 'database.acme.io/PostgreSQLInstance'],
      ['infra/claims/db.yaml', 7, 'xpostgresql-aws'],
    ]);
    expect(progress.map(([done]) => done).sort()).toEqual([1, 2, 3]);
    expect(progress.every(([, , total]) => total === 3)).toBe(true);
  });

  it('reports a 50 MB file as over the size limit and scans the rest', async () => {
    await writeGoodFiles();
    const big = path.join(root, 'infra', 'huge.yaml');
    const handle = await fs.open(big, 'w');
    await handle.truncate(50 * 1024 * 1024);
    await handle.close();

    expect(await scanWithYaml()).toEqual({
      problems: [
        {
          file: 'infra/huge.yaml',
          message: 'file is 50 MB, over the size limit of 5 MB; not scanned',
        },
      ],
      names: GOOD_NAMES,
    });
  });

  it('takes a configured size limit', async () => {
    await write('a.txt', `ref: small\n`);
    await write('b.txt', `ref: large\n${'x'.repeat(2048)}\n`);
    const result = await scanTree(root, {
      extractors: [textExtractor],
      maxFileSize: 1024,
    });
    expect(names(result)).toEqual(['small']);
    expect(result.problems).toEqual([
      {
        file: 'b.txt',
        message: expect.stringContaining('over the size limit of 1 KB'),
      },
    ]);
  });

  it('reads a file to its last byte at and below the size limit, and refuses one byte more', async () => {
    const ending = (size: number, name: string) =>
      `${'#'.repeat(size - `\nref: ${name}\n`.length)}\nref: ${name}\n`;
    await write('empty.txt', '');
    await write('one.txt', 'x');
    await write('small.txt', ending(100, 'small'));
    await write('edge.txt', ending(1024, 'edge'));
    await write('over.txt', ending(1025, 'over'));
    const result = await scanTree(root, {
      extractors: [textExtractor],
      maxFileSize: 1024,
    });
    expect(names(result)).toEqual(['edge', 'small']);
    expect(result.filesScanned).toBe(4);
    expect(result.problems).toEqual([
      {
        file: 'over.txt',
        message: 'file is 1 KB, over the size limit of 1 KB; not scanned',
      },
    ]);
  });

  it('reports binary and invalid UTF-8 files', async () => {
    await writeGoodFiles();
    await write(
      '.github/workflows/binary.yml',
      Buffer.from([0x6f, 0x6e, 0x3a, 0x00, 0x01, 0x02]),
    );
    await write(
      'charts/latin1/Chart.yaml',
      Buffer.concat([
        Buffer.from('apiVersion: v2\nname: caf'),
        Buffer.from([0xe9]),
        Buffer.from('\ndependencies: []\n'),
      ]),
    );

    expect(await scanWithYaml()).toEqual({
      problems: [
        {
          file: '.github/workflows/binary.yml',
          message: 'binary file (contains NUL bytes); not scanned',
        },
        {
          file: 'charts/latin1/Chart.yaml',
          message: 'file is not valid UTF-8 text; not scanned',
        },
      ],
      names: GOOD_NAMES,
    });
  });

  it('does not follow a symlink out of the tree', async () => {
    await writeGoodFiles();
    await fs.writeFile(
      path.join(outside, 'secret.yaml'),
      CLAIM.replace('xpostgresql-aws', 'outside-composition'),
    );
    await fs.mkdir(path.join(outside, 'dir'));
    await fs.writeFile(path.join(outside, 'dir', 'claim.yaml'), CLAIM);
    await fs.symlink(
      path.join(outside, 'secret.yaml'),
      path.join(root, 'infra', 'linked.yaml'),
    );
    await fs.symlink(path.join(outside, 'dir'), path.join(root, 'vendor'));

    expect(await scanWithYaml()).toEqual({
      problems: [
        {
          file: 'infra/linked.yaml',
          message:
            'symbolic link points outside the scanned tree; not followed',
        },
        {
          file: 'vendor',
          message:
            'symbolic link points outside the scanned tree; not followed',
        },
      ],
      names: GOOD_NAMES,
    });
  });

  it('reads file symlinks inside the tree and survives directory symlink loops', async () => {
    await write('shared/workflow.yml', WORKFLOW);
    await fs.mkdir(path.join(root, '.github', 'workflows'), {
      recursive: true,
    });
    await fs.symlink(
      '../../shared/workflow.yml',
      path.join(root, '.github', 'workflows', 'ci.yml'),
    );
    await write('a/b/c.txt', 'ref: inside\n');
    await fs.symlink('.', path.join(root, 'loop'));
    await fs.symlink('../..', path.join(root, 'a', 'b', 'up'));
    await fs.symlink('b', path.join(root, 'a', 'again'));
    await fs.symlink('missing.txt', path.join(root, 'dangling.txt'));

    const result = await scanTree(root, {
      extractors: [...yamlExtractors, textExtractor],
    });
    expect(result.references.map(r => [r.position.file, r.name])).toEqual([
      [
        '.github/workflows/ci.yml',
        'github.com/acme/platform//.github/workflows/terraform.yml',
      ],
      ['.github/workflows/ci.yml', 'github.com/actions/checkout'],
      ['a/b/c.txt', 'inside'],
    ]);
    expect(result.problems).toEqual([
      {
        file: 'dangling.txt',
        message: 'symbolic link cannot be resolved (ENOENT); not scanned',
      },
    ]);
  });

  it('reports FIFOs, sockets and links to them that extractors match, without blocking', async () => {
    await writeGoodFiles();
    await fs.mkdir(path.join(root, 'infra'), { recursive: true });
    execFileSync('mkfifo', [path.join(root, 'infra', 'main.txt')]);
    execFileSync('mkfifo', [path.join(root, 'infra', 'unmatched.md')]);
    await fs.symlink('main.txt', path.join(root, 'infra', 'linked.txt'));
    await fs.symlink(
      '../../infra/main.txt',
      path.join(root, 'charts', 'app', 'values.yaml'),
    );
    const socket = net.createServer();
    await new Promise<void>(resolve =>
      socket.listen(path.join(root, 'infra', 'socket.txt'), resolve),
    );
    try {
      const result = await scanTree(root, {
        extractors: [...yamlExtractors, textExtractor],
      });
      const notRegular = 'not a regular file; not scanned';
      expect(result.problems).toEqual([
        { file: 'charts/app/values.yaml', message: notRegular },
        { file: 'infra/linked.txt', message: notRegular },
        { file: 'infra/main.txt', message: notRegular },
        { file: 'infra/socket.txt', message: notRegular },
      ]);
      expect(names(result)).toEqual(GOOD_NAMES);
      expect(result.filesScanned).toBe(3);
    } finally {
      await new Promise(resolve => socket.close(resolve));
    }
  });

  it('stops at the directory depth limit and says so', async () => {
    await writeGoodFiles();
    const deep = Array.from({ length: 40 }, (_, i) => `d${i}`);
    await write([...deep, 'deep.txt'].join('/'), 'ref: too-deep\n');
    await write([...deep.slice(0, 10), 'shallow.txt'].join('/'), 'ref: ok\n');

    const result = await scanTree(root, {
      extractors: [...yamlExtractors, textExtractor],
    });
    expect(result.problems).toEqual([
      {
        file: deep.slice(0, 33).join('/'),
        message: 'directory is nested deeper than 32 levels; not scanned',
      },
    ]);
    expect(names(result)).toEqual([
      ...GOOD_NAMES.slice(0, 3),
      'ok',
      ...GOOD_NAMES.slice(3),
    ]);

    const shallow = await scanTree(root, {
      extractors: [textExtractor],
      maxDepth: 5,
    });
    expect(shallow.references).toEqual([]);
    expect(shallow.problems).toEqual([
      {
        file: 'd0/d1/d2/d3/d4/d5',
        message: 'directory is nested deeper than 5 levels; not scanned',
      },
    ]);
  });

  it('turns a YAML alias bomb and deeply nested YAML into problems', async () => {
    await writeGoodFiles();
    await write('.github/workflows/bomb.yml', BILLION_LAUGHS);
    await write(
      'infra/nested.yaml',
      `apiVersion: x.crossplane.io/v1\nspec: ${'['.repeat(100000)}${']'.repeat(
        100000,
      )}\n`,
    );

    expect(await scanWithYaml()).toEqual({
      problems: [
        {
          file: '.github/workflows/bomb.yml',
          line: 1,
          column: 1,
          message: expect.stringMatching(/alias bomb/),
        },
        {
          file: 'infra/nested.yaml',
          line: 2,
          column: 107,
          message:
            'YAML nesting is deeper than 100 levels; the file was not parsed',
        },
      ],
      names: GOOD_NAMES,
    });
  });

  it('catches extractors that throw', async () => {
    await writeGoodFiles();
    await write('notes.txt', 'ref: kept\n');
    const throwing: ReferenceExtractor = {
      id: 'boom',
      matches: file => file.endsWith('.yml'),
      extract: () => {
        throw new Error('unexpected token');
      },
    };
    const badMatcher: ReferenceExtractor = {
      id: 'bad-matcher',
      matches: file => {
        if (file === 'notes.txt') {
          throw new Error('no');
        }
        return false;
      },
      extract: () => ({ references: [], problems: [] }),
    };

    const result = await scanTree(root, {
      extractors: [throwing, badMatcher, ...yamlExtractors, textExtractor],
    });
    expect(result.problems).toEqual([
      {
        file: '.github/workflows/ci.yml',
        message: 'extractor "boom" failed: unexpected token',
      },
      {
        file: 'notes.txt',
        message: 'extractor "bad-matcher" failed to match the path: no',
      },
    ]);
    expect(names(result)).toEqual([...GOOD_NAMES, 'kept']);
  });

  it('hands files to a pool in batches and returns what it found in order', async () => {
    const count = 2300;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        write(
          `files/f${String(i).padStart(4, '0')}.txt`,
          `x\nref: r${i}-b\nref: r${i}-a\n`.replace(/^x\n/, i % 2 ? '' : 'x\n'),
        ),
      ),
    );
    const batches: number[] = [];
    const progress: number[] = [];
    // A tree pass hears of the files it marks, and what it noted of them, wherever they were
    // extracted.
    let marked: readonly string[] = [];
    let notes: unknown[] = [];
    const pass: TreePass = tree => {
      marked = tree.marked;
      notes = marked.map(file => tree.note(file));
      return { references: [], problems: [] };
    };
    pass.marks = (_file, content) =>
      content.startsWith('x\n') && [content.split('\n')[1]];
    const extractor = withTreePass({ ...textExtractor }, pass);
    const result = await scanTree(root, {
      extractors: [extractor],
      // As a pool of workers does: each batch elsewhere, answered out of order.
      pool: {
        capacity: 2,
        scan: async (tasks, options) => {
          batches.push(tasks.length);
          await new Promise(resolve =>
            setTimeout(resolve, 10 - batches.length),
          );
          return scanFileTasks(tasks, [extractor], options);
        },
      },
      onProgress: done => progress.push(done),
    });
    expect(marked).toHaveLength(count / 2);
    expect(marked).toContain('files/f0000.txt');
    expect(marked).not.toContain('files/f0001.txt');
    expect(notes[0]).toEqual(['ref: r0-b']);
    expect(notes[notes.length - 1]).toEqual([`ref: r${count - 2}-b`]);
    expect(result).not.toHaveProperty('passMarks');
    // The pool took some batches and this thread the others.
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((a, b) => a + b, 0)).toBeLessThan(count);
    expect(progress[progress.length - 1]).toBe(count);
    expect(result.filesScanned).toBe(count);
    expect(result.references).toHaveLength(count * 2);
    const keys = result.references.map(
      r => `${r.position.file}:${String(r.position.line).padStart(3, '0')}`,
    );
    expect(keys).toEqual([...keys].sort());
  });

  it('hands the pool smaller batches as the files left run out, each file once', async () => {
    const count = 2100;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        write(`files/f${String(i).padStart(4, '0')}.txt`, `ref: r${i}\n`),
      ),
    );
    const batches: number[] = [];
    const result = await scanTree(root, {
      extractors: [textExtractor],
      // A pool that answers at once: it takes every batch it can get.
      pool: {
        capacity: 2,
        scan: async (tasks, options) => {
          batches.push(tasks.length);
          return scanFileTasks(tasks, [textExtractor], options);
        },
      },
    });
    expect(batches[0]).toBe(128);
    // The last batches are small, so that a pool slower than this thread is not left reading
    // many files after this thread has read all the others.
    expect(Math.max(...batches.slice(-3))).toBeLessThanOrEqual(8);
    expect(result.filesScanned).toBe(count);
    expect(new Set(result.references.map(r => r.source)).size).toBe(count);
  });

  it('reads the files a slower pool has not started here once it has read all others, each file once', async () => {
    const count = 2300;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        write(`files/f${String(i).padStart(4, '0')}.txt`, `ref: r${i}\n`),
      ),
    );
    // In the order files were read: here, or by the pool.
    const reads: Array<'here' | 'pool'> = [];
    const here: ReferenceExtractor = {
      ...textExtractor,
      extract(file) {
        reads.push('here');
        return textExtractor.extract(file);
      },
    };
    const progress: number[] = [];
    const result = await scanTree(root, {
      extractors: [here],
      // A worker that takes a millisecond per file (a batch of Terraform files, say), and the
      // files one at a time from the claims, as scanFileTasks does.
      pool: {
        capacity: 2,
        scan: async (tasks, options) => {
          const claims = options.claims && new BatchClaims(options.claims);
          const taken: FileScanTask[] = [];
          let next = 0;
          for (
            let i = claims ? claims.takeFirst() : next++;
            i !== undefined && i < tasks.length;
            i = claims ? claims.takeFirst() : next++
          ) {
            reads.push('pool');
            taken.push(tasks[i]);
            await new Promise(resolve => setTimeout(resolve, 1));
          }
          return scanFileTasks(taken, [textExtractor], {
            maxFileSize: options.maxFileSize,
          });
        },
      },
      onProgress: done => progress.push(done),
    });
    expect(result.filesScanned).toBe(count);
    const sources = result.references.map(r => r.source);
    expect(new Set(sources).size).toBe(count);
    expect(sources).toHaveLength(count);
    expect(progress[progress.length - 1]).toBe(count);
    expect(reads.filter(read => read === 'pool').length).toBeGreaterThan(0);
    // Once this thread has read its last file, the pool starts no other: it does not keep the
    // scan waiting on files this thread could have read. While this thread reads its last file,
    // each batch the pool holds (2 at most) may start one, as a worker does at the same time.
    expect(
      reads.slice(reads.lastIndexOf('here')).filter(read => read === 'pool')
        .length,
    ).toBeLessThanOrEqual(2);
  });

  it('reads a tree of few files here even when given a pool', async () => {
    await write('a.txt', 'ref: one\n');
    await write('b/c.txt', 'ref: two\n');
    const result = await scanTree(root, {
      extractors: [textExtractor],
      pool: {
        capacity: 2,
        scan: async () => {
          throw new Error('the pool was used');
        },
      },
    });
    expect(result.references.map(r => r.source)).toEqual(['one', 'two']);
  });

  describe('with an extractor that loads something first', () => {
    /** textExtractor, loading first: what happens is logged, and the load ends when told. */
    function loadingExtractor(events: string[]) {
      let finish: (error?: Error) => void = () => undefined;
      const loaded = new Promise<void>((resolve, reject) => {
        finish = error => (error ? reject(error) : resolve());
      });
      // Awaited once the scan loads it.
      loaded.catch(() => undefined);
      const extractor = withStart(
        {
          ...textExtractor,
          extract: (file: Parameters<ReferenceExtractor['extract']>[0]) => {
            events.push(`extract ${file.path}`);
            return textExtractor.extract(file);
          },
        },
        async () => {
          events.push('load');
          await loaded;
          events.push('loaded');
        },
      );
      return { extractor, finish };
    }

    it('never loads it for a tree without a file it matches', async () => {
      await writeGoodFiles();
      const events: string[] = [];
      const { extractor } = loadingExtractor(events);
      const result = await scanTree(root, {
        extractors: [extractor, ...yamlExtractors],
      });
      expect(names(result)).toEqual(GOOD_NAMES);
      expect(events).toEqual([]);
    });

    it('walks the tree while it loads, and reads its files once it has', async () => {
      await write('a/one.txt', 'ref: one\n');
      await write('b/two.txt', 'ref: two\n');
      const events: string[] = [];
      const { extractor, finish } = loadingExtractor(events);
      const progress: string[] = [];
      const scanning = scanTree(root, {
        extractors: [extractor],
        onProgress: (_, { file }) => progress.push(file),
      });
      // The walk went on to its end, reading nothing before the load has ended.
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(events).toEqual(['load']);
      expect(progress).toEqual([]);
      finish();
      const result = await scanning;
      expect(result.references.map(r => r.source)).toEqual(['one', 'two']);
      expect(events.slice(0, 2)).toEqual(['load', 'loaded']);
      expect(events.slice(2).sort()).toEqual([
        'extract a/one.txt',
        'extract b/two.txt',
      ]);
    });

    it('fails the scan with the error that ended the load, reading none of its files', async () => {
      await write('a/one.txt', 'ref: one\n');
      const events: string[] = [];
      const { extractor, finish } = loadingExtractor(events);
      finish(new Error('the HCL grammar could not be compiled'));
      await expect(scanTree(root, { extractors: [extractor] })).rejects.toThrow(
        'the HCL grammar could not be compiled',
      );
      expect(events).toEqual(['load']);
    });
  });

  it('rejects a root that is not a directory', async () => {
    await write('file.txt', 'x');
    await expect(
      scanTree(path.join(root, 'file.txt'), { extractors: [textExtractor] }),
    ).rejects.toThrow('is not a directory');
    await expect(
      scanTree(path.join(root, 'missing'), { extractors: [textExtractor] }),
    ).rejects.toThrow();
  });
});
