import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createProjectNameCheck, projectNameProblem } from './projectName';

const PAYMENTS_TEAM: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments' },
  spec: { type: 'team', profile: { displayName: 'Payments' }, children: [] },
};
const PAYMENTS_API: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api' },
  spec: { type: 'service', owner: 'group:default/team-payments' },
};
const DNS_MODULE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'dns' },
  spec: { type: 'platform-module', owner: 'platform-team' },
};

const credentials = mockCredentials.user('user:default/jane');

describe('the project name check', () => {
  const requests: string[] = [];
  const server = setupServer(
    http.get(
      'https://api.github.com/repos/:owner/:repo',
      ({ params, request }) => {
        requests.push(request.url);
        return params.repo === 'payments-api'
          ? HttpResponse.json({ full_name: 'acme/payments-api' })
          : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      },
    ),
  );
  registerMswTestHooks(server);

  let localRoot: string;
  beforeEach(async () => {
    requests.length = 0;
    localRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'name-check-'));
    await fs.mkdir(path.join(localRoot, 'old-shop.git'));
  });
  afterEach(() => fs.rm(localRoot, { recursive: true, force: true }));

  function check(config: Record<string, unknown> = {}) {
    const catalog = catalogServiceMock({
      entities: [PAYMENTS_TEAM, PAYMENTS_API, DNS_MODULE],
    });
    return createProjectNameCheck({
      config: new ConfigReader({
        platform: { publish: { localRoot } },
        integrations: { github: [{ host: 'github.com', token: 't' }] },
        ...config,
      }),
      catalog,
    });
  }

  it('finds a free name free in the catalog and the local git root', async () => {
    await expect(check()({ name: 'orders-api' }, credentials)).resolves.toEqual(
      {
        name: 'orders-api',
        taken: [],
        notAsked: [],
        asked: ['the catalog', 'the local git root'],
      },
    );
  });

  it('names the owner of a catalog entity that has the name', async () => {
    const answer = await check()({ name: 'payments-api' }, credentials);
    expect(answer.taken).toEqual([
      'payments-api already exists in the catalog (owned by Payments).',
    ]);
  });

  it('finds an entity of another kind with the name, such as a module', async () => {
    const answer = await check()({ name: 'dns' }, credentials);
    expect(answer.taken).toEqual([
      'dns already exists in the catalog (a resource, owned by platform-team).',
    ]);
  });

  it('finds a repository of the name in the local git root', async () => {
    const answer = await check()({ name: 'old-shop' }, credentials);
    expect(answer.taken).toEqual([
      'old-shop already exists in the local git root.',
    ]);
  });

  it('says the local git root was not asked when none is configured', async () => {
    const answer = await check({ platform: {} })(
      { name: 'old-shop' },
      credentials,
    );
    expect(answer.taken).toEqual([]);
    expect(answer.notAsked).toEqual([
      'The local git root was not asked: none is configured.',
    ]);
  });

  it('asks a configured GitHub host whether the repository exists, with its token', async () => {
    const taken = await check()(
      { name: 'payments', repoUrl: 'github.com?owner=acme&repo=payments-api' },
      credentials,
    );
    expect(taken.taken).toEqual([
      'acme/payments-api already exists on github.com.',
    ]);
    const free = await check()(
      { name: 'orders-api', repoUrl: 'github.com?owner=acme&repo=orders-api' },
      credentials,
    );
    expect(free.taken).toEqual([]);
    expect(free.asked).toEqual(['the catalog', 'github.com']);
    expect(requests).toEqual([
      'https://api.github.com/repos/acme/payments-api',
      'https://api.github.com/repos/acme/orders-api',
    ]);
  });

  it('never asks a host the configuration does not name', async () => {
    // ScmIntegrations knows github.com even unconfigured; unconfigured means not asked.
    const answer = await check({ integrations: {} })(
      {
        name: 'orders-api',
        repoUrl: 'github.com?owner=acme&repo=payments-api',
      },
      credentials,
    );
    const elsewhere = await check()(
      {
        name: 'orders-api',
        repoUrl: 'evil.example?owner=acme&repo=payments-api',
      },
      credentials,
    );
    expect(requests).toEqual([]);
    expect(answer.taken).toEqual([]);
    expect(answer.notAsked).toEqual([
      'github.com was not asked: it is not a repository host the portal is configured to publish to.',
    ]);
    expect(elsewhere.notAsked).toEqual([
      'evil.example was not asked: it is not a repository host the portal is configured to publish to.',
    ]);
  });

  it('says when the host could not tell', async () => {
    server.use(
      http.get('https://api.github.com/repos/:owner/:repo', () =>
        HttpResponse.json({}, { status: 503 }),
      ),
    );
    const answer = await check()(
      { name: 'orders-api', repoUrl: 'github.com?owner=acme&repo=orders-api' },
      credentials,
    );
    expect(answer.notAsked).toEqual([
      'github.com could not say whether acme/orders-api exists (it answered 503); publishing checks again.',
    ]);
  });

  it('asks nothing about a name that cannot be used', async () => {
    const answer = await check()(
      { name: 'Payments', repoUrl: 'github.com?owner=acme&repo=Payments' },
      credentials,
    );
    expect(answer.invalid).toBe(
      'A project name is written in lower case: payments rather than Payments.',
    );
    expect(requests).toEqual([]);
  });
});

describe('projectNameProblem', () => {
  it.each([
    ['', 'Give the project a name.'],
    ['-api', 'A project name starts with a letter or a digit, not a dash.'],
    [
      'orders api',
      'A project name has only lower-case letters, digits and dashes, no spaces.',
    ],
    [
      'orders_api.v2',
      'A project name has only lower-case letters, digits and dashes, no "_", ".".',
    ],
    [
      'a'.repeat(64),
      'A project name has at most 63 characters; this one has 64.',
    ],
  ])('words what is wrong with %j', (name, problem) => {
    expect(projectNameProblem(name)).toBe(problem);
  });

  it('accepts lower-case letters, digits and dashes', () => {
    expect(projectNameProblem('orders-api-2')).toBeUndefined();
  });
});
