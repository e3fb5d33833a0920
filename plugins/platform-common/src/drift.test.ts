import fc from 'fast-check';
import {
  DriftInput,
  computeDrift,
  deprecationApplies,
  environmentFromPath,
  environmentStages,
  findPromotionLags,
  PromotionReference,
} from './drift';
import { PlatformModule } from './manifest';

describe('environmentFromPath', () => {
  it.each([
    ['infra/environments/staging/main.tf', 'staging'],
    ['environments/prod/main.tf', 'prod'],
    ['infra/envs/prod/network/main.tf', 'prod'],
    ['live/prod/us-east-1/vpc/terragrunt.hcl', 'prod'],
    ['./infra/environments/dev/main.tf', 'dev'],
    ['infra\\environments\\staging\\main.tf', 'staging'],
    ['Environments/QA/main.tf', 'QA'],
  ])('%s is %s', (path, environment) => {
    expect(environmentFromPath(path)).toBe(environment);
  });

  it.each([
    'infra/main.tf',
    'environments/main.tf',
    'infra/environments.tf',
    'src/live.ts',
    'modules/vpc/main.tf',
    '',
  ])('%s has none', path => {
    expect(environmentFromPath(path)).toBeUndefined();
  });
});

const vpc: PlatformModule = {
  name: 'vpc',
  kind: 'terraform-module',
  path: 'modules/vpc',
  tagPattern: 'vpc/v{version}',
  deprecations: [],
};

const versions = [
  '1.0.0',
  '1.1.0',
  '1.2.0',
  '1.2.1',
  '2.0.0',
  '2.1.0',
  '2.1.1',
  '3.0.0',
  '3.1.0-rc.1',
];
const now = new Date('2026-07-01T00:00:00Z');

function drift(
  version: string,
  module: Partial<PlatformModule> = {},
  extra: Partial<DriftInput> = {},
) {
  return computeDrift({
    module: { ...vpc, ...module },
    pinned: { type: 'version', version },
    versions,
    now,
    ...extra,
  });
}

describe('computeDrift', () => {
  it('is up-to-date at the latest release', () => {
    expect(drift('3.0.0', {}, { environment: 'prod' })).toEqual({
      verdict: 'up-to-date',
      module: 'vpc',
      version: '3.0.0',
      latest: '3.0.0',
      releasesBehind: 0,
      environment: 'prod',
      explanation: '3.0.0 is the latest release',
    });
  });

  it('is up-to-date on a prerelease newer than the latest release', () => {
    expect(drift('3.1.0-rc.1')).toMatchObject({
      verdict: 'up-to-date',
      version: '3.1.0-rc.1',
      latest: '3.0.0',
      explanation:
        '3.1.0-rc.1 is a prerelease newer than the latest release 3.0.0',
    });
  });

  it('is patch-behind within one minor', () => {
    expect(
      computeDrift({
        module: vpc,
        pinned: { type: 'version', version: '2.1.0' },
        versions: ['2.1.0', '2.1.1'],
      }),
    ).toMatchObject({
      verdict: 'patch-behind',
      releasesBehind: 1,
      latest: '2.1.1',
      explanation: '2.1.0 is 1 release behind 2.1.1 (patch)',
    });
  });

  it('is minor-behind within one major', () => {
    expect(
      computeDrift({
        module: vpc,
        pinned: { type: 'version', version: '2.0.0' },
        versions: ['2.0.0', '2.1.0', '2.1.1'],
      }),
    ).toMatchObject({
      verdict: 'minor-behind',
      releasesBehind: 2,
      explanation: '2.0.0 is 2 releases behind 2.1.1 (minor)',
    });
  });

  it('is major-behind across majors and counts releases, not prereleases', () => {
    expect(drift('1.2.0')).toMatchObject({
      verdict: 'major-behind',
      version: '1.2.0',
      latest: '3.0.0',
      releasesBehind: 5,
      explanation: '1.2.0 is 5 releases behind 3.0.0 (major)',
    });
  });

  it('names the way the version was found', () => {
    expect(
      computeDrift({
        module: vpc,
        pinned: { type: 'version', version: '2.1.1', via: 'constraint ~> 2.1' },
        versions,
      }).explanation,
    ).toBe(
      'constraint ~> 2.1 resolves to 2.1.1; 2.1.1 is 1 release behind 3.0.0 (major)',
    );
  });

  it('accepts a version with a v', () => {
    expect(drift('v3.0.0')).toMatchObject({
      verdict: 'up-to-date',
      version: '3.0.0',
    });
  });

  describe('deprecations', () => {
    const deprecations = [
      {
        versions: '< 2.0.0',
        since: '2026-06-01',
        message: 'vpc 1.x uses the legacy NAT gateway layout; move to 2.x.',
      },
    ];

    it('marks a covered version deprecated with the message', () => {
      expect(drift('1.2.1', { deprecations })).toEqual({
        verdict: 'deprecated',
        module: 'vpc',
        version: '1.2.1',
        latest: '3.0.0',
        releasesBehind: 4,
        explanation:
          'deprecated since 2026-06-01: vpc 1.x uses the legacy NAT gateway layout; move to 2.x. — 1.2.1 is 4 releases behind 3.0.0 (major)',
      });
    });

    it('wins over unsupported', () => {
      expect(drift('1.2.1', { deprecations, supportedMajors: 2 }).verdict).toBe(
        'deprecated',
      );
    });

    it('leaves versions outside the range alone', () => {
      expect(drift('2.0.0', { deprecations }).verdict).toBe('major-behind');
    });

    it('announces a deprecation whose date has not come', () => {
      expect(
        drift(
          '1.2.1',
          { deprecations },
          { now: new Date('2026-05-31T12:00:00Z') },
        ),
      ).toMatchObject({
        verdict: 'major-behind',
        explanation:
          '1.2.1 is 4 releases behind 3.0.0 (major); deprecated from 2026-06-01: vpc 1.x uses the legacy NAT gateway layout; move to 2.x.',
      });
    });

    it('applies to every version without a range or date', () => {
      expect(
        drift('3.0.0', { deprecations: [{ message: 'Use vpc-v2 instead.' }] }),
      ).toMatchObject({
        verdict: 'deprecated',
        explanation:
          'deprecated: Use vpc-v2 instead. — 3.0.0 is the latest release',
      });
    });

    it('covers prereleases inside the range', () => {
      expect(
        deprecationApplies(
          { versions: '< 2.0.0', message: 'x' },
          '1.3.0-rc.1',
          now,
        ),
      ).toBe(true);
      expect(
        deprecationApplies(
          { versions: 'not a range', message: 'x' },
          '1.0.0',
          now,
        ),
      ).toBe(false);
    });
  });

  describe('support window', () => {
    it('marks majors older than the newest supportedMajors unsupported', () => {
      expect(drift('1.2.1', { supportedMajors: 2 })).toEqual({
        verdict: 'unsupported',
        module: 'vpc',
        version: '1.2.1',
        latest: '3.0.0',
        releasesBehind: 4,
        explanation:
          '1.2.1 is unsupported: vpc supports only 3.x and 2.x (the newest 2 majors); 1.2.1 is 4 releases behind 3.0.0 (major)',
      });
    });

    it('keeps supported majors major-behind', () => {
      expect(drift('2.0.0', { supportedMajors: 2 }).verdict).toBe(
        'major-behind',
      );
      expect(drift('2.0.0', { supportedMajors: 1 }).explanation).toContain(
        'supports only 3.x (the newest 1 major)',
      );
    });

    it('counts majors that have releases, not numbers', () => {
      expect(
        computeDrift({
          module: { ...vpc, supportedMajors: 2 },
          pinned: { type: 'version', version: '1.0.0' },
          versions: ['1.0.0', '3.0.0', '4.0.0-rc.1'],
        }).verdict,
      ).toBe('major-behind');
    });
  });

  it('is unpinned on a branch, naming it', () => {
    expect(
      computeDrift({
        module: vpc,
        pinned: { type: 'branch', branch: 'main' },
        versions,
        environment: 'staging',
      }),
    ).toEqual({
      verdict: 'unpinned',
      module: 'vpc',
      latest: '3.0.0',
      environment: 'staging',
      explanation:
        'follows branch main instead of a release tag; the latest release of vpc is 3.0.0',
    });
  });

  it('is unpinned without a ref', () => {
    expect(
      computeDrift({ module: vpc, pinned: { type: 'no-ref' }, versions }),
    ).toMatchObject({
      verdict: 'unpinned',
      explanation:
        'no ref: follows the default branch instead of a release tag; the latest release of vpc is 3.0.0',
    });
  });

  it('is unknown-sha for a commit at no release, with its comment', () => {
    expect(
      computeDrift({
        module: vpc,
        pinned: {
          type: 'unknown-sha',
          sha: '0123abcd',
          commentVersion: 'v2.0.0',
        },
        versions,
      }),
    ).toMatchObject({
      verdict: 'unknown-sha',
      latest: '3.0.0',
      explanation:
        'commit 0123abcd (commented as v2.0.0) is not at any release tag of vpc; the latest release of vpc is 3.0.0',
    });
  });

  it('is unknown-version for a version that is not a release', () => {
    expect(drift('2.5.0')).toEqual({
      verdict: 'unknown-version',
      module: 'vpc',
      version: '2.5.0',
      latest: '3.0.0',
      explanation:
        '2.5.0 is not a release of vpc; the latest release of vpc is 3.0.0',
    });
    expect(drift('main').verdict).toBe('unknown-version');
    expect(
      computeDrift({
        module: vpc,
        pinned: { type: 'unknown-version', ref: 'eks/v1.0.0' },
        versions: [],
      }),
    ).toMatchObject({
      verdict: 'unknown-version',
      explanation:
        'eks/v1.0.0 is not a release of vpc; vpc has no releases yet',
    });
  });

  describe('through a channel', () => {
    // The registry has 2.1.0 as its newest; 2.1.1 and 3.0.0 are tagged in git only.
    const channel = {
      kind: 'terraform-registry' as const,
      target: 'registry.acme.example/acme/vpc/aws',
      versions: ['1.2.1', '2.0.0', '2.1.0'],
    };

    it('judges against the newest release the channel offers and names the channel', () => {
      expect(drift('2.0.0', {}, { channel })).toEqual({
        verdict: 'minor-behind',
        module: 'vpc',
        version: '2.0.0',
        latest: '2.1.0',
        releasesBehind: 1,
        explanation:
          '2.0.0 is 1 release behind 2.1.0 (minor), the newest the terraform-registry channel registry.acme.example/acme/vpc/aws offers (3.0.0 is tagged, not offered there yet)',
      });
    });

    it('is up-to-date at the newest offered release, not told to move to one the channel lacks', () => {
      expect(drift('2.1.0', {}, { channel })).toMatchObject({
        verdict: 'up-to-date',
        latest: '2.1.0',
        explanation:
          '2.1.0 is the latest release the terraform-registry channel registry.acme.example/acme/vpc/aws offers (3.0.0 is tagged, not offered there yet)',
      });
    });

    it('says when the pinned release is tagged but not in the channel yet', () => {
      expect(drift('3.0.0', {}, { channel })).toMatchObject({
        verdict: 'up-to-date',
        version: '3.0.0',
        latest: '2.1.0',
        explanation:
          '3.0.0 is tagged, but the terraform-registry channel registry.acme.example/acme/vpc/aws does not offer it yet; it offers up to 2.1.0',
      });
    });

    it('names the channel in the latest of an unpinned reference', () => {
      expect(
        computeDrift({
          module: vpc,
          pinned: { type: 'no-ref' },
          versions,
          channel,
        }).explanation,
      ).toBe(
        'no ref: follows the default branch instead of a release tag; the latest release of vpc that the terraform-registry channel registry.acme.example/acme/vpc/aws offers is 2.1.0 (3.0.0 is tagged, not offered there yet)',
      );
    });

    it('is judged as without a channel when the channel offers the latest tag or none of the releases', () => {
      const upToDate = { ...channel, versions: [...channel.versions, '3.0.0'] };
      expect(drift('2.1.0', {}, { channel: upToDate })).toEqual(drift('2.1.0'));
      const unrelated = { ...channel, versions: ['9.9.9'] };
      expect(drift('2.1.0', {}, { channel: unrelated })).toEqual(
        drift('2.1.0'),
      );
    });
  });

  it('gives one verdict in the documented precedence for any version', () => {
    const deprecations = [{ versions: '< 1.2.0', message: 'old' }];
    fc.assert(
      fc.property(
        fc.constantFrom(...versions),
        fc.integer({ min: 1, max: 3 }),
        (version, majors) => {
          const { verdict, releasesBehind } = drift(version, {
            deprecations,
            supportedMajors: majors,
          });
          let expected = 'major-behind';
          if (version < '1.2.0') {
            expected = 'deprecated';
          } else if (Number(version[0]) <= 3 - majors) {
            expected = 'unsupported';
          } else if (version.startsWith('3.')) {
            expected = 'up-to-date';
          }
          expect(verdict).toBe(expected);
          expect(releasesBehind).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('environmentStages', () => {
  it('knows the usual names of each stage by default, in any case', () => {
    const stage = environmentStages();
    expect(
      ['dev', 'Development', 'qa', 'test', 'stage', 'PreProd', 'prod'].map(
        stage,
      ),
    ).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(stage('sandbox')).toBeUndefined();
  });

  it('follows a configured order, where a list names one stage', () => {
    const stage = environmentStages(['qa', ['uat', 'acceptance'], 'live']);
    expect(['qa', 'acceptance', 'UAT', 'live', 'prod'].map(stage)).toEqual([
      0,
      1,
      1,
      2,
      undefined,
    ]);
  });
});

describe('findPromotionLags', () => {
  const payments = (
    environment: string | undefined,
    version: string | undefined,
    module = 'vpc',
  ): PromotionReference => ({
    entityRef: 'component:default/payments-api',
    platform: 'acme',
    module,
    environment,
    version,
  });

  it('finds prod behind staging, and staging behind dev', () => {
    const lags = findPromotionLags([
      payments('dev', '2.2.0'),
      payments('staging', '2.1.1'),
      payments('prod', '2.1.0'),
    ]);
    expect([...lags.entries()]).toEqual([
      [1, { environment: 'dev', version: '2.2.0' }],
      [2, { environment: 'staging', version: '2.1.1' }],
    ]);
  });

  it('names the nearest earlier environment that is ahead, at its newest release', () => {
    const lags = findPromotionLags([
      payments('dev', '2.2.0'),
      payments('staging', '2.0.0'),
      payments('staging', '1.9.0'),
      payments('prod', '2.1.0'),
    ]);
    expect(lags.get(3)).toEqual({ environment: 'dev', version: '2.2.0' });
    expect(lags.get(2)).toEqual({ environment: 'dev', version: '2.2.0' });
  });

  it('finds no lag where later environments are equal or ahead', () => {
    expect(
      findPromotionLags([
        payments('staging', '2.1.0'),
        payments('prod', '2.1.0'),
        payments('dev', '1.0.0'),
      ]).size,
    ).toBe(0);
  });

  it('compares only the same service and module, and only judged references', () => {
    const lags = findPromotionLags([
      payments('staging', '2.1.1'),
      { ...payments('prod', '2.1.0'), entityRef: 'component:default/other' },
      payments('prod', '2.1.0', 'rds'),
      { ...payments('prod', '2.1.0'), platform: 'zeta' },
      payments('sandbox', '1.0.0'),
      payments(undefined, '1.0.0'),
      payments('prod', undefined),
      payments('prod', 'main'),
    ]);
    expect(lags.size).toBe(0);
  });

  it('follows the order it is given', () => {
    const references = [payments('blue', '2.0.0'), payments('green', '1.0.0')];
    expect(findPromotionLags(references).size).toBe(0);
    expect(findPromotionLags(references, ['blue', 'green']).get(1)).toEqual({
      environment: 'blue',
      version: '2.0.0',
    });
  });

  it('orders releases as semver does, prereleases before their release', () => {
    const lags = findPromotionLags([
      payments('staging', '2.10.0'),
      payments('prod', '2.9.0'),
      payments('dev', '3.0.0-rc.1'),
      payments('staging', '3.0.0'),
    ]);
    expect(lags.get(1)).toEqual({ environment: 'staging', version: '3.0.0' });
    expect(lags.get(0)).toEqual({
      environment: 'dev',
      version: '3.0.0-rc.1',
    });
    // 3.0.0 comes after its release candidate: staging's newer reference is not behind dev.
    expect(lags.has(3)).toBe(false);
  });
});
