import { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityRefreshPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  platformEntityScanPermission,
  platformUpgradeCreatePermission,
} from '@platform-portal/plugin-platform-common';

/** @public */
export const DEFAULT_ADMIN_GROUPS = ['group:default/platform-team'];

function normalizeRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new Error(
      `platform.permissions.adminGroups: '${ref}' is not an entity reference such as group:default/platform-team`,
    );
  }
}

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The portal's permission policy: members of the admin groups may do everything; everyone signed
 * in reads and runs templates; owners scan, refresh and open upgrades of their own entities and
 * cancel their own tasks; every other change is refused.
 *
 * @public
 */
export class PlatformPermissionPolicy implements PermissionPolicy {
  readonly #adminRefs: ReadonlySet<string>;

  static fromConfig(config: RootConfigService): PlatformPermissionPolicy {
    return new PlatformPermissionPolicy({
      adminGroups:
        config.getOptionalStringArray('platform.permissions.adminGroups') ??
        DEFAULT_ADMIN_GROUPS,
    });
  }

  constructor(options: { adminGroups: string[] }) {
    this.#adminRefs = new Set(options.adminGroups.map(normalizeRef));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.attributes.action === 'read') {
      return allow;
    }
    if (!user) {
      return deny;
    }
    // The permission backend has resolved the user's ownership for this request already; asking
    // the user info service again would cost a call to the auth backend per decision.
    const { userEntityRef, ownershipEntityRefs } = user.info;
    if (
      ownershipEntityRefs.some(ref =>
        this.#adminRefs.has(ref.toLocaleLowerCase('en-US')),
      )
    ) {
      return allow;
    }
    if (
      isPermission(permission, platformEntityScanPermission) ||
      isPermission(permission, platformUpgradeCreatePermission) ||
      isPermission(permission, catalogEntityRefreshPermission)
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (
      isPermission(permission, taskCreatePermission) ||
      isPermission(permission, actionExecutePermission)
    ) {
      return allow;
    }
    if (isPermission(permission, taskCancelPermission)) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }
    return deny;
  }
}
