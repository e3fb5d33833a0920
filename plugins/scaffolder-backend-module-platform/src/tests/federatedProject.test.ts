import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createDefaultExtractors,
  createRepositoryHostsFromConfig,
  loadPlatform,
  resolveReference,
  runGit,
  scanTree,
} from '@platform-portal/plugin-platform-engine';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import { Reference } from '@platform-portal/plugin-platform-common';
import yaml from 'yaml';
import { INJECTED_DOCUMENT, ORDERS_API_ANNOTATIONS } from './templateValues';
import { TestPlatform, VPC_INPUTS, createTestPlatform } from './testPlatform';
import {
  createTask,
  getEntity,
  runTemplate,
  startPortalBackend,
} from '../__testUtils__/portalBackend';

jest.setTimeout(120_000);

/** The form's values for a Terraform project of team-orders with one module, published locally. */
function formValues(values: Record<string, unknown>) {
  return {
    owner: 'group:default/team-orders',
    iacTool: 'terraform',
    modules: ['vpc'],
    moduleInputs: { vpc: { version: '2.1.0', inputs: VPC_INPUTS } },
    environments: ['staging'],
    publishTarget: 'local',
    ...values,
  };
}

describe('the federated-project template', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.cleanup());

  /** What the scanner finds in a clone of a published repository, and how it judges each. */
  async function scanPublished(bare: string, checkoutName: string) {
    const checkout = path.join(platform.root, checkoutName);
    await runGit(['clone', '--quiet', pathToFileURL(bare).href, checkout]);
    const loaded = await loadPlatform(
      createRepositoryHostsFromConfig(new ConfigReader(platform.config)),
      'https://github.com/acme/platform',
    );
    const { references, problems } = await scanTree(checkout, {
      extractors: await createDefaultExtractors(),
    });
    const verdictOf = (reference: Reference) =>
      resolveReference(reference, loaded.snapshot).verdict;
    return { references, problems, verdictOf };
  }

  it('publishes a compliant project pinned to the latest modules and registers it', async () => {
    const server = await startPortalBackend(platform);
    const task = await runTemplate(
      server,
      formValues({
        name: 'orders-api',
        description: 'Orders API.',
        system: 'orders',
        modules: ['vpc', 'eks', 'rds'],
        moduleInputs: {
          vpc: {
            version: '2.1.0',
            inputs: { ...VPC_INPUTS, az_count: 2, tags: { team: 'orders' } },
          },
          eks: { version: '3.2.0', inputs: {} },
          rds: { version: '2.1.0', inputs: { deletion_protection: false } },
        },
        environments: ['staging', 'prod'],
        releaseChannels: ['git-tags', 'helm', 'oci', 'npm'],
      }),
    );
    if (task.status !== 'completed') {
      throw new Error(`task ${task.status}: ${task.messages.join('\n')}`);
    }

    const bare = path.join(platform.root, 'acme', 'orders-api.git');
    const tree = await runGit(['ls-tree', '-r', 'main'], { cwd: bare });
    for (const file of [
      'catalog-info.yaml',
      'CODEOWNERS',
      'README.md',
      '.github/workflows/ci.yml',
      'infra/environments/staging/main.tf',
      'infra/environments/prod/main.tf',
      'src/README.md',
    ]) {
      expect(tree).toContain(`\t${file}\n`);
    }
    expect(tree).toMatch(/^100755 blob \w+\tscripts\/plan.sh$/m);
    expect(tree).toMatch(/^100755 blob \w+\tscripts\/apply.sh$/m);

    const show = (file: string) =>
      runGit(['show', `main:${file}`], { cwd: bare });
    const staging = await show('infra/environments/staging/main.tf');
    expect(staging).toContain(
      'source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.0"',
    );
    expect(staging).toContain('?ref=eks-v3.2.0"');
    expect(staging).toContain('?ref=rds/v2.1.0"');
    // Every call carries its required inputs, wired or set, and the optional ones set.
    expect(staging).toContain(
      [
        '  name     = local.name',
        '  cidr     = "10.0.0.0/16"',
        '  az_count = 2',
        '  tags     = { "team" = "orders" }',
      ].join('\n'),
    );
    expect(staging).toContain(
      '  cluster_name = local.name\n  subnet_ids   = module.vpc.private_subnet_ids\n',
    );
    expect(staging).toContain(
      '  identifier          = local.name\n  subnet_ids          = module.vpc.private_subnet_ids\n  deletion_protection = false\n',
    );
    expect(staging).toContain('provider "aws" {\n  region = "eu-west-1"\n}');
    const ci = yaml.parse(await show('.github/workflows/ci.yml'));
    // terraform.yml@v3.2.0 declares environment, not tool.
    expect(ci.jobs['infra-staging']).toEqual({
      uses: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
      with: { environment: 'staging' },
      secrets: 'inherit',
    });
    expect(await show('.gitignore')).toContain('*.tfstate');
    const entity = yaml.parse(await show('catalog-info.yaml'));
    expect(entity.metadata.annotations).toEqual(ORDERS_API_ANNOTATIONS);
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-orders',
      system: 'orders',
    });

    // What the scanner will find: a clone of the published repository shows no drift.
    const { references, problems, verdictOf } = await scanPublished(
      bare,
      'checkout',
    );
    expect(problems).toEqual([]);
    expect(references.length).toBe(8);
    expect(references.map(verdictOf)).toEqual(Array(8).fill('up-to-date'));

    // Registered: the catalog read catalog-info.yaml from the local bare repository.
    const registered = await getEntity(server, 'orders-api');
    expect(registered.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/orders-api/tree/main/catalog-info.yaml',
      'backstage.io/source-location':
        'url:https://github.com/acme/orders-api/tree/main/',
      'platform-portal.io/release-git-tags':
        'https://github.com/acme/orders-api.git',
    });
    expect(task.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityRef: 'component:default/orders-api',
        }),
      ]),
    );
    expect(task.messages.join('\n')).toMatch(
      /component:default\/orders-api .*; the new service will be scanned on the next scheduled scan/,
    );
    // The review lists each module with the version and ref pinned and the inputs it got.
    const review = task.output.text[0].content;
    expect(review).toContain(
      '| vpc | 2.1.0 | `vpc/v2.1.0` | name ← project.name; cidr = "10.0.0.0/16"; az\\_count = 2; tags = \\{ "team" = "orders" \\} |',
    );
    expect(review).toContain(
      '| rds | 2.1.0 | `rds/v2.1.0` | identifier ← project.name; subnet\\_ids ← vpc.private\\_subnet\\_ids; deletion\\_protection = false |',
    );
    expect(review).toContain(
      '| terraform-ci | 3.2.0 | `v3.2.0` | environment per environment |',
    );
    // Each step is named for what it does, and its log says what really ran.
    expect(
      task.messages
        .filter(m => m.startsWith('Beginning step '))
        .map(m => m.slice('Beginning step '.length)),
    ).toEqual([
      'Check the project name is free',
      'Work out where the project is published',
      'Pin the modules to their releases',
      'Pin the platform CI workflow to its release',
      'Write the project files',
      'Write the infrastructure of each environment',
      'Check the project against platform policy',
      'Publish to the local git root',
      // Begun, then skipped as its log says: the project goes to the local git root.
      'Publish to GitHub',
      'Register the project in the catalog',
      'Ask for a first drift scan',
    ]);
    const log = task.messages.join('\n');
    expect(log).toContain(
      'orders-api is free: checked the catalog and the local git root.',
    );
    expect(log).toContain(
      'Pinned rds to release 2.1.0 (git::https://github.com/acme/platform.git//modules/rds?ref=rds/v2.1.0)',
    );
    expect(log).toContain(
      'Skipping step publish-github because its if condition was false',
    );
    expect(log).toMatch(
      /Published commit \w{12} \(branch main\) to a new repository orders-api\.git in the local git root; the catalog and the scanner read it as https:\/\/github\.com\/acme\/orders-api\n/,
    );
    expect(log).toMatch(
      /The project complies with platform policy .*\n- catalog-info\.yaml describes the component orders-api\n- 8 module references pinned/,
    );
    // Only the scaffolder's own fetch:template names the workspace; no platform step names a local path.
    const local = task.messages.filter(
      m => m.includes(platform.root) || m.includes('file:'),
    );
    expect(local).toHaveLength(3);
    expect(local).toEqual(
      task.messages.filter(m => m.includes('Template result written to')),
    );
  });

  describe('outside the demo, with a local git root on a host of its own', () => {
    /** Projects go to <root>/projects, read as https://git.example.test/projects/<name>; the platform stays where it is. */
    const localRootConfig = (publish: Record<string, unknown>) => ({
      platform: {
        ...platform.config.platform,
        git: {
          localRoots: [platform.root],
          rewrites: [
            ...platform.config.platform.git.rewrites,
            {
              from: 'https://git.example.test/projects/',
              to: `${platform.root}/projects/`,
            },
          ],
        },
        publish,
      },
    });

    it('registers the project by the URL mapped onto the root, naming the organisation of platform.publish', async () => {
      const server = await startPortalBackend(platform, {
        config: localRootConfig({
          localRoot: path.join(platform.root, 'projects'),
          organisation: 'globex',
        }),
      });
      const task = await runTemplate(
        server,
        formValues({ name: 'globex-api', releaseChannels: ['git-tags'] }),
      );
      if (task.status !== 'completed') {
        throw new Error(`task ${task.status}: ${task.messages.join('\n')}`);
      }
      expect(task.messages.join('\n')).toContain(
        'globex-api will be published as https://git.example.test/projects/globex-api, for the organisation globex',
      );
      const bare = path.join(platform.root, 'projects', 'globex-api.git');
      const show = (file: string) =>
        runGit(['show', `main:${file}`], { cwd: bare });
      expect(await show('CODEOWNERS')).toContain('* @globex/team-orders');
      const registered = await getEntity(server, 'globex-api');
      expect(registered.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location':
          'url:https://git.example.test/projects/globex-api/blob/main/catalog-info.yaml',
        'platform-portal.io/release-git-tags':
          'https://git.example.test/projects/globex-api.git',
      });
      // The slug annotation means github.com to the scanner; this repository is not there.
      expect(registered.metadata.annotations).not.toHaveProperty(
        'github.com/project-slug',
      );
    });

    it('refuses, before anything is written, a local git root no URL is mapped onto', async () => {
      const server = await startPortalBackend(platform, {
        config: localRootConfig({
          localRoot: path.join(platform.root, 'unmapped'),
        }),
      });
      const task = await runTemplate(server, formValues({ name: 'unmapped' }));
      expect(task.status).toBe('failed');
      const log = task.messages.join('\n');
      expect(log).toContain(
        'No URL is mapped onto platform.publish.localRoot, so the catalog could not read the project',
      );
      expect(log).not.toContain(path.join(platform.root, 'unmapped'));
      await expect(
        fs.access(path.join(platform.root, 'unmapped')),
      ).rejects.toThrow();
    });
  });

  it('gives a Crossplane project Claims pinned to the composition release, with no drift', async () => {
    const server = await startPortalBackend(platform);
    const task = await runTemplate(
      server,
      formValues({
        name: 'orders-db',
        iacTool: 'crossplane',
        modules: ['postgresql'],
        moduleInputs: {
          postgresql: {
            version: '1.1.0',
            inputs: { region: 'eu-central-1', storageGB: 50 },
          },
        },
        environments: ['staging', 'prod'],
        releaseChannels: [],
      }),
    );
    if (task.status !== 'completed') {
      throw new Error(`task ${task.status}: ${task.messages.join('\n')}`);
    }
    const bare = path.join(platform.root, 'acme', 'orders-db.git');
    const show = (file: string) =>
      runGit(['show', `main:${file}`], { cwd: bare });
    const tree = await runGit(['ls-tree', '-r', '--name-only', 'main'], {
      cwd: bare,
    });
    expect(tree).not.toContain('main.tf');
    const claims = yaml
      .parseAllDocuments(await show('infra/environments/prod/claims.yaml'))
      .map(doc => doc.toJS());
    expect(claims).toEqual([
      {
        apiVersion: 'platform.acme.io/v1beta1',
        kind: 'PostgreSQLInstance',
        metadata: { name: 'orders-db-postgresql', namespace: 'orders-db-prod' },
        spec: {
          region: 'eu-central-1',
          storageGB: 50,
          compositionRef: { name: 'xpostgresqlinstances.aws.platform.acme.io' },
          compositionUpdatePolicy: 'Manual',
          compositionRevisionSelector: {
            matchLabels: { 'platform.acme.io/revision': 'postgresql-v1.1.0' },
          },
          writeConnectionSecretToRef: { name: 'orders-db-postgresql' },
        },
      },
    ]);
    expect(await show('scripts/plan.sh')).toContain(
      'kubectl apply --dry-run=server',
    );
    const entity = yaml.parse(await show('catalog-info.yaml'));
    expect(entity.metadata.annotations).toEqual({
      'github.com/project-slug': 'acme/orders-db',
      'backstage.io/source-template': 'template:default/federated-project',
      'platform-portal.io/template-version': '2',
      'platform-portal.io/iac-tool': 'crossplane',
    });

    // The scanner finds each Claim and the CI workflow; none of them drifts.
    const { references, problems, verdictOf } = await scanPublished(
      bare,
      'checkout-crossplane',
    );
    expect(problems).toEqual([]);
    const verdicts = references.map(r => [r.kind, r.ref, verdictOf(r)]);
    expect(verdicts).toEqual(
      expect.arrayContaining([
        ['crossplane-composition-ref', 'postgresql-v1.1.0', 'external'],
        ['github-reusable-workflow', 'v3.2.0', 'up-to-date'],
      ]),
    );
    expect(
      references.filter(r => r.kind === 'crossplane-composition-ref'),
    ).toHaveLength(2);
    const drifting = verdicts.filter(
      ([, , verdict]) => verdict !== 'up-to-date' && verdict !== 'external',
    );
    expect(drifting).toEqual([]);
    expect(
      (await getEntity(server, 'orders-db')).metadata.annotations,
    ).toMatchObject({
      'platform-portal.io/iac-tool': 'crossplane',
    });
  });

  it('refuses a Terraform module for a Crossplane project at the first step, naming the kinds', async () => {
    const server = await startPortalBackend(platform);
    const task = await runTemplate(
      server,
      formValues({
        name: 'mixed-up',
        iacTool: 'crossplane',
      }),
    );
    expect(task.status).toBe('failed');
    expect(task.messages.join('\n')).toMatch(
      /'vpc' is a terraform-module; this step takes crossplane-composition modules \(postgresql\)/,
    );
    await expect(
      fs.access(path.join(platform.root, 'acme', 'mixed-up.git')),
    ).rejects.toThrow();
  });

  it('refuses a module the platform does not offer, naming it and the modules offered', async () => {
    const server = await startPortalBackend(platform);
    const task = await runTemplate(
      server,
      formValues({
        name: 'no-such-module',
        modules: ['vpc', 'nope'],
      }),
    );
    expect(task.status).toBe('failed');
    expect(task.messages.join('\n')).toMatch(
      /Unknown platform module 'nope'; .* offers vpc, eks, rds, dns, terraform-ci, postgresql/,
    );
  });

  it('refuses a module call without a required input, or pinned at a version that does not exist, before anything is written', async () => {
    const server = await startPortalBackend(platform);
    const refused: Array<[Record<string, unknown>, string]> = [
      [
        { moduleInputs: { vpc: { version: '2.1.0', inputs: {} } } },
        "vpc 2.1.0 requires 'cidr', which is not set",
      ],
      [
        { moduleInputs: undefined },
        "vpc 2.1.0 requires 'cidr', which is not set",
      ],
      [
        { moduleInputs: { vpc: { version: '2.2.0', inputs: VPC_INPUTS } } },
        "The module 'vpc' has no release '2.2.0'",
      ],
    ];
    for (const [change, message] of refused) {
      const task = await runTemplate(
        server,
        formValues({ name: 'refused-inputs', ...change }),
      );
      expect(task.status).toBe('failed');
      expect(task.messages.join('\n')).toContain(message);
    }
    await expect(
      fs.access(path.join(platform.root, 'acme', 'refused-inputs.git')),
    ).rejects.toThrow();
  });

  it('refuses an owner, system, description or repository the pickers would not give, naming the field', async () => {
    const server = await startPortalBackend(platform);
    const values = formValues({
      name: 'refused',
    });
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ owner: INJECTED_DOCUMENT }, /instance.owner does not match pattern/],
      [{ owner: 'team-orders' }, /instance.owner does not match pattern/],
      [
        { owner: 'component:default/orders' },
        /instance.owner does not match pattern/,
      ],
      [{ system: INJECTED_DOCUMENT }, /instance.system does not match pattern/],
      [
        { description: 'Orders API.\nspec:\n  owner: evil' },
        /instance.description does not match pattern/,
      ],
      [
        { description: 'x'.repeat(301) },
        /instance.description does not meet maximum length of 300/,
      ],
      [
        {
          publishTarget: 'github',
          repoUrl: 'github.com?owner=acme&repo=x%0A---%0Akind: Component',
        },
        /instance.repoUrl does not match pattern/,
      ],
    ];
    for (const [change, message] of refused) {
      const created = await createTask(server, { ...values, ...change });
      expect(created.status).toBe(400);
      expect(JSON.stringify(created.body)).toMatch(message);
    }
    await expect(
      fs.access(path.join(platform.root, 'acme', 'refused.git')),
    ).rejects.toThrow();

    const accepted = await runTemplate(server, {
      ...values,
      name: 'accepted',
      owner: 'user:default/Jane.Doe',
      system: 'system:default/orders',
      description: 'Orders API: "quotes", #hashes and ümlauts.',
    });
    expect(accepted.status).toBe('completed');
  });

  it('refuses an existing name, and names with ../, leaving what exists untouched', async () => {
    const server = await startPortalBackend(platform);
    const values = formValues({
      name: 'taken',
    });
    const first = await runTemplate(server, values);
    expect(first.messages).toEqual(
      expect.arrayContaining(['Run completed with status: completed']),
    );
    const bare = path.join(platform.root, 'acme', 'taken.git');
    const before = await runGit(['rev-parse', 'main'], { cwd: bare });

    // What the form shows while the name is typed, next to the scaffolder's own routes.
    const asked = await request(server)
      .get('/api/scaffolder/platform/project-name?name=taken')
      .set('Authorization', mockCredentials.user.header());
    expect(asked.status).toBe(200);
    expect(asked.body.taken).toEqual([
      'taken already exists in the catalog (owned by team-orders).',
      'taken already exists in the local git root.',
    ]);

    const again = await runTemplate(server, {
      ...values,
      description: 'Another project with the same name.',
    });
    expect(again.status).toBe('failed');
    // Refused before anything is written, in the words the form shows next to the name.
    expect(again.messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^InputError: taken already exists in the catalog \(owned by team-orders\)\. taken already exists in the local git root\. Choose another project name\.\n/,
        ),
      ]),
    );
    expect(again.messages.join('\n')).toMatch(
      /Skipping step skeleton because a previous step failed/,
    );
    expect(await runGit(['rev-parse', 'main'], { cwd: bare })).toBe(before);

    for (const name of ['../escape', 'Upper', 'a/b']) {
      const refused = await createTask(server, { ...values, name });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toMatch(/instance.name/);
    }
    expect(
      (await fs.readdir(path.join(platform.root, 'acme'))).sort(),
    ).not.toContain('escape.git');
  });

  it('fails at the first step, naming the module, when a module is unknown to the platform', async () => {
    const server = await startPortalBackend(platform, {
      config: {
        platform: {
          ...platform.config.platform,
          platforms: [{ repository: 'https://github.com/acme/platform' }],
        },
      },
    });
    const task = await runTemplate(
      server,
      formValues({
        name: 'unknown-module',
        modules: ['s3-bucket'],
      }),
    );
    expect(task.status).toBe('failed');
    expect(task.messages.join('\n')).toMatch(
      /Unknown platform module 's3-bucket'/,
    );
    await expect(
      fs.access(path.join(platform.root, 'acme', 'unknown-module.git')),
    ).rejects.toThrow();
  });
});
