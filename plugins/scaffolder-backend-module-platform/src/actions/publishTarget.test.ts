import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject, JsonValue } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { examples } from './publishTarget.examples';
import {
  createPublishTargetAction,
  createPublishTargetResolver,
} from './publishTarget';

const ROOT = path.resolve('/srv/git/projects');

function resolver(publish: JsonObject, rewrites: JsonValue[] = []) {
  return createPublishTargetResolver(
    new ConfigReader({ platform: { publish, git: { rewrites } } }),
  );
}

const MAPPED = [{ from: 'https://git.example.test/projects/', to: `${ROOT}/` }];

describe('platform:publish:target', () => {
  it('publishes into the local git root under the URL a rewrite maps onto it', () => {
    expect(
      resolver(
        { localRoot: ROOT, organisation: 'globex', platformTeam: 'cloud-team' },
        MAPPED,
      )({
        name: 'orders-api',
        publishTarget: 'local',
      }),
    ).toEqual({
      repositoryUrl: 'https://git.example.test/projects/orders-api',
      repoHost: 'git.example.test',
      repoSlug: 'projects/orders-api',
      githubSlug: '',
      organisation: 'globex',
      ciWorkflow: 'terraform-ci',
      platformTeam: 'cloud-team',
      // The catalog writes no source location for a host without an integration.
      sourceLocation:
        'url:https://git.example.test/projects/orders-api/tree/main/',
    });
  });

  it('takes the organisation from the repository owner when none is configured, and gives github.com its slug', () => {
    expect(
      resolver({})({
        name: 'orders-api',
        publishTarget: 'github',
        repoUrl: 'github.com?owner=acme-cloud&repo=orders-web',
      }),
    ).toMatchObject({
      repositoryUrl: 'https://github.com/acme-cloud/orders-web',
      githubSlug: 'acme-cloud/orders-web',
      organisation: 'acme-cloud',
      // No team of the organisation is named unless configured.
      platformTeam: '',
      // The catalog finds it by its slug.
      sourceLocation: '',
    });
    expect(
      resolver({})({
        name: 'orders-api',
        publishTarget: 'github',
        repoUrl: 'ghe.example.net?owner=acme&repo=orders-web',
      }).githubSlug,
    ).toBe('');
  });

  it('refuses a local git root it cannot publish to, or no URL is mapped onto, naming the setting and no path', () => {
    expect(() =>
      resolver({})({ name: 'orders-api', publishTarget: 'local' }),
    ).toThrow('platform.publish.localRoot is not configured');
    const unmapped = () =>
      resolver(
        { localRoot: path.resolve('/srv/git/elsewhere') },
        MAPPED,
      )({
        name: 'orders-api',
        publishTarget: 'local',
      });
    expect(unmapped).toThrow(/add a platform.git.rewrites entry/);
    expect(unmapped).not.toThrow('/srv/git');
  });

  it('refuses an organisation, platform team or CI workflow that could end a CODEOWNERS rule or name no module', () => {
    expect(() => resolver({ organisation: 'acme\n* @evil/all' })).toThrow(
      'platform.publish.organisation "acme\n* @evil/all" is no organisation name',
    );
    expect(() => resolver({ ciWorkflow: '../ci' })).toThrow(
      'platform.publish.ciWorkflow "../ci" is no module name of the platform',
    );
    expect(() => resolver({ platformTeam: 'ops\n* @evil/all' })).toThrow(
      'platform.publish.platformTeam "ops\n* @evil/all" is no team name',
    );
    expect(() =>
      resolver({})({
        name: 'orders-api',
        publishTarget: 'github',
        repoUrl: 'github.com?owner=acme&repo=x%0A---',
      }),
    ).toThrow('names no repository');
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs its example: %s',
    async (_description, example) => {
      const { input } = yaml.parse(example).steps[0];
      const action = createPublishTargetAction({
        config: new ConfigReader({}),
      });
      const ctx = createMockActionContext({
        input,
        logger: mockServices.logger.mock(),
      });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith(
        'repositoryUrl',
        'https://github.com/acme/orders-api',
      );
      expect(ctx.output).toHaveBeenCalledWith('organisation', 'acme');
    },
  );
});
