import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { LocalGitUrlReader } from '@platform-portal/plugin-platform-engine';
import request from 'supertest';
import { scaffolderModulePlatform } from '../module';
import { TestPlatform } from '../tests/testPlatform';

const TEMPLATE = path.resolve(
  // A test helper, never built: the template sits next to the sources.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../templates/federated-project/template.yaml',
);

type Server = Parameters<typeof request>[0];

/** The scaffolder, this module and the real catalog, reading the local git root as the portal does. */
export async function startPortalBackend(
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

/** Asks the scaffolder, as a user, to run the federated-project template with the values. */
export function createTask(server: Server, values: Record<string, unknown>) {
  return request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: 'template:default/federated-project', values });
}

export async function runTemplate(
  server: Server,
  values: Record<string, unknown>,
): Promise<{ status: string; messages: string[]; output: any }> {
  const created = await createTask(server, values);
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

export async function getEntity(server: Server, name: string) {
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
