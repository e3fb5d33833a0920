import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real notifications backend stores what the platform plugin sends, as in the portal.
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import platformModuleDemo from '@platform-portal/plugin-platform-backend-module-demo';
import request from 'supertest';
import { parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import {
  EXAMPLES_DIR,
  readExampleEntities,
} from '../__testUtils__/exampleEntities';
import { platformPlugin } from '../plugin';

const run = promisify(execFile);

const PAYMENTS_ENGINEER = 'user:default/pat';
const SEARCH_ENGINEER = 'user:default/sam';
const IDENTITY_ENGINEER = 'user:default/ida';

/** The demo's teams, each with one member, as the catalog relates them. */
function team(name: string, member: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: member }],
  };
}

function user(ref: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: {},
  };
}

/** Adds a deprecation to one module in platform.yaml on the platform repository's default branch. */
async function deprecate(
  platformGit: string,
  module: string,
  deprecation: { versions: string; since: string; message: string },
) {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-edit-'));
  try {
    await run('git', ['clone', '--quiet', platformGit, work]);
    const file = path.join(work, 'platform.yaml');
    const document = parseDocument(await fs.readFile(file, 'utf8'));
    const modules = document.getIn(['spec', 'modules']) as YAMLSeq<YAMLMap>;
    const entry = modules.items.find(item => item.get('name') === module);
    if (!entry) {
      throw new Error(`platform.yaml has no module ${module}`);
    }
    entry.set('deprecations', document.createNode([deprecation]));
    await fs.writeFile(file, document.toString());
    await run(
      'git',
      [
        '-c',
        'user.name=Platform team',
        '-c',
        'user.email=platform@example.com',
        'commit',
        '--quiet',
        '-am',
        `Deprecate ${module} ${deprecation.versions}`,
      ],
      { cwd: work },
    );
    await run('git', ['push', '--quiet', 'origin', 'HEAD'], { cwd: work });
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

// A whole backend with the demo repositories; a loaded machine needs more than the default 5 s.
jest.setTimeout(120_000);

/** The platform plugin on the demo with notifications on, and the notifications backend if asked. */
async function startBackend(options: {
  demoDir: string;
  withNotificationsBackend: boolean;
}) {
  const scheduler = mockServices.scheduler();
  const entities = [
    ...(await readExampleEntities()),
    team('team-payments', PAYMENTS_ENGINEER),
    team('team-search', SEARCH_ENGINEER),
    team('team-identity', IDENTITY_ENGINEER),
    user(PAYMENTS_ENGINEER),
    user(SEARCH_ENGINEER),
    user(IDENTITY_ENGINEER),
  ];
  const { server } = await startTestBackend({
    features: [
      platformPlugin,
      platformModuleDemo,
      ...(options.withNotificationsBackend ? [notificationsPlugin] : []),
      mockServices.database.factory(),
      // One scheduler for every plugin, whose tasks run only when the test triggers them.
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          platform: {
            platforms: [{ repository: 'https://github.com/acme/platform' }],
            discovery: {
              filter: { kind: 'Component', 'spec.type': 'service' },
            },
            notifications: { enabled: true },
            demo: {
              examplesDir: EXAMPLES_DIR,
              repositoriesDir: options.demoDir,
              helmRepositoryPort: 0,
            },
          },
        },
      }),
    ],
  });
  return { server, scheduler };
}

describe('platform notifications through the notifications backend', () => {
  const demoDirs: string[] = [];
  const makeDemoDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-notify-'));
    demoDirs.push(dir);
    return dir;
  };

  afterAll(async () => {
    for (const dir of demoDirs) {
      await fs.rm(dir, { recursive: true, force: true, maxRetries: 20 });
    }
  });

  it('tells the owners of services pinning a newly deprecated version, once, and nobody else', async () => {
    const demoDir = await makeDemoDir();
    const { server, scheduler } = await startBackend({
      demoDir,
      withNotificationsBackend: true,
    });
    const notificationsOf = async (userRef: string) => {
      const res = await request(server)
        .get('/api/notifications/notifications')
        .set('Authorization', mockCredentials.user.header(userRef));
      expect(res.status).toBe(200);
      return res.body.notifications as Array<{
        origin: string;
        payload: Record<string, string>;
      }>;
    };

    // The first scan with notifications on: rds 1.x was deprecated long before, and payments
    // services pin it, but what is already true is only recorded.
    await scheduler.triggerTask('platform-scan');
    for (const member of [
      PAYMENTS_ENGINEER,
      SEARCH_ENGINEER,
      IDENTITY_ENGINEER,
    ]) {
      expect(await notificationsOf(member)).toEqual([]);
    }

    // billing-worker (payments) and search-indexer (search) pin vpc 1.x; identity's are on 2.x.
    await deprecate(path.join(demoDir, 'acme', 'platform.git'), 'vpc', {
      versions: '< 2.0.0',
      since: '2026-01-01',
      message: 'vpc 1.x routes all egress through one NAT gateway.',
    });
    await scheduler.triggerTask('platform-scan');

    const payments = await notificationsOf(PAYMENTS_ENGINEER);
    expect(payments).toEqual([
      expect.objectContaining({
        origin: 'plugin:platform',
        payload: expect.objectContaining({
          title:
            'billing-worker pins a deprecated release of vpc (vpc < 2.0.0)',
          description:
            'billing-worker pins vpc 1.2.0, deprecated since 2026-01-01: vpc 1.x routes all egress through one NAT gateway. The latest release is 2.1.1.',
          link: '/catalog/default/component/billing-worker/platform',
          severity: 'normal',
          topic: 'Platform deprecations',
        }),
      }),
    ]);
    expect(await notificationsOf(SEARCH_ENGINEER)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({
          title:
            'search-indexer pins a deprecated release of vpc (vpc < 2.0.0)',
        }),
      }),
    ]);
    expect(await notificationsOf(IDENTITY_ENGINEER)).toEqual([]);

    // Scanned again, nothing new: nobody hears of it twice.
    await scheduler.triggerTask('platform-scan');
    expect(await notificationsOf(PAYMENTS_ENGINEER)).toHaveLength(1);
    expect(await notificationsOf(SEARCH_ENGINEER)).toHaveLength(1);
  });

  it('scans as before when notifications are on but the notifications backend is not installed', async () => {
    const demoDir = await makeDemoDir();
    const { server, scheduler } = await startBackend({
      demoDir,
      withNotificationsBackend: false,
    });
    const asPayments = mockCredentials.user.header(PAYMENTS_ENGINEER);
    expect(
      (
        await request(server)
          .get('/api/notifications/')
          .set('Authorization', asPayments)
      ).status,
    ).toBe(404);

    await scheduler.triggerTask('platform-scan');
    await deprecate(path.join(demoDir, 'acme', 'platform.git'), 'vpc', {
      versions: '< 2.0.0',
      since: '2026-01-01',
      message: 'vpc 1.x routes all egress through one NAT gateway.',
    });
    // The notifications cannot be delivered; the scan and the report are not affected.
    await scheduler.triggerTask('platform-scan');

    const latest = await request(server)
      .get('/api/platform/scans/latest')
      .set('Authorization', asPayments);
    expect(latest.body.scan).toMatchObject({
      status: 'succeeded',
      repositoriesFailed: 0,
    });
    const deprecated = await request(server)
      .get('/api/platform/drift?module=vpc&verdict=deprecated')
      .set('Authorization', asPayments);
    expect(
      [
        ...new Set(
          deprecated.body.items.map(
            (row: { entityRef: string }) => row.entityRef,
          ),
        ),
      ].sort(),
    ).toEqual([
      'component:default/billing-worker',
      'component:default/search-indexer',
    ]);
  });
});
