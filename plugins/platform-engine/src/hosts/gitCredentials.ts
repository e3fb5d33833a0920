import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { GitCredentials } from './git/GitRepositoryHost';

/**
 * Credentials git sends to an HTTPS remote, from `integrations` in app-config: a GitHub token or
 * GitHub App installation token, or the token of a GitLab, Gitea, Bitbucket Server or Azure
 * integration.
 *
 * @public
 */
export function createGitCredentials(
  integrations: ScmIntegrationRegistry,
): (url: string) => Promise<GitCredentials | undefined> {
  const github =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return async url => {
    const integration = integrations.byUrl(url);
    if (!integration) {
      return undefined;
    }
    if (integration.type === 'github') {
      const { token } = await github.getCredentials({ url });
      return token
        ? { username: 'x-access-token', password: token }
        : undefined;
    }
    // Every integration but GitHub keeps its static credentials on `config`.
    const config =
      (
        integration as unknown as {
          config?: { token?: string; username?: string; password?: string };
        }
      ).config ?? {};
    if (config.token) {
      return { username: config.username ?? 'oauth2', password: config.token };
    }
    if (config.username && config.password) {
      return { username: config.username, password: config.password };
    }
    return undefined;
  };
}
