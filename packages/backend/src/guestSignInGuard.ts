import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

const ALLOW_FLAG = 'auth.providers.guest.dangerouslyAllowOutsideDevelopment';

/**
 * Production is what the image runs (NODE_ENV=production) or what app-config.production.yaml
 * describes (auth.environment: production): either one is enough, so a production config started
 * without NODE_ENV is still treated as production.
 */
export function isProductionConfig(config: Config, nodeEnv?: string): boolean {
  return (
    nodeEnv === 'production' ||
    config.getOptionalString('auth.environment') === 'production'
  );
}

/**
 * Throws when production would offer guest sign-in without the operator allowing it: with
 * guest sign-in anyone who reaches the portal acts as the guest user, and without the flag the
 * guest provider answers every sign-in with 403, so nobody could sign in at all.
 */
export function assertNoGuestSignInInProduction(
  config: Config,
  nodeEnv: string | undefined,
): void {
  if (
    !config.has('auth.providers.guest') ||
    !isProductionConfig(config, nodeEnv)
  ) {
    return;
  }
  if (config.getOptionalBoolean(ALLOW_FLAG) === true) {
    return;
  }
  throw new Error(
    `Guest sign-in (auth.providers.guest) is configured in production, where anyone could sign in as the guest; ` +
      `remove it and configure a real provider (the README's Sign-in section), or set ${ALLOW_FLAG}: true to allow it`,
  );
}

/**
 * Stops the backend from starting when production is configured with guest sign-in that was
 * not explicitly allowed (see assertNoGuestSignInInProduction).
 */
export const authModuleGuestSignInGuard = createBackendModule({
  pluginId: 'auth',
  moduleId: 'guest-sign-in-guard',
  register(env) {
    env.registerInit({
      deps: { config: coreServices.rootConfig },
      async init({ config }) {
        assertNoGuestSignInInProduction(config, process.env.NODE_ENV);
      },
    });
  },
});
