import {
  ApiBlueprint,
  createFrontendModule,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import LayersIcon from '@material-ui/icons/Layers';
import { platformApiRef, PlatformClient } from './api';
import { isReleaseChannelsAvailable } from './components/ReleaseChannels/isReleaseChannelsAvailable';
import {
  isGroupEntity,
  isPlatformModuleEntity,
  isPlatformServiceEntity,
} from './components/ModuleEntity/entityFilters';
import {
  moduleRouteRef,
  releaseChannelsRouteRef,
  rootRouteRef,
} from './routes';

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
// because the pages render their own Header.
export const platformPage = PageBlueprint.make({
  params: {
    path: '/platform',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'Platform',
    icon: <LayersIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/PlatformRoutes').then(m => <m.PlatformRoutes />),
  },
});

/**
 * The "Platform" tab of services: references, verdicts and scan problems. Module entities have
 * none; their card leads to the module page instead.
 */
export const entityPlatformContent = EntityContentBlueprint.make({
  params: {
    path: '/platform',
    title: 'Platform',
    filter: isPlatformServiceEntity,
    loader: () =>
      import('./components/EntityPlatformContent').then(m => (
        <m.EntityPlatformContent />
      )),
  },
});

/** A small drift card for the overview tab of services. */
export const entityDriftCard = EntityCardBlueprint.make({
  name: 'drift',
  params: {
    filter: isPlatformServiceEntity,
    loader: () =>
      import('./components/EntityPlatformContent').then(m => (
        <m.EntityDriftCard />
      )),
  },
});

/**
 * The release channels of a component on its overview tab, for components that declare some.
 */
export const entityReleaseChannelsCard = EntityCardBlueprint.make({
  name: 'release-channels',
  params: {
    filter: entity =>
      entity.kind.toLocaleLowerCase('en-US') === 'component' &&
      isReleaseChannelsAvailable(entity),
    loader: () =>
      import('./components/ReleaseChannels').then(m => (
        <m.EntityReleaseChannelsCard />
      )),
  },
});

/**
 * The overview card of a platform module's entity: what the module is, how many services use it,
 * and the way to its module page.
 */
export const entityModuleCard = EntityCardBlueprint.make({
  name: 'module',
  params: {
    filter: isPlatformModuleEntity,
    loader: () =>
      import('./components/ModuleEntity').then(m => <m.EntityModuleCard />),
  },
});

/** The drift of a team's services, worst first, on its group page. */
export const entityGroupDriftCard = EntityCardBlueprint.make({
  name: 'group-drift',
  params: {
    filter: isGroupEntity,
    loader: () =>
      import('./components/GroupDrift').then(m => <m.EntityGroupDriftCard />),
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
  extensions: [
    platformApi,
    platformPage,
    entityPlatformContent,
    entityDriftCard,
    entityModuleCard,
    entityGroupDriftCard,
    entityReleaseChannelsCard,
  ],
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    module: moduleRouteRef,
    releaseChannels: releaseChannelsRouteRef,
  }),
});

/** The Create form's field listing the platform modules that fit the chosen tool. */
export const platformModulePickerFormField = FormFieldBlueprint.make({
  name: 'platform-module-picker',
  params: {
    field: () =>
      import('./components/ScaffolderFields/formFields').then(
        m => m.platformModulePickerFormField,
      ),
  },
});

/** The Create form's step asking the inputs of the chosen modules. */
export const platformModuleInputsFormField = FormFieldBlueprint.make({
  name: 'platform-module-inputs',
  params: {
    field: () =>
      import('./components/ScaffolderFields/formFields').then(
        m => m.platformModuleInputsFormField,
      ),
  },
});

/** The Create form's project name, checked against the catalog and the repository host while typed. */
export const platformProjectNameFormField = FormFieldBlueprint.make({
  name: 'platform-project-name',
  params: {
    field: () =>
      import('./components/ScaffolderFields/formFields').then(
        m => m.platformProjectNameFormField,
      ),
  },
});

/**
 * The scaffolder form fields `PlatformProjectName`, `PlatformModulePicker` and
 * `PlatformModuleInputs`, for apps on the new frontend system:
 * `createApp({ features: [platformScaffolderFieldsModule] })`.
 *
 * @public
 */
export const platformScaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    platformProjectNameFormField,
    platformModulePickerFormField,
    platformModuleInputsFormField,
  ],
});
