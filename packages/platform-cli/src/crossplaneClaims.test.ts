import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  EXAMPLES_DIR,
  createGitRepository,
  testPlatformManifest,
} from '@platform-portal/plugin-platform-engine/testUtils';
import { runCli } from './__testUtils__/runCli';

const DEMO_PLATFORM = path.join(EXAMPLES_DIR, 'platform');

/**
 * A platform whose postgresql module links the XRD of PostgreSQLInstance claims: release 1.0.0
 * serves v1alpha1 alone, 1.1.0 (the latest) still serves it but deprecated, next to v1beta1.
 * Its bucket module links an XRD that its only release lacks.
 */
function createCrossplanePlatform(root: string): string {
  return createGitRepository(path.join(root, 'platform'), [
    {
      files: {
        'platform.yaml': testPlatformManifest([
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
            xrd: { group: 'platform.acme.io', kind: 'XBucket' },
          },
        ]),
        // A release of bucket without its XRD.
        'crossplane/bucket/README.md': 'XBucket is to come.\n',
      },
      copies: {
        'crossplane/postgresql': path.join(
          DEMO_PLATFORM,
          'history',
          'postgresql',
          '1.0.0',
        ),
      },
      tags: ['postgresql/v1.0.0', 'bucket/v0.1.0'],
    },
    {
      copies: {
        'crossplane/postgresql': path.join(
          DEMO_PLATFORM,
          'crossplane',
          'postgresql',
        ),
      },
      tags: ['postgresql/v1.1.0'],
    },
  ]);
}

const claim = (apiVersion: string) =>
  `apiVersion: ${apiVersion}\nkind: PostgreSQLInstance\nmetadata:\n  name: orders-db\nspec:\n  storageGB: 20\n  writeConnectionSecretToRef:\n    name: orders-db\n`;

describe('platform-scan on Crossplane claims', () => {
  let root: string;
  let platformDir: string;
  let serviceDir: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-claims-'));
    platformDir = createCrossplanePlatform(root);
    serviceDir = path.join(root, 'service');
    fs.mkdirSync(path.join(serviceDir, 'claims'), { recursive: true });
    fs.writeFileSync(
      path.join(serviceDir, 'claims', 'old.yaml'),
      claim('platform.acme.io/v1alpha1'),
    );
    fs.writeFileSync(
      path.join(serviceDir, 'claims', 'current.yaml'),
      claim('platform.acme.io/v1beta1'),
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const verdicts = async (platform: string) => {
    const { code, out, err } = await runCli(
      'scan',
      serviceDir,
      '--platform',
      platform,
      '--format',
      'json',
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(out);
    return {
      problems: report.problems,
      claims: report.references
        .filter((r: { kind: string }) => r.kind === 'crossplane-composite-type')
        .map(
          (r: { file: string; verdict: string; explanation: string }) =>
            `${r.file} ${r.verdict}: ${r.explanation}`,
        )
        .sort(),
    };
  };

  const expected = [
    'claims/current.yaml up-to-date: platform.acme.io/v1beta1 is served by the XRD of postgresql 1.1.0',
    'claims/old.yaml deprecated: platform.acme.io/v1alpha1 is deprecated in the XRD of postgresql 1.1.0: platform.acme.io/v1alpha1 PostgreSQLInstance is deprecated; use v1beta1, which requires spec.region.',
  ];

  it('judges a claim against the XRD at the latest release of a local platform', async () => {
    expect(await verdicts(platformDir)).toEqual({
      problems: [
        {
          file: 'platform.yaml',
          message:
            'module bucket at tag bucket/v0.1.0 has no CompositeResourceDefinition of platform.acme.io/XBucket in crossplane/bucket',
        },
      ],
      claims: expected,
    });
  });

  it('does the same for a platform read through git', async () => {
    expect(
      (await verdicts(`file://${path.join(platformDir, '.git')}`)).claims,
    ).toEqual(expected);
  });
});
