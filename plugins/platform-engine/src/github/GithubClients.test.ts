import { ConfigReader } from '@backstage/config';
import {
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { GithubClients } from './GithubClients';

const API = 'https://api.github.com';
const TOKEN = 'ghp_clientstest123';

const appConfig = {
  integrations: { github: [{ host: 'github.com', token: TOKEN }] },
};

describe('GithubClients', () => {
  it('gives repositories of one host and token one client, and other tokens their own', async () => {
    const tokens: Record<string, string> = {
      'https://github.com/acme/api': 'ghs_acme',
      'https://github.com/acme/web': 'ghs_acme',
      'https://github.com/globex/api': 'ghs_globex',
    };
    const credentialsProvider: GithubCredentialsProvider = {
      getCredentials: async ({ url }) => ({ type: 'app', token: tokens[url] }),
    };
    const clients = new GithubClients({
      integrations: ScmIntegrations.fromConfig(new ConfigReader(appConfig)),
      credentialsProvider,
    });

    const api = await clients.client('https://github.com/acme/api', API);
    const web = await clients.client('https://github.com/acme/web', API);
    const globex = await clients.client('https://github.com/globex/api', API);

    expect(web.octokit).toBe(api.octokit);
    expect(globex.octokit).not.toBe(api.octokit);
    expect([api.token, globex.token]).toEqual(['ghs_acme', 'ghs_globex']);
  });
});
