import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  ConfigApi,
  configApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * The ways to sign in that `app.signIn.providers` names: guest for the offline demo (the
 * default), GitHub in production. The backend refuses guest sign-in in production, so offering
 * it there would only show people a button that fails.
 */
export function configuredSignInProviders(
  config: ConfigApi,
): Array<'guest' | SignInProviderConfig> {
  const names = config.getOptionalStringArray('app.signIn.providers') ?? [
    'guest',
  ];
  return names.map(name => {
    if (name === 'github') return github;
    if (name === 'guest') return 'guest';
    throw new Error(
      `app.signIn.providers names "${name}"; the portal offers "guest" and "github"`,
    );
  });
}

export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  return (
    <SignInPage
      {...props}
      title="Platform Portal"
      align="center"
      providers={configuredSignInProviders(config)}
    />
  );
}
