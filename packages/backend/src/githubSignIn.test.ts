import path from 'node:path';
import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import authPlugin from '@backstage/plugin-auth-backend';
import githubSignInModule from '@backstage/plugin-auth-backend-module-github-provider';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

// GitHub sign-in exactly as app-config.production.yaml configures it, against a GitHub that msw
// answers: the person signs in as the catalog User their GitHub identity matches, and carries
// their groups, which are their roles in the permission policy.

const productionConfig = path.resolve(
  __dirname,
  '../../../app-config.production.yaml',
);
const appOrigin = 'https://portal.acme.example';

function user(
  name: string,
  groups: string[],
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default', annotations },
    spec: { memberOf: groups },
    relations: groups.map(group => ({
      type: 'memberOf',
      targetRef: `group:default/${group}`,
    })),
  };
}

const catalogUsers = [
  // Matched by the GitHub node ID that GitHub org ingestion writes, whatever her login.
  user('mona', ['platform-team'], { 'github.com/user-id': 'U_mona' }),
  // Matched by name: the User is called like the GitHub login.
  user('octocat', ['team-payments']),
];

// The GitHub account msw signs in, per authorization code.
const githubAccounts: Record<string, { login: string; node_id: string }> = {
  'code-mona': { login: 'mona-lisa', node_id: 'U_mona' },
  'code-octocat': { login: 'octocat', node_id: 'U_octocat' },
  'code-stranger': { login: 'stranger', node_id: 'U_stranger' },
};

const github = setupServer(
  http.post(
    'https://github.com/login/oauth/access_token',
    async ({ request }) => {
      const code = new URLSearchParams(await request.text()).get('code')!;
      return HttpResponse.json({
        access_token: `token-${code}`,
        token_type: 'bearer',
        scope: 'read:user',
      });
    },
  ),
  http.get('https://api.github.com/user', ({ request }) => {
    const code = request.headers
      .get('authorization')!
      .replace(/^(token|Bearer) token-/, '');
    const account = githubAccounts[code];
    return account
      ? HttpResponse.json({ id: 1, name: account.login, ...account })
      : new HttpResponse(null, { status: 401 });
  }),
);

async function readProductionAuthConfig() {
  const env: Record<string, string> = {
    AUTH_GITHUB_CLIENT_ID: 'portal-client',
    AUTH_GITHUB_CLIENT_SECRET: 'portal-secret',
  };
  const config = await ConfigSources.toConfig(
    FileConfigSource.create({
      path: productionConfig,
      watch: false,
      substitutionFunc: async name => env[name],
    }),
  );
  try {
    return config.getConfig('auth').get<JsonObject>();
  } finally {
    config.close();
  }
}

describe('GitHub sign-in (app-config.production.yaml)', () => {
  let baseUrl: string;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    github.listen({
      // The test's own requests go to the backend; anything else must be GitHub's, mocked.
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== 'localhost') {
          print.error();
        }
      },
    });
    const backend = await startTestBackend({
      features: [
        authPlugin,
        githubSignInModule,
        catalogServiceMock.factory({ entities: catalogUsers }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: appOrigin },
            auth: await readProductionAuthConfig(),
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    github.close();
  });

  // Starts the OAuth flow, then comes back from GitHub with `code`, as the browser would.
  async function signIn(code: string) {
    const start = await fetch(
      `${baseUrl}/api/auth/github/start?env=production`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(
      'https://github.com/login/oauth/authorize',
    );
    expect(authorize.searchParams.get('client_id')).toBe('portal-client');
    // The nonce cookie the flow sets (after clearing any older one).
    const nonceCookie = start.headers
      .getSetCookie()
      .map(cookie => cookie.split(';')[0])
      .find(cookie => /^github-nonce=./.test(cookie))!;

    const frame = await fetch(
      `${baseUrl}/api/auth/github/handler/frame?${new URLSearchParams({
        code,
        state: authorize.searchParams.get('state')!,
      })}`,
      { headers: { cookie: nonceCookie }, redirect: 'manual' },
    );
    const html = await frame.text();
    const message = JSON.parse(
      decodeURIComponent(
        /authResponse = decodeURIComponent\('([^']*)'\)/.exec(html)![1],
      ),
    );
    return message as {
      type: string;
      response?: {
        backstageIdentity: {
          token: string;
          identity: { userEntityRef: string; ownershipEntityRefs: string[] };
        };
      };
      error?: { message: string };
    };
  }

  // Who the issued Backstage token is for, and the refs the permission policy sees as theirs.
  function identityOf(message: Awaited<ReturnType<typeof signIn>>) {
    const { token, identity } = message.response!.backstageIdentity;
    const { sub } = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString('utf8'),
    );
    return { sub, ownership: identity.ownershipEntityRefs };
  }

  it('signs in the catalog User annotated with the GitHub user ID, with her groups', async () => {
    const message = await signIn('code-mona');
    expect(message.type).toBe('authorization_response');
    const { sub, ownership } = identityOf(message);
    expect(sub).toBe('user:default/mona');
    expect(ownership).toEqual(
      expect.arrayContaining([
        'user:default/mona',
        'group:default/platform-team',
      ]),
    );
  });

  it('signs in the catalog User named like the GitHub login', async () => {
    const { sub, ownership } = identityOf(await signIn('code-octocat'));
    expect(sub).toBe('user:default/octocat');
    expect(ownership).toEqual(
      expect.arrayContaining([
        'user:default/octocat',
        'group:default/team-payments',
      ]),
    );
    expect(ownership).not.toContain('group:default/platform-team');
  });

  it('refuses a GitHub account that matches no catalog User', async () => {
    const message = await signIn('code-stranger');
    expect(message.response).toBeUndefined();
    expect(message.error?.message).toMatch(/unable to resolve user identity/);
  });
});
