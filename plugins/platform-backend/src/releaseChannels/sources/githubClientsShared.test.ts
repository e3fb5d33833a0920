import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createRepositoryHostsFromConfig,
  GithubClients,
  GithubRepositoryHost,
} from '@platform-portal/plugin-platform-engine';
import { createReleaseChannelReaderFromConfig } from './createReleaseChannelReaderFromConfig';
import { GithubReleasesSource } from './GithubReleasesSource';

const API = 'https://api.github.com';
const SHA = 'a'.repeat(40);
const TOKEN = 'ghp_clientstest123';

const server = setupServer();
registerMswTestHooks(server);

const appConfig = {
  integrations: { github: [{ host: 'github.com', token: TOKEN }] },
};

/** GitHub answering a head and one page of releases with ETags, 304 to a matching one. */
function mockGithub() {
  const ifNoneMatch: Record<'head' | 'releases', Array<string | null>> = {
    head: [],
    releases: [],
  };
  server.use(
    http.get(`${API}/repos/acme/api/commits/HEAD`, ({ request }) => {
      ifNoneMatch.head.push(request.headers.get('if-none-match'));
      if (request.headers.get('if-none-match') === '"head"') {
        return new HttpResponse(null, { status: 304 });
      }
      return new HttpResponse(SHA, {
        headers: {
          etag: '"head"',
          'content-type': 'application/vnd.github.sha',
        },
      });
    }),
    http.get(`${API}/repos/acme/charts/releases`, ({ request }) => {
      ifNoneMatch.releases.push(request.headers.get('if-none-match'));
      if (request.headers.get('if-none-match') === '"releases"') {
        return new HttpResponse(null, { status: 304 });
      }
      return HttpResponse.json(
        [
          { tag_name: 'v1.0.0', published_at: '2026-01-01T00:00:00Z' },
          { tag_name: 'v1.1.0', published_at: '2026-02-01T00:00:00Z' },
        ],
        { headers: { etag: '"releases"' } },
      );
    }),
  );
  return ifNoneMatch;
}

describe('GithubClients shared by repository hosts and release channels', () => {
  it('is one for the repository hosts and the release channels of one app-config', async () => {
    mockGithub();
    const config = new ConfigReader(appConfig);
    const client = jest.spyOn(GithubClients.prototype, 'client');
    try {
      const hosts = createRepositoryHostsFromConfig(config);
      const reader = createReleaseChannelReaderFromConfig(config, {
        logger: mockServices.logger.mock(),
      });

      const repository = hosts.resolve('https://github.com/acme/api')!;
      expect(repository.host.id).toBe('github');
      await expect(repository.host.getHead(repository.url)).resolves.toEqual({
        commit: SHA,
      });
      const reading = await reader.read({
        kind: 'github-releases',
        target: 'acme/charts',
      });
      expect(reading.problem).toBeUndefined();
      expect(reading.releaseCount).toBe(2);
      const used = new Set(client.mock.contexts);
      expect(client).toHaveBeenCalledTimes(2);
      expect([...used]).toEqual([GithubClients.fromConfig(config)]);
      expect(GithubClients.fromConfig(new ConfigReader(appConfig))).not.toBe(
        GithubClients.fromConfig(config),
      );
    } finally {
      client.mockRestore();
    }
  });

  it('keeps one bounded cache of ETags for repository and release reads', async () => {
    const ifNoneMatch = mockGithub();
    const github = new GithubClients({
      integrations: ScmIntegrations.fromConfig(new ConfigReader(appConfig)),
      // The head counts 1 and the page of two releases 3: both do not fit.
      cacheSize: 3,
    });
    const host = new GithubRepositoryHost({ github });
    const releases = new GithubReleasesSource({ github });

    await host.getHead('https://github.com/acme/api');
    await host.getHead('https://github.com/acme/api');
    expect(ifNoneMatch.head).toEqual([null, '"head"']);

    await releases.listReleases('acme/charts');
    await releases.listReleases('acme/charts');
    expect(ifNoneMatch.releases).toEqual([null, '"releases"']);

    // Reading the releases pushed the head out: it is asked for unconditionally again.
    await expect(host.getHead('https://github.com/acme/api')).resolves.toEqual({
      commit: SHA,
    });
    expect(ifNoneMatch.head).toEqual([null, '"head"', null]);
  });
});
