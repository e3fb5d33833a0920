import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRegisterAction } from '../__testUtils__/registerAction';

const CONTENTS = 'https://github.com/acme/orders-api/tree/main';
const TARGET = 'https://github.com/acme/orders-api/tree/main/catalog-info.yaml';

function component(name: string, origin?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      ...(origin
        ? { annotations: { 'backstage.io/managed-by-origin-location': origin } }
        : {}),
    },
    spec: { type: 'service', owner: 'group:default/team-orders' },
  };
}

function setup(options: {
  holds: Entity[];
  existing?: Entity;
  repoContentsUrl?: string;
}) {
  const { action, catalog } = createRegisterAction(options);
  const ctx = {
    ...createMockActionContext({
      input: {
        repoContentsUrl: options.repoContentsUrl ?? CONTENTS,
        entityRef: 'component:default/orders-api',
      },
      logger: mockServices.logger.mock(),
    }),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/jane'),
  };
  return { action, ctx, catalog };
}

describe('platform:catalog:register', () => {
  it('registers the new repository as the scaffolder, not as the person who ran the template', async () => {
    const { action, ctx, catalog } = setup({
      holds: [component('orders-api')],
    });
    await action.handler(ctx as any);
    expect(catalog.addLocation).toHaveBeenLastCalledWith(
      { type: 'url', target: TARGET },
      { credentials: mockCredentials.service('plugin:test') },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
  });

  it('refuses a catalog file that holds anything but the one new component, registering nothing', async () => {
    const { action, ctx, catalog } = setup({
      holds: [component('orders-api'), component('sec-injected')],
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      `${TARGET} must hold exactly component:default/orders-api, but it holds component:default/orders-api, component:default/sec-injected`,
    );
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      expect.objectContaining({ dryRun: true }),
      expect.anything(),
    );
  });

  it('refuses a name another location already holds, saying so', async () => {
    const { action, ctx, catalog } = setup({
      holds: [component('orders-api')],
      existing: component(
        'orders-api',
        'url:https://github.com/acme/platform/blob/main/modules.yaml',
      ),
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'component:default/orders-api already exists in the catalog (from url:https://github.com/acme/platform/blob/main/modules.yaml); the repository was published but not registered',
    );
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
  });

  it('refuses a repository on a host without an integration, asking the catalog nothing', async () => {
    const { action, ctx, catalog } = setup({
      holds: [component('orders-api')],
      repoContentsUrl: 'http://127.0.0.1:9/acme/orders-api',
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      '"http://127.0.0.1:9/acme/orders-api" is not on a host with an integration',
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('registers nothing in a dry run', async () => {
    const { action, ctx, catalog } = setup({
      holds: [component('orders-api')],
    });
    await action.handler({ ...ctx, isDryRun: true } as any);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
