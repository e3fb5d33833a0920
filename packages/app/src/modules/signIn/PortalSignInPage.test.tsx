import { mockApis } from '@backstage/frontend-test-utils';
import { configuredSignInProviders } from './PortalSignInPage';

function providersFor(data: object) {
  return configuredSignInProviders(mockApis.config({ data }));
}

describe('configuredSignInProviders', () => {
  it('offers guest sign-in when nothing is configured, as the offline demo needs', () => {
    expect(providersFor({})).toEqual(['guest']);
  });

  it('offers GitHub and no guest where production configures it', () => {
    expect(
      providersFor({ app: { signIn: { providers: ['github'] } } }),
    ).toEqual([
      expect.objectContaining({ id: 'github-auth-provider', title: 'GitHub' }),
    ]);
  });

  it('names a provider the portal does not offer', () => {
    expect(() =>
      providersFor({ app: { signIn: { providers: ['okta'] } } }),
    ).toThrow('app.signIn.providers names "okta"');
  });
});
