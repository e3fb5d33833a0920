import { manifestWithModules } from './__testUtils__/manifestText';
import { parsePlatformManifest } from './parsePlatformManifest';

const example = `apiVersion: platform-portal.io/v1alpha1
kind: Platform
metadata:
  name: acme-platform
spec:
  repository: https://github.com/acme/platform.git
  modules:
    - name: vpc
      kind: terraform-module        # terraform-module | crossplane-composition | github-workflow | helm-chart | policy
      path: modules/vpc
      tagPattern: vpc/v{version}    # optional, default {name}/v{version}
      support:
        majors: 2                   # optional
      deprecations:                 # optional
        - versions: '< 2.0.0'
          since: '2026-06-01'
          message: vpc 1.x uses the legacy NAT gateway layout; move to 2.x.
    - name: eks
      kind: terraform-module
      path: ./modules/eks/
      description: Managed Kubernetes cluster
    - name: terraform
      kind: github-workflow
      path: .github/workflows/terraform.yml
      tagPattern: v{version}
    - name: database
      kind: crossplane-composition
      path: crossplane/database
      tagPattern: '{name}-v{version}'
    - name: service
      kind: helm-chart
      path: charts/service
    - name: guardrails
      kind: policy
      path: policies
      deprecations:
        - message: Replaced by the conftest bundle.
`;

/** A manifest with the given module list (YAML lines indented under `modules:`). */
const withModules = (modules: string) => manifestWithModules(modules);

describe('parsePlatformManifest', () => {
  it('reads the documented example', () => {
    expect(parsePlatformManifest(example)).toEqual({
      problems: [],
      manifest: {
        name: 'acme-platform',
        repository: 'https://github.com/acme/platform.git',
        modules: [
          {
            name: 'vpc',
            kind: 'terraform-module',
            path: 'modules/vpc',
            tagPattern: 'vpc/v{version}',
            supportedMajors: 2,
            deprecations: [
              {
                versions: '< 2.0.0',
                since: '2026-06-01',
                message:
                  'vpc 1.x uses the legacy NAT gateway layout; move to 2.x.',
              },
            ],
          },
          {
            name: 'eks',
            kind: 'terraform-module',
            path: 'modules/eks',
            tagPattern: 'eks/v{version}',
            deprecations: [],
            description: 'Managed Kubernetes cluster',
          },
          {
            name: 'terraform',
            kind: 'github-workflow',
            path: '.github/workflows/terraform.yml',
            tagPattern: 'v{version}',
            deprecations: [],
          },
          {
            name: 'database',
            kind: 'crossplane-composition',
            path: 'crossplane/database',
            tagPattern: 'database-v{version}',
            deprecations: [],
          },
          {
            name: 'service',
            kind: 'helm-chart',
            path: 'charts/service',
            tagPattern: 'service/v{version}',
            deprecations: [],
          },
          {
            name: 'guardrails',
            kind: 'policy',
            path: 'policies',
            tagPattern: 'guardrails/v{version}',
            deprecations: [{ message: 'Replaced by the conftest bundle.' }],
          },
        ],
      },
    });
  });

  it('names the file given', () => {
    const { problems } = parsePlatformManifest(
      'kind: [',
      'platform/platform.yaml',
    );
    expect(problems[0].file).toBe('platform/platform.yaml');
  });

  it('accepts an empty module list and the repository root as a path', () => {
    expect(
      parsePlatformManifest(withModules('    []\n')).manifest?.modules,
    ).toEqual([]);
    expect(
      parsePlatformManifest(
        withModules(
          '    - name: all\n      kind: terraform-module\n      path: .\n      tagPattern: v{version}\n',
        ),
      ).manifest?.modules[0].path,
    ).toBe('');
  });

  it('reads anchors and aliases', () => {
    const { manifest, problems } = parsePlatformManifest(
      withModules(`    - name: vpc
      kind: terraform-module
      path: modules/vpc
      deprecations: &old
        - versions: '< 1.0.0'
          message: Prerelease line.
    - name: eks
      kind: terraform-module
      path: modules/eks
      deprecations: *old
`),
    );
    expect(problems).toEqual([]);
    expect(manifest?.modules[1].deprecations).toEqual([
      { versions: '< 1.0.0', message: 'Prerelease line.' },
    ]);
  });

  describe('problems', () => {
    /** The problems of a manifest with one valid module `ok` after the given module. */
    function problemsOf(module: string) {
      const result = parsePlatformManifest(
        withModules(
          `${module}    - name: ok\n      kind: terraform-module\n      path: modules/ok\n`,
        ),
      );
      expect(result.manifest?.modules.map(m => m.name)).toContain('ok');
      return result.problems;
    }

    it('keeps valid modules when one is invalid and names file, line, column and field', () => {
      const text = withModules(`    - name: vpc
      kind: terraform-module
      path: modules/vpc
    - name: eks
      kind: terraform-module
      path: modules/eks
    - name: broken
      kind: terraform-module
      path: modules/broken
      tagPattern: broken/v
`);
      expect(parsePlatformManifest(text)).toEqual({
        manifest: {
          name: 'acme-platform',
          repository: 'https://github.com/acme/platform.git',
          modules: [
            expect.objectContaining({ name: 'vpc' }),
            expect.objectContaining({ name: 'eks' }),
          ],
        },
        problems: [
          {
            file: 'platform.yaml',
            line: 17,
            column: 19,
            message: 'spec.modules[2].tagPattern: must contain {version}',
          },
        ],
      });
    });

    it.each<[string, string, string]>([
      [
        'a missing name',
        '    - kind: terraform-module\n      path: modules/x\n',
        'spec.modules[0].name: is required',
      ],
      [
        'a name of the wrong type',
        '    - name: [vpc]\n      kind: terraform-module\n      path: modules/x\n',
        'spec.modules[0].name: must be a string',
      ],
      [
        'a name with whitespace',
        '    - name: my vpc\n      kind: terraform-module\n      path: modules/x\n',
        'spec.modules[0].name: must not contain whitespace or braces',
      ],
      [
        'an unknown kind',
        '    - name: x\n      kind: pulumi-stack\n      path: modules/x\n',
        'spec.modules[0].kind: unknown kind "pulumi-stack"; expected one of terraform-module, crossplane-composition, github-workflow, helm-chart, policy',
      ],
      [
        'a missing path',
        '    - name: x\n      kind: terraform-module\n',
        'spec.modules[0].path: is required',
      ],
      [
        'a path that leaves the repository',
        '    - name: x\n      kind: terraform-module\n      path: modules/../../x\n',
        'spec.modules[0].path: must be a path inside the repository, without "." or ".." segments',
      ],
      [
        'a workflow outside .github/workflows',
        '    - name: x\n      kind: github-workflow\n      path: workflows/x.yml\n',
        'spec.modules[0].path: a github-workflow module must be a file in .github/workflows/ ending in .yml or .yaml',
      ],
      [
        'a tag pattern with {version} twice',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      tagPattern: x/{version}/{version}\n',
        'spec.modules[0].tagPattern: must contain {version} only once',
      ],
      [
        'a tag pattern with an unknown placeholder',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      tagPattern: "{module}/v{version}"\n',
        'spec.modules[0].tagPattern: unknown placeholder {module}; only {name} and {version} are replaced',
      ],
      [
        'a tag pattern git refuses',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      tagPattern: "x v{version}"\n',
        'spec.modules[0].tagPattern: contains a character git does not allow in tag names',
      ],
      [
        'a tag pattern that is no string',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      tagPattern: 3\n',
        'spec.modules[0].tagPattern: must be a string',
      ],
      [
        'a support window of zero',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      support:\n        majors: 0\n',
        'spec.modules[0].support.majors: must be a whole number of at least 1',
      ],
      [
        'a support window given as text',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      support:\n        majors: "2"\n',
        'spec.modules[0].support.majors: must be a whole number of at least 1',
      ],
      [
        'support that is no mapping',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      support: 2\n',
        'spec.modules[0].support: must be a mapping',
      ],
      [
        'deprecations that are no list',
        '    - name: x\n      kind: terraform-module\n      path: modules/x\n      deprecations: old\n',
        'spec.modules[0].deprecations: must be a list',
      ],
      [
        'an invalid semver range in a deprecation',
        "    - name: x\n      kind: terraform-module\n      path: modules/x\n      deprecations:\n        - versions: '~> 1.2, banana'\n          message: Old.\n",
        'spec.modules[0].deprecations[0].versions: "~> 1.2, banana" is not a valid semver range',
      ],
      [
        'a deprecation without a message',
        "    - name: x\n      kind: terraform-module\n      path: modules/x\n      deprecations:\n        - versions: '< 2.0.0'\n",
        'spec.modules[0].deprecations[0].message: is required',
      ],
      [
        'a deprecation with a bad date',
        "    - name: x\n      kind: terraform-module\n      path: modules/x\n      deprecations:\n        - since: 'June 2026'\n          message: Old.\n",
        'spec.modules[0].deprecations[0].since: "June 2026" is not an ISO date (YYYY-MM-DD)',
      ],
      [
        'a module that is no mapping',
        '    - vpc\n',
        'spec.modules[0]: must be a mapping',
      ],
    ])('reports %s and drops the module', (_, module, message) => {
      const problems = problemsOf(module);
      expect(problems.map(p => p.message)).toEqual([message]);
      expect(problems[0]).toEqual({
        file: 'platform.yaml',
        line: expect.any(Number),
        column: expect.any(Number),
        message,
      });
    });

    it('reports an unknown field where it is and keeps the module', () => {
      const { manifest, problems } = parsePlatformManifest(
        withModules(
          '    - name: vpc\n      kind: terraform-module\n      path: modules/vpc\n      tagpattern: vpc-v{version}\n',
        ),
      );
      expect(manifest?.modules.map(m => m.name)).toEqual(['vpc']);
      expect(problems).toEqual([
        {
          file: 'platform.yaml',
          line: 11,
          column: 7,
          message:
            'spec.modules[0].tagpattern: unknown field; expected one of name, kind, path, tagPattern, description, support, deprecations, inputs, upgrading, xrd, channels, required',
        },
      ]);
    });

    describe('upgrade notes', () => {
      const vpc = (upgrading: string) =>
        `    - name: vpc\n      kind: terraform-module\n      path: modules/vpc\n      upgrading:\n${upgrading}`;

      it('reads the notes file of each major, lowest major first', () => {
        const { manifest, problems } = parsePlatformManifest(
          withModules(
            vpc(
              "        3: ./modules/vpc/UPGRADING-3.md\n        '2': modules/vpc/UPGRADING.md\n",
            ),
          ),
        );
        expect(problems).toEqual([]);
        expect(manifest?.modules[0].upgrading).toEqual([
          { major: 2, path: 'modules/vpc/UPGRADING.md' },
          { major: 3, path: 'modules/vpc/UPGRADING-3.md' },
        ]);
      });

      it('leaves the field out of a module that names no notes', () => {
        const { manifest } = parsePlatformManifest(
          withModules(
            '    - name: dns\n      kind: terraform-module\n      path: modules/dns\n',
          ),
        );
        expect(manifest?.modules[0]).not.toHaveProperty('upgrading');
      });

      it.each<[string, string, number, number, string]>([
        [
          'a major that is no number',
          '        two: modules/vpc/UPGRADING.md\n',
          12,
          9,
          'spec.modules[0].upgrading: "two" is not a major version (a whole number such as 2)',
        ],
        [
          'a negative major',
          '        -1: modules/vpc/UPGRADING.md\n',
          12,
          9,
          'spec.modules[0].upgrading: "-1" is not a major version (a whole number such as 2)',
        ],
        [
          'a file outside the repository',
          '        2: ../secrets/UPGRADING.md\n',
          12,
          12,
          'spec.modules[0].upgrading.2: "../secrets/UPGRADING.md" must be a file inside the repository, without "." or ".." segments',
        ],
        [
          'the repository root as a file',
          '        2: .\n',
          12,
          12,
          'spec.modules[0].upgrading.2: "." must be a file inside the repository, without "." or ".." segments',
        ],
        [
          'a file that is no string',
          '        2: [modules/vpc/UPGRADING.md]\n',
          12,
          12,
          'spec.modules[0].upgrading.2: must be the path of a file',
        ],
        [
          'a major named twice',
          "        '2': modules/vpc/UPGRADING.md\n        2: modules/vpc/UPGRADING-2.md\n",
          13,
          9,
          'spec.modules[0].upgrading.2: major 2 is named twice',
        ],
      ])(
        'reports %s where it is and keeps the module and its other notes',
        (_, entry, line, column, message) => {
          const { manifest, problems } = parsePlatformManifest(
            withModules(vpc(`${entry}        3: modules/vpc/UPGRADING-3.md\n`)),
          );
          expect(problems).toEqual([
            { file: 'platform.yaml', line, column, message },
          ]);
          expect(manifest?.modules[0].upgrading).toEqual([
            ...(message.includes('named twice')
              ? [{ major: 2, path: 'modules/vpc/UPGRADING.md' }]
              : []),
            { major: 3, path: 'modules/vpc/UPGRADING-3.md' },
          ]);
        },
      );

      it('reports notes that are no mapping and keeps the module', () => {
        const { manifest, problems } = parsePlatformManifest(
          withModules(vpc('        - modules/vpc/UPGRADING.md\n')),
        );
        expect(problems.map(p => p.message)).toEqual([
          'spec.modules[0].upgrading: must be a mapping of a major version to a file, such as 2: modules/vpc/UPGRADING.md',
        ]);
        expect(manifest?.modules[0]).toMatchObject({ name: 'vpc' });
        expect(manifest?.modules[0]).not.toHaveProperty('upgrading');
      });
    });

    describe('XRD links', () => {
      const composition = (name: string, xrd: string) =>
        `    - name: ${name}\n      kind: crossplane-composition\n      path: crossplane/${name}\n      xrd:\n${xrd}`;

      it('links a composition module to the group and kind of its XRD', () => {
        const { manifest, problems } = parsePlatformManifest(
          withModules(
            composition(
              'postgresql',
              '        group: platform.acme.io\n        kind: XPostgreSQLInstance\n',
            ),
          ),
        );
        expect(problems).toEqual([]);
        expect(manifest?.modules[0].xrd).toEqual({
          group: 'platform.acme.io',
          kind: 'XPostgreSQLInstance',
        });
      });

      it.each([
        [
          'a group without a dot',
          '        group: platform\n        kind: XDatabase\n',
          12,
          16,
          'spec.modules[0].xrd.group: "platform" is not an API group (a lower-case DNS name with a dot, such as platform.acme.io)',
        ],
        [
          'a kind in lower case',
          '        group: platform.acme.io\n        kind: xdatabase\n',
          13,
          15,
          'spec.modules[0].xrd.kind: "xdatabase" is not a kind (letters and digits, first a capital, such as XPostgreSQLInstance)',
        ],
        [
          'a missing kind',
          '        group: platform.acme.io\n',
          12,
          9,
          'spec.modules[0].xrd.kind: is required',
        ],
      ])(
        'reports %s where it is and keeps the module unlinked',
        (_, xrd, line, column, message) => {
          const { manifest, problems } = parsePlatformManifest(
            withModules(composition('database', xrd)),
          );
          expect(problems).toEqual([
            { file: 'platform.yaml', line, column, message },
          ]);
          expect(manifest?.modules[0]).toMatchObject({ name: 'database' });
          expect(manifest?.modules[0]).not.toHaveProperty('xrd');
        },
      );

      it('refuses an XRD on a module of another kind', () => {
        const { manifest, problems } = parsePlatformManifest(
          withModules(
            '    - name: vpc\n      kind: terraform-module\n      path: modules/vpc\n      xrd:\n        group: platform.acme.io\n        kind: XNetwork\n',
          ),
        );
        expect(problems.map(p => p.message)).toEqual([
          'spec.modules[0].xrd: only a crossplane-composition module publishes an XRD, not a terraform-module',
        ]);
        expect(manifest?.modules[0]).not.toHaveProperty('xrd');
      });

      it('gives one XRD to the first module that names it', () => {
        const xrd =
          '        group: platform.acme.io\n        kind: XDatabase\n';
        const { manifest, problems } = parsePlatformManifest(
          withModules(
            `${composition('database', xrd)}${composition('database-v2', xrd)}`,
          ),
        );
        expect(problems.map(p => p.message)).toEqual([
          'spec.modules[1].xrd: platform.acme.io/XDatabase is already the XRD of module "database"; left out here',
        ]);
        expect(manifest?.modules.map(m => [m.name, m.xrd?.kind])).toEqual([
          ['database', 'XDatabase'],
          ['database-v2', undefined],
        ]);
      });
    });

    describe('input wiring', () => {
      const vpc =
        '    - name: vpc\n      kind: terraform-module\n      path: modules/vpc\n';
      const eks = (inputs: string) =>
        `    - name: eks\n      kind: terraform-module\n      path: modules/eks\n      inputs:\n${inputs}`;

      it('reads inputs fed by another module and by the project', () => {
        const { manifest, problems } = parsePlatformManifest(
          withModules(
            `${vpc}${eks(
              '        subnet_ids:\n          from: vpc.private_subnet_ids\n        cluster_name: { from: project.name }\n        environment: { from: project.environment }\n',
            )}`,
          ),
        );
        expect(problems).toEqual([]);
        expect(manifest?.modules[0].wiring).toBeUndefined();
        expect(manifest?.modules[1].wiring).toEqual([
          { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
          { input: 'cluster_name', from: 'project.name' },
          { input: 'environment', from: 'project.environment' },
        ]);
      });

      it('reads a source module declared after the module it feeds', () => {
        const { manifest, problems } = parsePlatformManifest(
          withModules(
            `${eks(
              '        subnet_ids: { from: vpc.private_subnet_ids }\n',
            )}${vpc}`,
          ),
        );
        expect(problems).toEqual([]);
        expect(manifest?.modules[0].wiring).toEqual([
          { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
        ]);
      });

      it.each<[string, string, number, number, string]>([
        [
          'an unknown source module',
          '        subnet_ids: { from: network.private_subnet_ids }\n',
          15,
          29,
          'spec.modules[1].inputs.subnet_ids.from: no module "network" in this manifest',
        ],
        [
          'a module feeding itself',
          '        subnet_ids: { from: eks.cluster_name }\n',
          15,
          29,
          'spec.modules[1].inputs.subnet_ids.from: a module cannot feed its own input',
        ],
        [
          'a source without an output',
          '        subnet_ids: { from: vpc }\n',
          15,
          29,
          'spec.modules[1].inputs.subnet_ids.from: "vpc" must be <module>.<output> or project.name / project.environment',
        ],
        [
          'an output that is no identifier',
          '        subnet_ids: { from: "vpc.private subnets" }\n',
          15,
          29,
          'spec.modules[1].inputs.subnet_ids.from: "vpc.private subnets" must be <module>.<output> or project.name / project.environment',
        ],
        [
          'a project value the project does not offer',
          '        subnet_ids: { from: project.subnets }\n',
          15,
          29,
          'spec.modules[1].inputs.subnet_ids.from: the project offers project.name and project.environment, not "project.subnets"',
        ],
        [
          'a source given without from',
          '        subnet_ids: vpc.private_subnet_ids\n',
          15,
          21,
          'spec.modules[1].inputs.subnet_ids: must be a mapping',
        ],
        [
          'a from that is no string',
          '        subnet_ids: { from: [vpc, private_subnet_ids] }\n',
          15,
          29,
          'spec.modules[1].inputs.subnet_ids.from: must be a string',
        ],
        [
          'an unknown field next to from',
          '        subnet_ids: { from: vpc.private_subnet_ids, value: x }\n',
          15,
          53,
          'spec.modules[1].inputs.subnet_ids.value: unknown field; expected one of from',
        ],
        [
          'an input name that is no variable name',
          '        "subnet ids": { from: vpc.private_subnet_ids }\n',
          15,
          9,
          'spec.modules[1].inputs.subnet ids: "subnet ids" is not a variable name (letters, digits, _ and -, not first a digit)',
        ],
      ])(
        'reports %s where it is and keeps the module',
        (_, inputs, line, column, message) => {
          const { manifest, problems } = parsePlatformManifest(
            withModules(
              `${vpc}${eks(
                `${inputs}        cluster_name: { from: project.name }\n`,
              )}`,
            ),
          );
          expect(problems).toEqual([
            { file: 'platform.yaml', line, column, message },
          ]);
          expect(manifest?.modules.map(m => m.name)).toEqual(['vpc', 'eks']);
          const kept = [{ input: 'cluster_name', from: 'project.name' }];
          expect(manifest?.modules[1].wiring).toEqual(
            message.endsWith('expected one of from')
              ? [
                  { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
                  ...kept,
                ]
              : kept,
          );
        },
      );

      it('reports inputs that are no mapping and keeps the module', () => {
        const { manifest, problems } = parsePlatformManifest(
          withModules(`${vpc}${eks('        - subnet_ids\n')}`),
        );
        expect(problems).toEqual([
          {
            file: 'platform.yaml',
            line: 15,
            column: 9,
            message: 'spec.modules[1].inputs: must be a mapping',
          },
        ]);
        expect(manifest?.modules[1]).toMatchObject({ name: 'eks', wiring: [] });
      });
    });

    it('reports duplicate names and paths against the first', () => {
      const { manifest, problems } = parsePlatformManifest(
        withModules(`    - name: vpc
      kind: terraform-module
      path: modules/vpc
    - name: vpc
      kind: terraform-module
      path: modules/vpc2
    - name: vpc3
      kind: terraform-module
      path: modules/vpc/
`),
      );
      expect(manifest?.modules.map(m => m.name)).toEqual(['vpc']);
      expect(problems).toEqual([
        {
          file: 'platform.yaml',
          line: 11,
          column: 13,
          message:
            'spec.modules[1].name: duplicate module name "vpc", already used by spec.modules[0] on line 8',
        },
        {
          file: 'platform.yaml',
          line: 16,
          column: 13,
          message:
            'spec.modules[2].path: duplicate module path "modules/vpc", already used by spec.modules[0] on line 8',
        },
      ]);
    });

    const sections = {
      apiVersion: 'apiVersion: platform-portal.io/v1alpha1\n',
      kind: 'kind: Platform\n',
      metadata: 'metadata:\n  name: acme\n',
      spec: 'spec:\n  repository: https://github.com/acme/platform\n  modules: []\n',
      extra: '',
    };

    it.each<[string, Partial<typeof sections>, string]>([
      ['no apiVersion', { apiVersion: '' }, 'apiVersion: is required'],
      [
        'another apiVersion',
        { apiVersion: 'apiVersion: platform-portal.io/v2\n' },
        'apiVersion: unsupported "platform-portal.io/v2"; expected platform-portal.io/v1alpha1',
      ],
      [
        'another kind',
        { kind: 'kind: Component\n' },
        'kind: must be Platform, not "Component"',
      ],
      ['no metadata', { metadata: '' }, 'metadata: is required'],
      [
        'no metadata name',
        { metadata: 'metadata: {}\n' },
        'metadata.name: is required',
      ],
      ['no spec', { spec: 'spec: null\n' }, 'spec: is required'],
      [
        'a spec that is a list',
        { spec: 'spec: []\n' },
        'spec: must be a mapping',
      ],
      [
        'a repository that is no git URL',
        { spec: 'spec:\n  repository: ./platform\n  modules: []\n' },
        'spec.repository: "./platform" is not a git repository URL',
      ],
      [
        'no modules',
        { spec: 'spec:\n  repository: https://github.com/acme/platform\n' },
        'spec.modules: is required',
      ],
      [
        'modules that are no list',
        {
          spec: 'spec:\n  repository: https://github.com/acme/platform\n  modules: {}\n',
        },
        'spec.modules: must be a list',
      ],
    ])('gives no manifest for %s', (_, replacements, message) => {
      const text = Object.values({ ...sections, ...replacements }).join('');
      expect(parsePlatformManifest(text)).toEqual({
        problems: [
          {
            file: 'platform.yaml',
            line: expect.any(Number),
            column: expect.any(Number),
            message,
          },
        ],
      });
    });

    it('reports an unknown top-level field and keeps the manifest', () => {
      const text = Object.values({ ...sections, extra: 'status: {}\n' }).join(
        '',
      );
      const { manifest, problems } = parsePlatformManifest(text);
      expect(manifest?.name).toBe('acme');
      expect(problems).toEqual([
        {
          file: 'platform.yaml',
          line: 8,
          column: 1,
          message:
            'status: unknown field; expected one of apiVersion, kind, metadata, spec',
        },
      ]);
    });

    it('reports malformed YAML with its position', () => {
      expect(
        parsePlatformManifest(
          'apiVersion: platform-portal.io/v1alpha1\nkind: [Platform\n',
        ),
      ).toEqual({
        problems: [
          {
            file: 'platform.yaml',
            line: expect.any(Number),
            column: expect.any(Number),
            message: expect.stringMatching(/^invalid YAML: /),
          },
        ],
      });
    });

    it('reports duplicate keys', () => {
      const { manifest, problems } = parsePlatformManifest(
        'kind: Platform\nkind: Platform\n',
      );
      expect(manifest).toBeUndefined();
      expect(problems).toEqual([
        {
          file: 'platform.yaml',
          line: 2,
          column: 1,
          message: 'invalid YAML: Map keys must be unique',
        },
      ]);
    });

    it('reports several documents', () => {
      const { problems } = parsePlatformManifest(`${example}---\n${example}`);
      expect(problems.map(p => p.message)).toEqual([
        expect.stringContaining('multiple documents'),
      ]);
    });

    it('refuses an alias bomb', () => {
      const bomb = [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
        'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
      ].join('\n');
      const { manifest, problems } = parsePlatformManifest(bomb);
      expect(manifest).toBeUndefined();
      expect(problems).toEqual([
        {
          file: 'platform.yaml',
          line: 2,
          column: 8,
          message: expect.stringContaining('aliases expand to too many nodes'),
        },
      ]);
    });

    it.each([
      ['flow lists', `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 1, 104],
      [
        'indented mappings',
        Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}x${i}:`).join(
          '\n',
        ),
        101,
        101,
      ],
    ])(
      'refuses YAML nested deeper than the extractors read, in %s',
      (_, nesting, line, column) => {
        expect(parsePlatformManifest(`${example}${nesting}`)).toEqual({
          problems: [
            {
              file: 'platform.yaml',
              line: example.split('\n').length - 1 + line,
              column,
              message:
                'YAML nesting is deeper than 100 levels; platform.yaml was not read',
            },
          ],
        });
      },
    );

    it('reads nesting within the limit', () => {
      const { manifest, problems } = parsePlatformManifest(
        `${example}x: ${'['.repeat(99)}${']'.repeat(99)}\n`,
      );
      expect(manifest?.modules).toHaveLength(6);
      expect(problems.map(p => p.message)).toEqual([
        'x: unknown field; expected one of apiVersion, kind, metadata, spec',
      ]);
    });

    it.each(['', '# only a comment\n', 'null\n'])(
      'reports an empty file %j',
      text => {
        expect(parsePlatformManifest(text)).toEqual({
          problems: [
            {
              file: 'platform.yaml',
              line: 1,
              column: 1,
              message: 'the file is empty; expected a Platform manifest',
            },
          ],
        });
      },
    );

    it('reports a document that is no mapping', () => {
      expect(
        parsePlatformManifest('- a\n').problems.map(p => p.message),
      ).toEqual(['(document): must be a mapping']);
    });
  });
});
