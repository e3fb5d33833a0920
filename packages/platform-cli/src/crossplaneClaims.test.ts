import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  EXAMPLES_DIR,
  HistoryStep,
  createGitRepository,
} from '@platform-portal/plugin-platform-engine/testUtils';
import { runCli } from './__testUtils__/runCli';

const DEMO_PLATFORM = path.join(EXAMPLES_DIR, 'platform');

/**
 * The demo platform with its postgresql module released twice, then the `later` steps: 1.0.0's
 * XRD serves v1alpha1 alone, 1.1.0's still serves it but deprecated, next to v1beta1.
 */
function createDemoPlatform(dir: string, ...later: HistoryStep[]): string {
  return createGitRepository(dir, [
    {
      copies: {
        '.': DEMO_PLATFORM,
        'crossplane/postgresql': path.join(
          DEMO_PLATFORM,
          'history',
          'postgresql',
          '1.0.0',
        ),
      },
      tags: ['postgresql/v1.0.0'],
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
    ...later,
  ]);
}

const claim = (apiVersion: string) =>
  `apiVersion: ${apiVersion}\nkind: PostgreSQLInstance\nmetadata:\n  name: orders-db\nspec:\n  storageGB: 20\n  writeConnectionSecretToRef:\n    name: orders-db\n`;

describe('platform-scan on Crossplane claims', () => {
  let root: string;
  let serviceDir: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-claims-'));
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

  /** The claims' verdicts and the problems of a scan against the platform. */
  const scanClaims = async (platform: string) => {
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

  const judged = [
    'claims/current.yaml up-to-date: platform.acme.io/v1beta1 is served by the XRD of postgresql 1.1.0',
    'claims/old.yaml deprecated: platform.acme.io/v1alpha1 is deprecated in the XRD of postgresql 1.1.0: platform.acme.io/v1alpha1 PostgreSQLInstance is deprecated; use v1beta1, which requires spec.region.',
  ];

  it('judges a claim against the XRD at the latest release, locally and through git', async () => {
    const platform = createDemoPlatform(path.join(root, 'platform'));
    expect(await scanClaims(platform)).toEqual({
      problems: [],
      claims: judged,
    });
    expect(
      (await scanClaims(`file://${path.join(platform, '.git')}`)).claims,
    ).toEqual(judged);
  });

  it("finds a claim that leaves the Composition to the platform's XRD by its type alone, in the workers too", async () => {
    const platform = createDemoPlatform(path.join(root, 'by-type'));
    const plainDir = path.join(root, 'plain-service');
    fs.mkdirSync(plainDir, { recursive: true });
    // Nothing in them but their type says they order from the platform: no Crossplane-only
    // field. Enough files that the scan hands batches to its worker threads as well.
    const files = 2100;
    for (let i = 0; i < files; i++) {
      fs.writeFileSync(
        path.join(plainDir, `database-${i}.yaml`),
        `apiVersion: platform.acme.io/v1alpha1\nkind: PostgreSQLInstance\nmetadata:\n  name: db-${i}\nspec:\n  storageGB: 20\n`,
      );
    }
    for (const jobs of ['1', '2']) {
      const { code, out, err } = await runCli(
        'scan',
        plainDir,
        '--platform',
        platform,
        '--jobs',
        jobs,
        '--format',
        'json',
      );
      expect({ jobs, code, err }).toEqual({ jobs, code: 0, err: '' });
      const verdicts = JSON.parse(out).references.map(
        (r: { verdict: string }) => r.verdict,
      );
      expect({ jobs, found: verdicts.length }).toEqual({ jobs, found: files });
      expect(new Set(verdicts)).toEqual(new Set(['deprecated']));
    }
    // Two scans of 2,100 files: more than jest's default 5 s on a busy machine.
  }, 60_000);

  it('reads the XRDs at their releases when the platform.yaml scanned is not committed', async () => {
    const platform = createDemoPlatform(path.join(root, 'uncommitted'));
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args],
        { cwd: platform },
      );
    git('rm', '--quiet', '--cached', 'platform.yaml');
    git('commit', '--quiet', '-m', 'platform.yaml is local only');
    // The links are those of the platform.yaml on disk, their XRDs those of the tagged releases.
    expect(await scanClaims(platform)).toEqual({
      problems: [],
      claims: judged,
    });
  });

  it('reports a latest release without the XRD, and judges no claim against an older one', async () => {
    const platform = createDemoPlatform(path.join(root, 'moved'), {
      files: {
        'crossplane/postgresql/definition.yaml':
          '# Moved to crossplane/apis.\n',
      },
      tags: ['postgresql/v1.2.0'],
    });
    expect(await scanClaims(platform)).toEqual({
      problems: [
        {
          file: 'platform.yaml',
          message:
            'module postgresql at tag postgresql/v1.2.0 has no CompositeResourceDefinition of platform.acme.io/XPostgreSQLInstance in crossplane/postgresql',
        },
      ],
      claims: [
        'claims/current.yaml unknown-version: the XRD of postgresql could not be read at its latest release, so whether it serves platform.acme.io/v1beta1 is not known',
        'claims/old.yaml unknown-version: the XRD of postgresql could not be read at its latest release, so whether it serves platform.acme.io/v1alpha1 is not known',
      ],
    });
  });
});
