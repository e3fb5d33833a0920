import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { PlatformApi, platformApiRef } from '../api';
import { rootRouteRef } from '../routes';

type PermissionMockOptions = NonNullable<
  Parameters<typeof mockApis.permission>[0]
>;

/**
 * A permission decision as the permission mock takes it. AuthorizeResult comes from
 * @backstage/plugin-permission-common, which this package does not declare; the mock's own option
 * type names the same values.
 */
export type Decision = Extract<PermissionMockOptions['authorize'], string>;

/** A component of the catalog in the default namespace: a service, a module, a website. */
export function componentEntity(
  name: string,
  spec: { type: string; owner?: string; lifecycle?: string },
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, ...(annotations && { annotations }) },
    spec,
  };
}

/** A service of the catalog, in the default namespace, owned by `owner`. */
export function serviceEntity(
  name: string,
  owner: string,
  annotations?: Record<string, string>,
): Entity {
  return componentEntity(
    name,
    { type: 'service', owner, lifecycle: 'production' },
    annotations,
  );
}

/**
 * Renders `element` on `entity`'s catalog page as the app mounts it: the drift report and the
 * entity pages routed, the platform API given, and permissions decided by `authorize` (all allowed
 * when it is left out).
 */
export function renderOnEntityPage(
  element: ReactElement,
  options: {
    entity: Entity;
    api: Partial<PlatformApi>;
    authorize?: PermissionMockOptions['authorize'];
  },
) {
  return renderInTestApp(
    // usePermission caches decisions in SWR; a fresh cache keeps tests independent.
    <SWRConfig value={{ provider: () => new Map() }}>
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </SWRConfig>,
    {
      mountedRoutes: {
        '/platform': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      apis: [
        [platformApiRef, options.api],
        mockApis.permission({ authorize: options.authorize }),
      ],
    },
  );
}

/**
 * Renders a page of the plugin at `path` as the app mounts it under `mountPath`, with the drift
 * report and the entity pages routed and the platform API given.
 */
export function renderPlatformPage(
  element: ReactElement,
  options: { mountPath: string; path: string; api: Partial<PlatformApi> },
) {
  return renderInTestApp(element, {
    mountPath: options.mountPath,
    initialRouteEntries: [options.path],
    mountedRoutes: {
      '/platform': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
    apis: [[platformApiRef, options.api]],
  });
}
