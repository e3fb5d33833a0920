import {
  PlatformModule,
  Reference,
} from '@platform-portal/plugin-platform-common';
import { resolveReference, resolveReferences } from './resolveReference';
import {
  PlatformSnapshot,
  PlatformTag,
} from '@platform-portal/plugin-platform-node';
import { PUBLIC_VPC_MODULE } from '../extractors/__testUtils__/registryTargets';

/** A full SHA made of one repeated hex pair, so tests can read which commit is which. */
function sha(pair: string): string {
  return pair.repeat(20);
}

function module(
  name: string,
  path: string,
  tagPattern: string,
  extra: Partial<PlatformModule> = {},
): PlatformModule {
  return {
    name,
    kind: 'terraform-module',
    path,
    tagPattern,
    deprecations: [],
    ...extra,
  };
}

const tags: PlatformTag[] = [
  { name: 'vpc/v1.0.0', commit: sha('a1') },
  { name: 'vpc/v1.1.0', commit: sha('a2') },
  { name: 'vpc/v2.0.0', commit: sha('a3') },
  // Tagged without the `v` the pattern has: still a release.
  { name: 'vpc/2.1.0', commit: sha('a4') },
  { name: 'vpc/v3.0.0', commit: sha('a5') },
  { name: 'vpc/v3.1.0-rc.1', commit: sha('a6') },
  { name: 'eks-v0.9.0', commit: sha('b1') },
  { name: 'eks-v1.0.0', commit: sha('b2') },
  { name: 'eks-v1.0.1', commit: sha('b3') },
  { name: 'eks-v1.1.0', commit: sha('b4') },
  { name: 'v2.4.0', commit: sha('c0') },
  { name: 'v3.0.0', commit: sha('c1') },
  { name: 'v3.1.0', commit: sha('c2') },
  // A moving major tag, as GitHub Actions users expect.
  { name: 'v3', commit: sha('c2') },
  { name: 'service/v0.4.0', commit: sha('d1') },
  { name: 'service/v0.4.1', commit: sha('d2') },
  // A commit with two releases of one module.
  { name: 'eks-v1.1.1-rc.1', commit: sha('b4') },
];

const snapshot: PlatformSnapshot = {
  manifest: {
    name: 'acme-platform',
    repository: 'https://github.com/acme/platform.git',
    modules: [
      module('vpc', 'modules/vpc', 'vpc/v{version}', {
        supportedMajors: 2,
        deprecations: [
          {
            versions: '< 1.1.0',
            since: '2026-06-01',
            message: 'vpc 1.0 uses the legacy NAT gateway layout.',
          },
        ],
      }),
      module('eks', 'modules/eks', 'eks-v{version}'),
      module('terraform', '.github/workflows/terraform.yml', 'v{version}', {
        kind: 'github-workflow',
      }),
      module('service', 'charts/service', 'service/v{version}', {
        kind: 'helm-chart',
      }),
    ],
  },
  tags,
};

const now = new Date('2026-07-01T00:00:00Z');

function reference(
  subdirectory: string,
  overrides: Partial<Reference> = {},
): Reference {
  return {
    kind: 'terraform-module',
    position: { file: 'infra/environments/prod/main.tf', line: 3, column: 12 },
    source: `git::https://github.com/acme/platform.git//${subdirectory}`,
    target: {
      type: 'git',
      host: 'github.com',
      repository: 'acme/platform',
      subdirectory,
    },
    name: `github.com/acme/platform//${subdirectory}`,
    pin: 'ref',
    ...overrides,
  };
}

/** The vpc module in a fork of the platform repository: not the platform's. */
const FORK: Reference['target'] = {
  type: 'git',
  host: 'github.com',
  repository: 'acme/platform-fork',
  subdirectory: 'modules/vpc',
};

function resolve(ref: Reference, platform: PlatformSnapshot = snapshot) {
  return resolveReference(ref, platform, { now });
}

describe('resolveReference', () => {
  describe('tags', () => {
    it('is up-to-date at the latest release of a `vpc/v{version}` module', () => {
      expect(resolve(reference('modules/vpc', { ref: 'vpc/v3.0.0' }))).toEqual({
        verdict: 'up-to-date',
        module: 'vpc',
        version: '3.0.0',
        latest: '3.0.0',
        releasesBehind: 0,
        environment: 'prod',
        explanation: '3.0.0 is the latest release',
      });
    });

    it('reads a tag without the pattern`s v', () => {
      expect(
        resolve(reference('modules/vpc', { ref: 'vpc/2.1.0' })),
      ).toMatchObject({
        verdict: 'major-behind',
        version: '2.1.0',
        releasesBehind: 1,
      });
    });

    it('is major-behind on an older supported major', () => {
      expect(
        resolve(reference('modules/vpc', { ref: 'vpc/v2.0.0' })),
      ).toMatchObject({
        verdict: 'major-behind',
        version: '2.0.0',
        latest: '3.0.0',
        releasesBehind: 2,
        explanation: '2.0.0 is 2 releases behind 3.0.0 (major)',
      });
    });

    it('is unsupported below the newest two majors', () => {
      expect(
        resolve(reference('modules/vpc', { ref: 'vpc/v1.1.0' })),
      ).toMatchObject({
        verdict: 'unsupported',
        version: '1.1.0',
        releasesBehind: 3,
        explanation:
          '1.1.0 is unsupported: vpc supports only 3.x and 2.x (the newest 2 majors); 1.1.0 is 3 releases behind 3.0.0 (major)',
      });
    });

    it('is deprecated, with the message, before anything else', () => {
      expect(
        resolve(reference('modules/vpc', { ref: 'vpc/v1.0.0' })),
      ).toMatchObject({
        verdict: 'deprecated',
        version: '1.0.0',
        releasesBehind: 4,
        explanation:
          'deprecated since 2026-06-01: vpc 1.0 uses the legacy NAT gateway layout. — 1.0.0 is 4 releases behind 3.0.0 (major)',
      });
    });

    it('judges deprecations at the given moment', () => {
      expect(
        resolveReference(
          reference('modules/vpc', { ref: 'vpc/v1.0.0' }),
          snapshot,
          {
            now: new Date('2026-01-01T00:00:00Z'),
          },
        ).verdict,
      ).toBe('unsupported');
    });

    it('is minor-behind and patch-behind for a `eks-v{version}` module', () => {
      expect(
        resolve(reference('modules/eks', { ref: 'eks-v1.0.1' })),
      ).toMatchObject({
        verdict: 'minor-behind',
        module: 'eks',
        version: '1.0.1',
        latest: '1.1.0',
        releasesBehind: 1,
        explanation: '1.0.1 is 1 release behind 1.1.0 (minor)',
      });
      expect(
        resolve(reference('charts/service', { ref: 'service/v0.4.0' })),
      ).toMatchObject({
        verdict: 'patch-behind',
        module: 'service',
        releasesBehind: 1,
        explanation: '0.4.0 is 1 release behind 0.4.1 (patch)',
      });
    });

    it('reads a fully qualified tag ref', () => {
      expect(
        resolve(reference('modules/eks', { ref: 'refs/tags/eks-v1.1.0' }))
          .verdict,
      ).toBe('up-to-date');
    });

    it('resolves a `v{version}` workflow, matching the workflow file path', () => {
      expect(
        resolve(
          reference('.github/workflows/terraform.yml', {
            kind: 'github-reusable-workflow',
            position: { file: '.github/workflows/ci.yml', line: 9, column: 11 },
            ref: 'v3.0.0',
          }),
        ),
      ).toEqual({
        verdict: 'minor-behind',
        module: 'terraform',
        version: '3.0.0',
        latest: '3.1.0',
        releasesBehind: 1,
        explanation: '3.0.0 is 1 release behind 3.1.0 (minor)',
      });
    });

    it('resolves a moving major tag to the release at its commit', () => {
      expect(
        resolve(
          reference('.github/workflows/terraform.yml', {
            kind: 'github-reusable-workflow',
            ref: 'v3',
          }),
        ),
      ).toMatchObject({
        verdict: 'up-to-date',
        version: '3.1.0',
        explanation:
          'tag v3 (at v3.1.0) resolves to 3.1.0; 3.1.0 is the latest release',
      });
    });

    it('resolves a whole-repository `{version}` module at the root', () => {
      const whole: PlatformSnapshot = {
        manifest: {
          name: 'vpc-module',
          repository: 'git@gitlab.example.com:infra/terraform-aws-vpc.git',
          modules: [module('vpc', '', '{version}')],
        },
        tags: [
          { name: '1.2.0', commit: sha('e1') },
          { name: 'v1.3.0', commit: sha('e2') },
          { name: 'latest', commit: sha('e2') },
        ],
      };
      const target = {
        type: 'git' as const,
        host: 'gitlab.example.com',
        repository: 'infra/terraform-aws-vpc',
        subdirectory: '',
      };
      expect(
        resolve(reference('', { target, ref: '1.2.0' }), whole),
      ).toMatchObject({
        verdict: 'minor-behind',
        module: 'vpc',
        version: '1.2.0',
        latest: '1.3.0',
      });
      expect(
        resolve(reference('', { target, ref: 'latest' }), whole),
      ).toMatchObject({
        verdict: 'up-to-date',
        version: '1.3.0',
      });
    });
  });

  describe('unpinned', () => {
    it('names the branch a ref follows', () => {
      expect(resolve(reference('modules/vpc', { ref: 'main' }))).toEqual({
        verdict: 'unpinned',
        module: 'vpc',
        latest: '3.0.0',
        environment: 'prod',
        explanation:
          'follows branch main instead of a release tag; the latest release of vpc is 3.0.0',
      });
      expect(
        resolve(reference('modules/vpc', { ref: 'refs/heads/release-2' }))
          .explanation,
      ).toContain('follows branch release-2');
    });

    it('says when there is no ref', () => {
      expect(resolve(reference('modules/vpc', { pin: 'none' }))).toMatchObject({
        verdict: 'unpinned',
        explanation:
          'no ref: follows the default branch instead of a release tag; the latest release of vpc is 3.0.0',
      });
    });
  });

  describe('SHAs', () => {
    it('resolves a full SHA to the release tagged there', () => {
      expect(
        resolve(reference('modules/vpc', { pin: 'sha', ref: sha('a4') })),
      ).toMatchObject({
        verdict: 'major-behind',
        version: '2.1.0',
        explanation: `commit ${sha(
          'a4',
        )} (tag vpc/2.1.0) resolves to 2.1.0; 2.1.0 is 1 release behind 3.0.0 (major)`,
      });
    });

    it('matches an abbreviated SHA by prefix, in any case', () => {
      expect(
        resolve(reference('modules/vpc', { pin: 'sha', ref: 'A5A5A5A' })),
      ).toMatchObject({ verdict: 'up-to-date', version: '3.0.0' });
    });

    it('prefers the release over a prerelease at one commit', () => {
      expect(
        resolve(reference('modules/eks', { pin: 'sha', ref: 'b4b4b4b4' }))
          .version,
      ).toBe('1.1.0');
    });

    it('says when the comment disagrees with the commit', () => {
      expect(
        resolve(
          reference('modules/eks', {
            pin: 'sha',
            ref: 'b2b2b2b2b2',
            commentVersion: 'v1.1.0',
          }),
        ).explanation,
      ).toBe(
        'commit b2b2b2b2b2 (tag eks-v1.0.0; its comment says v1.1.0) resolves to 1.0.0; 1.0.0 is 2 releases behind 1.1.0 (minor)',
      );
      expect(
        resolve(
          reference('modules/eks', {
            pin: 'sha',
            ref: 'b2b2b2b2b2',
            commentVersion: 'v1.0.0',
          }),
        ).explanation,
      ).toBe(
        'commit b2b2b2b2b2 (tag eks-v1.0.0) resolves to 1.0.0; 1.0.0 is 2 releases behind 1.1.0 (minor)',
      );
    });

    it('is unknown-sha for an abbreviated SHA that several tagged commits share', () => {
      const ambiguous: PlatformSnapshot = {
        ...snapshot,
        tags: [
          ...tags,
          { name: 'vpc/v0.9.0', commit: `a5a5a5a5${'0'.repeat(32)}` },
          { name: 'eks-v0.8.0', commit: `a1a1a1a1${'0'.repeat(32)}` },
        ],
      };
      expect(
        resolve(
          reference('modules/vpc', { pin: 'sha', ref: 'a5a5a5a5' }),
          ambiguous,
        ).verdict,
      ).toBe('unknown-sha');
      expect(
        resolve(
          reference('modules/vpc', { pin: 'sha', ref: 'a1a1a1a1' }),
          ambiguous,
        ).verdict,
      ).toBe('unknown-sha');
      expect(
        resolve(
          reference('modules/vpc', { pin: 'sha', ref: 'a5a5a5a5a' }),
          ambiguous,
        ),
      ).toMatchObject({ verdict: 'up-to-date', version: '3.0.0' });
    });

    it('resolves a SHA written as a ref', () => {
      expect(
        resolve(reference('modules/eks', { ref: sha('b1') })),
      ).toMatchObject({ verdict: 'major-behind', version: '0.9.0' });
    });

    it('is unknown-sha at a commit with no release, naming the comment', () => {
      expect(
        resolve(
          reference('modules/vpc', {
            pin: 'sha',
            ref: '0123456789abcdef0123456789abcdef01234567',
            commentVersion: 'v3.0.0',
          }),
        ),
      ).toEqual({
        verdict: 'unknown-sha',
        module: 'vpc',
        latest: '3.0.0',
        environment: 'prod',
        explanation:
          'commit 0123456789abcdef0123456789abcdef01234567 (commented as v3.0.0) is not at any release tag of vpc; the latest release of vpc is 3.0.0',
      });
    });

    it('is unknown-sha at another module`s release or for a SHA too short to trust', () => {
      expect(
        resolve(reference('modules/vpc', { pin: 'sha', ref: sha('b1') }))
          .verdict,
      ).toBe('unknown-sha');
      expect(
        resolve(reference('modules/vpc', { pin: 'sha', ref: 'a5a5a5' }))
          .verdict,
      ).toBe('unknown-sha');
    });
  });

  describe('constraints', () => {
    it('picks the best matching release', () => {
      expect(
        resolve(reference('modules/vpc', { pin: 'constraint', ref: '~> 2.0' })),
      ).toMatchObject({
        verdict: 'major-behind',
        version: '2.1.0',
        explanation:
          'constraint ~> 2.0 resolves to 2.1.0; 2.1.0 is 1 release behind 3.0.0 (major)',
      });
    });

    it('reads Helm dependencies in Helm syntax', () => {
      expect(
        resolve(
          reference('charts/service', {
            kind: 'helm-dependency',
            pin: 'constraint',
            ref: '^0.4.0',
          }),
        ),
      ).toMatchObject({ verdict: 'up-to-date', version: '0.4.1' });
    });

    it('is unknown-version when no release satisfies it or it is invalid', () => {
      expect(
        resolve(reference('modules/vpc', { pin: 'constraint', ref: '>= 9.0' })),
      ).toMatchObject({
        verdict: 'unknown-version',
        explanation:
          'no release of vpc satisfies >= 9.0; the latest release of vpc is 3.0.0',
      });
      expect(
        resolve(reference('modules/vpc', { pin: 'constraint', ref: '^2.0.0' })),
      ).toMatchObject({
        verdict: 'unknown-version',
        explanation: expect.stringContaining(
          'invalid terraform version constraint',
        ),
      });
    });
  });

  describe('unknown versions', () => {
    it('is unknown-version for a release tag that does not exist', () => {
      expect(resolve(reference('modules/vpc', { ref: 'vpc/v9.9.9' }))).toEqual({
        verdict: 'unknown-version',
        module: 'vpc',
        latest: '3.0.0',
        environment: 'prod',
        explanation:
          'tag vpc/v9.9.9 does not exist in the platform repository; the latest release of vpc is 3.0.0',
      });
    });

    it('is unknown-version for another module`s tag', () => {
      expect(
        resolve(reference('modules/vpc', { ref: 'eks-v1.0.0' })),
      ).toMatchObject({
        verdict: 'unknown-version',
        explanation:
          'tag eks-v1.0.0 is not at a release of vpc; the latest release of vpc is 3.0.0',
      });
    });
  });

  describe('targets', () => {
    it('matches the platform repository case-insensitively', () => {
      expect(
        resolve(
          reference('modules/vpc/', {
            target: {
              type: 'git',
              host: 'github.com',
              repository: 'Acme/Platform',
              subdirectory: '/modules/vpc/',
            },
            ref: 'vpc/v3.0.0',
          }),
        ).verdict,
      ).toBe('up-to-date');
    });

    it('is unknown-module in the platform repository outside any module', () => {
      expect(resolve(reference('modules/unknown', { ref: 'v1.0.0' }))).toEqual({
        verdict: 'unknown-module',
        environment: 'prod',
        explanation:
          'github.com/acme/platform//modules/unknown is in the platform repository, but modules/unknown is not a module of acme-platform',
      });
      expect(resolve(reference('', { ref: 'v1.0.0' })).explanation).toContain(
        'but its root is not a module',
      );
    });

    it('is external for other repositories and other kinds of target', () => {
      expect(
        resolve(
          reference('modules/vpc', {
            target: FORK,
            name: 'github.com/acme/platform-fork//modules/vpc',
          }),
        ),
      ).toEqual({
        verdict: 'external',
        environment: 'prod',
        explanation:
          'github.com/acme/platform-fork//modules/vpc is not in the platform repository https://github.com/acme/platform.git',
      });
      expect(
        resolve(
          reference('', {
            target: PUBLIC_VPC_MODULE,
            pin: 'constraint',
            ref: '~> 5.0',
          }),
        ).verdict,
      ).toBe('external');
      expect(
        resolve(
          reference('', {
            target: {
              type: 'oci',
              registry: 'ghcr.io',
              repository: 'acme/charts/service',
            },
          }),
        ).verdict,
      ).toBe('external');
    });

    it('is local for paths in the scanned tree', () => {
      expect(
        resolve(
          reference('', {
            target: { type: 'local', path: 'infra/modules/app' },
            position: { file: 'infra/main.tf', line: 1, column: 1 },
          }),
        ),
      ).toEqual({
        verdict: 'local',
        explanation:
          'infra/modules/app is a path in the same repository and has no version',
      });
    });

    it('is unresolved for sources that are not literal', () => {
      expect(
        resolve(
          reference('', {
            target: undefined,
            source: '${local.platform}//modules/vpc',
            unresolved: {
              expression: 'local.platform',
              reason: 'defined in another file',
            },
            position: {
              file: 'live/staging/vpc/terragrunt.hcl',
              line: 2,
              column: 3,
            },
          }),
        ),
      ).toEqual({
        verdict: 'unresolved',
        environment: 'staging',
        explanation:
          'the source depends on local.platform, which is not a literal: defined in another file',
      });
      expect(
        resolve(reference('', { target: undefined, source: '???' })).verdict,
      ).toBe('unresolved');
    });
  });
});

describe('resolveReferences', () => {
  it('gives each reference what resolveReference gives it', () => {
    // One of each kind of pin and verdict.
    const resolved = [
      reference('modules/vpc', { ref: 'vpc/v3.0.0' }),
      reference('modules/vpc', { ref: 'vpc/2.1.0' }),
      reference('modules/vpc', { ref: 'vpc/v1.1.0' }),
      reference('modules/vpc', { ref: 'vpc/v1.0.0' }),
      reference('modules/eks', { ref: 'eks-v1.0.1' }),
      reference('modules/eks', { ref: 'refs/tags/eks-v1.1.0' }),
      reference('.github/workflows/terraform.yml', {
        kind: 'github-reusable-workflow',
        ref: 'v3',
      }),
      reference('modules/vpc', { ref: 'main' }),
      reference('modules/vpc', { pin: 'none' }),
      reference('modules/vpc', { pin: 'sha', ref: sha('a4') }),
      reference('modules/vpc', { pin: 'sha', ref: 'A5A5A5A' }),
      reference('modules/vpc', { pin: 'sha', ref: sha('b1') }),
      reference('modules/vpc', { pin: 'constraint', ref: '~> 2.0' }),
      reference('modules/vpc', { pin: 'constraint', ref: '>= 9.0' }),
      reference('charts/service', {
        kind: 'helm-dependency',
        pin: 'constraint',
        ref: '^0.4.0',
      }),
      reference('modules/vpc', { ref: 'vpc/v9.9.9' }),
      reference('modules/unknown', { ref: 'v1.0.0' }),
      reference('modules/vpc', { target: FORK }),
      reference('', {
        target: { type: 'local', path: 'infra/modules/app' },
        position: { file: 'infra/main.tf', line: 1, column: 1 },
      }),
      reference('modules/vpc', {
        ref: 'vpc/v3.0.0',
        position: { file: 'main.tf', line: 1, column: 1 },
      }),
      reference('', { target: undefined, source: '???' }),
    ];
    expect(
      new Set(resolved.map(ref => resolve(ref).verdict)).size,
    ).toBeGreaterThanOrEqual(12);
    // Each again in another environment and once more as it was: repeated pins are judged once.
    const inStaging = resolved.map(ref => ({
      ...ref,
      position: { ...ref.position, file: 'live/staging/x/terragrunt.hcl' },
    }));
    const all = [...resolved, ...inStaging, ...resolved];
    const expected = all.map(ref => resolveReference(ref, snapshot, { now }));
    expect(resolveReferences(all, snapshot, { now })).toEqual(expected);
    expect(new Set(expected.map(d => d.environment))).toEqual(
      new Set([undefined, 'prod', 'staging']),
    );
  });

  it('judges deprecations at the given moment and returns results of their own', () => {
    const pins = [reference('modules/vpc', { ref: 'vpc/v1.0.0' })];
    const [before] = resolveReferences(pins, snapshot, {
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const [after, again] = resolveReferences([pins[0], pins[0]], snapshot, {
      now,
    });
    expect(before).toEqual(
      resolveReference(pins[0], snapshot, {
        now: new Date('2026-01-01T00:00:00Z'),
      }),
    );
    expect(after).toEqual(resolveReference(pins[0], snapshot, { now }));
    expect([before.verdict, after.verdict]).toEqual([
      'unsupported',
      'deprecated',
    ]);
    after.explanation = 'changed';
    expect(again.explanation).not.toBe('changed');
  });
});
