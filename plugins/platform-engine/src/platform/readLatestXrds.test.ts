import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GitRepositoryHost } from '../hosts/git/GitRepositoryHost';
import { RepositoryHosts } from '../hosts/RepositoryHosts';
import { EXAMPLES_DIR } from '../testUtils/examples';
import {
  createBareRepository,
  testPlatformManifest,
} from '../testUtils/testPlatform';
import { loadPlatform } from './loadPlatform';

const DEMO_XRD = path.join(
  EXAMPLES_DIR,
  'platform',
  'crossplane',
  'postgresql',
);
const DEMO_XRD_1_0 = path.join(
  EXAMPLES_DIR,
  'platform',
  'history',
  'postgresql',
  '1.0.0',
);

const MANIFEST = testPlatformManifest([
  {
    name: 'postgresql',
    kind: 'crossplane-composition',
    path: 'crossplane/postgresql',
    xrd: { group: 'platform.acme.io', kind: 'XPostgreSQLInstance' },
  },
  {
    name: 'bucket',
    kind: 'crossplane-composition',
    path: 'crossplane/bucket',
    // The release holds an XRD of another kind than the one linked.
    xrd: { group: 'platform.acme.io', kind: 'XBucket' },
  },
  // Never released: nothing to read.
  {
    name: 'queue',
    kind: 'crossplane-composition',
    path: 'crossplane/queue',
    xrd: { group: 'platform.acme.io', kind: 'XQueue' },
  },
]);

let root: string;
let hosts: RepositoryHosts;
let url: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'latest-xrds-'));
  const bare = path.join(root, 'repos', 'acme', 'platform.git');
  createBareRepository(bare, [
    {
      files: { 'platform.yaml': MANIFEST },
      copies: { 'crossplane/postgresql': DEMO_XRD_1_0 },
      tags: ['postgresql/v1.0.0'],
    },
    {
      copies: { 'crossplane/postgresql': DEMO_XRD },
      files: {
        'crossplane/bucket/definition.yaml':
          'apiVersion: apiextensions.crossplane.io/v1\nkind: CompositeResourceDefinition\nspec:\n  group: platform.acme.io\n  names: {kind: XObjectStore}\n  versions: []\n',
      },
      tags: ['postgresql/v1.1.0', 'bucket/v0.1.0'],
    },
  ]);
  url = pathToFileURL(bare.replace(/\.git$/, '')).href;
  hosts = new RepositoryHosts([
    new GitRepositoryHost({ localRoots: [path.dirname(path.dirname(bare))] }),
  ]);
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('loadPlatform with XRD links', () => {
  it('reads each linked XRD at its module latest release', async () => {
    const platform = await loadPlatform(hosts, url);
    const [postgresql, bucket, queue] = platform.snapshot.manifest.modules;
    expect(postgresql.xrd).toEqual({
      group: 'platform.acme.io',
      kind: 'XPostgreSQLInstance',
      latest: {
        version: '1.1.0',
        claimKind: 'PostgreSQLInstance',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            referenceable: false,
            deprecated: true,
            deprecationWarning:
              'platform.acme.io/v1alpha1 PostgreSQLInstance is deprecated; use v1beta1, which requires spec.region.',
          },
          {
            name: 'v1beta1',
            served: true,
            referenceable: true,
            deprecated: false,
          },
        ],
        compositions: ['xpostgresqlinstances.aws.platform.acme.io'],
      },
    });
    expect(bucket.xrd).not.toHaveProperty('latest');
    expect(queue.xrd).not.toHaveProperty('latest');
    expect(platform.problems).toEqual([
      {
        file: 'platform.yaml',
        message:
          'module bucket at tag bucket/v0.1.0 has no CompositeResourceDefinition of platform.acme.io/XBucket in crossplane/bucket',
      },
    ]);
  });
});
