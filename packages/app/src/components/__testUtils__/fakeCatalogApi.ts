import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';

/**
 * The catalog's API ref, by its id: the app does not depend on the catalog's React library that
 * exports it, and an API override is matched by id.
 */
export const catalogApiRef = createApiRef<object>({
  id: 'plugin.catalog.service',
});

type Filter = Record<string, string | string[] | symbol>;

function valueAt(entity: Entity, path: string): string[] {
  let value: unknown = entity;
  for (const part of path.split('.')) {
    value =
      value && typeof value === 'object'
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return [value]
    .flat()
    .filter(v => typeof v === 'string')
    .map(v => (v as string).toLocaleLowerCase('en-US'));
}

function matches(entity: Entity, filter?: Filter | Filter[]): boolean {
  if (!filter) {
    return true;
  }
  const alternatives = Array.isArray(filter) ? filter : [filter];
  return alternatives.some(f =>
    Object.entries(f).every(([key, wanted]) => {
      const actual = valueAt(entity, key);
      if (typeof wanted === 'symbol') {
        return actual.length > 0;
      }
      return [wanted]
        .flat()
        .some(w => actual.includes(w.toLocaleLowerCase('en-US')));
    }),
  );
}

/**
 * A catalog API over a list of entities that answers the queries of the catalog's pages: by
 * kind and spec fields, with facets, one page of results. Every query is recorded.
 */
export function fakeCatalogApi(entities: Entity[]) {
  const queries: Array<{ filter?: Filter | Filter[] }> = [];
  const select = (filter?: Filter | Filter[]) =>
    entities.filter(entity => matches(entity, filter));
  return {
    queries,
    async getEntities(request?: { filter?: Filter | Filter[] }) {
      queries.push({ filter: request?.filter });
      return { items: select(request?.filter) };
    },
    async queryEntities(request?: { filter?: Filter | Filter[] }) {
      queries.push({ filter: request?.filter });
      const items = select(request?.filter);
      return { items, totalItems: items.length, pageInfo: {} };
    },
    async getEntitiesByRefs(request: { entityRefs: string[] }) {
      return {
        items: request.entityRefs.map(ref =>
          entities.find(e => stringifyEntityRef(e) === ref),
        ),
      };
    },
    async getEntityByRef(ref: string | { kind: string; name: string }) {
      const wanted =
        typeof ref === 'string'
          ? ref
          : stringifyEntityRef({ namespace: 'default', ...ref });
      return entities.find(e => stringifyEntityRef(e) === wanted);
    },
    async getEntityFacets(request: {
      filter?: Filter | Filter[];
      facets: string[];
    }) {
      const selected = select(request.filter);
      const facets: Record<
        string,
        Array<{ value: string; count: number }>
      > = {};
      for (const facet of request.facets) {
        const counts = new Map<string, number>();
        for (const entity of selected) {
          for (const value of valueAt(entity, facet)) {
            counts.set(value, (counts.get(value) ?? 0) + 1);
          }
        }
        facets[facet] = [...counts].map(([value, count]) => ({
          value,
          count,
        }));
      }
      return { facets };
    },
    async getEntityAncestors(request: { entityRef: string }) {
      const entity = entities.find(
        e => stringifyEntityRef(e) === request.entityRef,
      );
      return {
        rootEntityRef: request.entityRef,
        items: entity ? [{ entity, parentEntityRefs: [] }] : [],
      };
    },
    async getLocationByRef() {
      return undefined;
    },
  };
}
