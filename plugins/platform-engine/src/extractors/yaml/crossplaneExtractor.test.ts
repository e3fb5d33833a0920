import {
  createCrossplaneExtractor,
  crossplaneExtractor,
  parsePackageReference,
} from './crossplaneExtractor';
import { Reference } from '@platform-portal/plugin-platform-common';
import { withoutCalls } from '../__testUtils__/withoutCalls';

/** What claims select: their composition references, without the types they name. */
function selections(references: Reference[]): Reference[] {
  return references.filter(r => r.kind === 'crossplane-composition-ref');
}

/** The type each claim or composite resource names: line, `group/Kind` and API version. */
function types(references: Reference[]) {
  return references
    .filter(r => r.kind === 'crossplane-composite-type')
    .map(r => [r.position.line, r.name, r.ref]);
}

/** The references of a file the extractor reads without a problem. */
function referencesWithoutProblems(path: string, content: string): Reference[] {
  const { references, problems } = crossplaneExtractor.extract({
    path,
    content,
  });
  expect(problems).toEqual([]);
  return references;
}

const DIGEST =
  'sha256:3a9c4d7f2b1e8a6c5d4f3e2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c';

const PACKAGES = `# Installed by the platform bootstrap.
apiVersion: pkg.crossplane.io/v1
kind: Provider
metadata:
  name: provider-aws-s3
spec:
  package: xpkg.upbound.io/upbound/provider-aws-s3:v1.14.0
  runtimeConfigRef:
    name: irsa
---
apiVersion: pkg.crossplane.io/v1beta1
kind: Function
metadata:
  name: function-patch-and-transform
spec:
  package: xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform@${DIGEST}
---
apiVersion: pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: platform-ref-aws
spec:
  package: "xpkg.upbound.io/upbound/platform-ref-aws:v1.3.0@${DIGEST}"
  revisionActivationPolicy: Automatic
---
apiVersion: pkg.crossplane.io/v1
kind: Provider
metadata:
  name: provider-kubernetes
spec:
  package: crossplane-contrib/provider-kubernetes
---
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata:
  name: irsa
spec:
  serviceAccountTemplate:
    metadata:
      annotations:
        eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/crossplane
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.2.3
`;

const CONFIGURATION_META = `apiVersion: meta.pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: platform-ref-aws
  annotations:
    meta.crossplane.io/maintainer: Platform Team <platform@acme.io>
    meta.crossplane.io/source: github.com/acme/platform
spec:
  crossplane:
    version: ">=v1.14.1-0"
  dependsOn:
    - provider: xpkg.upbound.io/upbound/provider-aws-ec2
      version: ">=v1.1.0"
    - configuration: xpkg.upbound.io/upbound/configuration-aws-network
      version: "v0.12.0"
    - function: xpkg.upbound.io/crossplane-contrib/function-patch-and-transform
      version: ">=v0.1.4"
    # - provider: xpkg.upbound.io/upbound/provider-aws-eks
    #   version: ">=v1.0.0"
    - apiVersion: pkg.crossplane.io/v1
      kind: Provider
      package: xpkg.crossplane.io/crossplane-contrib/provider-helm
      version: ">=v0.19.0"
    - provider: xpkg.upbound.io/upbound/provider-aws-rds
      version: ${DIGEST}
    - provider: xpkg.upbound.io/upbound/provider-aws-iam
`;

const CLAIMS_V1 = `apiVersion: database.acme.io/v1alpha1
kind: PostgreSQLInstance
metadata:
  name: payments-db
  namespace: payments
spec:
  parameters:
    storageGB: 20
  compositionRef:
    name: xpostgresql-aws
  compositionRevisionRef:
    name: xpostgresql-aws-3f2a1b9
  compositionUpdatePolicy: Manual
  writeConnectionSecretToRef:
    name: payments-db-conn
---
apiVersion: cache.acme.io/v1alpha1
kind: RedisCluster
metadata:
  name: payments-cache
spec:
  compositionRef:
    name: xredis-aws
  compositionUpdatePolicy: Automatic
---
apiVersion: queue.acme.io/v1alpha1
kind: Queue
metadata:
  name: payments-events
spec:
  compositionSelector:
    matchLabels:
      provider: aws
      channel: stable
---
apiVersion: storage.acme.io/v1alpha1
kind: Bucket
metadata:
  name: payments-archive
spec:
  # compositionRef:
  #   name: xbucket-gcp
  compositionSelector:
    matchLabels:
      provider: aws
`;

const XR_V2 = `apiVersion: platform.acme.io/v1
kind: App
metadata:
  name: payments
  namespace: payments
spec:
  image: ghcr.io/acme/payments:0.4.0
  crossplane:
    compositionRef:
      name: app-kubernetes
    compositionRevisionSelector:
      matchLabels:
        platform.acme.io/channel: stable
    compositionUpdatePolicy: Automatic
---
apiVersion: platform.acme.io/v1
kind: Network
metadata:
  name: payments-net
spec:
  crossplane:
    compositionRevisionRef:
      name: network-aws-9c1d2e3
    compositionUpdatePolicy: Manual
`;

const COMPOSITION = `apiVersion: apiextensions.crossplane.io/v1
kind: Composition
metadata:
  name: xpostgresql-aws
  labels:
    provider: aws
    channel: stable
spec:
  compositeTypeRef:
    apiVersion: database.acme.io/v1alpha1
    kind: XPostgreSQLInstance
  mode: Pipeline
  pipeline:
    - step: patch-and-transform
      functionRef:
        name: function-patch-and-transform
      input:
        apiVersion: pt.fn.crossplane.io/v1beta1
        kind: Resources
        resources: []
---
apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xpostgresqlinstances.database.acme.io
spec:
  group: database.acme.io
  names:
    kind: XPostgreSQLInstance
    plural: xpostgresqlinstances
  defaultCompositionRef:
    name: xpostgresql-aws
  versions: []
`;

/** An XRD of a composite type with a claim, both at v1alpha1. */
const SQL_INSTANCE_XRD = `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xsqlinstances.db.example.org
spec:
  group: db.example.org
  names:
    kind: XSQLInstance
    plural: xsqlinstances
  claimNames:
    kind: SQLInstance
    plural: sqlinstances
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
`;

/** A value of a claim's revision selection, where it is written. */
const written = (
  value: string,
  file: string,
  line: number,
  column: number,
) => ({
  value,
  position: { file, line, column },
});
const named = (name: string, file: string, line: number, column: number) => ({
  name,
  position: { file, line, column },
});

describe('crossplaneExtractor', () => {
  it('matches YAML files that are not workflows, actions or charts', () => {
    const { matches } = crossplaneExtractor;
    expect(matches('crossplane.yaml')).toBe(true);
    expect(matches('infra/claims/db.yml')).toBe(true);
    expect(matches('crossplane/compositions/postgres.yaml')).toBe(true);
    expect(matches('.github/workflows/ci.yml')).toBe(false);
    expect(matches('.github/actions/x/action.yml')).toBe(false);
    expect(matches('charts/app/Chart.yaml')).toBe(false);
    expect(matches('charts/app/requirements.yaml')).toBe(false);
    expect(matches('main.tf')).toBe(false);
  });

  it('reads package installs in a multi-document file and ignores other kinds', () => {
    const references = referencesWithoutProblems(
      'crossplane/packages.yaml',
      PACKAGES,
    );
    expect(references).toEqual([
      {
        kind: 'crossplane-package',
        position: { file: 'crossplane/packages.yaml', line: 7, column: 12 },
        source: 'xpkg.upbound.io/upbound/provider-aws-s3:v1.14.0',
        target: {
          type: 'oci',
          registry: 'xpkg.upbound.io',
          repository: 'upbound/provider-aws-s3',
        },
        name: 'xpkg.upbound.io/upbound/provider-aws-s3',
        pin: 'ref',
        ref: 'v1.14.0',
      },
      expect.objectContaining({
        position: { file: 'crossplane/packages.yaml', line: 16, column: 12 },
        name: 'xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform',
        pin: 'sha',
        ref: DIGEST,
      }),
      expect.objectContaining({
        position: { file: 'crossplane/packages.yaml', line: 23, column: 12 },
        name: 'xpkg.upbound.io/upbound/platform-ref-aws',
        pin: 'sha',
        ref: DIGEST,
        commentVersion: 'v1.3.0',
      }),
      expect.objectContaining({
        position: { file: 'crossplane/packages.yaml', line: 31, column: 12 },
        target: {
          type: 'oci',
          registry: 'xpkg.crossplane.io',
          repository: 'crossplane-contrib/provider-kubernetes',
        },
        pin: 'none',
      }),
    ]);
    expect(references[1].commentVersion).toBeUndefined();
  });

  it('reads dependsOn of a crossplane.yaml, v1 and v2 forms', () => {
    const references = referencesWithoutProblems(
      'crossplane.yaml',
      CONFIGURATION_META,
    );
    expect(
      references.map(r => [r.kind, r.position.line, r.name, r.pin, r.ref]),
    ).toEqual([
      [
        'crossplane-package',
        13,
        'xpkg.upbound.io/upbound/provider-aws-ec2',
        'constraint',
        '>=v1.1.0',
      ],
      [
        'crossplane-package',
        15,
        'xpkg.upbound.io/upbound/configuration-aws-network',
        'constraint',
        'v0.12.0',
      ],
      [
        'crossplane-package',
        17,
        'xpkg.upbound.io/crossplane-contrib/function-patch-and-transform',
        'constraint',
        '>=v0.1.4',
      ],
      [
        'crossplane-package',
        23,
        'xpkg.crossplane.io/crossplane-contrib/provider-helm',
        'constraint',
        '>=v0.19.0',
      ],
      [
        'crossplane-package',
        25,
        'xpkg.upbound.io/upbound/provider-aws-rds',
        'sha',
        DIGEST,
      ],
      [
        'crossplane-package',
        26,
        'xpkg.upbound.io/upbound/provider-aws-iam',
        'none',
        undefined,
      ],
    ]);
    expect(references[0].source).toBe(
      'xpkg.upbound.io/upbound/provider-aws-ec2',
    );
  });

  it('reads v1 claims: revision refs, update policies and selectors', () => {
    const references = referencesWithoutProblems(
      'infra/claims.yaml',
      CLAIMS_V1,
    );
    expect(types(references)).toEqual([
      [1, 'database.acme.io/PostgreSQLInstance', 'v1alpha1'],
      [17, 'cache.acme.io/RedisCluster', 'v1alpha1'],
      [26, 'queue.acme.io/Queue', 'v1alpha1'],
      [36, 'storage.acme.io/Bucket', 'v1alpha1'],
    ]);
    expect(withoutCalls(selections(references))).toEqual([
      {
        kind: 'crossplane-composition-ref',
        position: { file: 'infra/claims.yaml', line: 12, column: 11 },
        source: 'xpostgresql-aws',
        target: { type: 'crossplane', name: 'xpostgresql-aws' },
        name: 'xpostgresql-aws',
        pin: 'ref',
        ref: 'xpostgresql-aws-3f2a1b9',
        revisionSelection: {
          revisionRef: named(
            'xpostgresql-aws-3f2a1b9',
            'infra/claims.yaml',
            12,
            11,
          ),
          updatePolicy: written('Manual', 'infra/claims.yaml', 13, 28),
        },
      },
      {
        kind: 'crossplane-composition-ref',
        position: { file: 'infra/claims.yaml', line: 23, column: 11 },
        source: 'xredis-aws',
        target: { type: 'crossplane', name: 'xredis-aws' },
        name: 'xredis-aws',
        pin: 'none',
        revisionSelection: {
          updatePolicy: written('Automatic', 'infra/claims.yaml', 24, 28),
        },
      },
      {
        kind: 'crossplane-composition-ref',
        position: { file: 'infra/claims.yaml', line: 34, column: 16 },
        source: 'compositionSelector provider=aws,channel=stable',
        name: 'compositionSelector provider=aws,channel=stable',
        pin: 'ref',
        ref: 'stable',
        unresolved: {
          expression: 'compositionSelector provider=aws,channel=stable',
          reason: expect.stringContaining('label selector'),
        },
      },
      expect.objectContaining({
        position: { file: 'infra/claims.yaml', line: 44, column: 5 },
        name: 'compositionSelector provider=aws',
        pin: 'none',
      }),
    ]);
  });

  it('records the values a claim sets below spec as its call, without the Crossplane fields', () => {
    const references = referencesWithoutProblems(
      'infra/claims/network.yaml',
      `apiVersion: network.acme.io/v1beta1
kind: Network
metadata:
  name: orders-net
  namespace: orders
spec:
  compositionRef:
    name: network-aws
  compositionRevisionSelector:
    matchLabels:
      channel: stable
  compositionUpdatePolicy: Manual
  writeConnectionSecretToRef:
    name: orders-net-conn
  parameters:
    region: eu-west-1
    cidr: "10.20.0.0/16"
    subnetCount: 3
    highAvailability: true
    flowLogs:
      retentionDays: 30
      bucket: ~
    zones: [eu-west-1a, eu-west-1b]
    tags: {}
  deletionPolicy: Delete
`,
    );
    expect(selections(references)).toEqual([
      expect.objectContaining({
        name: 'network-aws',
        ref: 'stable',
        call: {
          arguments: [
            { name: 'parameters.region', value: 'eu-west-1' },
            { name: 'parameters.cidr', value: '10.20.0.0/16' },
            { name: 'parameters.subnetCount', value: 3 },
            { name: 'parameters.highAvailability', value: true },
            { name: 'parameters.flowLogs.retentionDays', value: 30 },
            { name: 'parameters.flowLogs.bucket', value: null },
            // A list and an empty object are values without a literal.
            { name: 'parameters.zones' },
            { name: 'parameters.tags' },
            { name: 'deletionPolicy', value: 'Delete' },
          ],
          schemaVersion: 'v1beta1',
        },
      }),
    ]);
  });

  it('records the call of a Crossplane v2 composite resource without its crossplane field', () => {
    const { references } = crossplaneExtractor.extract({
      path: 'infra/app.yaml',
      content: XR_V2,
    });
    expect(selections(references).map(r => r.call)).toEqual([
      {
        arguments: [{ name: 'image', value: 'ghcr.io/acme/payments:0.4.0' }],
        schemaVersion: 'v1',
      },
      { arguments: [], schemaVersion: 'v1' },
    ]);
  });

  it('records no call for a claim in a template, whose values are known only when it is rendered', () => {
    const { references } = crossplaneExtractor.extract({
      path: 'charts/orders/templates/network.yaml',
      content: `apiVersion: network.acme.io/v1beta1
kind: Network
metadata:
  name: "{{ .Release.Name }}-net"
spec:
  compositionRef:
    name: network-aws
  parameters:
    region: eu-west-1
    subnetCount: "{{ .Values.subnets }}"
`,
    });
    expect(selections(references)).toEqual([
      expect.objectContaining({ name: 'network-aws' }),
    ]);
    expect(references.every(r => r.call === undefined)).toBe(true);
  });

  it('records no call for a claim that sets more values than are checked', () => {
    const values = Array.from(
      { length: 2001 },
      (_, i) => `    key${i}: ${i}`,
    ).join('\n');
    const { references } = crossplaneExtractor.extract({
      path: 'infra/huge.yaml',
      content: `apiVersion: network.acme.io/v1beta1
kind: Network
spec:
  compositionRef:
    name: network-aws
  parameters:
${values}
`,
    });
    expect(selections(references)).toEqual([
      expect.objectContaining({ name: 'network-aws' }),
    ]);
    expect(references.every(r => r.call === undefined)).toBe(true);
  });

  it('reads the Crossplane v2 layout of composite resources', () => {
    const references = referencesWithoutProblems('infra/app.yaml', XR_V2);
    expect(types(references)).toEqual([
      [1, 'platform.acme.io/App', 'v1'],
      [16, 'platform.acme.io/Network', 'v1'],
    ]);
    expect(
      selections(references).map(r => [
        r.position.line,
        r.target,
        r.pin,
        r.ref,
      ]),
    ).toEqual([
      [13, { type: 'crossplane', name: 'app-kubernetes' }, 'ref', 'stable'],
      [
        23,
        { type: 'crossplane', name: 'network-aws' },
        'ref',
        'network-aws-9c1d2e3',
      ],
    ]);
    // v2 keeps them under spec.crossplane.
    expect(selections(references).map(r => r.revisionSelection)).toEqual([
      {
        revisionSelector: {
          matchLabels: { 'platform.acme.io/channel': 'stable' },
          position: { file: 'infra/app.yaml', line: 12, column: 7 },
        },
        updatePolicy: written('Automatic', 'infra/app.yaml', 14, 30),
      },
      {
        revisionRef: named('network-aws-9c1d2e3', 'infra/app.yaml', 23, 13),
        updatePolicy: written('Manual', 'infra/app.yaml', 24, 30),
      },
    ]);
  });

  it('reads claims and composite resources without composition selection when an XRD of the file defines their type', () => {
    const references = referencesWithoutProblems(
      'apis/database/examples.yaml',
      `${SQL_INSTANCE_XRD}---
# The platform picks the composition: the claim names none.
apiVersion: db.example.org/v1alpha1
kind: SQLInstance
metadata:
  name: orders
  namespace: orders
spec:
  parameters:
    storageGB: 20
---
apiVersion: db.example.org/v1alpha1
kind: XSQLInstance
metadata:
  name: shared-analytics
spec:
  parameters:
    storageGB: 200
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: orders-tls
spec:
  secretName: orders-tls
`,
    );
    expect(types(references)).toEqual([
      [19, 'db.example.org/SQLInstance', 'v1alpha1'],
      [28, 'db.example.org/XSQLInstance', 'v1alpha1'],
    ]);
    expect(selections(references)).toEqual([]);
    // The API version is the pin: the line a move to a newer version edits.
    expect(references[0]).toMatchObject({
      position: { file: 'apis/database/examples.yaml', line: 19, column: 13 },
      source: 'db.example.org/v1alpha1, Kind=SQLInstance',
      target: { type: 'crossplane', name: 'db.example.org/SQLInstance' },
    });
  });

  it('reads the objects before an XRD of the file by the types it defines, in file order', () => {
    const { references, problems } = crossplaneExtractor.extract({
      path: 'apis/database/mixed.yaml',
      content: `apiVersion: db.example.org/v1alpha1
kind: SQLInstance
metadata:
  name: before-the-xrd
spec:
  parameters:
    storageGB: 20
---
apiVersion: v1
kind: List
items:
  - apiVersion: pkg.crossplane.io/v1
    kind: Provider
    metadata:
      name: broken
    spec:
      package: "not a package"
  - apiVersion: db.example.org/v1alpha1
    kind: XSQLInstance
    metadata:
      name: in-a-list
    spec:
      forProvider:
        storageGB: 5
---
apiVersion: queue.example.org/v1
kind: Queue
metadata:
  name: with-evidence
spec:
  compositionRef:
    name: queue-aws
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: not-a-claim
spec:
  rules: []
---
${SQL_INSTANCE_XRD}---
apiVersion: db.example.org/v1alpha1
kind: SQLInstance
metadata:
  name: after-the-xrd
spec:
  compositionRef:
    name: sql-aws
`,
    });
    // The claim and the managed resource above the XRD are of its types; the Ingress is not.
    expect(references.map(r => [r.kind, r.position.line, r.name])).toEqual([
      ['crossplane-composite-type', 1, 'db.example.org/SQLInstance'],
      ['crossplane-composite-type', 18, 'db.example.org/XSQLInstance'],
      ['crossplane-composite-type', 26, 'queue.example.org/Queue'],
      ['crossplane-composition-ref', 32, 'queue-aws'],
      ['crossplane-composite-type', 58, 'db.example.org/SQLInstance'],
      ['crossplane-composition-ref', 64, 'sql-aws'],
    ]);
    // The List held until the XRD was read reports its bad package once, where it stands.
    expect(problems).toEqual([
      {
        file: 'apis/database/mixed.yaml',
        line: 17,
        column: 16,
        message: '"not a package" is not a valid Crossplane package reference',
      },
    ]);
  });

  it('takes the groups it was told of literally, whatever characters they hold', () => {
    // Groups come from a platform's manifest: one with a bracket or a plus must neither stop the
    // extractor nor stand for other text.
    const extractor = createCrossplaneExtractor({
      definitions: [
        { group: 'db(v2.acme.io', kind: 'Database' },
        { group: 'q+.acme.io', kind: 'Queue' },
      ],
    });
    const claim = (apiVersion: string, kind: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\nspec:\n  size: 1\n`;
    expect(
      types(
        extractor.extract({
          path: 'claims.yaml',
          content: claim('q+.acme.io/v1', 'Queue'),
        }).references,
      ),
    ).toEqual([[1, 'q+.acme.io/Queue', 'v1']]);
    expect(
      types(
        extractor.extract({
          path: 'claims.yaml',
          content: claim('db(v2.acme.io/v1', 'Database'),
        }).references,
      ),
    ).toEqual([[1, 'db(v2.acme.io/Database', 'v1']]);
    // Read as a pattern, `q+.acme.io` would stand for this group too.
    expect(
      extractor.extract({
        path: 'claims.yaml',
        content: claim('qq-acme.io/v1', 'Queue'),
      }).references,
    ).toEqual([]);
  });

  it('reads a claim of a type it was told of, and one that writes a connection secret, but no managed resource', () => {
    const extractor = createCrossplaneExtractor({
      definitions: [{ group: 'platform.acme.io', kind: 'PostgreSQLInstance' }],
    });
    const { references, problems } = extractor.extract({
      path: 'infra/environments/prod/claims.yaml',
      content: `apiVersion: platform.acme.io/v1beta1
kind: PostgreSQLInstance
metadata:
  name: ledger-db
spec:
  region: eu-west-1
---
apiVersion: platform.acme.io/v1beta1
kind: Bucket
metadata:
  name: ledger-exports
spec:
  writeConnectionSecretToRef:
    name: ledger-exports
---
apiVersion: s3.aws.upbound.io/v1beta1
kind: Bucket
metadata:
  name: raw-bucket
spec:
  forProvider:
    region: eu-west-1
  writeConnectionSecretToRef:
    name: raw-bucket
    namespace: crossplane-system
`,
    });
    expect(problems).toEqual([]);
    expect(types(references)).toEqual([
      [1, 'platform.acme.io/PostgreSQLInstance', 'v1beta1'],
      [8, 'platform.acme.io/Bucket', 'v1beta1'],
    ]);
    // An Upbound project names its Crossplane version under spec.crossplane: no claim.
    expect(
      crossplaneExtractor.extract({
        path: 'upbound.yaml',
        content:
          "apiVersion: meta.dev.upbound.io/v2alpha1\nkind: Project\nmetadata:\n  name: platform-ref-gcp\nspec:\n  crossplane:\n    version: '>=v1.20.0'\n",
      }).references,
    ).toEqual([]);
    // Without the definition, a claim that sets nothing of Crossplane's is an ordinary object.
    expect(
      crossplaneExtractor.extract({
        path: 'infra/claims.yaml',
        content:
          'apiVersion: platform.acme.io/v1beta1\nkind: PostgreSQLInstance\nspec:\n  region: eu-west-1\n',
      }).references,
    ).toEqual([]);
  });

  const LEDGER_CLAIM = `apiVersion: platform.acme.io/v1beta1
kind: PostgreSQLInstance
metadata:
  name: ledger-db
spec:
  region: eu-west-1
  compositionRef:
    name: xpostgresqlinstances.aws.platform.acme.io
  compositionUpdatePolicy: Manual
  compositionRevisionSelector:
    matchLabels:
      platform.acme.io/release: "1.4"
`;
  /** The reference LEDGER_CLAIM, or the claim without its compositionRef, gives. */
  const heldToRelease = (
    composition: Pick<Reference, 'source' | 'target' | 'name'>,
    policyLine: number,
  ) => [
    {
      kind: 'crossplane-composition-ref',
      position: { file: 'infra/claims.yaml', line: policyLine + 3, column: 33 },
      ...composition,
      pin: 'ref',
      ref: '1.4',
      revisionSelection: {
        updatePolicy: written('Manual', 'infra/claims.yaml', policyLine, 28),
        revisionSelector: {
          matchLabels: { 'platform.acme.io/release': '1.4' },
          position: {
            file: 'infra/claims.yaml',
            line: policyLine + 2,
            column: 5,
          },
        },
      },
    },
  ];

  it('reads a revision selector on a release label as the pin, with its line and column', () => {
    const { references } = crossplaneExtractor.extract({
      path: 'infra/claims.yaml',
      content: LEDGER_CLAIM,
    });
    const composition = 'xpostgresqlinstances.aws.platform.acme.io';
    expect(withoutCalls(selections(references))).toEqual(
      heldToRelease(
        {
          source: composition,
          target: { type: 'crossplane', name: composition },
          name: composition,
        },
        9,
      ),
    );
  });

  it('reads a revision selector of a claim that leaves the Composition to its XRD', () => {
    const { references } = crossplaneExtractor.extract({
      path: 'infra/claims.yaml',
      content: LEDGER_CLAIM.replace(
        '  compositionRef:\n    name: xpostgresqlinstances.aws.platform.acme.io\n',
        '',
      ),
    });
    const type = 'platform.acme.io/PostgreSQLInstance';
    expect(withoutCalls(selections(references))).toEqual(
      heldToRelease(
        {
          source: 'compositionRevisionSelector platform.acme.io/release=1.4',
          // The Composition the XRD of this type picks.
          target: { type: 'crossplane', name: type },
          name: type,
        },
        7,
      ),
    );
  });

  it('reads the composite type of a Composition and skips definitions', () => {
    const references = referencesWithoutProblems(
      'crossplane/compositions/postgres.yaml',
      COMPOSITION,
    );
    expect(references).toEqual([
      {
        kind: 'crossplane-composite-type',
        position: {
          file: 'crossplane/compositions/postgres.yaml',
          line: 10,
          column: 17,
        },
        source: 'database.acme.io/v1alpha1, Kind=XPostgreSQLInstance',
        target: {
          type: 'crossplane',
          name: 'database.acme.io/XPostgreSQLInstance',
        },
        name: 'database.acme.io/XPostgreSQLInstance',
        pin: 'ref',
        ref: 'v1alpha1',
      },
    ]);
  });

  it('follows anchors and merge keys in a List and reports a shared pin once', () => {
    const references = referencesWithoutProblems(
      'infra/databases.yaml',
      `apiVersion: v1
kind: List
items:
  - apiVersion: database.acme.io/v1alpha1
    kind: PostgreSQLInstance
    metadata: {name: orders-db}
    spec: &dbspec
      compositionSelector:
        matchLabels:
          provider: aws
          channel: stable
  - apiVersion: database.acme.io/v1alpha1
    kind: PostgreSQLInstance
    metadata: {name: audit-db}
    spec:
      <<: *dbspec
      parameters: {storageGB: 50}
  - apiVersion: cache.acme.io/v1alpha1
    kind: RedisCluster
    metadata: {name: sessions}
    spec:
      compositionRef: {name: xredis-aws}
`,
    );
    expect(types(references)).toEqual([
      [4, 'database.acme.io/PostgreSQLInstance', 'v1alpha1'],
      [12, 'database.acme.io/PostgreSQLInstance', 'v1alpha1'],
      [18, 'cache.acme.io/RedisCluster', 'v1alpha1'],
    ]);
    expect(
      selections(references).map(r => [r.position.line, r.name, r.ref]),
    ).toEqual([
      [11, 'compositionSelector provider=aws,channel=stable', 'stable'],
      [22, 'xredis-aws', undefined],
    ]);
  });

  it('does not parse ordinary manifests and reports broken Crossplane files', () => {
    expect(
      crossplaneExtractor.extract({
        path: 'k8s/deploy.yaml',
        content: 'apiVersion: apps/v1\nkind: Deployment\nspec: [broken\n',
      }),
    ).toEqual({ references: [], problems: [] });

    const broken = crossplaneExtractor.extract({
      path: 'infra/claim.yaml',
      content: `apiVersion: pkg.crossplane.io/v1
kind: Provider
spec:
  package: xpkg.upbound.io/upbound/provider-aws-s3:v1.0.0
---
apiVersion: database.acme.io/v1alpha1
kind: PostgreSQLInstance
spec:
  compositionRef:
    name: "unterminated
`,
    });
    expect(broken.references.map(r => r.ref)).toEqual(['v1.0.0']);
    expect(broken.problems).toEqual([
      expect.objectContaining({
        file: 'infra/claim.yaml',
        line: 11,
        message: expect.stringMatching(/^YAML syntax error/),
      }),
    ]);
  });

  it('reports package references that are not OCI references', () => {
    const { references, problems } = crossplaneExtractor.extract({
      path: 'providers.yaml',
      content: `apiVersion: pkg.crossplane.io/v1
kind: Provider
spec:
  package: Upbound/Provider AWS
`,
    });
    expect(references).toEqual([]);
    expect(problems).toEqual([
      {
        file: 'providers.yaml',
        line: 4,
        column: 12,
        message:
          '"Upbound/Provider AWS" is not a valid Crossplane package reference',
      },
    ]);
  });

  it('uses the configured default registry', () => {
    const extractor = createCrossplaneExtractor({
      defaultRegistry: 'registry.acme.io',
    });
    const { references } = extractor.extract({
      path: 'p.yaml',
      content:
        'apiVersion: pkg.crossplane.io/v1\nkind: Provider\nspec:\n  package: acme/provider-internal:v0.3.0\n',
    });
    expect(references[0].target).toEqual({
      type: 'oci',
      registry: 'registry.acme.io',
      repository: 'acme/provider-internal',
    });
  });
});

describe('parsePackageReference', () => {
  it.each([
    [
      'xpkg.upbound.io/upbound/provider-aws-s3:v1.14.0',
      {
        registry: 'xpkg.upbound.io',
        repository: 'upbound/provider-aws-s3',
        tag: 'v1.14.0',
      },
    ],
    [
      'localhost:5000/acme/fn:v1',
      { registry: 'localhost:5000', repository: 'acme/fn', tag: 'v1' },
    ],
    ['acme/fn', { registry: 'default.io', repository: 'acme/fn' }],
    [
      `ghcr.io/acme/fn@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'acme/fn', digest: DIGEST },
    ],
  ])('%s', (raw, expected) => {
    expect(parsePackageReference(raw, 'default.io')).toEqual(
      expect.objectContaining(expected),
    );
  });

  it.each([
    '',
    'a b',
    'xpkg.upbound.io/',
    'acme/fn:',
    'acme/fn@',
    'UPPER/case',
  ])('rejects %j', raw => {
    expect(parsePackageReference(raw, 'default.io')).toBeUndefined();
  });
});
