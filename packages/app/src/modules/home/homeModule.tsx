import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

/** Columns of cards as tall as their content, under a header with "Create project". */
const homePageLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomePageLayout').then(m => m.HomePageLayout),
  },
});

const yourServicesWidget = HomePageWidgetBlueprint.make({
  name: 'your-services',
  params: {
    name: 'YourServices',
    title: 'Your services',
    description:
      "Your teams' services with their platform drift, most in need of attention first",
    components: () =>
      import('./YourServices').then(m => ({ Content: m.YourServices })),
  },
});

const comingUpWidget = HomePageWidgetBlueprint.make({
  name: 'coming-up',
  params: {
    name: 'ComingUp',
    title: 'Coming up',
    description:
      'Deprecations and ends of support that reach the versions your teams pin',
    components: () => import('./ComingUp').then(m => ({ Content: m.ComingUp })),
  },
});

const newestReleasesWidget = HomePageWidgetBlueprint.make({
  name: 'newest-releases',
  params: {
    name: 'NewestReleases',
    title: 'Newest platform releases',
    description: 'The latest release of every platform module',
    components: () =>
      import('./NewestReleases').then(m => ({ Content: m.NewestReleases })),
  },
});

/** The portal's home page: the layout and the platform widgets. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homePageLayout,
    yourServicesWidget,
    comingUpWidget,
    newestReleasesWidget,
  ],
});
