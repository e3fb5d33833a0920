import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  LocalGitUrlReader,
  createDefaultExtractors,
  loadPlatform,
  createRepositoryHostsFromConfig,
  resolveReference,
  runGit,
  scanTree,
} from '@internal/plugin-platform-node';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import yaml from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModulePlatform } from '../module';
import { TestPlatform, createTestPlatform } from './testPlatform';

const TEMPLATE = path.resolve(
  __dirname,
  '../../../../templates/federated-project/template.yaml',
);

jest.setTimeout(120_000);

type Server = Parameters<typeof request>[0];

/** The scaffolder, this module and the real catalog, reading the local git root as the portal does. */
async function startPortalBackend(
  platform: TestPlatform,
  extra: { config?: Record<string, any>; features?: any[] } = {},
) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModulePlatform,
      catalogPlugin,
      catalogModuleTemplateKind,
      createServiceFactory({
        service: urlReaderFactoriesServiceRef,
        deps: {},
        async factory() {
          return LocalGitUrlReader.factory;
        },
      }),
      ...(extra.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...platform.config,
          backend: { workingDirectory: platform.root },
          catalog: {
            rules: [{ allow: ['Component', 'Location', 'Template'] }],
            locations: [{ type: 'file', target: TEMPLATE }],
          },
          ...extra.config,
        },
      }),
    ],
  });
  // The template comes from a catalog location; wait until the catalog has processed it.
  for (let i = 0; ; i++) {
    const found = await request(server)
      .get('/api/catalog/entities/by-name/template/default/federated-project')
      .set('Authorization', mockCredentials.user.header());
    if (found.status === 200) {
      break;
    }
    if (i > 300) {
      throw new Error('the catalog never loaded the template');
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return server;
}

async function runTemplate(
  server: Server,
  values: Record<string, unknown>,
): Promise<{ status: string; messages: string[]; output: any }> {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: 'template:default/federated-project', values });
  if (created.status !== 201) {
    throw new Error(`${created.status}: ${JSON.stringify(created.body)}`);
  }
  const taskId = created.body.id;
  let task: any;
  for (let i = 0; i < 1200; i++) {
    task = (
      await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', mockCredentials.user.header())
    ).body;
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      break;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
    .set('Authorization', mockCredentials.user.header());
  return {
    status: task.status,
    messages: events.body.map((e: any) => e.body.message).filter(Boolean),
    output: events.body.find((e: any) => e.type === 'completion')?.body?.output,
  };
}

async function getEntity(server: Server, name: string) {
  for (let i = 0; i < 300; i++) {
    const found = await request(server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('Authorization', mockCredentials.user.header());
    if (found.status === 200) {
      return found.body;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`component ${name} never appeared in the catalog`);
}

describe('the federated-project template', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.cleanup());

  it('publishes a compliant project pinned to the latest modules and registers it', async () => {
    const server = await startPortalBackend(platform);
    const task = await runTemplate(server, {
      name: 'orders-api',
      description: 'Orders API.',
      owner: 'group:default/team-orders',
      system: 'orders',
      iacTool: 'terraform',
      modules: ['vpc', 'eks', 'rds'],
      environments: ['staging', 'prod'],
      releaseChannels: ['git-tags', 'helm', 'oci', 'npm'],
      publishTarget: 'local',
    });
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
    expect(await show('.github/workflows/ci.yml')).toContain(
      'uses: acme/platform/.github/workflows/terraform.yml@v3.2.0',
    );
    const entity = yaml.parse(await show('catalog-info.yaml'));
    expect(entity.metadata.annotations).toEqual({
      'github.com/project-slug': 'acme/orders-api',
      'backstage.io/source-template': 'template:default/federated-project',
      'platform-portal.io/template-version': '2',
      'platform-portal.io/iac-tool': 'terraform',
      'platform-portal.io/release-git-tags':
        'https://github.com/acme/orders-api.git',
      'platform-portal.io/release-helm':
        'https://charts.acme.example/#orders-api',
      'platform-portal.io/release-oci': 'ghcr.io/acme/orders-api',
      'platform-portal.io/release-npm': '@acme/orders-api',
    });
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-orders',
      system: 'orders',
    });

    // What the scanner will find: a clone of the published repository shows no drift.
    const checkout = path.join(platform.root, 'checkout');
    await runGit(['clone', '--quiet', pathToFileURL(bare).href, checkout]);
    const loaded = await loadPlatform(
      createRepositoryHostsFromConfig(new ConfigReader(platform.config)),
      'https://github.com/acme/platform',
    );
    const { references, problems } = await scanTree(checkout, {
      extractors: await createDefaultExtractors(),
    });
    expect(problems).toEqual([]);
    expect(references.length).toBe(8);
    expect(
      references.map(r => resolveReference(r, loaded.snapshot).verdict),
    ).toEqual(Array(8).fill('up-to-date'));

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
      /Could not request a platform scan of component:default\/orders-api/,
    );
    expect(task.output.text[0].content).toContain(
      '| vpc | 2.1.0 | `vpc/v2.1.0` |',
    );
  });

  it('gives a Crossplane project Claims pinned to the composition release, with no drift', async () => {
    const server = await startPortalBackend(platform);
    const task = await runTemplate(server, {
      name: 'orders-db',
      owner: 'group:default/team-orders',
      iacTool: 'crossplane',
      modules: ['postgresql'],
      environments: ['staging', 'prod'],
      releaseChannels: [],
      publishTarget: 'local',
    });
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
        apiVersion: 'platform.acme.io/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: { name: 'orders-db-postgresql', namespace: 'orders-db-prod' },
        spec: {
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
    const checkout = path.join(platform.root, 'checkout-crossplane');
    await runGit(['clone', '--quiet', pathToFileURL(bare).href, checkout]);
    const loaded = await loadPlatform(
      createRepositoryHostsFromConfig(new ConfigReader(platform.config)),
      'https://github.com/acme/platform',
    );
    const { references, problems } = await scanTree(checkout, {
      extractors: await createDefaultExtractors(),
    });
    expect(problems).toEqual([]);
    const verdicts = references.map(r => [
      r.kind,
      r.ref,
      resolveReference(r, loaded.snapshot).verdict,
    ]);
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

  it('refuses a Terraform module for a Crossplane project before anything runs', async () => {
    const server = await startPortalBackend(platform);
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/federated-project',
        values: {
          name: 'mixed-up',
          owner: 'group:default/team-orders',
          iacTool: 'crossplane',
          modules: ['vpc'],
          environments: ['staging'],
          publishTarget: 'local',
        },
      });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toMatch(/instance.iacTool/);
    await expect(
      fs.access(path.join(platform.root, 'acme', 'mixed-up.git')),
    ).rejects.toThrow();
  });
});
