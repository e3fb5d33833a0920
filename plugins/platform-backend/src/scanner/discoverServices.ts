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

/**
 * The full ref of a relation named in the entity's spec (`owner`, `system`), or undefined when it
 * is absent or not a valid ref.
 */
export function relationRef(
  entity: Entity,
  value: unknown,
  defaultKind: string,
): string | undefined {
  if (typeof value !== 'string' || !value) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The catalog's entities matching the filter, asked for as the plugin itself, with only the
 * fields that name a service, its owner, its system and its annotations.
 */
export async function getServiceEntities(
  options: { catalog: CatalogService; auth: AuthService },
  filter: DiscoveryFilter,
): Promise<Entity[]> {
  const { items } = await options.catalog.getEntities(
    {
      filter,
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
  return items;
}

/** The ref of a service entity as the platform keeps it, with its owner and system. */
export function serviceOf(entity: Entity): {
  entityRef: string;
  owner?: string;
  system?: string;
} {
  return {
    entityRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    owner: relationRef(entity, entity.spec?.owner, 'group'),
    system: relationRef(entity, entity.spec?.system, 'system'),
  };
}

/**
 * The filter narrowed to entities of one name, so that looking up one service does not read every
 * service from the catalog; a filter that names entities itself is left as it is.
 */
function narrowedToName(
  filter: DiscoveryFilter,
  entityRef: string | undefined,
): DiscoveryFilter {
  let name: string;
  try {
    name = entityRef ? parseEntityRef(entityRef).name : '';
  } catch {
    return filter;
  }
  if (!name) {
    return filter;
  }
  const narrow = (f: Record<string, string | string[]>) =>
    'metadata.name' in f ? f : { ...f, 'metadata.name': name };
  return Array.isArray(filter) ? filter.map(narrow) : narrow(filter);
}

/**
 * Catalog entities matching the filter that name a repository, as scan targets; given an entity
 * ref, only entities of its name are asked for.
 */
export function createCatalogDiscovery(options: {
  catalog: CatalogService;
  auth: AuthService;
  filter: DiscoveryFilter;
}): (entityRef?: string) => Promise<DiscoveredRepository[]> {
  return async entityRef => {
    const entities = await getServiceEntities(
      options,
      narrowedToName(options.filter, entityRef),
    );
    return entities.flatMap(entity => {
      const url = repositoryUrlOf(entity);
      return url ? [{ ...serviceOf(entity), url }] : [];
    });
  };
}
