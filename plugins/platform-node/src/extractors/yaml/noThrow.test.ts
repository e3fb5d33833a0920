import fc from 'fast-check';
import { ExtractResult, ReferenceExtractor } from '../types';
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
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
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
  '\uFEFF',
  '\u0000',
  '\uD800',
  '😀',
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

const codeUnit = fc
  .integer({ min: 0, max: 0xffff })
  .map(code => String.fromCharCode(code));

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

type Mutation =
  | { type: 'insert'; at: number; text: string }
  | { type: 'delete'; at: number; length: number }
  | { type: 'duplicate'; at: number; length: number }
  | { type: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    type: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
  }),
  fc.record({
    type: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    type: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 80 }),
  }),
  fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(seed: string, mutations: Mutation[]): string {
  return mutations.reduce((text, m) => {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    switch (m.type) {
      case 'insert':
        return text.slice(0, at) + m.text + text.slice(at);
      case 'delete':
        return text.slice(0, at) + text.slice(at + m.length);
      case 'duplicate':
        return text.slice(0, at + m.length) + text.slice(at);
      default:
        return text.slice(0, at);
    }
  }, seed);
}

const mutatedYaml = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(mutation, { minLength: 1, maxLength: 6 }),
  )
  .map(([seed, mutations]) => mutate(seed, mutations));

function checkResult(
  result: ExtractResult,
  path: string,
  content: string,
): void {
  const lines = content.split('\n');
  const within = (line: number, column: number) =>
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1].length + 1;

  expect(Array.isArray(result.references)).toBe(true);
  expect(Array.isArray(result.problems)).toBe(true);
  for (const reference of result.references) {
    expect(reference.position.file).toBe(path);
    if (!within(reference.position.line, reference.position.column)) {
      throw new Error(
        `position ${reference.position.line}:${reference.position.column} is outside the file`,
      );
    }
  }
  for (const problem of result.problems) {
    expect(problem.file).toBe(path);
    // These messages come from the last-resort catch blocks: reaching them means a throw.
    expect(problem.message).not.toMatch(
      /could not be read: |YAML could not be parsed: /,
    );
    if (
      problem.line !== undefined &&
      !within(problem.line, problem.column ?? 1)
    ) {
      throw new Error(
        `problem position ${problem.line}:${problem.column} is outside the file`,
      );
    }
  }
}

// Raise with NO_THROW_RUNS=20000 when changing the parser glue; 300 keeps CI fast.
const RUNS = Number(process.env.NO_THROW_RUNS ?? 300);

const CASES = EXTRACTORS.map(
  ([extractor, path]) => [extractor.id, path, extractor] as const,
);

function checkProperty(
  input: fc.Arbitrary<string>,
  extractor: ReferenceExtractor,
  path: string,
): number {
  let checked = 0;
  fc.assert(
    fc.property(input, content => {
      checkResult(extractor.extract({ path, content }), path, content);
      checked += 1;
    }),
    { numRuns: RUNS },
  );
  return checked;
}

describe('YAML extractors on arbitrary input', () => {
  it.each(CASES)(
    '%s (%s) never throws on arbitrary strings',
    (_, path, extractor) => {
      expect(checkProperty(arbitraryText, extractor, path)).toBe(RUNS);
    },
  );

  it.each(CASES)(
    '%s (%s) never throws on mutated realistic documents',
    (_, path, extractor) => {
      expect(checkProperty(mutatedYaml, extractor, path)).toBe(RUNS);
    },
  );

  it('finds references in the unmutated seeds', () => {
    const found = EXTRACTORS.flatMap(([extractor, path]) =>
      SEEDS.flatMap(content => extractor.extract({ path, content }).references),
    );
    expect(found.length).toBeGreaterThan(10);
  });
});
