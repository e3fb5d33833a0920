import fc from 'fast-check';
import {
  codeUnit,
  mutatedDocuments,
  noThrowChecker,
  noThrowRuns,
  TEXT_FRAGMENTS,
} from '../__testUtils__/noThrowProperties';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { crossplaneExtractor } from './crossplaneExtractor';
import { githubActionsExtractor } from './githubActionsExtractor';
import { helmExtractor } from './helmExtractor';

const EXTRACTORS: Array<[ReferenceExtractor, string]> = [
  [githubActionsExtractor, '.github/workflows/ci.yml'],
  [githubActionsExtractor, '.github/actions/setup/action.yml'],
  [helmExtractor, 'charts/app/Chart.yaml'],
  [crossplaneExtractor, 'infra/claims.yaml'],
];

const SEEDS = [
  `on: push
jobs:
  plan:
    uses: acme/platform/.github/workflows/terraform.yml@v3.2.0
    secrets: inherit
  lint:
    runs-on: ubuntu-latest
    steps:
      - &checkout
        uses: actions/checkout@b4ffde65f46336ab88eb53b808477a3d4c7f7f3c # v4.1.1
      - uses: github/codeql-action/init@v3
      # - uses: actions/cache@v3
      - uses: ./.github/actions/setup
      - uses: \${{ matrix.action }}
  again:
    steps:
      - *checkout
`,
  `runs:
  using: composite
  steps:
    - uses: hashicorp/setup-terraform@v3
    - uses: docker://alpine:3.19
`,
  `apiVersion: v2
name: payments
version: 0.4.2
x-repo: &repo https://charts.bitnami.com/bitnami
dependencies:
  - name: postgresql
    version: 15.5.x
    repository: *repo
  - name: redis
    version: "~18.19.0"
    repository: "@bitnami"
    alias: cache
  - name: platform-service
    version: ">=3.1.0 <4.0.0"
    repository: oci://ghcr.io/acme/charts
  - name: local
    repository: file://../local
`,
  `apiVersion: meta.pkg.crossplane.io/v1
kind: Configuration
spec:
  dependsOn:
    - provider: xpkg.upbound.io/upbound/provider-aws-ec2
      version: ">=v1.1.0"
    - apiVersion: pkg.crossplane.io/v1
      kind: Function
      package: xpkg.crossplane.io/crossplane-contrib/function-go-templating
      version: ">=v0.5.0"
---
apiVersion: pkg.crossplane.io/v1
kind: Provider
spec:
  package: xpkg.upbound.io/upbound/provider-aws-s3:v1.14.0
---
apiVersion: database.acme.io/v1alpha1
kind: PostgreSQLInstance
spec: &spec
  compositionRef:
    name: xpostgresql-aws
  compositionRevisionRef:
    name: xpostgresql-aws-3f2a1b9
  compositionSelector:
    matchLabels: {provider: aws, channel: stable}
---
apiVersion: platform.acme.io/v1
kind: App
spec:
  crossplane:
    compositionRef: {name: app}
    compositionUpdatePolicy: Automatic
---
apiVersion: apiextensions.crossplane.io/v1
kind: Composition
spec:
  compositeTypeRef: {apiVersion: database.acme.io/v1alpha1, kind: XPostgreSQLInstance}
`,
];

// Fragments that steer mutations into the parser's and the extractors' interesting corners.
const FRAGMENTS = [
  ...TEXT_FRAGMENTS,
  '- ',
  ': ',
  '? ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '#',
  ' # v1.2.3',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!str ',
  '!!binary ',
  '|\n',
  '>-\n',
  '"',
  "'",
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '@',
  '${{ x }}',
  'uses: ',
  'docker://',
  './',
  'oci://',
  'file://',
  '@sha256:',
  'compositionRef:\n  name: ',
  'dependencies:\n  - name: x\n    version: ',
  'repository: ',
  'steps:\n  - ',
  'jobs:\n  a:\n    ',
  'crossplane.io',
  '~',
  'null',
  '1e9999',
  '0x1F',
];

const KEYWORDS = [
  '',
  'uses: ',
  'dependencies:\n',
  'crossplane.io\n',
  'composition\n',
];

const arbitraryText = fc
  .tuple(
    fc.constantFrom(...KEYWORDS),
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: codeUnit, maxLength: 200 }),
      fc
        .array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 })
        .map(parts => parts.join('')),
    ),
  )
  .map(([keyword, text]) => keyword + text);

const mutatedYaml = mutatedDocuments(SEEDS, FRAGMENTS);

// Raise with NO_THROW_RUNS=20000 when changing the parser glue; 300 keeps CI fast.
const RUNS = noThrowRuns(300);
const checkNeverThrows = noThrowChecker({
  runs: RUNS,
  // These messages come from the last-resort catch blocks: reaching them means a throw.
  thrown: /could not be read: |YAML could not be parsed: /,
});

const CASES = EXTRACTORS.map(
  ([extractor, path]) => [extractor.id, path, extractor] as const,
);

describe('YAML extractors on arbitrary input', () => {
  it.each(CASES)(
    '%s (%s) never throws on arbitrary strings',
    (_, path, extractor) => {
      expect(checkNeverThrows(arbitraryText, extractor, path)).toBe(RUNS);
    },
  );

  it.each(CASES)(
    '%s (%s) never throws on mutated realistic documents',
    (_, path, extractor) => {
      expect(checkNeverThrows(mutatedYaml, extractor, path)).toBe(RUNS);
    },
  );

  it('finds references in the unmutated seeds', () => {
    const found = EXTRACTORS.flatMap(([extractor, path]) =>
      SEEDS.flatMap(content => extractor.extract({ path, content }).references),
    );
    expect(found.length).toBeGreaterThan(10);
  });
});
