import { scanFixtureTree } from '../../scanner/treePasses/__testUtils__/scanFixtureTree';
import { createCrossplaneExtractor } from './crossplaneExtractor';
import { crossplaneTreePass, dottedGroupsNamed } from './treeXrds';
import { streamYaml } from './yamlDocuments';

// Every file the extractor and its tree pass parse, counted; parsed as ever.
jest.mock('./yamlDocuments', () => {
  const actual = jest.requireActual('./yamlDocuments');
  return { ...actual, streamYaml: jest.fn(actual.streamYaml) };
});

// upbound/configuration-aws-database: a Crossplane v2 XRD in apis/, namespaced composite
// resources in examples/ that select no Composition.
const XRD_V2 = `apiVersion: apiextensions.crossplane.io/v2
kind: CompositeResourceDefinition
metadata:
  name: sqlinstances.aws.platform.upbound.io
spec:
  group: aws.platform.upbound.io
  names:
    categories:
    - crossplane
    kind: SQLInstance
    plural: sqlinstances
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    referenceable: true
    schema:
      openAPIV3Schema:
          type: object
`;

const POSTGRES_XR = `apiVersion: aws.platform.upbound.io/v1alpha1
kind: SQLInstance
metadata:
  name: configuration-aws-database-postgres
  namespace: default
spec:
  parameters:
    region: us-west-2
    engine: postgres
    engineVersion: "13.18"
    storageGB: 5
    passwordSecretRef:
      name: psqlsecret
      key: password
---
apiVersion: v1
data:
  password: dXBiMHVuZHIwY2s1ITMxMzM3
kind: Secret
metadata:
  name: psqlsecret
  namespace: default
type: Opaque
`;

// upbound/platform-ref-gcp: a v1 XRD offering a claim, and a claim of it.
const XRD_V1_WITH_CLAIM = `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xclusters.gcp.platformref.upbound.io
spec:
  defaultCompositeDeletePolicy: Foreground
  group: gcp.platformref.upbound.io
  names:
    kind: XCluster
    plural: xclusters
  claimNames:
    kind: Cluster
    plural: clusters
  connectionSecretKeys:
    - kubeconfig
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
`;

const CLUSTER_CLAIM = `apiVersion: gcp.platformref.upbound.io/v1alpha1
kind: Cluster
metadata:
  name: platform-ref-gcp
  namespace: default
spec:
  parameters:
    id: platform-ref-gcp-devex
    region: us-west2
    nodes:
      count: 1
`;

// upbound/configuration-aws-network: another XRD of the group of XRD_V2.
const XRD_NETWORK = `apiVersion: apiextensions.crossplane.io/v2
kind: CompositeResourceDefinition
metadata:
  name: networks.aws.platform.upbound.io
spec:
  group: aws.platform.upbound.io
  names:
    kind: Network
    plural: networks
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    referenceable: true
`;

// upbound/platform-ref-gcp: the Composition of XRD_V1_WITH_CLAIM's composite type.
const CLUSTER_COMPOSITION = `apiVersion: apiextensions.crossplane.io/v1
kind: Composition
metadata:
  name: xclusters.gcp.platformref.upbound.io
spec:
  compositeTypeRef:
    apiVersion: gcp.platformref.upbound.io/v1alpha1
    kind: XCluster
  mode: Pipeline
`;

const scan = (files: Record<string, string>) =>
  scanFixtureTree(files, [createCrossplaneExtractor()]);

describe('Crossplane claims of XRDs elsewhere in the tree', () => {
  it('finds composite resources and claims whose type an XRD of another file defines', async () => {
    const result = await scan({
      'apis/sqlinstances/definition.yaml': XRD_V2,
      'examples/sqlinstance/postgres-xr.yaml': POSTGRES_XR,
      'apis/cluster/definition.yaml': XRD_V1_WITH_CLAIM,
      'examples/cluster-claim.yaml': CLUSTER_CLAIM,
    });
    expect(result.problems).toEqual([]);
    expect(
      result.references.map(r => [r.kind, r.position.file, r.name, r.ref]),
    ).toEqual([
      [
        'crossplane-composite-type',
        'examples/cluster-claim.yaml',
        'gcp.platformref.upbound.io/Cluster',
        'v1alpha1',
      ],
      [
        'crossplane-composite-type',
        'examples/sqlinstance/postgres-xr.yaml',
        'aws.platform.upbound.io/SQLInstance',
        'v1alpha1',
      ],
    ]);
  });

  it('does not take an object for a claim when no XRD in the tree defines its type', async () => {
    const result = await scan({
      'examples/cluster-claim.yaml': CLUSTER_CLAIM,
      'apis/sqlinstances/definition.yaml': XRD_V2,
    });
    expect(result.references).toEqual([]);
  });

  it('reads a claim once when its own file also defines the XRD', async () => {
    const result = await scan({
      'cluster.yaml': `${XRD_V1_WITH_CLAIM}---\n${CLUSTER_CLAIM}`,
    });
    expect(result.references.map(r => r.position)).toEqual([
      { file: 'cluster.yaml', line: 21, column: 13 },
    ]);
  });
});

describe('crossplaneTreePass', () => {
  it('notes of a file that may name a defined type but defines none the groups it names', () => {
    const pass = crossplaneTreePass({
      matches: () => true,
      limits: {},
      withDefinitions: definitions =>
        createCrossplaneExtractor({ definitions }),
    });
    expect(pass.marks!('claim.yaml', CLUSTER_CLAIM)).toEqual([
      'gcp.platformref.upbound.io/',
    ]);
    // Any group, where only the parser can tell.
    expect(
      pass.marks!('chart.yaml', 'apiVersion: {{ .Values.api }}\nkind: X\n'),
    ).toEqual(['*/']);
    // Without an extraction that found its types, an XRD's file is read again by the pass.
    expect(pass.marks!('xrd.yaml', XRD_V2)).toBe(true);
    expect(pass.marks!('svc.yaml', 'apiVersion: v1\nkind: Service\n')).toBe(
      false,
    );
  });

  it('reads again only the files that may name a type an XRD of another file defines', () => {
    const files: Record<string, string> = {
      // Names the SQLInstance type it defines, and the Cluster type cluster.yaml defines.
      'both.yaml': `${XRD_V2}---\n${CLUSTER_CLAIM}`,
      'cluster.yaml': `${XRD_V1_WITH_CLAIM}---\n${CLUSTER_CLAIM}`,
      'examples/cluster-claim.yaml': CLUSTER_CLAIM,
      'sql.yaml': `${XRD_V2}---\n${POSTGRES_XR}`,
    };
    const paths = Object.keys(files).sort();
    const readAgain: string[] = [];
    const pass = crossplaneTreePass({
      matches: () => true,
      limits: {},
      withDefinitions: definitions => {
        const extractor = createCrossplaneExtractor({ definitions });
        return {
          ...extractor,
          extract: file => {
            readAgain.push(file.path);
            return extractor.extract(file);
          },
        };
      },
    });
    const result = pass({
      files: paths,
      marked: paths.filter(path => pass.marks!(path, files[path])),
      note: () => undefined,
      has: path => path in files,
      read: path => files[path],
      references: [],
    });
    expect(readAgain).toEqual(['both.yaml', 'examples/cluster-claim.yaml']);
    expect(result.references.map(r => [r.position.file, r.name])).toEqual([
      ['both.yaml', 'gcp.platformref.upbound.io/Cluster'],
      ['examples/cluster-claim.yaml', 'gcp.platformref.upbound.io/Cluster'],
    ]);
  });

  it('reads no file again whose objects all belong to groups without a dot', () => {
    const files: Record<string, string> = {
      'apis/cluster/definition.yaml': XRD_V1_WITH_CLAIM,
      'examples/cluster-claim.yaml': CLUSTER_CLAIM,
      // A Helm chart's objects: Kubernetes' own groups, which no claim can have.
      'chart/templates/deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gcp.platformref.upbound.io\n`,
      'chart/templates/service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n`,
      'chart/values.yaml': `image: gcp.platformref.upbound.io/web\n`,
    };
    const paths = Object.keys(files).sort();
    const read: string[] = [];
    const pass = crossplaneTreePass({
      matches: () => true,
      limits: {},
      withDefinitions: definitions =>
        createCrossplaneExtractor({ definitions }),
    });
    const result = pass({
      files: paths,
      marked: paths.filter(path => pass.marks!(path, files[path])),
      note: () => undefined,
      has: path => path in files,
      read: path => {
        read.push(path);
        return files[path];
      },
      references: [],
    });
    expect(result.references.map(r => [r.position.file, r.name])).toEqual([
      ['examples/cluster-claim.yaml', 'gcp.platformref.upbound.io/Cluster'],
    ]);
    expect(read.filter(path => path.startsWith('chart/'))).toEqual([]);
  });
});

describe('the Crossplane tree pass with the notes of its marks', () => {
  it('reads again no file whose objects all belong to groups no XRD of the tree defines', () => {
    const files: Record<string, string> = {
      'apis/cluster/definition.yaml': XRD_V1_WITH_CLAIM,
      'examples/cluster-claim.yaml': CLUSTER_CLAIM,
      // Managed resources of a provider: a group with a dot, which no XRD here defines.
      'managed/instance.yaml': `apiVersion: ec2.aws.upbound.io/v1beta1\nkind: Instance\nmetadata:\n  name: gcp.platformref.upbound.io\n`,
      // An apiVersion only the parser can read: any group.
      'chart/templates/claim.yaml': `apiVersion: {{ .Values.api }}\nkind: Cluster\n`,
    };
    const paths = Object.keys(files).sort();
    const pass = crossplaneTreePass({
      matches: () => true,
      limits: {},
      withDefinitions: definitions =>
        createCrossplaneExtractor({ definitions }),
    });
    const marks = new Map(
      paths.map(path => [path, pass.marks!(path, files[path])]),
    );
    const read: string[] = [];
    const result = pass({
      files: paths,
      marked: paths.filter(path => marks.get(path)),
      note: path => {
        const mark = marks.get(path);
        return typeof mark === 'object' ? mark : undefined;
      },
      has: path => path in files,
      read: path => {
        read.push(path);
        return files[path];
      },
      references: [],
    });
    expect(result.references.map(r => [r.position.file, r.name])).toEqual([
      ['examples/cluster-claim.yaml', 'gcp.platformref.upbound.io/Cluster'],
    ]);
    expect([...new Set(read)].sort()).toEqual([
      'apis/cluster/definition.yaml',
      'chart/templates/claim.yaml',
      'examples/cluster-claim.yaml',
    ]);
  });
});

describe('the Crossplane tree pass after a scan', () => {
  it('takes the types an XRD defines from the extraction of its file instead of parsing the file again', async () => {
    const files = {
      'apis/cluster/definition.yaml': XRD_V1_WITH_CLAIM,
      'examples/cluster-claim.yaml': CLUSTER_CLAIM,
    };
    jest.mocked(streamYaml).mockClear();
    const result = await scanFixtureTree(files, [createCrossplaneExtractor()]);
    expect(
      result.references
        .filter(r => r.kind === 'crossplane-composite-type')
        .map(r => [r.position.file, r.name]),
    ).toEqual([
      ['examples/cluster-claim.yaml', 'gcp.platformref.upbound.io/Cluster'],
    ]);
    const parsed = jest
      .mocked(streamYaml)
      .mock.calls.map(([file]) => file.path);
    // The XRD once, when it is extracted; the claim (which on its own names nothing of
    // Crossplane's) when the pass reads it with the XRD's types known.
    expect(parsed.sort()).toEqual([
      'apis/cluster/definition.yaml',
      'examples/cluster-claim.yaml',
    ]);
  });
});

describe('the Crossplane tree pass and files with XRDs', () => {
  const parsedFiles = () =>
    jest
      .mocked(streamYaml)
      .mock.calls.map(([file]) => file.path)
      .sort();

  it('does not parse again a file of XRDs alone whose group another XRD of the tree defines too', async () => {
    jest.mocked(streamYaml).mockClear();
    const result = await scanFixtureTree(
      {
        'apis/networks/definition.yaml': XRD_NETWORK,
        'apis/sqlinstances/definition.yaml': XRD_V2,
        'examples/postgres-xr.yaml': POSTGRES_XR,
      },
      [createCrossplaneExtractor()],
    );
    expect(result.references.map(r => [r.position.file, r.name])).toEqual([
      ['examples/postgres-xr.yaml', 'aws.platform.upbound.io/SQLInstance'],
    ]);
    // Each XRD once, when it is extracted: neither holds an object the other's type could
    // make a claim. The composite resource once, by the pass.
    expect(parsedFiles()).toEqual([
      'apis/networks/definition.yaml',
      'apis/sqlinstances/definition.yaml',
      'examples/postgres-xr.yaml',
    ]);
  });

  it('does not parse again a Composition of a type an XRD of the tree defines', async () => {
    jest.mocked(streamYaml).mockClear();
    const result = await scanFixtureTree(
      {
        'apis/cluster/composition.yaml': CLUSTER_COMPOSITION,
        'apis/cluster/definition.yaml': XRD_V1_WITH_CLAIM,
        'examples/cluster-claim.yaml': CLUSTER_CLAIM,
      },
      [createCrossplaneExtractor()],
    );
    expect(result.references.map(r => [r.position.file, r.name])).toEqual([
      ['apis/cluster/composition.yaml', 'gcp.platformref.upbound.io/XCluster'],
      ['examples/cluster-claim.yaml', 'gcp.platformref.upbound.io/Cluster'],
    ]);
    expect(parsedFiles()).toEqual([
      'apis/cluster/composition.yaml',
      'apis/cluster/definition.yaml',
      'examples/cluster-claim.yaml',
    ]);
  });

  it('reads again a file with an XRD that holds an object of a type only another file defines', async () => {
    jest.mocked(streamYaml).mockClear();
    const result = await scanFixtureTree(
      {
        'apis/cluster/definition.yaml': XRD_V1_WITH_CLAIM,
        'both.yaml': `${XRD_V2}---\n${CLUSTER_CLAIM}---\n${POSTGRES_XR}`,
      },
      [createCrossplaneExtractor()],
    );
    expect(
      result.references.map(r => [r.position.file, r.position.line, r.name]),
    ).toEqual([
      ['both.yaml', 21, 'gcp.platformref.upbound.io/Cluster'],
      ['both.yaml', 33, 'aws.platform.upbound.io/SQLInstance'],
    ]);
    expect(parsedFiles()).toEqual([
      'apis/cluster/definition.yaml',
      'both.yaml',
      'both.yaml',
    ]);
  });
});

describe('dottedGroupsNamed', () => {
  it.each([
    [
      'a group with a dot',
      'apiVersion: aws.platform.upbound.io/v1alpha1',
      ['aws.platform.upbound.io'],
    ],
    [
      'a quoted value',
      'apiVersion: "gcp.platformref.upbound.io/v1"',
      ['gcp.platformref.upbound.io'],
    ],
    [
      'a JSON object',
      '{"apiVersion": "example.org/v1", "kind": "X"}',
      ['example.org'],
    ],
    [
      'a flow mapping',
      '- {apiVersion: example.org/v1, kind: X}',
      ['example.org'],
    ],
    [
      'a value on the next line',
      'apiVersion:\n  example.org/v1',
      ['example.org'],
    ],
    [
      'a Kubernetes group with a dot',
      'apiVersion: networking.k8s.io/v1',
      ['networking.k8s.io'],
    ],
    [
      'a second object with a dot, each group once',
      'apiVersion: v1\n---\napiVersion: example.org/v1\n---\napiVersion: example.org/v2\n',
      ['example.org'],
    ],
    ['the core group', 'apiVersion: v1\nkind: Service', []],
    ['a group without a dot', 'apiVersion: apps/v1\nkind: Deployment', []],
    ['a quoted group without a dot', "apiVersion: 'batch/v1'", []],
    ['no apiVersion', 'image: example.org/web\ntag: v1', []],
  ])('names the groups of %s', (_, text, groups) => {
    expect(dottedGroupsNamed(text)).toEqual(groups);
  });

  it.each([
    ['an alias', 'x: &v example.org/v1\napiVersion: *v'],
    ['a tag', 'apiVersion: !!str example.org/v1'],
    ['a block scalar', 'apiVersion: >-\n  example.org/v1'],
    ['an escape', 'apiVersion: "example\\x2eorg/v1"'],
    ['a template', 'apiVersion: {{ .Values.apiVersion }}'],
  ])('cannot tell the groups of %s', (_, text) => {
    expect(dottedGroupsNamed(text)).toBeUndefined();
  });
});
