import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createRepositoryHostsFromConfig } from '@platform-portal/plugin-platform-engine';
import { lineUrl } from './sourceLinks';

const COMMIT = 'a'.repeat(40);
const localRoot = path.join(os.tmpdir(), 'platform-links');

// The demo's setup: github.com/acme is read from local bare repositories; other GitHub
// repositories, and a GitLab host, are read from their hosts.
const config = new ConfigReader({
  integrations: {
    github: [{ host: 'github.com' }],
    gitlab: [
      {
        host: 'gitlab.example.com',
        apiBaseUrl: 'https://gitlab.example.com/api/v4',
      },
    ],
  },
  platform: {
    git: {
      localRoots: [localRoot],
      rewrites: [
        {
          from: 'https://github.com/acme/',
          to: `${pathToFileURL(path.join(localRoot, 'acme')).href}/`,
        },
      ],
    },
  },
});
const options = {
  hosts: createRepositoryHostsFromConfig(config),
  integrations: ScmIntegrations.fromConfig(config),
};

describe('lineUrl', () => {
  it("links a repository read through a local root to the portal's source view at the line", () => {
    const url = lineUrl(
      {
        repository: 'https://github.com/acme/payments-api',
        commit: COMMIT,
        path: 'infra/environments/prod/main.tf',
        line: 22,
      },
      { ...options, appBaseUrl: 'http://localhost:3000/' },
    );
    expect(url).toBe(
      `http://localhost:3000/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api&commit=${COMMIT}&path=infra%2Fenvironments%2Fprod%2Fmain.tf&line=22`,
    );
  });

  it("links from the app's root when its base URL is not configured", () => {
    expect(
      lineUrl(
        {
          repository: 'https://github.com/acme/payments-api',
          commit: COMMIT,
          path: 'main.tf',
          line: 1,
        },
        options,
      ),
    ).toBe(
      `/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api&commit=${COMMIT}&path=main.tf&line=1`,
    );
  });

  it('keeps the link to GitHub for a GitHub repository, and the layout of other known hosts', () => {
    const at = (repository: string, file = 'infra/main.tf') =>
      lineUrl(
        { repository, commit: COMMIT, path: file, line: 7 },
        { ...options, appBaseUrl: 'http://localhost:3000' },
      );
    expect(at('https://github.com/globex/payments-api')).toBe(
      `https://github.com/globex/payments-api/blob/${COMMIT}/infra/main.tf#L7`,
    );
    expect(at('https://github.com/globex/payments-api', 'infra/a b#.tf')).toBe(
      `https://github.com/globex/payments-api/blob/${COMMIT}/infra/a%20b%23.tf#L7`,
    );
    expect(at('https://gitlab.example.com/group/api.git')).toBe(
      `https://gitlab.example.com/group/api/-/blob/${COMMIT}/infra/main.tf#L7`,
    );
    // A host whose web pages the portal does not know: no link rather than a wrong one.
    expect(at('https://git.example.com/acme/api')).toBeUndefined();
  });
});
