import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
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

describe('the federated-project template', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.cleanup());

  it('publishes a compliant project pinned to the latest modules', async () => {
    const template = yaml.parse(await fs.readFile(TEMPLATE, 'utf8'));
    template.metadata.namespace = 'default';
    template.metadata.annotations = {
      ...template.metadata.annotations,
      'backstage.io/managed-by-location': `file:${TEMPLATE}`,
      'backstage.io/managed-by-origin-location': `file:${TEMPLATE}`,
    };
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModulePlatform,
        catalogServiceMock.factory({ entities: [template] }),
        mockServices.rootConfig.factory({
          data: {
            ...platform.config,
            backend: { workingDirectory: platform.root },
          },
        }),
      ],
    });

    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/federated-project',
        values: {
          name: 'orders-api',
          description: 'Orders API.',
          owner: 'group:default/team-orders',
          system: 'orders',
          iacTool: 'terraform',
          modules: ['vpc', 'eks', 'rds'],
          environments: ['staging', 'prod'],
          releaseChannels: ['git-tags', 'helm'],
          publishTarget: 'local',
        },
      });
    expect(created.status).toBe(201);
    const taskId = created.body.id;

    let task: any;
    for (let i = 0; i < 600; i++) {
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
    if (task.status !== 'completed') {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', mockCredentials.user.header());
      throw new Error(
        `task ${task.status}: ${JSON.stringify(
          events.body.map((e: any) => e.body.message),
          null,
          1,
        )}`,
      );
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
    expect(entity.metadata.annotations).toMatchObject({
      'github.com/project-slug': 'acme/orders-api',
      'platform-portal.io/release-channels': 'git-tags,helm',
      'backstage.io/template': 'federated-project@1',
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
  });
});
