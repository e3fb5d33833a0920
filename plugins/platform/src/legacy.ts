import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { platformApiRef, PlatformClient } from './api';
import {
  platformModuleInputsField,
  platformModulePickerField,
  platformProjectNameField,
} from './components/ScaffolderFields';
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
 * The card of a platform module's entity, leading to its module page; show it where
 * `isPlatformModuleEntity` holds.
 *
 * @public
 */
export const EntityModuleCard = legacyPlatformPlugin.provide(
  createComponentExtension({
    name: 'EntityModuleCard',
    component: {
      lazy: () =>
        import('./components/ModuleEntity').then(m => m.EntityModuleCard),
    },
  }),
);

/**
 * The drift of a team's services, for a group's overview tab.
 *
 * @public
 */
export const EntityGroupDriftCard = legacyPlatformPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupDriftCard',
    component: {
      lazy: () =>
        import('./components/GroupDrift').then(m => m.EntityGroupDriftCard),
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

/**
 * The Create form's module picker (`ui:field: PlatformModulePicker`), for
 * `<ScaffolderFieldExtensions>` on the legacy frontend system. Provided by the platform plugin
 * rather than the scaffolder's, so that an app using it also gets the platform API it reads.
 *
 * @public
 */
export const PlatformModulePickerFieldExtension = legacyPlatformPlugin.provide(
  createScaffolderFieldExtension(platformModulePickerField),
);

/**
 * The Create form's module inputs step (`ui:field: PlatformModuleInputs`), for
 * `<ScaffolderFieldExtensions>` on the legacy frontend system.
 *
 * @public
 */
export const PlatformModuleInputsFieldExtension = legacyPlatformPlugin.provide(
  createScaffolderFieldExtension(platformModuleInputsField),
);

/**
 * The Create form's project name (`ui:field: PlatformProjectName`), checked while typed, for
 * `<ScaffolderFieldExtensions>` on the legacy frontend system.
 *
 * @public
 */
export const PlatformProjectNameFieldExtension = legacyPlatformPlugin.provide(
  createScaffolderFieldExtension(platformProjectNameField),
);

export { isReleaseChannelsAvailable } from './components/ReleaseChannels/isReleaseChannelsAvailable';
export {
  isPlatformModuleEntity,
  isPlatformServiceEntity,
} from './components/ModuleEntity/entityFilters';
