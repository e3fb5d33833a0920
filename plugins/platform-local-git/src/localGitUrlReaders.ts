import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { LocalGitUrlReader } from '@platform-portal/plugin-platform-engine';

/**
 * Adds a URL reader for the local bare repositories of `platform.git.localRoots`, addressed by
 * the URLs `platform.git.rewrites` maps onto them (`https://git.example.com/acme/orders-api` read
 * from `<root>/orders-api.git`). Every plugin reads through it, the catalog included, so a project
 * "Create project" published into `platform.publish.localRoot` can be registered and refreshed
 * like any other. Without such a rewrite it adds no reader, and other URLs never reach it.
 *
 * @public
 */
export const localGitUrlReaders = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalGitUrlReader.factory;
  },
});
