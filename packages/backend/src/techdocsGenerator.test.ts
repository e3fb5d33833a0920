import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { GeneratorRunOptions } from '@backstage/plugin-techdocs-node';
import { MKDOCS_MISSING, PortalTechdocsGenerator } from './techdocsGenerator';

// The generator as app-config.yaml sets TechDocs up: MkDocs run on this machine, without the
// techdocs-core plugin, building the demo's platform documentation (examples/platform).

// Programs are started with this test's PATH: Jest gives a test its own copy of process.env,
// which Node's child_process, loaded outside the test, would not see.
jest.mock('node:child_process', () => {
  const actual = jest.requireActual('node:child_process');
  return {
    ...actual,
    spawn: (command: string, args: string[], options: object) =>
      actual.spawn(command, args, { env: process.env, ...options }),
  };
});

const PLATFORM_DOCS = path.resolve(__dirname, '../../../examples/platform');
const hasMkdocs = spawnSync('mkdocs', ['--version']).status === 0;
// Like the other tests of a system tool: skipped and named where scripts/test-services.sh could
// not install it, failing anywhere else.
const describeWithMkdocs =
  !hasMkdocs && process.env.PORTAL_SKIP_MISSING_TOOLS === '1'
    ? describe.skip
    : describe;

let work: string;
const originalPath = process.env.PATH;

beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-techdocs-'));
  await fs.cp(PLATFORM_DOCS, path.join(work, 'input'), { recursive: true });
  await fs.mkdir(path.join(work, 'output'));
});

afterEach(async () => {
  process.env.PATH = originalPath;
  await fs.rm(work, { recursive: true, force: true });
});

function build() {
  const generator = PortalTechdocsGenerator.create(
    mockServices.rootConfig({
      data: {
        techdocs: {
          generator: {
            runIn: 'local',
            mkdocs: { omitTechdocsCorePlugin: true },
          },
        },
      },
    }),
    mockServices.logger.mock(),
  );
  return generator.run({
    inputDir: path.join(work, 'input'),
    outputDir: path.join(work, 'output'),
    // TechDocs types the build's logger as winston's; the generator only logs through it.
    logger:
      mockServices.logger.mock() as unknown as GeneratorRunOptions['logger'],
    logStream: new PassThrough(),
  });
}

/** A folder on PATH whose `mkdocs` fails as MkDocs does on a broken site. */
async function failingMkdocsOnPath() {
  const bin = path.join(work, 'bin');
  await fs.mkdir(bin);
  await fs.writeFile(
    path.join(bin, 'mkdocs'),
    '#!/bin/sh\necho "ERROR - Config value: \'nav\'" >&2\nexit 1\n',
    { mode: 0o755 },
  );
  process.env.PATH = bin;
}

describeWithMkdocs('PortalTechdocsGenerator on a machine with MkDocs', () => {
  it('builds the platform documentation, with the index search reads', async () => {
    await build();

    const index = JSON.parse(
      await fs.readFile(
        path.join(work, 'output', 'search', 'search_index.json'),
        'utf8',
      ),
    );
    expect(index.docs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          location: 'support/',
          title: 'Support and upgrades',
        }),
      ]),
    );
  });
});

describe('PortalTechdocsGenerator', () => {
  it('says that MkDocs is missing, and how to install it', async () => {
    process.env.PATH = path.join(work, 'no-programs-here');

    await expect(build()).rejects.toThrow(MKDOCS_MISSING);
  });

  it('says MkDocs failed without naming the folders it built in', async () => {
    await failingMkdocsOnPath();

    const failure = build();

    await expect(failure).rejects.toThrow(
      /^MkDocs could not build this documentation \(.*exit code: 1.*\); the build log says why\.$/,
    );
    await expect(failure).rejects.not.toThrow(work);
  });
});
