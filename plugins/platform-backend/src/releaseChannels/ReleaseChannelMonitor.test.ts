import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  RELEASE_CHANNEL_ANNOTATIONS,
  ReleaseChannelDeclaration,
  ReleaseChannelReading,
} from '@platform-portal/plugin-platform-common';
import { ReleaseChannelReader } from '@platform-portal/plugin-platform-node';
import {
  ChannelService,
  createChannelDiscovery,
  ReleaseChannelMonitor,
} from './ReleaseChannelMonitor';
import {
  ReleaseChannelStore,
  ServiceReleaseChannelsInput,
} from './ReleaseChannelStore';

function memoryStore() {
  const services = new Map<string, ServiceReleaseChannelsInput>();
  const store: ReleaseChannelStore = {
    async replaceService(judged) {
      services.set(judged.entityRef, judged);
    },
    async retainServices(entityRefs) {
      for (const ref of [...services.keys()]) {
        if (!entityRefs.includes(ref)) {
          services.delete(ref);
        }
      }
    },
    async listServices() {
      throw new Error('not used');
    },
    async getService() {
      throw new Error('not used');
    },
  };
  return { store, services };
}

const reading = (
  declaration: ReleaseChannelDeclaration,
  version?: string,
): ReleaseChannelReading => ({
  ...declaration,
  releaseCount: version ? 1 : 0,
  checkedAt: new Date().toISOString(),
  ...(version
    ? { latest: { version, versionAsPublished: `v${version}` } }
    : {}),
});

function service(name: string, ...targets: string[]): ChannelService {
  return {
    entityRef: `component:default/${name}`,
    owner: 'group:default/team-a',
    declarations: targets.map(target => ({
      kind: target.startsWith('oci:') ? 'oci' : 'git-tags',
      target,
    })),
  };
}

describe('ReleaseChannelMonitor', () => {
  const logger = mockServices.logger.mock();

  it('reads every channel, records the ones that fail, and goes on', async () => {
    const { store, services } = memoryStore();
    const reader: ReleaseChannelReader = {
      async read(declaration) {
        if (declaration.target === 'https://git.example.com/broken') {
          throw new Error('connection refused');
        }
        if (declaration.target.startsWith('oci:')) {
          return {
            ...reading(declaration),
            problem: { code: 'refused', message: 'host not allowed' },
          };
        }
        return reading(declaration, '1.0.0');
      },
    };
    const monitor = new ReleaseChannelMonitor({
      store,
      reader,
      logger,
      discover: async () => [
        service('a', 'https://git.example.com/a', 'oci:ghcr.io/acme/a'),
        service('b', 'https://git.example.com/broken'),
        service('c', 'https://git.example.com/c'),
      ],
    });

    const cycle = await monitor.run();
    expect(cycle).toEqual({ services: 3, channels: 4, problems: 2, failed: 0 });
    expect([...services.keys()].sort()).toEqual([
      'component:default/a',
      'component:default/b',
      'component:default/c',
    ]);
    const a = services.get('component:default/a')!;
    expect(a.owner).toBe('group:default/team-a');
    expect(a.channels.map(c => [c.kind, c.verdict])).toEqual([
      ['git-tags', 'in-sync'],
      ['oci', 'unreachable'],
    ]);
    const b = services.get('component:default/b')!;
    expect(b.verdict).toBe('unreachable');
    expect(b.channels[0].problem).toEqual({
      code: 'unreachable',
      message: 'connection refused',
    });
    expect(services.get('component:default/c')!.verdict).toBe('in-sync');
  });

  it('reads a bounded number of services at once', async () => {
    const { store } = memoryStore();
    let active = 0;
    let most = 0;
    const reader: ReleaseChannelReader = {
      async read(declaration) {
        active += 1;
        most = Math.max(most, active);
        await new Promise(resolve => setTimeout(resolve, 5));
        active -= 1;
        return reading(declaration, '1.0.0');
      },
    };
    const monitor = new ReleaseChannelMonitor({
      store,
      reader,
      logger,
      concurrency: 2,
      discover: async () =>
        Array.from({ length: 10 }, (_, i) =>
          service(`s${i}`, `https://git.example.com/s${i}`),
        ),
    });
    await monitor.run();
    expect(most).toBe(2);
  });

  it('gives up on a channel that does not answer, and aborts its read', async () => {
    const { store, services } = memoryStore();
    let aborted = false;
    const reader: ReleaseChannelReader = {
      read(_declaration, options) {
        return new Promise(() => {
          options?.signal?.addEventListener('abort', () => {
            aborted = true;
          });
        });
      },
    };
    const monitor = new ReleaseChannelMonitor({
      store,
      reader,
      logger,
      timeoutMs: 20,
      discover: async () => [service('slow', 'https://git.example.com/slow')],
    });
    await monitor.run();
    expect(aborted).toBe(true);
    const slow = services.get('component:default/slow')!;
    expect(slow.channels[0]).toMatchObject({
      verdict: 'unreachable',
      problem: { code: 'unreachable', message: 'no answer within 0.02 s' },
    });
  });

  it('reads rewritten targets and stores them as declared', async () => {
    const { store, services } = memoryStore();
    const read: string[] = [];
    const reader: ReleaseChannelReader = {
      async read(declaration) {
        read.push(declaration.target);
        return reading(declaration, '0.4.0');
      },
    };
    const monitor = new ReleaseChannelMonitor({
      store,
      reader,
      logger,
      rewrite: d => ({
        ...d,
        target: d.target.replace('https://github.com/acme/', 'file:///demo/'),
      }),
      discover: async () => [service('x', 'https://github.com/acme/x')],
    });
    await monitor.run();
    expect(read).toEqual(['file:///demo/x']);
    expect(services.get('component:default/x')!.channels[0].target).toBe(
      'https://github.com/acme/x',
    );
  });

  it('forgets services that no longer declare channels', async () => {
    const { store, services } = memoryStore();
    const reader: ReleaseChannelReader = {
      read: async declaration => reading(declaration, '1.0.0'),
    };
    let discovered = [service('a', 'https://g/a'), service('b', 'https://g/b')];
    const monitor = new ReleaseChannelMonitor({
      store,
      reader,
      logger,
      discover: async () => discovered,
    });
    await monitor.run();
    discovered = [service('b', 'https://g/b')];
    await monitor.run();
    expect([...services.keys()]).toEqual(['component:default/b']);
  });
});

describe('createChannelDiscovery', () => {
  it('finds the catalog entities that declare channels, with owner and system', async () => {
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'Payments-API',
            annotations: {
              [RELEASE_CHANNEL_ANNOTATIONS['git-tags']]:
                'https://github.com/acme/payments-api',
              [RELEASE_CHANNEL_ANNOTATIONS.helm]:
                'https://charts.acme.example/#payments-api',
            },
          },
          spec: {
            type: 'service',
            owner: 'team-payments',
            system: 'payments',
          },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'no-channels' },
          spec: { type: 'service', owner: 'team-payments' },
        },
      ],
    });
    const discover = createChannelDiscovery({
      catalog,
      auth: mockServices.auth(),
      filter: { kind: 'Component' },
    });
    const found = await discover();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      entityRef: 'component:default/payments-api',
      owner: 'group:default/team-payments',
      system: 'system:default/payments',
    });
    expect(found[0].declarations).toEqual(
      expect.arrayContaining([
        { kind: 'git-tags', target: 'https://github.com/acme/payments-api' },
        { kind: 'helm', target: 'https://charts.acme.example/#payments-api' },
      ]),
    );
  });
});
