import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { runGit } from '@platform-portal/plugin-platform-engine';
import { TEST_GIT_IDENTITY } from '@platform-portal/plugin-platform-engine/testUtils';
import request from 'supertest';
import { readExampleEntities } from '../__testUtils__/exampleEntities';
import { getRoute } from '../__testUtils__/getRoute';
import { scanAndWait } from '../__testUtils__/scanAndWait';
import { startPlatformTestBackend } from '../__testUtils__/startPlatformTestBackend';

const ENGINEER = 'user:default/ada.lovelace';
const OUTSIDER = 'user:default/outsider';
const AUTH = 'component:default/auth-gateway';
const BILLING = 'component:default/billing-worker';
const PAYMENTS = 'component:default/payments-api';
const SEARCH = 'component:default/search-indexer';
const LEDGER = 'component:default/ledger-service';
const STAGING = 'infra/environments/staging/main.tf';
const PROD = 'infra/environments/prod/main.tf';
const VPC = 'git::https://github.com/acme/platform.git//modules/vpc?ref=';

// The file starts a whole backend, builds the demo's git repositories and scans them.
jest.setTimeout(180_000);

describe('upgrade routes', () => {
  let demoDir: string;
  let server: Awaited<ReturnType<typeof startPlatformTestBackend>>['server'];
  const authorize = jest.fn();

  const gitDir = (entityRef: string) =>
    path.join(demoDir, 'acme', `${entityRef.split('/')[1]}.git`);
  const git = (entityRef: string, args: string[]) =>
    runGit(args, { cwd: gitDir(entityRef) }).then(out => out.trim());

  /** Every ref of every demo repository: what a push would change. */
  async function allRefs(): Promise<string> {
    const names = (await fs.readdir(path.join(demoDir, 'acme'))).sort();
    const refs = await Promise.all(
      names.map(name =>
        runGit(['for-each-ref', '--format=%(refname) %(objectname)'], {
          cwd: path.join(demoDir, 'acme', name),
        }).then(out => `${name}\n${out}`),
      ),
    );
    return refs.join('\n');
  }

  /**
   * Commits one file's new content on a branch of a demo repository (its default branch when
   * none is named) and pushes it, as a person named Dev.
   */
  async function commitAsPerson(
    entityRef: string,
    file: string,
    edit: (content: string) => string,
    branch?: string,
  ): Promise<void> {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'upgrade-work-'));
    try {
      await runGit([
        'clone',
        '--quiet',
        ...(branch ? ['-b', branch] : []),
        gitDir(entityRef),
        work,
      ]);
      const target = path.join(work, file);
      await fs.writeFile(target, edit(await fs.readFile(target, 'utf8')));
      await runGit(['commit', '--quiet', '-am', 'A change by a person'], {
        cwd: work,
        env: {
          ...TEST_GIT_IDENTITY,
          GIT_AUTHOR_NAME: 'Dev',
          GIT_COMMITTER_NAME: 'Dev',
        },
      });
      await runGit(['push', '--quiet', 'origin', branch ?? 'HEAD'], {
        cwd: work,
      });
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /** Runs `act` and checks that it moved no ref of any demo repository. */
  async function pushesNothing<T>(act: () => Promise<T>): Promise<T> {
    const before = await allRefs();
    const result = await act();
    expect(await allRefs()).toBe(before);
    return result;
  }

  const post = (route: string, body: object, user = ENGINEER) =>
    request(server)
      .post(`/api/platform${route}`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(body);
  const get = (route: string) =>
    getRoute(server, route, mockCredentials.user.header(ENGINEER));
  /** Asks `route` about the upgrade of vpc to 2.1.1, its newest release, with the rest of the body. */
  const toVpc211 = (route: string, body: object = {}, user = ENGINEER) =>
    post(route, { module: 'vpc', version: '2.1.1', ...body }, user);

  beforeAll(async () => {
    demoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'platform-upgrades-'));
    // The outsider owns nothing; everyone else may (as the policy answers for owners and admins).
    authorize.mockImplementation(async (requests, options) =>
      requests.map(() => ({
        result:
          options?.credentials?.principal?.userEntityRef === OUTSIDER
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    ({ server } = await startPlatformTestBackend({
      entities: await readExampleEntities(),
      demoDir,
      services: [mockServices.permissions.mock({ authorize }).factory],
    }));
    const scan = await scanAndWait(server);
    if (scan.status !== 'succeeded') {
      throw new Error(`The demo's scan ended ${scan.status}`);
    }
  }, 300_000);

  afterAll(async () => {
    await fs.rm(demoDir, { recursive: true, force: true });
  });

  it('previews a breaking upgrade: the diffs, what breaks, the inputs to give, and a link to the comparison; nothing is pushed', async () => {
    // A version written with its v is the same release.
    const res = await pushesNothing(() =>
      toVpc211('/upgrades/preview', {
        version: 'v2.1.1',
        entityRefs: [BILLING],
      }),
    );

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      module: 'vpc',
      version: '2.1.1',
      tag: 'vpc/v2.1.1',
    });
    const [billing] = res.body.services;
    expect(billing).toMatchObject({
      entityRef: BILLING,
      branch: 'platform/upgrade/vpc-2.1.1',
      title: 'Upgrade vpc to 2.1.1',
      from: ['1.2.0'],
      breaking: true,
      needsPerson: [],
    });
    expect(billing.refused).toBeUndefined();
    expect(billing.files.map((f: { path: string }) => f.path).sort()).toEqual([
      PROD,
      STAGING,
    ]);
    const staging = billing.files.find(
      (f: { path: string }) => f.path === STAGING,
    ).patch;
    expect(staging).toContain(`-  source = "${VPC}vpc/v1.2.0"`);
    expect(staging).toContain(`+  source = "${VPC}vpc/v2.1.1"`);
    // cidr_block is renamed cidr in 2.0.0: the old input goes, the new one is asked for.
    expect(staging).toContain('-  cidr_block = "10.11.0.0/16"');
    expect(billing.missingInputs).toContain('cidr');
    expect(
      billing.breakingChanges.map((c: { name: string }) => c.name),
    ).toEqual(expect.arrayContaining(['cidr', 'cidr_block']));
    expect(billing.description).toContain(
      '(/platform/modules/vpc?from=1.2.0&to=2.1.1)',
    );
    expect(billing.description).toContain('### Inputs to fill in');
  });

  it('writes the values given for new inputs, encoded as HCL, and asks only for the others', async () => {
    const res = await toVpc211('/upgrades/preview', {
      entityRefs: [BILLING],
      environment: 'staging',
      inputs: { cidr: '10.11.0.0/16" # "${injected}' },
    });

    expect(res.status).toBe(200);
    const [billing] = res.body.services;
    expect(billing.missingInputs).not.toContain('cidr');
    expect(billing.files).toHaveLength(1);
    expect(billing.files[0].patch).toMatch(
      /\n\+ {2}cidr\s+= "10\.11\.0\.0\/16\\" # \\"\$\$\{injected\}"\n/,
    );
  });

  it('refuses inputs that cannot be written into a module call, naming them', async () => {
    const deep = JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`);
    const badValue = await toVpc211('/upgrades/preview', {
      inputs: { cidr: deep },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.message).toContain('vpc.cidr');
    const badName = await toVpc211('/upgrades/preview', {
      inputs: { 'cidr = 1\n}': 'x' },
    });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toContain('Invalid input name');
  });

  it('previews every service behind on the module when no service is named', async () => {
    const res = await toVpc211('/upgrades/preview');

    expect(res.status).toBe(200);
    expect(
      res.body.services.map((s: { entityRef: string }) => s.entityRef),
    ).toEqual([AUTH, BILLING, LEDGER, PAYMENTS, SEARCH]);
    const payments = res.body.services.find(
      (s: { entityRef: string }) => s.entityRef === PAYMENTS,
    );
    // Staging is on 2.1.1 already; only prod moves.
    expect(payments.files.map((f: { path: string }) => f.path)).toEqual([PROD]);
  });

  it('pushes a branch whose diff from the scanned commit is exactly the edit, by the portal, and records the change', async () => {
    const scanned = await git(AUTH, ['rev-parse', 'HEAD']);
    const res = await toVpc211('/upgrades', {
      entityRefs: [AUTH],
    });

    expect(res.status).toBe(201);
    const [result] = res.body.results;
    expect(result.refused).toBeUndefined();
    expect(result.change).toMatchObject({
      entityRef: AUTH,
      module: 'vpc',
      version: '2.1.1',
      branch: 'platform/upgrade/vpc-2.1.1',
      state: 'open',
      createdBy: ENGINEER,
    });
    const branch = 'refs/heads/platform/upgrade/vpc-2.1.1';
    const head = await git(AUTH, ['rev-parse', branch]);
    expect(head).toBe(result.change.commit);
    expect(await git(AUTH, ['rev-parse', `${branch}^`])).toBe(scanned);
    expect(await git(AUTH, ['rev-parse', 'HEAD'])).toBe(scanned);
    expect(await git(AUTH, ['log', '-1', '--format=%an <%ae>', branch])).toBe(
      'Platform Portal <platform-portal@users.noreply.localhost>',
    );
    const diff = await git(AUTH, [
      'diff',
      '--unified=0',
      '--no-color',
      scanned,
      branch,
    ]);
    const changed = diff
      .split('\n')
      .filter(l => /^[-+](?![-+])/.test(l))
      .sort();
    expect(changed).toEqual([
      `+  source = "${VPC}vpc/v2.1.1"`,
      `+  source = "${VPC}vpc/v2.1.1"`,
      `-  source = "${VPC}vpc/v2.0.0"`,
      `-  source = "${VPC}vpc/v2.0.0"`,
    ]);
  });

  it('updates the change when asked again instead of making a second one', async () => {
    const listed = `/upgrades?entityRef=${encodeURIComponent(AUTH)}`;
    const [first] = (await get(listed)).body.items;
    const refs = await git(AUTH, ['for-each-ref', '--format=%(refname)']);
    const res = await toVpc211('/upgrades', {
      entityRefs: [AUTH],
    });

    expect(res.status).toBe(201);
    expect(res.body.results[0].change.id).toBe(first.id);
    expect(await git(AUTH, ['for-each-ref', '--format=%(refname)'])).toBe(refs);
    const items = (await get(listed)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0].commit).toBe(
      await git(AUTH, ['rev-parse', 'refs/heads/platform/upgrade/vpc-2.1.1']),
    );
  });

  it('limits an upgrade to one environment, on a branch of its own', async () => {
    const scanned = await git(PAYMENTS, ['rev-parse', 'HEAD']);
    const res = await toVpc211('/upgrades', {
      entityRefs: [PAYMENTS],
      environment: 'prod',
    });

    expect(res.status).toBe(201);
    expect(res.body.results[0].change).toMatchObject({
      branch: 'platform/upgrade/vpc-2.1.1-prod',
      environment: 'prod',
      state: 'open',
    });
    expect(
      await git(PAYMENTS, [
        'diff',
        '--name-only',
        scanned,
        'refs/heads/platform/upgrade/vpc-2.1.1-prod',
      ]),
    ).toBe(PROD);
  });

  it('tracks a campaign over every service behind, and counts a change merged once a scan sees it', async () => {
    const res = await toVpc211('/upgrades', {
      campaign: true,
    });

    expect(res.status).toBe(201);
    const { campaign, results } = res.body;
    expect(results.map((r: { entityRef: string }) => r.entityRef)).toEqual([
      AUTH,
      BILLING,
      LEDGER,
      PAYMENTS,
      SEARCH,
    ]);
    expect(results.filter((r: { refused?: string }) => r.refused)).toEqual([]);
    expect(campaign).toMatchObject({
      module: 'vpc',
      version: '2.1.1',
      total: 5,
      counts: { open: 5, merged: 0, closed: 0, failed: 0 },
    });

    // A person merges the auth-gateway change; the next scan sees its pins on 2.1.1.
    const branch = await git(AUTH, [
      'rev-parse',
      'refs/heads/platform/upgrade/vpc-2.1.1',
    ]);
    await git(AUTH, ['update-ref', 'refs/heads/main', branch]);
    await scanAndWait(server, { entityRef: AUTH });

    const progress = await get(`/upgrades/campaigns/${campaign.id}`);
    expect(progress.status).toBe(200);
    expect(progress.body.campaign.counts).toEqual({
      open: 4,
      merged: 1,
      closed: 0,
      failed: 0,
    });
    expect(
      progress.body.changes.find(
        (c: { entityRef: string }) => c.entityRef === AUTH,
      ).state,
    ).toBe('merged');
    expect((await get('/upgrades/campaigns/no-such-campaign')).status).toBe(
      404,
    );
  });

  describe('refusals: a clear error and nothing pushed', () => {
    it('never overwrites a branch a person pushed to: the change stays as it was and says why', async () => {
      const branch = 'platform/upgrade/vpc-2.1.1-prod';
      await commitAsPerson(
        PAYMENTS,
        PROD,
        text => `${text}# reviewed\n`,
        branch,
      );
      const res = await pushesNothing(() =>
        toVpc211('/upgrades', { entityRefs: [PAYMENTS], environment: 'prod' }),
      );

      expect(res.status).toBe(201);
      const [result] = res.body.results;
      expect(result.refused).toContain(
        `the branch ${branch} has commits by Dev`,
      );
      expect(result.change).toMatchObject({ state: 'open', branch });
      expect(result.change.error).toBe(result.refused);
    });

    it('refuses a version that is no release of the module, naming it', async () => {
      await pushesNothing(async () => {
        for (const route of ['/upgrades', '/upgrades/preview']) {
          const res = await toVpc211(route, {
            version: '9.9.9',
            entityRefs: [SEARCH],
          });
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(
            '9.9.9 is not a release of platform module "vpc"',
          );
        }
        const notAVersion = await toVpc211('/upgrades', {
          version: 'main',
          entityRefs: [SEARCH],
        });
        expect(notAVersion.status).toBe(400);
        expect(notAVersion.body.error.message).toContain('"main"');
        const noModule = await toVpc211('/upgrades', {
          module: 'vpn',
          entityRefs: [SEARCH],
        });
        expect(noModule.status).toBe(404);
        expect(noModule.body.error.message).toContain(
          'No platform module "vpn"',
        );
      });
    });

    it('refuses a user without the permission on the entity, naming it', async () => {
      const res = await pushesNothing(() =>
        toVpc211('/upgrades', { entityRefs: [SEARCH] }, OUTSIDER),
      );

      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(SEARCH);
      expect(authorize).toHaveBeenLastCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'platform.upgrade.create',
            }),
            resourceRef: SEARCH,
          },
        ],
        expect.anything(),
      );
    });

    it('refuses a service whose pin changed since the scan', async () => {
      await commitAsPerson(SEARCH, STAGING, text =>
        text.replace('vpc/v1.1.0', 'vpc/v2.0.0'),
      );
      const res = await pushesNothing(() =>
        toVpc211('/upgrades', { entityRefs: [SEARCH], environment: 'staging' }),
      );

      expect(res.status).toBe(201);
      const [result] = res.body.results;
      expect(result.change).toBeUndefined();
      expect(result.refused).toContain(
        `the pin of vpc in ${STAGING} of ${SEARCH} changed since the scan (vpc/v1.1.0 then, vpc/v2.0.0 now)`,
      );
    });

    it('refuses a service whose reference is built from an expression: a person must change it', async () => {
      await commitAsPerson(BILLING, STAGING, text =>
        text.replace('vpc/v1.2.0', '${var.vpc_ref}'),
      );
      await scanAndWait(server, { entityRef: BILLING });
      const res = await pushesNothing(() =>
        toVpc211('/upgrades', {
          entityRefs: [BILLING],
          environment: 'staging',
        }),
      );

      expect(res.status).toBe(201);
      const [result] = res.body.results;
      expect(result.change).toBeUndefined();
      expect(result.refused).toContain(`${BILLING} needs a person`);
      expect(result.refused).toContain(`${STAGING}:15`);
      expect(result.refused).toContain('var.vpc_ref');
    });

    it('answers nobody who is not signed in', async () => {
      const none = mockCredentials.none.header();
      for (const [method, route] of [
        ['post', '/upgrades'],
        ['post', '/upgrades/preview'],
        ['get', '/upgrades'],
        ['get', '/upgrades/campaigns/some-id'],
      ] as const) {
        const res = await request(server)
          [method](`/api/platform${route}`)
          .set('Authorization', none)
          .send(
            method === 'post' ? { module: 'vpc', version: '2.1.1' } : undefined,
          );
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
      }
    });
  });
});
