import {
  coreServices,
  createServiceFactory,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  createAuthIntegrationRouter,
  createCookieAuthRefreshMiddleware,
  createCredentialsBarrier,
  createLifecycleMiddleware,
  createRateLimitMiddleware,
} from '@backstage/backend-defaults/httpRouter';
import {
  MiddlewareFactory,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import Router from 'express-promise-router';

// Backstage's error handlers send a stack trace, which names the server's paths, whenever
// NODE_ENV is development, as `yarn start` sets it. Here only the config flag turns them on.
function showStackTraces(config: RootConfigService): boolean {
  return config.getOptionalBoolean('backend.showStackTraces') ?? false;
}

/**
 * Backstage's root HTTP router, its error handler sending stack traces only when
 * `backend.showStackTraces` is true.
 */
export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure({ applyDefaults, config, middleware }) {
    const error = middleware.error.bind(middleware);
    // applyDefaults installs the error handler of this same middleware factory: the only way to
    // change its options and keep every other default (timeouts, trust proxy, CORS, rate limits).
    middleware.error = options =>
      error({ ...options, showStackTraces: showStackTraces(config) });
    applyDefaults();
  },
});

/**
 * Backstage's router of each plugin (httpRouterServiceFactory of backend-defaults 0.18, from the
 * parts it exports), its error handler sending stack traces only when `backend.showStackTraces`
 * is true. Each plugin's errors are answered by this handler, not the root router's.
 */
export const httpRouterWithoutStackTraces = createServiceFactory({
  service: coreServices.httpRouter,
  initialization: 'always',
  deps: {
    plugin: coreServices.pluginMetadata,
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    rootHttpRouter: coreServices.rootHttpRouter,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    logger: coreServices.logger,
  },
  async factory({
    auth,
    httpAuth,
    config,
    plugin,
    rootHttpRouter,
    lifecycle,
    logger,
  }) {
    const router = Router();
    router.use(createRateLimitMiddleware({ pluginId: plugin.getId(), config }));
    rootHttpRouter.use(`/api/${plugin.getId()}`, router);
    const credentialsBarrier = createCredentialsBarrier({ httpAuth, config });
    router.use(createAuthIntegrationRouter({ auth }));
    router.use(createLifecycleMiddleware({ config, lifecycle }));
    router.use(credentialsBarrier.middleware);
    router.use(createCookieAuthRefreshMiddleware({ auth, httpAuth }));
    const pluginRoutes = Router();
    router.use(pluginRoutes);
    router.use(
      MiddlewareFactory.create({ config, logger }).error({
        showStackTraces: showStackTraces(config),
      }),
    );
    return {
      use(handler) {
        pluginRoutes.use(handler);
      },
      addAuthPolicy(policy) {
        credentialsBarrier.addAuthPolicy(policy);
      },
    };
  },
});
