import type { PlatformModule } from '@platform-portal/plugin-platform-common';
import { crossplaneExtractor } from './crossplaneExtractor';
import { withPlatformXrdTypes } from './platformXrdTypes';
import { helmExtractor } from './helmExtractor';

// A claim as a team writes it: the platform picks the Composition, and nothing in its spec is
// a field only Crossplane gives.
const CLAIM = {
  path: 'infra/database.yaml',
  content: `apiVersion: platform.acme.io/v1beta1
kind: PostgreSQLInstance
metadata:
  name: orders-db
spec:
  region: eu-west-1
  storageGB: 20
`,
};

const postgresql = {
  name: 'postgresql',
  kind: 'crossplane-composition',
  path: 'crossplane/postgresql',
  tagPattern: 'postgresql/v{version}',
  deprecations: [],
  xrd: {
    group: 'platform.acme.io',
    kind: 'XPostgreSQLInstance',
    latest: {
      version: '1.1.0',
      claimKind: 'PostgreSQLInstance',
      versions: [],
      compositions: [],
    },
  },
} as PlatformModule;

describe('withPlatformXrdTypes', () => {
  const kindsFound = (extractors: ReturnType<typeof withPlatformXrdTypes>) =>
    extractors
      .find(extractor => extractor.id === 'crossplane')!
      .extract(CLAIM)
      .references.map(reference => `${reference.kind} ${reference.name}`);

  it('finds a claim of a platform XRD that selects nothing, in a repository without XRDs', () => {
    expect(kindsFound([crossplaneExtractor])).toEqual([]);
    const extractors = withPlatformXrdTypes(
      [helmExtractor, crossplaneExtractor],
      [{ modules: [postgresql] }],
    );
    expect(extractors[0]).toBe(helmExtractor);
    expect(kindsFound(extractors)).toEqual([
      'crossplane-composite-type platform.acme.io/PostgreSQLInstance',
    ]);
  });

  it('leaves the extractors as they are when no module links an XRD', () => {
    const extractors = [helmExtractor, crossplaneExtractor];
    const { xrd: _, ...withoutXrd } = postgresql;
    expect(
      withPlatformXrdTypes(extractors, [{ modules: [withoutXrd] }]),
    ).toEqual(extractors);
  });
});
