import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startPortalBackend } from '../__testUtils__/portalBackend';
import {
  CountingListener,
  configReaching,
  startCountingListener,
} from '../__testUtils__/countingListener';
import { TestPlatform, createTestPlatform } from './testPlatform';

jest.setTimeout(60_000);

type Step = { action: string; input: Record<string, unknown> };

/** A template of these steps, as the template editor sends it for a dry run. */
function template(steps: Step[]) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'dry-run-check' },
    spec: {
      type: 'service',
      steps: steps.map((step, index) => ({
        id: `step-${index}`,
        name: `Step ${index}`,
        ...step,
      })),
    },
  };
}

describe('dry runs of the platform actions through the scaffolder', () => {
  let platform: TestPlatform;
  let listener: CountingListener;
  let server: Awaited<ReturnType<typeof startPortalBackend>>;

  beforeAll(async () => {
    platform = await createTestPlatform();
    listener = await startCountingListener();
    server = await startPortalBackend(platform, {
      config: configReaching(platform.config, listener),
    });
  });
  afterAll(async () => {
    await listener.close();
    await platform.cleanup();
  });

  const dryRun = (step: Step | Step[], files: Record<string, string> = {}) =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: template([step].flat()),
        values: {},
        directoryContents: Object.entries(files).map(([file, content]) => ({
          path: file,
          base64Content: Buffer.from(content).toString('base64'),
        })),
      });

  it('answers 400 naming the platform, and reaches nothing, when a step names a platform that is not configured', async () => {
    for (const platformUrl of [
      `http://127.0.0.1:${listener.port}/x.git`,
      `https://127.0.0.1:${listener.port}/acme/platform`,
    ]) {
      const response = await dryRun({
        action: 'platform:modules:resolve',
        input: { modules: ['vpc'], platform: platformUrl },
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        message: `'${platformUrl}' is not a configured platform; platform.platforms has https://github.com/acme/platform`,
      });
    }
    expect(listener.connections()).toBe(0);
  });

  it('answers 400 naming the module and those offered when a module is unknown', async () => {
    const response = await dryRun({
      action: 'platform:modules:resolve',
      input: { modules: ['nope'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(
      /Unknown platform module 'nope'; .* offers vpc, eks, rds, dns, terraform-ci, postgresql/,
    );
  });

  it('answers 400 naming what catalog-info.yaml holds when the project breaks policy', async () => {
    const response = await dryRun(
      [
        { action: 'fetch:plain', input: { url: './project' } },
        { action: 'platform:policy:check', input: { name: 'orders-api' } },
      ],
      {
        'project/catalog-info.yaml': [
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders-api\n',
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: sec-injected\n',
        ].join('---\n'),
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(
      'catalog-info.yaml must hold exactly one entity, the Component orders-api; it holds 2: Component orders-api, Component sec-injected',
    );
  });
});
