import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogConditions,
  permissionRules,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  Permission,
  PermissionCondition,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { scaffolderTaskConditions } from '@backstage/plugin-scaffolder-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  templateManagementPermission,
  templateParameterReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  platformEntityScanPermission,
  platformScanCreatePermission,
  platformUpgradeCreatePermission,
} from '@platform-portal/plugin-platform-common';
import { parseAllDocuments } from 'yaml';
import { PlatformPermissionPolicy } from './PlatformPermissionPolicy';

const ORG_FILE = path.resolve(__dirname, '../../../examples/org.yaml');

function userOf(userEntityRef: string, groups: string[]): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] },
  };
}

const owner = userOf('user:default/payments-dev', [
  'group:default/team-payments',
]);
const other = userOf('user:default/search-dev', ['group:default/team-search']);
const admin = userOf('user:default/ada.lovelace', [
  'group:default/platform-team',
]);

/** The guest of the offline demo, with the ownership a catalog sign-in gives it from the org. */
async function demoGuest(): Promise<PolicyQueryUser> {
  const docs = parseAllDocuments(await fs.readFile(ORG_FILE, 'utf8')).map(
    doc => doc.toJS() as Entity,
  );
  const guest = docs.find(
    e => e.kind === 'User' && e.metadata.name === 'guest',
  );
  const memberOf = (guest?.spec?.memberOf ?? []) as string[];
  return userOf(
    'user:default/guest',
    memberOf.map(ref =>
      stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ),
    ),
  );
}

/** An entity owned by the payments team, the owner's team. */
const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
};

/** What the user may do to paymentsApi: a conditional decision is judged as the catalog does. */
function outcome(decision: PolicyDecision): AuthorizeResult {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result;
  }
  expect(decision.pluginId).toBe('catalog');
  expect(decision.resourceType).toBe(RESOURCE_TYPE_CATALOG_ENTITY);
  const condition = decision.conditions as PermissionCondition<
    'catalog-entity',
    { claims: string[] }
  >;
  expect(condition.rule).toBe(permissionRules.isEntityOwner.name);
  return permissionRules.isEntityOwner.apply(paymentsApi, {
    claims: condition.params?.claims ?? [],
  })
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

const { ALLOW, DENY } = AuthorizeResult;

describe('PlatformPermissionPolicy', () => {
  const policy = new PlatformPermissionPolicy({
    adminGroups: ['group:default/platform-team'],
  });
  let guest: PolicyQueryUser;
  beforeAll(async () => {
    guest = await demoGuest();
  });

  it('makes the demo guest a member of the platform team', () => {
    expect(guest.info.ownershipEntityRefs).toContain(
      'group:default/platform-team',
    );
  });

  describe.each<[string, Permission, Record<string, AuthorizeResult>]>([
    [
      'POST /scans of everything',
      platformScanCreatePermission,
      { owner: DENY, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'POST /scans of one entity',
      platformEntityScanPermission,
      { owner: ALLOW, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'POST /upgrades for one entity',
      platformUpgradeCreatePermission,
      { owner: ALLOW, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'catalog location create',
      catalogLocationCreatePermission,
      { owner: DENY, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'catalog location delete',
      catalogLocationDeletePermission,
      { owner: DENY, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'catalog entity create',
      catalogEntityCreatePermission,
      { owner: DENY, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'catalog entity delete',
      catalogEntityDeletePermission,
      { owner: DENY, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'catalog entity refresh',
      catalogEntityRefreshPermission,
      { owner: ALLOW, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'scaffolder task create (running a template)',
      taskCreatePermission,
      { owner: ALLOW, other: ALLOW, admin: ALLOW, guest: ALLOW },
    ],
    [
      'scaffolder action execute',
      actionExecutePermission,
      { owner: ALLOW, other: ALLOW, admin: ALLOW, guest: ALLOW },
    ],
    [
      'scaffolder template management',
      templateManagementPermission,
      { owner: DENY, other: DENY, admin: ALLOW, guest: ALLOW },
    ],
    [
      'catalog entity read',
      catalogEntityReadPermission,
      { owner: ALLOW, other: ALLOW, admin: ALLOW, guest: ALLOW },
    ],
  ])('%s', (_action, permission, expected) => {
    it.each(['owner', 'other', 'admin', 'guest'])('for the %s', async role => {
      const user = { owner, other, admin, guest }[role]!;
      expect(outcome(await policy.handle({ permission }, user))).toBe(
        expected[role],
      );
    });
  });

  it.each([
    platformEntityScanPermission,
    platformUpgradeCreatePermission,
    catalogEntityRefreshPermission,
  ])(
    'leaves $name to the catalog, as ownership of the entity by the user',
    async permission => {
      for (const user of [owner, other]) {
        expect(await policy.handle({ permission }, user)).toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
          conditions: catalogConditions.isEntityOwner({
            claims: user.info.ownershipEntityRefs,
          }),
        });
      }
    },
  );

  it('lets users cancel only the tasks they started', async () => {
    expect(
      await policy.handle({ permission: taskCancelPermission }, other),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: scaffolderTaskConditions.isTaskOwner({
        createdBy: ['user:default/search-dev'],
      }),
    });
  });

  it('lets a caller that is no user read, and change nothing', async () => {
    for (const permission of [
      catalogEntityReadPermission,
      catalogLocationReadPermission,
      templateParameterReadPermission,
    ]) {
      expect(await policy.handle({ permission })).toEqual({ result: ALLOW });
    }
    for (const permission of [
      taskCreatePermission,
      platformEntityScanPermission,
      platformUpgradeCreatePermission,
      catalogLocationCreatePermission,
    ]) {
      expect(await policy.handle({ permission })).toEqual({ result: DENY });
    }
  });

  describe('fromConfig', () => {
    const decide = async (
      config: { platform?: { permissions: { adminGroups: string[] } } },
      user: PolicyQueryUser,
    ) =>
      (
        await PlatformPermissionPolicy.fromConfig(
          mockServices.rootConfig({ data: config }),
        ).handle({ permission: catalogLocationCreatePermission }, user)
      ).result;

    it('makes the platform team the admins by default', async () => {
      expect(await decide({}, admin)).toBe(ALLOW);
      expect(await decide({}, other)).toBe(DENY);
    });

    it('makes the configured groups the admins instead, however their refs are written', async () => {
      const config = {
        platform: { permissions: { adminGroups: ['Team-Search'] } },
      };
      expect(await decide(config, other)).toBe(ALLOW);
      expect(await decide(config, admin)).toBe(DENY);
    });

    it('refuses an admin group that is no entity reference, naming it', () => {
      expect(() =>
        PlatformPermissionPolicy.fromConfig(
          mockServices.rootConfig({
            data: {
              platform: { permissions: { adminGroups: ['group:default/'] } },
            },
          }),
        ),
      ).toThrow(/'group:default\/'/);
    });
  });
});
