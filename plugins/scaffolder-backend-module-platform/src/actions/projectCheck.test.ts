import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createProjectCheckAction } from './projectCheck';
import { createProjectNameCheck } from './projectName';

describe('platform:project:check', () => {
  let localRoot: string;
  beforeEach(async () => {
    localRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'project-check-'));
    await fs.mkdir(path.join(localRoot, 'old-shop.git'));
  });
  afterEach(() => fs.rm(localRoot, { recursive: true, force: true }));

  function run(input: JsonObject) {
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'team-payments' },
          spec: { type: 'team', profile: { displayName: 'Payments' } },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments-api' },
          spec: { type: 'service', owner: 'group:default/team-payments' },
        },
      ],
    });
    const action = createProjectCheckAction({
      checkProjectName: createProjectNameCheck({
        config: new ConfigReader({ platform: { publish: { localRoot } } }),
        catalog,
      }),
    });
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({ input, logger }),
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/jane'),
    };
    return { result: action.handler(ctx as any), logger };
  }

  it('refuses a name the catalog has, in the words the form shows', async () => {
    await expect(run({ name: 'payments-api' }).result).rejects.toThrow(
      'payments-api already exists in the catalog (owned by Payments). Choose another project name.',
    );
  });

  it('refuses a name the local git root has', async () => {
    await expect(run({ name: 'old-shop' }).result).rejects.toThrow(
      'old-shop already exists in the local git root. Choose another project name.',
    );
  });

  it('refuses a name that cannot be used, in words', async () => {
    await expect(run({ name: 'Orders API' }).result).rejects.toThrow(
      'A project name is written in lower case: orders api rather than Orders API.',
    );
  });

  it('logs what it checked for a free name', async () => {
    const { result, logger } = run({ name: 'orders-api' });
    await result;
    expect(logger.info).toHaveBeenCalledWith(
      'orders-api is free: checked the catalog and the local git root.',
    );
  });

  it('says which host it did not ask, and does not claim it checked it', async () => {
    const { result, logger } = run({
      name: 'orders-api',
      repoUrl: 'gitlab.example?owner=acme&repo=orders-api',
    });
    await result;
    expect(logger.warn).toHaveBeenCalledWith(
      'gitlab.example was not asked: it is not a repository host the portal is configured to publish to.',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'orders-api is free: checked the catalog.',
    );
  });
});
