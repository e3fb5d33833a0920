import { useRouteRef } from '@backstage/frontend-plugin-api';
// eslint-disable-next-line @backstage/no-undeclared-imports -- comes with @platform-portal/plugin-platform; the app's package.json is to list it
import { parseEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import platformPlugin from '@platform-portal/plugin-platform';

/** The name people know an entity by in this widget: its name, with a namespace other than default. */
export function entityName(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** Links to an entity's Platform tab; undefined while the catalog is not installed. */
export function useEntityPlatformLink(): (
  entityRef: string,
) => string | undefined {
  const entityRoute = useRouteRef(catalogPlugin.routes.catalogEntity);
  return entityRef => {
    if (!entityRoute) return undefined;
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `${entityRoute({
      kind: kind.toLocaleLowerCase('en-US'),
      namespace,
      name,
    })}/platform`;
  };
}

/** Links to a platform module's page. */
export function useModuleLink(): (module: string) => string | undefined {
  const moduleRoute = useRouteRef(platformPlugin.routes.module);
  return module => moduleRoute?.({ name: module });
}

/** Links to the drift report filtered to the given owners. */
export function useDriftReportLink(): (owners: string[]) => string | undefined {
  const reportRoute = useRouteRef(platformPlugin.routes.root);
  return owners => {
    if (!reportRoute) return undefined;
    const query = new URLSearchParams(owners.map(owner => ['owner', owner]));
    return `${reportRoute()}?${query}`;
  };
}
