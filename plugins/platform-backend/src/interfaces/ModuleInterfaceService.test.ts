import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadPlatform,
  ModuleInterfaceReader,
} from '@platform-portal/plugin-platform-engine';
import { testPlatformManifest } from '@platform-portal/plugin-platform-engine/testUtils';
import { demoRepositoryHosts } from '../scanner/__testUtils__/demoRepositories';
import { makeBareRepository } from '../scanner/__testUtils__/gitRepositories';
import { ModuleInterfaceService } from './ModuleInterfaceService';

const PLATFORM_URL = 'https://github.com/acme/platform';
const MANIFEST = testPlatformManifest(
  [
    'vpc',
    'db',
    {
      name: 'guardrails',
      kind: 'policy',
      path: 'policies',
      tagPattern: 'policies/v{version}',
    },
  ],
  { name: 'small-platform' },
);

// Builds a real git repository.
jest.setTimeout(30_000);

describe('ModuleInterfaceService', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-interfaces-'));
    await makeBareRepository(dir, 'platform', [
      {
        files: {
          'platform.yaml': MANIFEST,
          'modules/vpc/variables.tf': 'variable "name" {\n  type = string\n}\n',
          'modules/db/variables.tf': 'variable "identifier" {\n',
          'policies/deny.rego': 'package platform\n',
        },
        tags: ['vpc/v1.0.0', 'db/v1.0.0', 'policies/v1.0.0'],
      },
    ]);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function createService(platforms?: () => Promise<never>) {
    const hosts = demoRepositoryHosts(dir);
    const reader = new ModuleInterfaceReader({ hosts });
    const service = new ModuleInterfaceService({
      reader,
      platforms:
        platforms ?? (async () => [await loadPlatform(hosts, PLATFORM_URL)]),
    });
    return { reader, service };
  }

  it('answers a release read once, as the same object', async () => {
    const { reader, service } = createService();
    const first = await service.getInterface('vpc', '1.0.0');
    expect(first).toMatchObject({
      release: { module: 'vpc', tag: 'vpc/v1.0.0' },
      interface: {
        kind: 'terraform',
        variables: [expect.objectContaining({ name: 'name', required: true })],
      },
    });
    expect(await service.getInterface('vpc', '1.0.0', 'small-platform')).toBe(
      first,
    );
    expect(reader.reads).toBe(1);
  });

  it('says which module, tag and file cannot be read, without the server paths', async () => {
    const { service } = createService();
    const error = await service.getInterface('db', '1.0.0').catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('Error');
    expect(error.message).toContain('db@db/v1.0.0: modules/db/variables.tf');
    expect(error.message).not.toContain(dir);
  });

  it('refuses what it does not know, or what has no interface, as not found', async () => {
    const { service } = createService();
    for (const [ask, named] of [
      [() => service.getInterface('eks', '1.0.0'), '"eks"'],
      [() => service.getInterface('vpc', '1.0.1'), '"1.0.1"'],
      [() => service.getInterface('vpc', '1.0.0', 'other'), '"other"'],
      [() => service.getDiff('vpc', '1.0.0', '2.0.0'), '"2.0.0"'],
      [() => service.getInterface('guardrails', '1.0.0'), 'policy'],
    ] as const) {
      await expect(ask()).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining(named),
      });
    }
  });

  it('answers unavailable when the platforms cannot be read, without the server paths', async () => {
    const { service } = createService(async () => {
      throw new Error(`cannot list the tags of file://${dir}/acme/platform`);
    });
    const error = await service.getInterface('vpc', '1.0.0').catch(e => e);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toContain('platform');
    expect(error.message).not.toContain(dir);
  });
});
