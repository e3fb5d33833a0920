import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import LayersIcon from '@material-ui/icons/Layers';
import { platformApiRef, PlatformClient } from './api';
import { rootRouteRef } from './routes';

export const platformApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: platformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformClient({ discoveryApi, fetchApi }),
    }),
});

// The title and icon make the app list this page as a nav item; noHeader
// because PlatformPage renders its own Header.
export const platformPage = PageBlueprint.make({
  params: {
    path: '/platform',
    routeRef: rootRouteRef,
    title: 'Platform',
    icon: <LayersIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/PlatformPage').then(m => <m.PlatformPage />),
  },
});

/**
 * The platform frontend plugin: platform module drift and release channels.
 *
 * @public
 */
export const platformPlugin = createFrontendPlugin({
  pluginId: 'platform',
  title: 'Platform',
  icon: <LayersIcon fontSize="inherit" />,
  extensions: [platformApi, platformPage],
  routes: {
    root: rootRouteRef,
  },
});
