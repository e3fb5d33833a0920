import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createTerraformExtractor } from '@platform-portal/plugin-platform-engine';
import yaml from 'yaml';
import { INJECTED_DOCUMENT, ORDERS_API_ANNOTATIONS } from './templateValues';
import { LATEST_VPC } from './testPlatform';

const TEMPLATE = path.resolve(
  // A test, never built: the template sits next to the sources.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../templates/federated-project/template.yaml',
);

/** A value that would close a quoted string and the block around it, in YAML or in HCL. */
const BREAKOUT =
  'x"\n}\nresource "null_resource" "pwn" {\n  # ${file("/etc/passwd")} %{ if true }x%{ endif }\n';

const MODULES = { vpc: LATEST_VPC };

/**
 * The one YAML document of a rendered file, as data; fails when it holds more or does not parse.
 * `ignoreEmpty` passes over empty documents, which a template's separators leave.
 */
function onlyDocument(text: string, { ignoreEmpty = false } = {}) {
  const documents = yaml
    .parseAllDocuments(text)
    .filter(doc => !ignoreEmpty || doc.contents !== null);
  expect(documents).toHaveLength(1);
  expect(documents[0].errors).toEqual([]);
  return documents[0].toJS();
}

/** The module references of a rendered main.tf, read by the real extractor; fails on a problem. */
async function mainTfReferences(content: string) {
  const extractor = await createTerraformExtractor();
  const { references, problems } = await extractor.extract({
    path: 'main.tf',
    content,
  });
  expect(problems).toEqual([]);
  return references;
}

describe('the federated-project skeleton, rendered by fetch:template', () => {
  let workspace: string;
  const action = createFetchTemplateAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });

  beforeEach(async () => {
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'skeleton-'));
  });
  afterEach(() => fs.rm(workspace, { recursive: true, force: true }));

  const render = async (
    url: string,
    values: JsonObject,
    targetPath?: string,
  ) => {
    const ctx = createMockActionContext({
      input: { url, values, ...(targetPath ? { targetPath } : {}) },
      workspacePath: workspace,
      templateInfo: {
        entityRef: 'template:default/federated-project',
        baseUrl: pathToFileURL(TEMPLATE).href,
      },
    });
    await action.handler(ctx as any);
    return (file: string) =>
      fs.readFile(path.join(workspace, targetPath ?? '', file), 'utf8');
  };

  const skeletonValues = (overrides: JsonObject = {}): JsonObject => ({
    name: 'orders-api',
    description: 'Orders API.',
    owner: 'group:default/team-orders',
    system: 'system:default/orders',
    iacTool: 'terraform',
    environments: ['staging', 'prod'],
    releaseChannels: ['git-tags', 'helm', 'oci', 'npm'],
    modules: MODULES,
    workflow: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
    workflowWith: ['environment'],
    platformRepository: 'https://github.com/acme/platform.git',
    repoHost: 'github.com',
    repoSlug: 'acme/orders-api',
    githubSlug: 'acme/orders-api',
    organisation: 'acme',
    platformTeam: 'platform-team',
    template: 'template:default/federated-project',
    templateVersion: '2',
    ...overrides,
  });

  it('keeps an owner holding a second YAML document inside spec.owner, as one entity', async () => {
    const read = await render(
      './skeleton',
      skeletonValues({
        owner: INJECTED_DOCUMENT,
        system: INJECTED_DOCUMENT,
        description: INJECTED_DOCUMENT,
      }),
    );
    const entity = onlyDocument(await read('catalog-info.yaml'));
    expect(entity.metadata.name).toBe('orders-api');
    expect(entity.metadata.description).toBe(INJECTED_DOCUMENT);
    expect(entity.spec.owner).toBe(INJECTED_DOCUMENT);
    expect(entity.spec.system).toBe(INJECTED_DOCUMENT);
    expect(Object.keys(entity.metadata.annotations)).not.toContain(
      'backstage.io/techdocs-ref',
    );
  });

  it('keeps every value of catalog-info.yaml a plain string, whatever it holds', async () => {
    const read = await render(
      './skeleton',
      skeletonValues({
        name: BREAKOUT,
        repoHost: BREAKOUT,
        repoSlug: `acme/${BREAKOUT}`,
        githubSlug: `acme/${BREAKOUT}`,
        organisation: BREAKOUT,
        templateVersion: BREAKOUT,
        iacTool: BREAKOUT,
        releaseChannels: [
          'git-tags',
          'github-releases',
          'oci',
          'helm',
          'terraform-registry',
          'npm',
          'pypi',
        ],
      }),
    );
    const entity = onlyDocument(await read('catalog-info.yaml'));
    expect(entity.metadata.name).toBe(BREAKOUT);
    expect(entity.metadata.annotations).toMatchObject({
      'github.com/project-slug': `acme/${BREAKOUT}`,
      'platform-portal.io/iac-tool': BREAKOUT,
      'platform-portal.io/template-version': BREAKOUT,
      'platform-portal.io/release-pypi': BREAKOUT,
    });
    expect(Object.keys(entity.metadata.annotations)).toHaveLength(11);
    expect(Object.keys(entity)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
    ]);
  });

  it('renders the usual project unchanged', async () => {
    const read = await render('./skeleton', skeletonValues());
    const entity = yaml.parse(await read('catalog-info.yaml'));
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders-api',
        description: 'Orders API.',
        annotations: ORDERS_API_ANNOTATIONS,
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-orders',
        system: 'system:default/orders',
      },
    });
    expect(await read('CODEOWNERS')).toBe(
      '* @acme/team-orders\ninfra/ @acme/team-orders @acme/platform-team\n',
    );
    expect(yaml.parse(await read('.github/workflows/ci.yml')).jobs).toEqual({
      'infra-staging': {
        uses: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
        with: { environment: 'staging' },
        secrets: 'inherit',
      },
      'infra-prod': {
        uses: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
        with: { environment: 'prod' },
        secrets: 'inherit',
      },
    });
    expect(await read('.gitignore')).toMatch(/^\.terraform\/$/m);
    const readme = await read('README.md');
    expect(readme).toMatch(/^# orders-api\n\nOrders API\.\n/);
    expect(readme).toContain('Owned by group:default/team-orders.');
  });

  it('renders a project without description, system or release channels', async () => {
    const read = await render(
      './skeleton',
      skeletonValues({
        description: undefined,
        system: undefined,
        releaseChannels: [],
      }),
    );
    const entity = yaml.parse(await read('catalog-info.yaml'));
    expect(entity.metadata).not.toHaveProperty('description');
    expect(entity.spec).not.toHaveProperty('system');
    expect(await read('README.md')).toMatch(
      /^# orders-api\n\n\n\nOwned by group:default\/team-orders\./,
    );
  });

  it('gives CODEOWNERS no rule besides its two, whatever the owner holds', async () => {
    const read = await render(
      './skeleton',
      skeletonValues({
        owner: `${INJECTED_DOCUMENT}\n* @evil/team`,
        organisation: 'acme\n* @evil/all',
        platformTeam: 'ops\n* @evil/all',
      }),
    );
    const rules = (await read('CODEOWNERS')).split('\n').filter(Boolean);
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatch(/^\* @[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/);
    expect(rules[1]).toMatch(
      /^infra\/ @[A-Za-z0-9-]+\/[A-Za-z0-9._-]+ @[A-Za-z0-9-]+\/ops$/,
    );
  });

  it('gives infra/ no rule of its own when no platform team is configured', async () => {
    const read = await render(
      './skeleton',
      skeletonValues({ platformTeam: '' }),
    );
    expect(await read('CODEOWNERS')).toBe('* @acme/team-orders\n');
  });

  it('names the organisation and the host the publish step chose, and no GitHub slug off GitHub', async () => {
    const values = skeletonValues({
      repoHost: 'git.example.com',
      repoSlug: 'globex/orders-api',
      githubSlug: '',
      sourceLocation:
        'url:https://git.example.com/globex/orders-api/tree/main/',
      organisation: 'globex',
      releaseChannels: ['git-tags', 'npm'],
    });
    const read = await render('./skeleton', values);
    const entity = yaml.parse(await read('catalog-info.yaml'));
    expect(entity.metadata.annotations).not.toHaveProperty(
      'github.com/project-slug',
    );
    expect(entity.metadata.annotations).toMatchObject({
      // The scanner finds the repository by it where no slug names one.
      'backstage.io/source-location':
        'url:https://git.example.com/globex/orders-api/tree/main/',
      'platform-portal.io/release-git-tags':
        'https://git.example.com/globex/orders-api.git',
      'platform-portal.io/release-npm': '@globex/orders-api',
    });
    expect(await read('CODEOWNERS')).toBe(
      '* @globex/team-orders\ninfra/ @globex/team-orders @globex/platform-team\n',
    );
    const main = await (
      await render(
        './environment',
        { ...values, environment: 'staging' },
        'infra/environments/staging',
      )
    )('main.tf');
    expect(main).toContain('bucket = "globex-terraform-state"');
    expect(main).not.toContain('acme-terraform-state');
  });

  it('passes only the workflow inputs the pinned release declares, and none when it declares none', async () => {
    const jobsOf = async (workflowWith: string[] | undefined) => {
      // A folder per rendering: fetch:template keeps files that exist.
      const read = await render(
        './skeleton',
        skeletonValues({ workflowWith }),
        `project-${Math.random().toString(36).slice(2)}`,
      );
      return yaml.parse(await read('.github/workflows/ci.yml')).jobs;
    };
    expect((await jobsOf(['tool', 'environment']))['infra-prod']).toEqual({
      uses: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
      with: { tool: 'terraform', environment: 'prod' },
      secrets: 'inherit',
    });
    for (const none of [[], undefined]) {
      expect((await jobsOf(none))['infra-prod']).toEqual({
        uses: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
        secrets: 'inherit',
      });
    }
    // A name the template does not fill is no key of its own.
    expect(
      (await jobsOf([BREAKOUT, 'environment']))['infra-prod'].with,
    ).toEqual({ environment: 'prod' });
  });

  it('keeps ci.yml to one job per environment, whatever the workflow and tool hold', async () => {
    const read = await render(
      './skeleton',
      skeletonValues({
        workflow: BREAKOUT,
        iacTool: BREAKOUT,
        workflowWith: ['environment', 'tool'],
      }),
    );
    const workflow = onlyDocument(await read('.github/workflows/ci.yml'));
    expect(Object.keys(workflow.jobs)).toEqual(['infra-staging', 'infra-prod']);
    expect(workflow.jobs['infra-prod']).toEqual({
      uses: BREAKOUT,
      with: { environment: 'prod', tool: BREAKOUT },
      secrets: 'inherit',
    });
  });

  it('escapes Markdown in the README description, so it cannot add links or HTML', async () => {
    const description =
      '[Sign in again](https://evil.example/login) <img src=x onerror=alert(1)> ![x](https://evil.example/x.png)';
    const read = await render('./skeleton', skeletonValues({ description }));
    const readme = await read('README.md');
    const line = readme.split('\n')[2];
    expect(line).not.toMatch(/(?<!\\)\]\(/);
    expect(line).not.toMatch(/(?<!\\)</);
    expect(line.replace(/\\(.)/g, '$1')).toBe(description);
  });

  it('writes each module source into main.tf as one HCL string, read back as written', async () => {
    const read = await render(
      './environment',
      {
        name: BREAKOUT,
        environment: 'staging',
        modules: {
          vpc: { ...MODULES.vpc, source: `${MODULES.vpc.source}${BREAKOUT}` },
          [BREAKOUT]: MODULES.vpc,
        },
      },
      'infra/environments/staging',
    );
    const content = await read('main.tf');
    const references = await mainTfReferences(content);
    expect(references.map(r => r.source)).toEqual([
      `${MODULES.vpc.source}${BREAKOUT}`,
      MODULES.vpc.source,
    ]);
    expect(content).not.toMatch(/^resource /m);
  });

  it('renders main.tf with the provider, the locals and each call with its arguments', async () => {
    const read = await render(
      './environment',
      {
        name: 'orders-api',
        environment: 'prod',
        region: 'eu-central-1',
        modules: MODULES,
      },
      'infra/environments/prod',
    );
    const content = await read('main.tf');
    expect(content).toContain(
      [
        'module "vpc" {',
        '  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.0"',
        '',
        '  name = local.name',
        '  cidr = "10.0.0.0/16"',
        '}',
      ].join('\n'),
    );
    expect(content).toContain('key    = "orders-api/prod/terraform.tfstate"');
    expect(content).toContain('name        = "orders-api-prod"');
    expect(content).toContain('environment = "prod"');
    expect(content).toContain('provider "aws" {\n  region = "eu-central-1"\n}');
    expect(content).toContain(
      'required_providers {\n    aws = {\n      source  = "hashicorp/aws"',
    );
  });

  it('writes the region and environment as HCL strings, and each argument only as the resolve step encoded it', async () => {
    const read = await render(
      './environment',
      {
        name: 'orders-api',
        environment: BREAKOUT,
        region: BREAKOUT,
        modules: {
          vpc: {
            ...MODULES.vpc,
            label: BREAKOUT,
            arguments: [
              { name: BREAKOUT, hcl: '"10.0.0.0/16"' },
              { name: 'cidr', hcl: '"x\\"}\\n$${y}"' },
            ],
          },
        },
      },
      'infra/environments/staging',
    );
    const content = await read('main.tf');
    const references = await mainTfReferences(content);
    expect(references).toHaveLength(1);
    expect(content).not.toMatch(/^resource /m);
    // Labels and argument names keep only what an identifier holds.
    expect(content).toMatch(/^module "x_{4}resource_{2}null_resource\w+" \{$/m);
    expect(content).toMatch(/^ {2}x_{4}resource\w+ = "10\.0\.0\.0\/16"$/m);
  });

  it('writes one Claim document per composition, whatever the values hold', async () => {
    const claim = {
      apiVersion: 'platform.globex.io/v1beta1',
      kind: 'PostgreSQLInstance',
      composition: BREAKOUT,
      revisionLabel: BREAKOUT,
      spec: { region: BREAKOUT, [BREAKOUT]: { nested: [BREAKOUT, 3] } },
    };
    const read = await render(
      './environment-crossplane',
      {
        name: BREAKOUT,
        environment: 'prod',
        modules: {
          postgresql: {
            version: '1.1.0',
            ref: 'postgresql/v1.1.0',
            source: BREAKOUT,
            kind: 'crossplane-composition',
            path: 'crossplane/postgresql',
            claim,
          },
        },
      },
      'infra/environments/prod',
    );
    const claimDocument = onlyDocument(await read('claims.yaml'), {
      ignoreEmpty: true,
    });
    expect(claimDocument).toMatchObject({
      kind: 'PostgreSQLInstance',
      metadata: { name: `${BREAKOUT}-postgresql` },
      spec: {
        region: BREAKOUT,
        [BREAKOUT]: { nested: [BREAKOUT, 3] },
        compositionRef: { name: BREAKOUT },
        // The release label is under the platform's own API group, not a group of the template's.
        compositionRevisionSelector: {
          matchLabels: { 'platform.globex.io/revision': BREAKOUT },
        },
      },
    });
    expect(Object.keys(claimDocument.spec)).toEqual([
      'region',
      BREAKOUT,
      'compositionRef',
      'compositionUpdatePolicy',
      'compositionRevisionSelector',
      'writeConnectionSecretToRef',
    ]);
  });
});
