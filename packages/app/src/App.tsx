import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { platformScaffolderFieldsModule } from '@platform-portal/plugin-platform';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { catalogModule } from './components/catalog';
import { signInModule } from './modules/signIn';

export default createApp({
  // The platform plugin itself is discovered from the app's dependencies; its scaffolder form
  // fields are a module of the scaffolder plugin, which discovery does not pick up.
  features: [
    catalogPlugin,
    catalogModule,
    navModule,
    homeModule,
    platformScaffolderFieldsModule,
    signInModule,
  ],
});
