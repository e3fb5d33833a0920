import { ConfigReader } from '@backstage/config';
import { assertNoGuestSignInInProduction } from './guestSignInGuard';

const guest = { userEntityRef: 'user:default/guest' };

describe('assertNoGuestSignInInProduction', () => {
  it('refuses guest sign-in under the production config, even without NODE_ENV', () => {
    const config = new ConfigReader({
      auth: { environment: 'production', providers: { guest } },
    });
    expect(() => assertNoGuestSignInInProduction(config, undefined)).toThrow(
      /Guest sign-in \(auth\.providers\.guest\) is configured in production.*auth\.providers\.guest\.dangerouslyAllowOutsideDevelopment: true/,
    );
  });

  it('refuses guest sign-in when NODE_ENV is production', () => {
    const config = new ConfigReader({ auth: { providers: { guest } } });
    expect(() => assertNoGuestSignInInProduction(config, 'production')).toThrow(
      /configured in production/,
    );
  });

  it('allows guest sign-in in production when the operator says so', () => {
    const config = new ConfigReader({
      auth: {
        environment: 'production',
        providers: {
          guest: { ...guest, dangerouslyAllowOutsideDevelopment: true },
        },
      },
    });
    expect(() =>
      assertNoGuestSignInInProduction(config, 'production'),
    ).not.toThrow();
  });

  it('leaves the demo its guest sign-in', () => {
    const config = new ConfigReader({ auth: { providers: { guest } } });
    expect(() =>
      assertNoGuestSignInInProduction(config, 'development'),
    ).not.toThrow();
  });

  it('lets production start with GitHub sign-in only', () => {
    const config = new ConfigReader({
      auth: {
        environment: 'production',
        providers: { github: { production: { clientId: 'id' } } },
      },
    });
    expect(() =>
      assertNoGuestSignInInProduction(config, 'production'),
    ).not.toThrow();
  });
});
