import { ConfigSources } from '@backstage/config-loader';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * The configuration from the same sources as Backstage's default (the --config files, APP_CONFIG_
 * variables), without its console.log of every file path: that line comes before the root
 * logger exists, so in production it was the one plain-text line among the JSON logs, and it
 * named the server's paths.
 */
export const rootConfigWithoutPathLine = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    return ConfigSources.toConfig(ConfigSources.default({}));
  },
});
