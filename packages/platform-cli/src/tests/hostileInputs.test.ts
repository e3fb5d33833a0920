/*
 * The command as a user runs it (the bundle it ships as), on trees and platforms built to hurt
 * it. Every run must end within 30 s with a clear problem in its report or exit code 2, and
 * hold under 500 MB at its peak. Runs go on a few at a time in the background from beforeAll;
 * each test waits for the run it asserts on. Many hostile files share one tree, and each file's
 * problem is asserted on its own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { commitAll } from '@platform-portal/plugin-platform-engine/testUtils';
import {
  createPlatformRepository,
  fixturePlatformDir,
} from '../__testUtils__/platformRepository';
import {
  createLimiter,
  createMeasuredRunner,
  MeasuredRun,
} from '../__testUtils__/runMeasured';

const TIME_LIMIT_SECONDS = 30;
const RSS_LIMIT_MB = 500;
const MB = 1024 * 1024;
const serviceDir = path.resolve(__dirname, '../../fixtures/service');
const vpcSource =
  'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.2.0';
const moduleBlock = (source = vpcSource) =>
  `module "vpc" {\n  source = "${source}"\n}\n`;
const workflow = (uses: string) =>
  `on: push\njobs:\n  ci:\n    uses: ${uses}\n`;
const isRoot = process.getuid?.() === 0;

interface Report {
  filesScanned: number;
  references: Array<{
    file: string;
    line: number;
    source: string;
    ref?: string;
    verdict?: string;
  }>;
  problems: Array<{ file: string; line?: number; message: string }>;
}

let work: string;
let outside: string;
let tree: string;
let manyFiles: string;
let platformBase: string;
let bundleDir: string | undefined;
const runs = new Map<string, Promise<MeasuredRun>>();
const listeners: net.Server[] = [];
const connections = { hanging: 0, garbage: 0 };
const urls = { hanging: '', garbage: '' };

function write(root: string, file: string, content: string | Buffer) {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}

function link(root: string, file: string, target: string) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.symlinkSync(target, path.join(root, file));
}

function fifo(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
}

/** A file of `size` bytes that takes no room on disk. */
function sparse(file: string, size: number) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, size);
  fs.closeSync(fd);
}

/** Every hostile file of the tree scanned in one run; the tests below assert each one's problem. */
function createHostileTree(root: string) {
  write(root, 'ok/main.tf', moduleBlock());
  fifo(path.join(root, 'fifo/main.tf'));
  fifo(path.join(root, 'fifo/.github/workflows/ci.yml'));
  link(root, 'fifo/values.yaml', 'main.tf');
  link(root, 'devices/zero/main.tf', '/dev/zero');
  link(root, 'devices/urandom/main.tf', '/dev/urandom');
  link(root, 'devices/zero/values.yaml', '/dev/zero');
  link(root, 'escape/main.tf', path.join(outside, 'main.tf'));
  link(root, 'escape/modules', outside);
  link(root, 'escape/relative.tf', '../../outside/main.tf');
  link(root, 'loop/a.tf', 'b.tf');
  link(root, 'loop/b.tf', 'a.tf');
  link(root, 'loop/self.tf', 'self.tf');
  link(root, 'dangling/main.tf', 'nowhere.tf');
  write(root, 'dirlike/main.tf/main.tf', moduleBlock());
  sparse(path.join(root, 'huge/main.tf'), 6 * MB);
  write(
    root,
    'huge/long-line.tf',
    `${moduleBlock()}locals { a = "${'x'.repeat(10 * MB)}" }\n`,
  );
  write(
    root,
    'long-line-under-limit/main.tf',
    `${moduleBlock()}locals { a = "${'x'.repeat(4 * MB)}" }\n`,
  );
  write(
    root,
    'deep/lists.tf',
    `${moduleBlock()}locals {\n  a = ${'['.repeat(10_000)}${']'.repeat(
      10_000,
    )}\n}\n`,
  );
  write(
    root,
    'deep/objects.tf',
    `${moduleBlock()}locals {\n  b = ${'{ c = '.repeat(10_000)}1${' }'.repeat(
      10_000,
    )}\n}\n`,
  );
  write(
    root,
    'deep/blocks.tf',
    `${'a {\n'.repeat(10_000)}${'}\n'.repeat(10_000)}${moduleBlock()}`,
  );
  write(
    root,
    '.github/workflows/deep-flow.yml',
    `${workflow(
      'acme/platform/.github/workflows/terraform.yml@v3.1.0',
    )}    with: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  );
  write(
    root,
    '.github/workflows/deep-block.yml',
    `${workflow(
      'acme/platform/.github/workflows/terraform.yml@v3.1.0',
    )}    with:\n      x: ${'- '.repeat(10_000)}x\n`,
  );
  write(
    root,
    '.github/workflows/alias-bomb.yml',
    `${aliasBomb('\n')}\n${workflow(
      'acme/platform/.github/workflows/terraform.yml@v3.1.0',
    )}`,
  );
  write(
    root,
    'binary/main.tf',
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]),
  );
  write(
    root,
    'binary/values.yaml',
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
  );
  write(root, 'nul/main.tf', `${moduleBlock()}\0\n`);
  write(
    root,
    'latin1/main.tf',
    Buffer.concat([
      Buffer.from(moduleBlock()),
      Buffer.from('# caf\xe9\n', 'latin1'),
    ]),
  );
  write(root, 'crlf/main.tf', `\r\n${moduleBlock().replace(/\n/g, '\r\n')}`);
  write(
    root,
    'crlf/.github/workflows/ci.yml',
    workflow('acme/platform/.github/workflows/terraform.yml@v3.1.0').replace(
      /\n/g,
      '\r\n',
    ),
  );
  write(
    root,
    'unterminated/string.tf',
    `module "vpc" {\n  source = "${vpcSource}\n}\n`,
  );
  write(
    root,
    'unterminated/heredoc.tf',
    `${moduleBlock()}locals {\n  a = <<EOT\nnever ends\n`,
  );
  write(
    root,
    'unterminated/.github/workflows/ci.yml',
    'jobs:\n  ci:\n    uses: "acme/platform/.github/workflows/terraform.yml@v3\n',
  );
  write(root, 'empty/main.tf', '');
  write(root, 'empty/.github/workflows/ci.yml', '');
  write(root, `${'d/'.repeat(40)}main.tf`, moduleBlock());
  // Control and bidi characters in file names and in values: the table must show them escaped.
  write(root, 'names/forged\nproblem  fake.tf', moduleBlock());
  write(root, 'names/erase\x1b[2K\r.tf', moduleBlock());
  write(root, 'names/bidi\u202egpj.tf', moduleBlock());
  write(root, 'names/isolate\u2066\u2028.tf', moduleBlock());
  write(
    root,
    'values/main.tf',
    moduleBlock(`${vpcSource}\\u001b[2K\\u202e\\u0085`),
  );
  write(
    root,
    'values/.github/workflows/ci.yml',
    workflow(
      '"acme/platform/.github/workflows/terraform.yml@v3.1.0\\e[2K\\u202e\\u2029"',
    ),
  );
  write(
    root,
    'values/.github/workflows/newline.yml',
    workflow(
      '"acme/platform/.github/workflows/terraform.yml@v3\\nproblem  forged"',
    ),
  );
  if (!isRoot) {
    write(root, 'unreadable/main.tf', moduleBlock());
    fs.chmodSync(path.join(root, 'unreadable/main.tf'), 0);
  }
}

/** Ten anchors, each a list of nine aliases of the one before: 9^9 nodes once expanded. */
function aliasBomb(separator: string): string {
  const names = 'abcdefghij';
  return [
    `a: &a [${Array(9).fill('"lol"').join(', ')}]`,
    ...names
      .slice(1)
      .split('')
      .map(
        (name, i) =>
          `${name}: &${name} [${Array(9).fill(`*${names[i]}`).join(', ')}]`,
      ),
  ].join(separator);
}

/** A platform directory (a git repository with the fixture's tags) with its own platform.yaml. */
function platformWith(name: string, manifest: (dir: string) => void): string {
  const dir = path.join(work, 'platforms', name);
  fs.cpSync(platformBase, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'platform.yaml'));
  manifest(dir);
  return dir;
}

/** The same, committed: a platform read through a file:// URL, as a remote one is. */
function remoteWith(name: string, manifest: (dir: string) => void): string {
  const dir = platformWith(name, manifest);
  commitAll(dir, name);
  return `file://${dir}`;
}

const validManifest = () =>
  fs.readFileSync(path.join(platformBase, 'platform.yaml'), 'utf8');
const manifestText = (text: string) => (dir: string) =>
  write(dir, 'platform.yaml', text);
const nested = (text: string) =>
  validManifest().replace(
    /^ {4}- name: eks\n(?: {6}.*\n)+/m,
    `    - name: eks\n${text}`,
  );

/** A listener that accepts and never answers, and one that answers garbage. */
async function startRemotes() {
  const listen = (server: net.Server) =>
    new Promise<number>(resolve =>
      server.listen(0, '127.0.0.1', () =>
        resolve((server.address() as net.AddressInfo).port),
      ),
    );
  const hanging = net.createServer(socket => {
    connections.hanging += 1;
    socket.on('error', () => undefined);
  });
  const garbage = net.createServer(socket => {
    connections.garbage += 1;
    socket.on('error', () => undefined);
    socket.end(
      Buffer.from('\x00\xffgarbage\r\n\r\n\x1b[2K not http at all\n', 'latin1'),
    );
  });
  listeners.push(hanging, garbage);
  urls.hanging = `http://127.0.0.1:${await listen(hanging)}/acme/platform.git`;
  urls.garbage = `http://127.0.0.1:${await listen(garbage)}/acme/platform.git`;
}

function run(name: string): Promise<MeasuredRun> {
  const started = runs.get(name);
  if (!started) throw new Error(`no run named ${name}`);
  return started;
}

/** The run ended by itself, in time and within the memory limit. */
function expectBounded(result: MeasuredRun) {
  expect({ args: result.args, timedOut: result.timedOut }).toEqual({
    args: result.args,
    timedOut: false,
  });
  expect(result.seconds).toBeLessThan(TIME_LIMIT_SECONDS);
  expect(result.peakRssMb).toBeLessThan(RSS_LIMIT_MB);
}

/** A run that ended with exit code 2 and nothing on stdout; resolves to its stderr. */
async function refused(name: string): Promise<string> {
  const result = await run(name);
  expectBounded(result);
  expect({ code: result.code, stdout: result.stdout }).toEqual({
    code: 2,
    stdout: '',
  });
  return result.stderr;
}

async function report(name: string): Promise<Report> {
  const result = await run(name);
  expectBounded(result);
  expect({ code: result.code, stderr: result.stderr }).toEqual({
    code: 0,
    stderr: expect.any(String),
  });
  return JSON.parse(result.stdout);
}

const problemsOf = (r: Report, file: string) =>
  r.problems.filter(p => p.file === file).map(p => p.message);

async function expectProblems(file: string, messages: string[]) {
  expect(problemsOf(await report('tree json'), file)).toEqual(messages);
}

async function expectRefused(name: string, message: string) {
  expect(await refused(name)).toContain(message);
}

/** chmod does not stop root: run as root, the unreadable cases cannot be built and are skipped. */
const unlessRoot = isRoot ? it.skip : it;

const RAW_CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-scan-hostile-'));
  outside = path.join(work, 'outside');
  write(outside, 'main.tf', moduleBlock());
  write(
    outside,
    'platform.yaml',
    fs.readFileSync(path.join(fixturePlatformDir, 'platform.yaml')),
  );
  tree = path.join(work, 'tree');
  createHostileTree(tree);
  manyFiles = path.join(work, 'many');
  fs.mkdirSync(manyFiles);
  for (let i = 0; i < 10_000; i++) {
    fs.writeFileSync(path.join(manyFiles, `m${i}.tf`), moduleBlock());
  }
  platformBase = createPlatformRepository(path.join(work, 'platform'));
  await startRemotes();

  // Built inside the package, where its external packages resolve from node_modules.
  bundleDir = fs.mkdtempSync(path.join(__dirname, '../../.bundle-hostile-'));
  const { bundle } = require('../../scripts/bundle.js');
  const built = await bundle(bundleDir);
  const runMeasured = createMeasuredRunner({
    script: built.command,
    workDir: work,
    timeoutMs: TIME_LIMIT_SECONDS * 1000,
  });
  const limit = createLimiter(3);
  const start = (name: string, args: string[]) => {
    const result = limit(() => runMeasured(args));
    result.catch(() => undefined);
    runs.set(name, result);
  };
  const withPlatform = (name: string, platform: string) =>
    start(`platform: ${name}`, [
      'scan',
      serviceDir,
      '--platform',
      platform,
      '--format',
      'json',
    ]);

  // The longest first, so that the short ones fill in around them.
  withPlatform('a remote that never answers', urls.hanging);
  start('many files', ['scan', manyFiles, '--format', 'json']);
  start('jobs over the cores', [
    'scan',
    manyFiles,
    '--format',
    'json',
    '--jobs',
    '64',
  ]);
  start('tree json', ['scan', tree, '--format', 'json']);
  start('tree table', ['scan', tree]);
  start('tree sarif', ['scan', tree, '--format', 'sarif']);
  const fifoDir = path.join(work, 'fifo-dir');
  fifo(fifoDir);
  start('a FIFO to scan', ['scan', fifoDir]);
  start('a link to /dev/zero to scan', ['scan', '/dev/zero']);
  for (const jobs of ['0', '-2', 'two', '1.5', '3x', '']) {
    start(`jobs ${JSON.stringify(jobs)}`, ['scan', serviceDir, '--jobs', jobs]);
  }

  withPlatform(
    'a FIFO',
    platformWith('fifo', dir => fifo(path.join(dir, 'platform.yaml'))),
  );
  withPlatform(
    'a link to /dev/zero',
    platformWith('zero', dir => link(dir, 'platform.yaml', '/dev/zero')),
  );
  withPlatform(
    'a link to /dev/urandom',
    platformWith('urandom', dir => link(dir, 'platform.yaml', '/dev/urandom')),
  );
  withPlatform(
    'a link out of the platform directory',
    platformWith('outside', dir =>
      link(dir, 'platform.yaml', path.join(outside, 'platform.yaml')),
    ),
  );
  withPlatform(
    'a link inside the platform directory',
    platformWith('inside', dir => {
      write(dir, 'manifests/platform.yaml', validManifest());
      link(dir, 'platform.yaml', 'manifests/platform.yaml');
    }),
  );
  withPlatform(
    'a link loop',
    platformWith('loop', dir => link(dir, 'platform.yaml', 'platform.yaml')),
  );
  withPlatform(
    'a dangling link',
    platformWith('dangling', dir => link(dir, 'platform.yaml', 'gone.yaml')),
  );
  withPlatform(
    'a directory',
    platformWith('directory', dir =>
      fs.mkdirSync(path.join(dir, 'platform.yaml')),
    ),
  );
  withPlatform(
    'missing',
    platformWith('missing', () => undefined),
  );
  withPlatform(
    '60 MB',
    platformWith('sixty', dir =>
      write(
        dir,
        'platform.yaml',
        `${validManifest()}# ${'padding '.repeat((60 * MB) / 8)}\n`,
      ),
    ),
  );
  withPlatform(
    'one 2 MB line',
    platformWith('long-line', dir =>
      manifestText(
        validManifest().replace(
          'name: acme-platform',
          `name: "${'a'.repeat(2 * MB)}"`,
        ),
      )(dir),
    ),
  );
  withPlatform('empty', platformWith('empty', manifestText('')));
  withPlatform(
    'binary',
    platformWith('binary', dir =>
      write(
        dir,
        'platform.yaml',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
      ),
    ),
  );
  withPlatform(
    'NUL bytes',
    platformWith('nul', manifestText(`${validManifest()}\0\n`)),
  );
  withPlatform(
    'invalid UTF-8',
    platformWith('latin1', dir =>
      write(
        dir,
        'platform.yaml',
        Buffer.concat([
          Buffer.from(validManifest()),
          Buffer.from('# caf\xe9\n', 'latin1'),
        ]),
      ),
    ),
  );
  withPlatform(
    'CRLF',
    platformWith('crlf', manifestText(validManifest().replace(/\n/g, '\r\n'))),
  );
  withPlatform(
    'a list',
    platformWith(
      'list',
      manifestText(
        '- apiVersion: platform-portal.io/v1alpha1\n- kind: Platform\n',
      ),
    ),
  );
  withPlatform(
    'a string',
    platformWith('scalar', manifestText('just a string\n')),
  );
  withPlatform(
    'wrong types',
    platformWith(
      'types',
      manifestText(
        'apiVersion: platform-portal.io/v1alpha1\nkind: Platform\nmetadata:\n  name: [acme]\nspec:\n  repository: https://github.com/acme/platform.git\n  modules: vpc\n',
      ),
    ),
  );
  withPlatform(
    'an unknown module kind',
    platformWith(
      'kind',
      manifestText(
        nested('      kind: lambda\x1b[2K\u202e\n      path: modules/eks\n'),
      ),
    ),
  );
  start('platform: control characters on stderr', [
    'scan',
    serviceDir,
    '--platform',
    platformWith(
      'control',
      manifestText(
        validManifest().replace(
          'kind: Platform',
          'kind: "Plat\\e[2K\\rform\\u202e"',
        ),
      ),
    ),
  ]);
  withPlatform(
    'a tag pattern without {version}',
    platformWith(
      'pattern',
      manifestText(
        nested(
          '      kind: terraform-module\n      path: modules/eks\n      tagPattern: eks-latest\n',
        ),
      ),
    ),
  );
  withPlatform(
    'an alias bomb',
    platformWith(
      'bomb',
      manifestText(`${validManifest()}x-bomb:\n  ${aliasBomb('\n  ')}\n`),
    ),
  );
  withPlatform(
    'YAML nested 10,000 levels',
    platformWith(
      'deep',
      manifestText(
        `${validManifest()}x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      ),
    ),
  );
  withPlatform(
    'not a git repository',
    (() => {
      const dir = path.join(work, 'platforms', 'no-git');
      write(dir, 'platform.yaml', validManifest());
      return dir;
    })(),
  );
  withPlatform(
    'a directory that does not exist',
    path.join(work, 'nothing-here'),
  );
  if (!isRoot) {
    withPlatform(
      'unreadable',
      platformWith('unreadable', dir => {
        write(dir, 'platform.yaml', validManifest());
        fs.chmodSync(path.join(dir, 'platform.yaml'), 0);
      }),
    );
  }
  withPlatform(
    'a remote platform.yaml of 60 MB',
    remoteWith('remote-sixty', dir =>
      write(
        dir,
        'platform.yaml',
        `${validManifest()}# ${'padding '.repeat((60 * MB) / 8)}\n`,
      ),
    ),
  );
  withPlatform(
    'a remote platform.yaml that is a link',
    remoteWith('remote-link', dir => link(dir, 'platform.yaml', '/dev/zero')),
  );
  withPlatform(
    'a remote platform.yaml that is a directory',
    remoteWith('remote-directory', dir =>
      write(dir, 'platform.yaml/platform.yaml', validManifest()),
    ),
  );
  withPlatform(
    'a remote platform.yaml with NUL bytes',
    remoteWith('remote-nul', manifestText(`${validManifest()}\0\n`)),
  );
  withPlatform('a remote that answers garbage', urls.garbage);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(runs.values());
  for (const server of listeners) server.close();
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 120_000);

jest.setTimeout(180_000);

describe('a tree of hostile files', () => {
  const scanned = () => report('tree json');

  it('is scanned to the end, its readable files included', async () => {
    const r = await scanned();
    expect(r.references).toContainEqual(
      expect.objectContaining({
        file: 'ok/main.tf',
        line: 2,
        ref: 'vpc/v2.2.0',
      }),
    );
  });

  it.each([
    'fifo/main.tf',
    'fifo/.github/workflows/ci.yml',
    'fifo/values.yaml',
  ])('reports %s, a FIFO or a link to one, without blocking', async file => {
    const r = await scanned();
    expect(problemsOf(r, file)).toEqual(['not a regular file; not scanned']);
    expect(r.references.filter(ref => ref.file.startsWith('fifo/'))).toEqual(
      [],
    );
  });

  it.each([
    'devices/zero/main.tf',
    'devices/urandom/main.tf',
    'devices/zero/values.yaml',
  ])('refuses %s, a link to a device', async file => {
    expect(problemsOf(await scanned(), file)).toEqual([
      'symbolic link points outside the scanned tree; not followed',
    ]);
  });

  it.each(['escape/main.tf', 'escape/relative.tf', 'escape/modules'])(
    'refuses %s, a link out of the tree',
    async file => {
      const r = await scanned();
      expect(problemsOf(r, file)).toEqual([
        'symbolic link points outside the scanned tree; not followed',
      ]);
      expect(
        r.references.filter(ref => ref.file.startsWith('escape/')),
      ).toEqual([]);
    },
  );

  it.each(['loop/a.tf', 'loop/b.tf', 'loop/self.tf'])(
    'reports %s, a link in a loop',
    async file => {
      expect(problemsOf(await scanned(), file)).toEqual([
        'symbolic link cannot be resolved (ELOOP); not scanned',
      ]);
    },
  );

  it('reports a link to nothing', async () => {
    expect(problemsOf(await scanned(), 'dangling/main.tf')).toEqual([
      'symbolic link cannot be resolved (ENOENT); not scanned',
    ]);
  });

  it('walks a directory named main.tf', async () => {
    const r = await scanned();
    expect(problemsOf(r, 'dirlike/main.tf')).toEqual([]);
    expect(r.references).toContainEqual(
      expect.objectContaining({ file: 'dirlike/main.tf/main.tf', line: 2 }),
    );
  });

  it('refuses files over the size limit without reading them', async () => {
    const r = await scanned();
    expect(problemsOf(r, 'huge/main.tf')).toEqual([
      'file is 6 MB, over the size limit of 5 MB; not scanned',
    ]);
    expect(problemsOf(r, 'huge/long-line.tf')).toEqual([
      'file is 10 MB, over the size limit of 5 MB; not scanned',
    ]);
  });

  it('reads a 4 MB line under the size limit', async () => {
    const r = await scanned();
    expect(problemsOf(r, 'long-line-under-limit/main.tf')).toEqual([]);
    expect(r.references).toContainEqual(
      expect.objectContaining({
        file: 'long-line-under-limit/main.tf',
        line: 2,
      }),
    );
  });

  it('parses HCL lists and blocks nested 10,000 levels deep', async () => {
    const r = await scanned();
    expect(problemsOf(r, 'deep/lists.tf')).toEqual([]);
    expect(problemsOf(r, 'deep/blocks.tf')).toEqual([]);
    expect(
      r.references
        .filter(ref => ref.file.startsWith('deep/'))
        .map(({ file, line }) => ({ file, line })),
    ).toEqual([
      { file: 'deep/blocks.tf', line: 20_002 },
      { file: 'deep/lists.tf', line: 2 },
    ]);
  });

  it('reports HCL objects nested 10,000 levels deep', async () => {
    expect(problemsOf(await scanned(), 'deep/objects.tf')).toEqual([
      'HCL nesting is deeper than 100 levels; the file was not read',
    ]);
  });

  it.each([
    '.github/workflows/deep-flow.yml',
    '.github/workflows/deep-block.yml',
  ])('reports %s, YAML nested 10,000 levels deep', async file => {
    expect(problemsOf(await scanned(), file)).toEqual([
      'YAML nesting is deeper than 100 levels; the file was not parsed',
    ]);
  });

  it('reports a YAML alias bomb', async () => {
    expect(
      problemsOf(await scanned(), '.github/workflows/alias-bomb.yml'),
    ).toEqual([
      'YAML aliases expand beyond the limit of 100 (an alias bomb?); the document was skipped',
    ]);
  });

  it.each(['binary/main.tf', 'binary/values.yaml', 'nul/main.tf'])(
    'reports %s, which holds NUL bytes',
    async file => {
      expect(problemsOf(await scanned(), file)).toEqual([
        'binary file (contains NUL bytes); not scanned',
      ]);
    },
  );

  it('reports a file that is not UTF-8', async () => {
    expect(problemsOf(await scanned(), 'latin1/main.tf')).toEqual([
      'file is not valid UTF-8 text; not scanned',
    ]);
  });

  it('reads CRLF line ends', async () => {
    const r = await scanned();
    expect(
      r.references
        .filter(ref => ref.file.startsWith('crlf/'))
        .map(({ file, line, ref }) => ({ file, line, ref })),
    ).toEqual([
      { file: 'crlf/.github/workflows/ci.yml', line: 4, ref: 'v3.1.0' },
      { file: 'crlf/main.tf', line: 3, ref: 'vpc/v2.2.0' },
    ]);
  });

  it('reports unterminated strings and heredocs', async () => {
    const r = await scanned();
    expect(problemsOf(r, 'unterminated/string.tf')).toEqual([
      'syntax error near line 2: unterminated string',
    ]);
    expect(problemsOf(r, 'unterminated/heredoc.tf')).toEqual([
      'syntax error near line 5: missing the end marker of the heredoc',
    ]);
    expect(problemsOf(r, 'unterminated/.github/workflows/ci.yml')).toEqual([
      'YAML syntax error: Missing closing "quote',
    ]);
  });

  it('reads empty files and finds nothing in them', async () => {
    const r = await scanned();
    expect(r.problems.filter(p => p.file.startsWith('empty/'))).toEqual([]);
    expect(r.references.filter(ref => ref.file.startsWith('empty/'))).toEqual(
      [],
    );
  });

  it('stops at directories nested too deep', async () => {
    expect(problemsOf(await scanned(), `${'d/'.repeat(32)}d`)).toEqual([
      'directory is nested deeper than 32 levels; not scanned',
    ]);
  });

  unlessRoot('reports a file it may not read', () =>
    expectProblems('unreadable/main.tf', [
      'file could not be read (EACCES); not scanned',
    ]),
  );
});

describe('the table of a hostile tree', () => {
  it('prints one line per reference and problem whatever names and values hold', async () => {
    const [table, json] = [await run('tree table'), await report('tree json')];
    expectBounded(table);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    const lines = table.stdout.split('\n');
    // The header, a line per reference and per problem, the summary and the final newline.
    expect(lines).toHaveLength(
      json.references.length + json.problems.length + 3,
    );
    expect(lines.filter(line => line.startsWith('problem  '))).toHaveLength(
      json.problems.length,
    );
  });

  it.each([
    ['a newline', 'names/forged\\x0aproblem  fake.tf:2'],
    ['ESC and a carriage return', 'names/erase\\x1b[2K\\x0d.tf:2'],
    ['a right-to-left override', 'names/bidi\\u202egpj.tf:2'],
    ['an isolate and a line separator', 'names/isolate\\u2066\\u2028.tf:2'],
  ])('escapes %s in a file name', async (_, escaped) => {
    expect((await run('tree table')).stdout).toContain(escaped);
  });

  it('escapes control characters in source = values', async () => {
    const { stdout } = await run('tree table');
    const row = stdout.split('\n').find(l => l.startsWith('values/main.tf:2'));
    expect(row).toContain('vpc/v2.2.0\\x1b[2K\\u202e');
  });

  it('escapes control characters in uses: values', async () => {
    const { stdout } = await run('tree table');
    const lines = stdout.split('\n');
    expect(
      lines.find(l => l.includes('values/.github/workflows/ci.yml')),
    ).toContain('v3.1.0\\x1b[2K\\u202e');
    expect(
      lines.find(l => l.includes('values/.github/workflows/newline.yml')),
    ).toContain('v3\\x0aproblem  forged');
  });

  it('escapes them in SARIF message text too', async () => {
    const sarif = await run('tree sarif');
    expectBounded(sarif);
    expect(sarif.code).toBe(0);
    const results: Array<{ message: { text: string } }> = JSON.parse(
      sarif.stdout,
    ).runs[0].results;
    expect(results.length).toBeGreaterThan(20);
    for (const { message } of results) {
      expect(message.text).not.toMatch(RAW_CONTROL);
    }
  });
});

describe('a DIR that is not a directory', () => {
  it.each([
    ['a FIFO', 'a FIFO to scan', () => path.join(work, 'fifo-dir')],
    ['/dev/zero', 'a link to /dev/zero to scan', () => '/dev/zero'],
  ])('refuses %s', async (_, name, dir) => {
    expect(await refused(name)).toBe(
      `platform-scan: ${dir()} is not a directory\n`,
    );
  });
});

describe('many files', () => {
  it('scans 10,000 files in one directory', async () => {
    const r = await report('many files');
    expect(r.filesScanned).toBe(10_000);
    expect(r.references).toHaveLength(10_000);
    expect(r.problems).toEqual([]);
  });

  it('caps --jobs at the number of cores, with a warning', async () => {
    const capped = await run('jobs over the cores');
    const cores = os.availableParallelism();
    expect(capped.stderr).toContain(
      `--jobs 64 is more than the ${cores} cores here; using ${cores}`,
    );
    expect(await report('jobs over the cores')).toEqual(
      await report('many files'),
    );
  });

  it.each(['0', '-2', 'two', '1.5', '3x', ''])(
    'refuses --jobs %j',
    async jobs => {
      expect(await refused(`jobs ${JSON.stringify(jobs)}`)).toContain(
        `option '-j, --jobs <n>' argument '${jobs}' is invalid. expected a whole number of at least 1`,
      );
    },
  );
});

describe('a hostile platform.yaml', () => {
  const shown = (name: string) =>
    path.join(work, 'platforms', name, 'platform.yaml');

  it('refuses a FIFO without waiting for a writer', async () => {
    expect(await refused('platform: a FIFO')).toContain(
      `${shown('fifo')} is not a regular file (a FIFO)`,
    );
  });

  it.each([
    ['/dev/zero', 'platform: a link to /dev/zero', 'zero'],
    ['/dev/urandom', 'platform: a link to /dev/urandom', 'urandom'],
    [
      'a file out of the platform directory',
      'platform: a link out of the platform directory',
      'outside',
    ],
  ])('refuses a link to %s', async (_, name, dir) => {
    expect(await refused(name)).toContain(
      `${shown(dir)} is a symbolic link out of the platform directory; refused`,
    );
  });

  it('follows a link inside the platform directory', async () => {
    const r = await report('platform: a link inside the platform directory');
    expect(r.references.some(ref => ref.verdict === 'deprecated')).toBe(true);
  });

  it.each([
    ['a link loop', 'loop', 'ELOOP'],
    ['a dangling link', 'dangling', 'ENOENT'],
  ])('refuses %s', async (name, dir, code) => {
    expect(await refused(`platform: ${name}`)).toContain(
      `${shown(dir)} is a symbolic link that cannot be resolved (${code})`,
    );
  });

  it('refuses a directory named platform.yaml', async () => {
    expect(await refused('platform: a directory')).toContain(
      `${shown('directory')} is not a regular file (a directory)`,
    );
  });

  it('says when there is no platform.yaml', async () => {
    expect(await refused('platform: missing')).toContain(
      `no platform.yaml in the platform directory ${path.join(
        work,
        'platforms',
        'missing',
      )}`,
    );
  });

  it.each([
    ['60 MB', 'sixty', '60 MB'],
    ['one 2 MB line', 'long-line', '2 MB'],
  ])(
    'refuses a platform.yaml of %s without reading it',
    async (name, dir, size) => {
      expect(await refused(`platform: ${name}`)).toContain(
        `${shown(
          dir,
        )} is ${size}, over the limit of 1 MB for a platform manifest`,
      );
    },
  );

  it('refuses binary files and NUL bytes', async () => {
    expect(await refused('platform: binary')).toContain(
      `${shown('binary')} holds NUL bytes; a platform manifest is YAML text`,
    );
    expect(await refused('platform: NUL bytes')).toContain(
      `${shown('nul')} holds NUL bytes; a platform manifest is YAML text`,
    );
  });

  it('refuses a platform.yaml that is not UTF-8', async () => {
    expect(await refused('platform: invalid UTF-8')).toContain(
      `${shown('latin1')} is not UTF-8 text`,
    );
  });

  it('reads CRLF line ends', async () => {
    const r = await report('platform: CRLF');
    expect(r.references.some(ref => ref.verdict === 'deprecated')).toBe(true);
  });

  it('refuses an empty platform.yaml', async () => {
    expect(await refused('platform: empty')).toContain(
      'platform.yaml:1: the file is empty; expected a Platform manifest',
    );
  });

  it.each(['a list', 'a string'])(
    'refuses a platform.yaml that is %s, not a mapping',
    async name => {
      expect(await refused(`platform: ${name}`)).toContain(
        '(document): must be a mapping',
      );
    },
  );

  it('refuses fields of the wrong type', async () => {
    const stderr = await refused('platform: wrong types');
    expect(stderr).toContain(
      'platform.yaml:4: metadata.name: must be a string',
    );
    expect(stderr).toContain('platform.yaml:7: spec.modules: must be a list');
  });

  it('reports an unknown module kind and uses the other modules', async () => {
    const r = await report('platform: an unknown module kind');
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        file: 'platform.yaml',
        message: expect.stringContaining(
          'spec.modules[1].kind: unknown kind "lambda',
        ),
      }),
    );
    expect(r.references.some(ref => ref.verdict === 'deprecated')).toBe(true);
  });

  it('reports a tag pattern without {version}', async () => {
    const r = await report('platform: a tag pattern without {version}');
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        file: 'platform.yaml',
        message: 'spec.modules[1].tagPattern: must contain {version}',
      }),
    );
  });

  it('escapes control characters of platform.yaml on stderr', async () => {
    const stderr = await refused('platform: control characters on stderr');
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain(
      'kind: must be Platform, not "Plat\\x1b[2K\\x0dform\\u202e"',
    );
  });

  it('refuses an alias bomb', async () => {
    expect(await refused('platform: an alias bomb')).toContain(
      '(aliases expand to too many nodes)',
    );
  });

  it('refuses YAML nested 10,000 levels deep', async () => {
    expect(await refused('platform: YAML nested 10,000 levels')).toContain(
      `platform.yaml:${
        validManifest().split('\n').length
      }: YAML nesting is deeper than 100 levels; platform.yaml was not read`,
    );
  });

  it('refuses a platform directory that is not a git repository', async () => {
    expect(await refused('platform: not a git repository')).toContain(
      'is not a git repository with tags',
    );
  });

  it('refuses a platform directory that does not exist', async () => {
    expect(
      await refused('platform: a directory that does not exist'),
    ).toContain(
      `--platform must be a directory or a git URL (https://, ssh://, git@host:org/repo), not "${path.join(
        work,
        'nothing-here',
      )}"`,
    );
  });

  unlessRoot('refuses a platform.yaml it may not read', () =>
    expectRefused(
      'platform: unreadable',
      `${shown('unreadable')} cannot be read (EACCES)`,
    ),
  );
});

describe('a hostile platform remote', () => {
  const remote = (name: string) =>
    `cannot read the platform repository file://${path.join(
      work,
      'platforms',
      name,
    )}: platform.yaml`;

  it('refuses a platform.yaml of 60 MB', async () => {
    expect(
      await refused('platform: a remote platform.yaml of 60 MB'),
    ).toContain(
      `${remote(
        'remote-sixty',
      )} is 60 MB, over the limit of 1 MB for a platform manifest`,
    );
  });

  it('refuses a platform.yaml that is a symbolic link', async () => {
    expect(
      await refused('platform: a remote platform.yaml that is a link'),
    ).toContain(`${remote('remote-link')} is a symbolic link; refused`);
  });

  it('refuses a platform.yaml that is a directory', async () => {
    expect(
      await refused('platform: a remote platform.yaml that is a directory'),
    ).toContain(
      `${remote('remote-directory')} is not a regular file (a directory)`,
    );
  });

  it('refuses a platform.yaml with NUL bytes', async () => {
    expect(
      await refused('platform: a remote platform.yaml with NUL bytes'),
    ).toContain(
      `${remote(
        'remote-nul',
      )} holds NUL bytes; a platform manifest is YAML text`,
    );
  });

  it('gives up on a remote that accepts and never answers', async () => {
    expect(await refused('platform: a remote that never answers')).toContain(
      `cannot read the platform repository ${urls.hanging}`,
    );
    expect(connections.hanging).toBeGreaterThan(0);
  });

  it('refuses a remote that answers garbage', async () => {
    expect(await refused('platform: a remote that answers garbage')).toContain(
      `cannot read the platform repository ${urls.garbage}`,
    );
    expect(connections.garbage).toBeGreaterThan(0);
  });
});
