import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { platformApiRef, PlatformClient } from './api';
import {
  moduleRouteRef,
  releaseChannelsRouteRef,
  rootRouteRef,
} from './routes';

/**
 * The platform plugin for apps on the legacy frontend system (`@backstage/core-plugin-api`).
 *
 * @public
 */
export const legacyPlatformPlugin = createPlugin({
  id: 'platform',
  apis: [
    createApiFactory({
      api: platformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    module: moduleRouteRef,
    releaseChannels: releaseChannelsRouteRef,
  },
});

/**
 * The drift report and module pages, for `<Route path="/platform" element={<PlatformPage />} />`.
 *
 * @public
 */
export const PlatformPage = legacyPlatformPlugin.provide(
  createRoutableExtension({
    name: 'PlatformPage',
    component: () =>
      import('./components/PlatformRoutes').then(m => m.PlatformRoutes),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "Platform" tab content for a component's entity page.
 *
 * @public
 */
export const EntityPlatformContent = legacyPlatformPlugin.provide(
  createComponentExtension({
    name: 'EntityPlatformContent',
    component: {
      lazy: () =>
        import('./components/EntityPlatformContent').then(
          m => m.EntityPlatformContent,
        ),
    },
  }),
);

/**
 * The drift card for a component's overview tab.
 *
 * @public
 */
export const EntityDriftCard = legacyPlatformPlugin.provide(
  createComponentExtension({
    name: 'EntityDriftCard',
    component: {
      lazy: () =>
        import('./components/EntityPlatformContent').then(
          m => m.EntityDriftCard,
        ),
    },
  }),
);

/**
 * The release channels card for a component's overview tab.
 *
 * @public
 */
export const EntityReleaseChannelsCard = legacyPlatformPlugin.provide(
  createComponentExtension({
    name: 'EntityReleaseChannelsCard',
    component: {
      lazy: () =>
        import('./components/ReleaseChannels').then(
          m => m.EntityReleaseChannelsCard,
        ),
    },
  }),
);

export { isReleaseChannelsAvailable } from './components/ReleaseChannels/isReleaseChannelsAvailable';
