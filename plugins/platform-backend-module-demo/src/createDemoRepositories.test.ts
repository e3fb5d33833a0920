import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DriftResult,
  driftVerdicts,
  parseTagVersion,
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  listLocalTags,
  loadPlatform,
  parsePlatformManifest,
  resolveReference,
  runGit,
  scanTree,
} from '@platform-portal/plugin-platform-engine';
import { createDemoRepositories } from './createDemoRepositories';
import { DEMO_PLATFORM_URL, demoHosts } from './__testUtils__/demoHosts';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
// The verdicts are judged at a fixed moment so that the demo's deprecation dates stay in the past.
const NOW = new Date('2026-05-01T00:00:00Z');

async function snapshotTree(dir: string) {
  const entries: string[] = [];
  async function walk(current: string) {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const child = path.join(current, entry.name);
      const stat = await fs.lstat(child);
      entries.push(`${path.relative(dir, child)} ${stat.mtimeMs} ${stat.ino}`);
      if (entry.isDirectory()) {
        await walk(child);
      }
    }
  }
  await walk(dir);
  return entries.sort();
}

interface ServiceScan {
  results: (DriftResult & { file: string; name: string; ref?: string })[];
  problems: ScanProblem[];
}

function resolveAll(snapshot: PlatformSnapshot) {
  return (reference: Reference) => ({
    file: reference.position.file,
    name: reference.name,
    ref: reference.ref,
    ...resolveReference(reference, snapshot, { now: NOW }),
  });
}

// Builds and scans real git repositories; a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('createDemoRepositories', () => {
  let target: string;
  let checkouts: string;
  let snapshot: PlatformSnapshot;
  const scans = new Map<string, ServiceScan>();

  beforeAll(async () => {
    target = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-repos-'));
    checkouts = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-checkouts-'));
  });

  afterAll(async () => {
    await fs.rm(target, { recursive: true, force: true });
    await fs.rm(checkouts, { recursive: true, force: true });
  });

  it('builds the platform and service repositories, and a second run changes nothing', async () => {
    const first = await createDemoRepositories({
      examplesDir: EXAMPLES,
      targetDir: target,
    });
    expect(first.platform).toEqual({
      name: 'acme/platform',
      path: path.join(target, 'acme', 'platform.git'),
      built: true,
    });
    expect(first.services.length).toBeGreaterThanOrEqual(10);
    expect(first.services.every(s => s.built)).toBe(true);

    const before = await snapshotTree(target);
    const second = await createDemoRepositories({
      examplesDir: EXAMPLES,
      targetDir: target,
    });
    expect(second.platform.built).toBe(false);
    expect(second.services.filter(s => s.built)).toEqual([]);
    expect(await snapshotTree(target)).toEqual(before);
    expect(
      (await fs.readdir(path.join(target, 'acme'))).filter(e =>
        e.startsWith('.'),
      ),
    ).toEqual([]);
  });

  it('rebuilds a repository whose marker no longer matches, with the same commits', async () => {
    const gitDir = path.join(target, 'acme', 'payments-api.git');
    const head = await runGit(['--git-dir', gitDir, 'rev-parse', 'HEAD']);
    await fs.writeFile(path.join(gitDir, 'platform-demo-source'), 'stale\n');
    const result = await createDemoRepositories({
      examplesDir: EXAMPLES,
      targetDir: target,
    });
    expect(result.services.filter(s => s.built).map(s => s.name)).toEqual([
      'acme/payments-api',
    ]);
    expect(await runGit(['--git-dir', gitDir, 'rev-parse', 'HEAD'])).toBe(head);
  });

  it('tags every release of the platform and keeps a valid manifest', async () => {
    const gitDir = path.join(target, 'acme', 'platform.git');
    const tags = await listLocalTags(gitDir);
    expect(tags.map(t => t.name)).toEqual(
      expect.arrayContaining([
        'vpc/v1.0.0',
        'vpc/v2.1.0',
        'vpc/v2.1.1',
        'eks-v3.2.0',
        'rds/v1.9.0',
        'rds/v2.1.0',
        'v3.1.0',
      ]),
    );
    expect(new Set(tags.map(t => t.commit)).size).toBe(tags.length);
    // Releases with notes are annotated with them, dated as released; the others are not.
    const byName = new Map(tags.map(t => [t.name, t]));
    expect(byName.get('vpc/v2.0.0')).toMatchObject({
      date: '2025-06-02T10:00:00.000Z',
      message: expect.stringContaining('`cidr_block` is renamed `cidr`'),
    });
    expect(byName.get('vpc/v1.0.0')).toMatchObject({
      date: '2024-10-07T10:00:00.000Z',
    });
    expect(byName.get('vpc/v1.0.0')?.message).toBeUndefined();

    const text = await runGit([
      '--git-dir',
      gitDir,
      'show',
      'HEAD:platform.yaml',
    ]);
    const { manifest, problems } = parsePlatformManifest(text, 'platform.yaml');
    expect(problems).toEqual([]);
    expect(manifest?.modules.map(m => m.name)).toEqual([
      'vpc',
      'eks',
      'rds',
      's3-bucket',
      'dns',
      'terraform-ci',
      'service-chart',
      'postgresql',
    ]);
    // As the scanner sees the platform: with what each linked XRD serves at its latest release.
    const loaded = await loadPlatform(demoHosts(target), DEMO_PLATFORM_URL);
    expect(loaded.problems).toEqual([]);
    expect(loaded.snapshot.tags).toEqual(tags);
    snapshot = loaded.snapshot;

    const changelog = await runGit([
      '--git-dir',
      gitDir,
      'show',
      'vpc/v2.1.0:modules/vpc/VERSION',
    ]);
    expect(changelog).toBe('vpc/v2.1.0\n');
  });

  it('commits each release with the module files it had, and the latest with the current files', async () => {
    const gitDir = path.join(target, 'acme', 'platform.git');
    const show = (spec: string) => runGit(['--git-dir', gitDir, 'show', spec]);
    const list = async (tag: string, dir: string) =>
      (
        await runGit([
          '--git-dir',
          gitDir,
          'ls-tree',
          '-r',
          '--name-only',
          tag,
          '--',
          dir,
        ])
      )
        .split('\n')
        .filter(Boolean);

    // vpc 2.0.0 renamed cidr_block to cidr.
    const vpc120 = await show('vpc/v1.2.0:modules/vpc/variables.tf');
    expect(vpc120).toContain('variable "cidr_block"');
    expect(vpc120).not.toContain('variable "cidr"');
    expect(await show('vpc/v2.0.0:modules/vpc/variables.tf')).toContain(
      'variable "cidr"',
    );
    // eks 3.0.0 renamed name to cluster_name; rds 2.0.0 renamed name to identifier.
    expect(await show('eks-v2.3.0:modules/eks/variables.tf')).toContain(
      'variable "name"',
    );
    expect(await show('rds/v1.9.0:modules/rds/variables.tf')).toContain(
      'variable "name"',
    );
    // The reusable workflow's v2 still declared `tool`.
    expect(await show('v2.0.0:.github/workflows/terraform.yml')).toMatch(
      /^ {6}tool:$/m,
    );

    // The latest release of each module holds exactly the files of examples/platform.
    for (const [tag, file] of [
      ['vpc/v2.1.1', 'modules/vpc/variables.tf'],
      ['vpc/v2.1.1', 'modules/vpc/outputs.tf'],
      ['vpc/v2.1.1', 'modules/vpc/main.tf'],
      ['eks-v3.2.0', 'modules/eks/variables.tf'],
      ['rds/v2.1.0', 'modules/rds/variables.tf'],
      ['rds/v2.1.0', 'modules/rds/UPGRADING.md'],
      ['s3-bucket/v1.2.0', 'modules/s3-bucket/variables.tf'],
      ['v3.1.0', '.github/workflows/terraform.yml'],
      ['postgresql/v1.1.0', 'crossplane/postgresql/definition.yaml'],
    ]) {
      expect(`${tag}:${file}\n${await show(`${tag}:${file}`)}`).toBe(
        `${tag}:${file}\n${await fs.readFile(
          path.join(EXAMPLES, 'platform', file),
          'utf8',
        )}`,
      );
    }

    // A release holds only the files it had: the upgrade notes came with rds 2.0.0.
    expect(await list('rds/v1.9.0', 'modules/rds')).toEqual([
      'modules/rds/CHANGELOG.md',
      'modules/rds/VERSION',
      'modules/rds/main.tf',
      'modules/rds/outputs.tf',
      'modules/rds/variables.tf',
    ]);
    expect(await list('rds/v2.0.0', 'modules/rds')).toContain(
      'modules/rds/UPGRADING.md',
    );
    // Every upgrade-notes file platform.yaml names is in each release of its major, which is
    // the tag an upgrade's change links it at, and in no release before.
    const { manifest } = parsePlatformManifest(
      await show('HEAD:platform.yaml'),
    );
    const notes = manifest!.modules.flatMap(module =>
      (module.upgrading ?? []).map(note => ({ module, ...note })),
    );
    expect(notes.map(n => `${n.module.name} ${n.major}: ${n.path}`)).toEqual([
      'vpc 2: modules/vpc/UPGRADING.md',
      'rds 2: modules/rds/UPGRADING.md',
    ]);
    const tags = (await listLocalTags(gitDir)).map(t => t.name);
    for (const { module, major, path: file } of notes) {
      const dir = path.posix.dirname(file);
      const releases = tags.flatMap(tag => {
        const version = parseTagVersion(tag, module.tagPattern);
        return version ? [{ tag, major: Number(version.split('.')[0]) }] : [];
      });
      const held = await Promise.all(
        releases.map(
          async r => `${r.tag}: ${(await list(r.tag, dir)).includes(file)}`,
        ),
      );
      expect(held).toEqual(releases.map(r => `${r.tag}: ${r.major >= major}`));
    }
    // vpc did not exist before its first release.
    expect(await list('vpc/v1.0.0~1', 'modules')).toEqual([
      'modules/dns/main.tf',
      'modules/dns/outputs.tf',
      'modules/dns/variables.tf',
    ]);
    // The folders of old files and the list of releases are not part of the repository.
    expect(await list('HEAD', 'history')).toEqual([]);
    expect(await list('HEAD', 'releases.yaml')).toEqual([]);
    // The changelog tells every release, whichever files each had.
    expect(
      (await show('vpc/v2.1.1:modules/vpc/CHANGELOG.md')).match(/^## .*$/gm),
    ).toEqual([
      '## vpc/v2.1.1 (2026-01-12)',
      '## vpc/v2.1.0 (2025-09-01)',
      '## vpc/v2.0.0 (2025-06-02)',
      '## vpc/v1.2.0 (2025-03-03)',
      '## vpc/v1.1.0 (2025-01-13)',
      '## vpc/v1.0.0 (2024-10-07)',
    ]);
  });

  it('makes the same commits on another machine, whatever its git identity', async () => {
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-repos-'));
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        GIT_AUTHOR_NAME: 'Someone Else',
        GIT_AUTHOR_EMAIL: 'someone@elsewhere.example',
        GIT_COMMITTER_NAME: 'Someone Else',
        GIT_COMMITTER_EMAIL: 'someone@elsewhere.example',
        TZ: 'Pacific/Chatham',
      });
      await createDemoRepositories({ examplesDir: EXAMPLES, targetDir: other });
    } finally {
      for (const key of Object.keys(process.env)) {
        if (!(key in saved)) {
          delete process.env[key];
        }
      }
      Object.assign(process.env, saved);
    }
    try {
      for (const repository of ['platform.git', 'ledger-service.git']) {
        const refs = (dir: string) =>
          runGit([
            '--git-dir',
            path.join(dir, 'acme', repository),
            'for-each-ref',
            '--format=%(refname) %(objectname)',
          ]);
        const mine = await refs(target);
        expect(mine).toMatch(/^refs\/heads\/main [0-9a-f]{40}$/m);
        expect(await refs(other)).toBe(mine);
      }
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('tags the releases of service-releases.yaml on their services, dated as released', async () => {
    const payments = path.join(target, 'acme', 'payments-api.git');
    const tags = await listLocalTags(payments);
    expect(tags.map(t => t.name).sort()).toEqual([
      'v0.3.0',
      'v0.3.1',
      'v0.3.2',
      'v0.4.0',
    ]);
    // Annotated tags, so that the git-tags channel knows when each was published.
    expect(
      await runGit([
        '--git-dir',
        payments,
        'for-each-ref',
        '--format=%(objecttype) %(taggerdate:iso-strict)',
        'refs/tags/v0.4.0',
      ]),
    ).toBe('tag 2026-11-10T16:45:00+00:00\n');
    // The release commits change no files: the scan sees the same tree.
    expect(
      await runGit(['--git-dir', payments, 'diff', '--stat', 'HEAD~4', 'HEAD']),
    ).toBe('');
    expect(
      await listLocalTags(path.join(target, 'acme', 'search-api.git')),
    ).toEqual([]);
  });

  it('gives the services assorted verdicts when scanned', async () => {
    const extractors = await createDefaultExtractors();
    const resolve = resolveAll(snapshot);
    const root = path.join(target, 'acme');
    const services = (await fs.readdir(root))
      .filter(e => e.endsWith('.git') && e !== 'platform.git')
      .sort();
    for (const repository of services) {
      const name = repository.replace(/\.git$/, '');
      const dir = path.join(checkouts, name);
      await runGit(['clone', '--quiet', path.join(root, repository), dir]);
      const { references, problems } = await scanTree(dir, { extractors });
      scans.set(name, { problems, results: references.map(resolve) });
    }

    const verdicts = [...scans.values()].flatMap(s =>
      s.results.map(r => r.verdict),
    );
    // The verdicts on a pin of the platform: the demo shows each, but that every reference to
    // the platform resolves to a module and a release or a branch.
    const pinVerdicts = driftVerdicts.filter(
      verdict => !['local', 'unresolved', 'external'].includes(verdict),
    );
    const unknown = ['unknown-module', 'unknown-version', 'unknown-sha'];
    expect(pinVerdicts.filter(verdict => verdicts.includes(verdict))).toEqual(
      pinVerdicts.filter(verdict => !unknown.includes(verdict)),
    );
  });

  it('judges the claims of the Crossplane services against the XRD and their composition revisions', () => {
    const claims = (service: string) =>
      scans
        .get(service)!
        .results.filter(r => r.file.endsWith('claims.yaml'))
        .map(r => [r.file.split('/')[2], r.name, r.verdict, r.version]);
    const composition = 'xpostgresqlinstances.aws.platform.acme.io';
    const type = 'platform.acme.io/PostgreSQLInstance';
    expect(claims('invoice-service')).toEqual([
      // prod is on the first claim version and held to the composition revision of 1.0.0.
      ['prod', type, 'deprecated', undefined],
      ['prod', composition, 'minor-behind', '1.0.0'],
      ['staging', type, 'up-to-date', undefined],
      ['staging', composition, 'up-to-date', '1.1.0'],
    ]);
    // The platform picks the composition: only the claim's version is judged.
    expect(claims('reporting-service')).toEqual([
      ['prod', type, 'deprecated', undefined],
      ['staging', type, 'up-to-date', undefined],
    ]);
    expect(
      scans
        .get('reporting-service')!
        .results.find(r => r.verdict === 'deprecated')?.explanation,
    ).toBe(
      'platform.acme.io/v1alpha1 is deprecated in the XRD of postgresql 1.1.0: platform.acme.io/v1alpha1 PostgreSQLInstance is deprecated; use v1beta1, which requires spec.region.',
    );
  });

  it("judges what fraud-detector and user-profile install from the platform's channels as modules", () => {
    const fromChannels = (service: string) =>
      scans
        .get(service)!
        .results.filter(
          r => r.name.startsWith('registry.') || r.name.startsWith('https://'),
        )
        .map(r => [r.file, r.module, r.ref, r.verdict, r.version, r.latest]);
    // Without the channels read, the git tags are the releases: eks 3.2.0, service-chart 1.2.0.
    expect(fromChannels('fraud-detector')).toEqual([
      [
        'charts/fraud-detector/Chart.yaml',
        'service-chart',
        '1.0.0',
        'minor-behind',
        '1.0.0',
        '1.2.0',
      ],
      [
        'infra/environments/staging/main.tf',
        'eks',
        '3.2.0',
        'up-to-date',
        '3.2.0',
        '3.2.0',
      ],
    ]);
    expect(fromChannels('user-profile')).toEqual([
      [
        'infra/environments/prod/main.tf',
        'eks',
        '3.0.0',
        'minor-behind',
        '3.0.0',
        '3.2.0',
      ],
    ]);
  });

  it('resolves the SHA pin to vpc 2.1.0', () => {
    const ledger = scans.get('ledger-service')!;
    const pins = ledger.results.filter(r => r.module === 'vpc');
    expect(pins).toHaveLength(2);
    const vpc210 = snapshot.tags.find(t => t.name === 'vpc/v2.1.0')!.commit;
    for (const pin of pins) {
      expect(pin.ref).toBe(vpc210);
      expect(pin).toMatchObject({ version: '2.1.0', verdict: 'patch-behind' });
    }
  });

  it('reports the syntax error and still scans the rest of that service', () => {
    const identity = scans.get('identity-service')!;
    expect(identity.problems).toEqual([
      expect.objectContaining({
        file: 'infra/environments/staging/main.tf',
      }),
    ]);
    expect(
      identity.results.filter(
        r => r.file === 'infra/environments/prod/main.tf',
      ),
    ).toEqual([
      expect.objectContaining({ module: 'vpc', verdict: 'up-to-date' }),
      expect.objectContaining({ module: 'rds', verdict: 'up-to-date' }),
    ]);
    expect(identity.results).toContainEqual(
      expect.objectContaining({
        file: '.github/workflows/ci.yml',
        module: 'terraform-ci',
        verdict: 'up-to-date',
      }),
    );
  });

  it('scans the Terragrunt layout by environment and the branch pin as unpinned', () => {
    expect(scans.get('search-api')!.results).toContainEqual(
      expect.objectContaining({
        file: 'infra/live/prod/eks/terragrunt.hcl',
        environment: 'prod',
        module: 'eks',
        verdict: 'minor-behind',
      }),
    );
    expect(scans.get('search-crawler')!.results).toContainEqual(
      expect.objectContaining({
        environment: 'staging',
        module: 'eks',
        verdict: 'unpinned',
      }),
    );
  });

  it('refuses service names that are not plain', async () => {
    const examples = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-bad-'));
    try {
      await fs.cp(
        path.join(EXAMPLES, 'platform'),
        path.join(examples, 'platform'),
        {
          recursive: true,
        },
      );
      await fs.mkdir(path.join(examples, 'services', 'Bad_Name'), {
        recursive: true,
      });
      await expect(
        createDemoRepositories({
          examplesDir: examples,
          targetDir: path.join(examples, 'out'),
        }),
      ).rejects.toThrow(/invalid service name "Bad_Name"/);
    } finally {
      await fs.rm(examples, { recursive: true, force: true });
    }
  });
});
