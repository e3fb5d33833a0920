import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

// Replaces the app plugin's default page (guest only) under the same extension id.
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () =>
      import('./PortalSignInPage').then(m => m.PortalSignInPage),
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
