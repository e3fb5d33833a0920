import { scanFixtureTree } from '../../scanner/treePasses/__testUtils__/scanFixtureTree';
import { createCrossplaneExtractor } from './crossplaneExtractor';

// upbound/platform-ref-aws layout: the XRD in apis/, claims in examples/, none selecting a Composition.
const XRD = `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xsqlinstances.aws.platform.upbound.io
spec:
  group: aws.platform.upbound.io
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

const CLAIM = `apiVersion: aws.platform.upbound.io/v1alpha1
kind: SQLInstance
metadata:
  name: platform-ref-aws-db
  namespace: default
spec:
  parameters:
    engine: postgres
    engineVersion: "13.18"
    storageGB: 5
`;

// Crossplane v2: a namespaced composite resource, no claim.
const COMPOSITE = `apiVersion: aws.platform.upbound.io/v1alpha1
kind: XSQLInstance
metadata:
  name: db
  namespace: team-a
spec:
  parameters:
    storageGB: 10
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`;

describe('Crossplane claims of XRDs elsewhere in the tree', () => {
  it('finds claims and composite resources whose type an XRD of another file defines', async () => {
    const result = await scanFixtureTree(
      {
        'apis/sql/definition.yaml': XRD,
        'examples/sql-claim.yaml': CLAIM,
        'teams/a/db.yaml': COMPOSITE,
        'teams/a/deployment.yaml': DEPLOYMENT,
      },
      [createCrossplaneExtractor()],
    );
    expect(result.problems).toEqual([]);
    expect(result.references).toEqual([
      expect.objectContaining({
        kind: 'crossplane-composite-type',
        position: { file: 'examples/sql-claim.yaml', line: 1, column: 13 },
        name: 'aws.platform.upbound.io/SQLInstance',
        ref: 'v1alpha1',
      }),
      expect.objectContaining({
        kind: 'crossplane-composite-type',
        position: { file: 'teams/a/db.yaml', line: 1, column: 13 },
        name: 'aws.platform.upbound.io/XSQLInstance',
        ref: 'v1alpha1',
      }),
    ]);
  });

  it('does not take an object for a claim when no XRD in the tree defines its type', async () => {
    const result = await scanFixtureTree(
      {
        'examples/sql-claim.yaml': CLAIM,
        'apis/other/definition.yaml': XRD.replace(
          /aws\.platform\.upbound\.io/g,
          'gcp.platform.upbound.io',
        ),
      },
      [createCrossplaneExtractor()],
    );
    expect(result.references).toEqual([]);
  });

  it('reads a claim once when its own file also defines the XRD', async () => {
    const result = await scanFixtureTree(
      { 'all.yaml': `${XRD}---\n${CLAIM}` },
      [createCrossplaneExtractor()],
    );
    expect(result.references).toHaveLength(1);
    expect(result.references[0].position).toEqual({
      file: 'all.yaml',
      line: 18,
      column: 13,
    });
  });
});
