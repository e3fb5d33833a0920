import {
  DriftResult,
  PlatformModule,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import { crossplaneExtractor } from '../extractors/yaml/crossplaneExtractor';
import { resolveReference, resolveReferences } from './resolveReference';
import { releaseLabel } from './resolveCrossplane';

const COMPOSITION = 'xpostgresqlinstances.aws.platform.acme.io';

function composition(name: string, xrd: PlatformModule['xrd']): PlatformModule {
  return {
    name,
    kind: 'crossplane-composition',
    path: `crossplane/${name}`,
    tagPattern: `${name}/v{version}`,
    deprecations: [],
    xrd,
  };
}

// The platform's PostgreSQL XRD at its latest release, 2.0.0: v1alpha1 is gone, v1beta1 is
// served but deprecated, v1 is the version Compositions reference.
const snapshot: PlatformSnapshot = {
  manifest: {
    name: 'acme-platform',
    repository: 'https://github.com/acme/platform.git',
    modules: [
      composition('postgresql', {
        group: 'platform.acme.io',
        kind: 'XPostgreSQLInstance',
        latest: {
          version: '2.0.0',
          claimKind: 'PostgreSQLInstance',
          versions: [
            {
              name: 'v1beta1',
              served: true,
              referenceable: false,
              deprecated: true,
              deprecationWarning:
                'v1beta1 is deprecated; v1 names the region spec.location.',
            },
            {
              name: 'v1',
              served: true,
              referenceable: true,
              deprecated: false,
            },
          ],
          compositions: [COMPOSITION],
        },
      }),
      // Linked, but its latest release could not be read.
      composition('network', { group: 'network.acme.io', kind: 'XNetwork' }),
      // Not linked: its claims stay external.
      composition('queue', undefined),
    ],
  },
  tags: ['1.0.0', '1.4.0', '1.4.2', '2.0.0'].map((version, index) => ({
    name: `postgresql/v${version}`,
    commit: String(index + 1).repeat(40),
  })),
};

/** The verdicts of every reference the claims give, in file order. */
function judge(path: string, content: string) {
  const { references, problems } = crossplaneExtractor.extract({
    path,
    content,
  });
  expect(problems).toEqual([]);
  return references.map(reference => {
    const drift: DriftResult = resolveReference(reference, snapshot);
    return { source: reference.source, ref: reference.ref, ...drift };
  });
}

function claim(apiVersion: string, spec: string, kind = 'PostgreSQLInstance') {
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ledger-db
  namespace: ledger
spec:
  region: eu-west-1
${spec}  writeConnectionSecretToRef:
    name: ledger-db
`;
}

/** The verdict of the Composition reference of a claim that selects the platform's Composition. */
const selected = (selection: string) =>
  judge(
    'infra/claims.yaml',
    claim(
      'platform.acme.io/v1',
      `  compositionRef:\n    name: ${COMPOSITION}\n${selection}`,
    ),
  )
    .filter(r => r.source === COMPOSITION)
    .map(r => [r.ref, r.verdict, r.version, r.explanation]);

describe('resolveCrossplane', () => {
  it('judges the API version of a claim against the XRD at the latest release', () => {
    const prod = 'infra/environments/prod/claims.yaml';
    expect(judge(prod, claim('platform.acme.io/v1', ''))).toEqual([
      {
        source: 'platform.acme.io/v1, Kind=PostgreSQLInstance',
        ref: 'v1',
        environment: 'prod',
        module: 'postgresql',
        latest: '2.0.0',
        verdict: 'up-to-date',
        explanation:
          'platform.acme.io/v1 is served by the XRD of postgresql 2.0.0',
      },
    ]);
    expect(judge(prod, claim('platform.acme.io/v1beta1', ''))).toEqual([
      expect.objectContaining({
        module: 'postgresql',
        verdict: 'deprecated',
        explanation:
          'platform.acme.io/v1beta1 is deprecated in the XRD of postgresql 2.0.0: v1beta1 is deprecated; v1 names the region spec.location.',
      }),
    ]);
    expect(judge(prod, claim('platform.acme.io/v1alpha1', ''))).toEqual([
      expect.objectContaining({
        module: 'postgresql',
        verdict: 'unsupported',
        explanation:
          'platform.acme.io/v1alpha1 is not served by the XRD of postgresql 2.0.0 (it serves v1beta1, v1); move to platform.acme.io/v1',
      }),
    ]);
  });

  it('judges a composite resource by the XRD kind and a Composition by the type it composes', () => {
    expect(
      judge(
        'apis/shared-db.yaml',
        claim('platform.acme.io/v1', '', 'XPostgreSQLInstance'),
      ).map(r => [r.module, r.verdict]),
    ).toEqual([['postgresql', 'up-to-date']]);
    expect(
      judge(
        'crossplane/composition.yaml',
        `apiVersion: apiextensions.crossplane.io/v1
kind: Composition
metadata:
  name: xpostgresqlinstances.gcp.platform.acme.io
spec:
  compositeTypeRef:
    apiVersion: platform.acme.io/v1beta1
    kind: XPostgreSQLInstance
`,
      ).map(r => [r.module, r.verdict]),
    ).toEqual([['postgresql', 'deprecated']]);
  });

  it('calls a kind of the platform group that no module defines an unknown module, and another group external', () => {
    expect(
      judge('infra/cache.yaml', claim('platform.acme.io/v1', '', 'Redis')),
    ).toEqual([
      expect.objectContaining({
        verdict: 'unknown-module',
        explanation:
          "platform.acme.io is the API group of acme-platform's XRDs, but no module of it defines the kind Redis",
      }),
    ]);
    expect(
      judge('infra/queue.yaml', claim('queue.acme.io/v1', '', 'Queue')),
    ).toEqual([expect.objectContaining({ verdict: 'external' })]);
  });

  it('says when the XRD of the latest release could not be read', () => {
    const unread = {
      module: 'network',
      verdict: 'unknown-version',
      explanation:
        'the XRD of network could not be read at its latest release, so whether it serves network.acme.io/v1 is not known',
    };
    expect(
      judge('infra/net.yaml', claim('network.acme.io/v1', '', 'XNetwork')),
    ).toEqual([expect.objectContaining(unread)]);
    // Its claim kind is unknown then, but the module is the only one of that group.
    expect(
      judge('infra/net.yaml', claim('network.acme.io/v1', '', 'Network')),
    ).toEqual([expect.objectContaining(unread)]);

    // With two such modules in the group, which one a claim kind belongs to cannot be told.
    const twoUnread: PlatformSnapshot = {
      ...snapshot,
      manifest: {
        ...snapshot.manifest,
        modules: [
          ...snapshot.manifest.modules,
          composition('firewall', {
            group: 'network.acme.io',
            kind: 'XFirewall',
          }),
        ],
      },
    };
    const { references } = crossplaneExtractor.extract({
      path: 'infra/net.yaml',
      content: claim('network.acme.io/v1', '', 'Network'),
    });
    expect(resolveReference(references[0], twoUnread)).toEqual({
      verdict: 'unknown-version',
      explanation:
        'the XRDs of network, firewall could not be read at their latest releases, so which of them defines network.acme.io/Network is not known',
    });
  });

  it('judges a pinned composition revision like a version pin', () => {
    const label = (value: string) =>
      `  compositionUpdatePolicy: Manual\n  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/release: "${value}"\n`;

    expect(selected(label('1.4'))).toEqual([
      [
        '1.4',
        'major-behind',
        '1.4.2',
        'release line 1.4 resolves to 1.4.2; 1.4.2 is 1 release behind 2.0.0 (major)',
      ],
    ]);
    expect(selected(label('2.0.0'))).toEqual([
      [
        '2.0.0',
        'up-to-date',
        '2.0.0',
        'revision label 2.0.0 resolves to 2.0.0; 2.0.0 is the latest release',
      ],
    ]);
    // The release's tag as written, though a label value cannot hold its slash.
    expect(selected(label('postgresql/v1.4.0'))).toEqual([
      [
        'postgresql/v1.4.0',
        'major-behind',
        '1.4.0',
        'revision label postgresql/v1.4.0 resolves to 1.4.0; 1.4.0 is 2 releases behind 2.0.0 (major)',
      ],
    ]);
    expect(selected(label('1.9'))).toEqual([
      [
        '1.9',
        'unknown-version',
        undefined,
        'no release of postgresql is on the line 1.9; the latest release of postgresql is 2.0.0',
      ],
    ]);
    // As the Create project template labels the revision of the release it was made from.
    expect(
      selected(
        '  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/revision: postgresql-v1.0.0\n',
      ).map(([, verdict, version]) => [verdict, version]),
    ).toEqual([['major-behind', '1.0.0']]);
    expect(
      selected(
        `  compositionUpdatePolicy: Manual\n  compositionRevisionRef:\n    name: ${COMPOSITION}-3f2a1b9\n`,
      ).map(([, verdict, , explanation]) => [verdict, explanation]),
    ).toEqual([
      [
        'unknown-version',
        `the composition revision "${COMPOSITION}-3f2a1b9" names no release of postgresql, so which release it holds cannot be told; the latest release of postgresql is 2.0.0`,
      ],
    ]);
  });

  it('judges a revision held by the Manual update policy like a version pin', () => {
    expect(
      selected(
        '  compositionUpdatePolicy: Manual\n  compositionRevisionRef:\n    name: postgresql-v1.4.0\n',
      ),
    ).toEqual([
      [
        'postgresql-v1.4.0',
        'major-behind',
        '1.4.0',
        'revision label postgresql-v1.4.0 resolves to 1.4.0; 1.4.0 is 2 releases behind 2.0.0 (major)',
      ],
    ]);
  });

  it('says a claim on the Automatic update policy follows the newest revision', () => {
    const automatic = '  compositionUpdatePolicy: Automatic\n';
    expect(selected(automatic)).toEqual([
      [
        undefined,
        'unpinned',
        undefined,
        `follows the newest revision of ${COMPOSITION}: its compositionUpdatePolicy is Automatic and it selects no revision; the latest release of postgresql is 2.0.0`,
      ],
    ]);
    // Crossplane's default when the claim sets no policy.
    expect(selected('')).toEqual([
      [
        undefined,
        'unpinned',
        undefined,
        `follows the newest revision of ${COMPOSITION}: its compositionUpdatePolicy is Automatic (Crossplane's default) and it selects no revision; the latest release of postgresql is 2.0.0`,
      ],
    ]);
    // Crossplane replaces the revision named with the newest one unless the policy is Manual.
    const named = '  compositionRevisionRef:\n    name: postgresql-v1.4.0\n';
    expect(selected(`${automatic}${named}`)).toEqual([
      [
        'postgresql-v1.4.0',
        'unpinned',
        undefined,
        `names the revision postgresql-v1.4.0, but its compositionUpdatePolicy is Automatic, so Crossplane moves it to the newest revision of ${COMPOSITION}; set compositionUpdatePolicy: Manual to hold it there; the latest release of postgresql is 2.0.0`,
      ],
    ]);
    expect(selected(named).map(([, verdict]) => verdict)).toEqual(['unpinned']);
    expect(
      selected(
        `${named}  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/release: "1.4"\n`,
      ).map(([, verdict, , explanation]) => [verdict, explanation]),
    ).toEqual([
      [
        'unpinned',
        `names the revision postgresql-v1.4.0, but its compositionUpdatePolicy is Automatic (Crossplane's default), so Crossplane moves it to the newest revision of ${COMPOSITION} its compositionRevisionSelector matches; set compositionUpdatePolicy: Manual to hold it there; the latest release of postgresql is 2.0.0`,
      ],
    ]);
    // A revision selector still bounds the newest revision it follows.
    expect(
      selected(
        `${automatic}  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/release: "1.4"\n`,
      ).map(([, verdict, version]) => [verdict, version]),
    ).toEqual([['major-behind', '1.4.2']]);
  });

  it('says a claim held by the Manual policy without a revision named holds one the file does not tell', () => {
    expect(selected('  compositionUpdatePolicy: Manual\n')).toEqual([
      [
        undefined,
        'unknown-version',
        undefined,
        `compositionUpdatePolicy Manual holds it on the revision of ${COMPOSITION} that was newest when it was created, which the file does not name; the latest release of postgresql is 2.0.0`,
      ],
    ]);
  });

  it('finds the module of a revision label without the Composition name, and leaves other Compositions external', () => {
    const verdicts = judge(
      'infra/claims.yaml',
      claim(
        'platform.acme.io/v1',
        '  compositionRef:\n    name: xpostgresql-legacy\n  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/revision: postgresql-v1.4.0\n---\napiVersion: queue.acme.io/v1\nkind: Queue\nspec:\n  compositionRef:\n    name: xqueue-aws\n',
      ),
    ).map(r => [r.source, r.module, r.verdict]);
    expect(verdicts).toEqual([
      [
        'platform.acme.io/v1, Kind=PostgreSQLInstance',
        'postgresql',
        'up-to-date',
      ],
      ['xpostgresql-legacy', 'postgresql', 'major-behind'],
      ['queue.acme.io/v1, Kind=Queue', undefined, 'external'],
      ['xqueue-aws', undefined, 'external'],
    ]);
    // The same by the release's tag as written.
    expect(
      judge(
        'infra/claims.yaml',
        claim(
          'platform.acme.io/v1',
          '  compositionRef:\n    name: xpostgresql-legacy\n  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/release: "postgresql/v1.4.0"\n',
        ),
      ).map(r => [r.source, r.module, r.verdict, r.version]),
    ).toContainEqual([
      'xpostgresql-legacy',
      'postgresql',
      'major-behind',
      '1.4.0',
    ]);
  });

  it('judges the revision selector of a claim that leaves the Composition to its XRD like a version pin', () => {
    expect(
      judge(
        'infra/claims.yaml',
        claim(
          'platform.acme.io/v1',
          '  compositionUpdatePolicy: Manual\n  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/release: "1.4"\n',
        ),
      ).map(r => [r.source, r.module, r.verdict, r.version]),
    ).toEqual([
      [
        'platform.acme.io/v1, Kind=PostgreSQLInstance',
        'postgresql',
        'up-to-date',
        undefined,
      ],
      [
        'compositionRevisionSelector platform.acme.io/release=1.4',
        'postgresql',
        'major-behind',
        '1.4.2',
      ],
    ]);
  });

  it('gives the same verdicts judged one by one and together', () => {
    const { references } = crossplaneExtractor.extract({
      path: 'infra/claims.yaml',
      content: claim(
        'platform.acme.io/v1beta1',
        `  compositionRef:\n    name: ${COMPOSITION}\n  compositionRevisionSelector:\n    matchLabels:\n      platform.acme.io/release: "1.4"\n`,
      ),
    });
    expect(resolveReferences(references, snapshot)).toEqual(
      references.map(r => resolveReference(r, snapshot)),
    );
  });

  it('labels a tag the way Kubernetes allows label values', () => {
    expect(releaseLabel('postgresql/v1.1.0')).toBe('postgresql-v1.1.0');
    expect(releaseLabel(`${'x'.repeat(70)}/v1.0.0`)).toHaveLength(63);
  });
});
