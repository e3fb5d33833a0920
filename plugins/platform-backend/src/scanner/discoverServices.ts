import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DiscoveredRepository } from '../store';
import { repositoryUrlOf } from './repositoryUrl';

/**
 * An entity filter in the catalog's own form: `{ kind: 'Component', 'spec.type': 'service' }`.
 * A list means any of its filters.
 */
export type DiscoveryFilter =
  | Record<string, string | string[]>
  | Array<Record<string, string | string[]>>;

function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function systemRef(entity: Entity): string | undefined {
  const system = entity.spec?.system;
  if (typeof system !== 'string' || !system) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(system, {
        defaultKind: 'system',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** Catalog entities matching the filter that name a repository, as scan targets. */
export function createCatalogDiscovery(options: {
  catalog: CatalogService;
  auth: AuthService;
  filter: DiscoveryFilter;
}): () => Promise<DiscoveredRepository[]> {
  return async () => {
    const { items } = await options.catalog.getEntities(
      {
        filter: options.filter,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
          'spec.system',
        ],
      },
      { credentials: await options.auth.getOwnServiceCredentials() },
    );
    return items.flatMap(entity => {
      const url = repositoryUrlOf(entity);
      return url
        ? [
            {
              entityRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
              url,
              owner: ownerRef(entity),
              system: systemRef(entity),
            },
          ]
        : [];
    });
  };
}
