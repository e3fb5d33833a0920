import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  readLocalRepositoryPrefixes,
  repositoryPlaceOf,
  SourceViewLocationProcessor,
} from './SourceViewLocationProcessor';

const APP = 'http://portal.example:3000';
const LOCATION = { type: 'file', target: '/examples/catalog-info.yaml' };
const LOCAL = 'https://github.com/acme/payments-api';
/** The demo's rewrite: the acme organisation is read from local bare repositories. */
const DEMO_REWRITES = [
  { from: 'https://github.com/acme/', to: '../../.demo-repos/acme/' },
];

function setup(rewrites: Array<{ from: string; to: string }> = DEMO_REWRITES) {
  const config = mockServices.rootConfig({
    data: { platform: { git: { rewrites } } },
  });
  const processor = new SourceViewLocationProcessor({
    localPrefixes: readLocalRepositoryPrefixes(config),
    appBaseUrl: `${APP}/`,
  });
  const annotationsAfter = async (annotations: Record<string, string>) =>
    (
      await processor.postProcessEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments-api', annotations },
          spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
        } as Entity,
        LOCATION,
      )
    ).metadata.annotations;
  return { processor, annotationsAfter };
}

describe('repositoryPlaceOf', () => {
  it.each([
    [`${LOCAL}/tree/main/`, { repository: LOCAL }],
    [`${LOCAL}/tree/HEAD/modules/vpc/`, { repository: LOCAL }],
    [
      `${LOCAL}/blob/main/catalog-info.yaml`,
      { repository: LOCAL, file: 'catalog-info.yaml' },
    ],
    [
      'https://gitlab.example/acme/app/-/blob/main/docs/read%20me.md',
      {
        repository: 'https://gitlab.example/acme/app',
        file: 'docs/read me.md',
      },
    ],
    [`${LOCAL}.git`, { repository: LOCAL }],
  ])('reads %s as its repository and file', (address, place) => {
    expect(repositoryPlaceOf(address)).toEqual(place);
  });

  it('reads no repository from what is no web address', () => {
    expect(repositoryPlaceOf('not a url')).toBeUndefined();
    expect(repositoryPlaceOf('file:///srv/catalog-info.yaml')).toBeUndefined();
  });
});

describe('SourceViewLocationProcessor', () => {
  it('gives a locally read service named by its GitHub slug a "View source" in the portal', async () => {
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
      }),
    ).toEqual({
      'github.com/project-slug': 'acme/payments-api',
      'backstage.io/source-location': `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api`,
    });
  });

  it('points the links a url location gave at the source view, and drops the edit link', async () => {
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
        'backstage.io/source-location': `url:${LOCAL}/tree/main/`,
        'backstage.io/view-url': `${LOCAL}/blob/main/catalog-info.yaml`,
        'backstage.io/edit-url': `${LOCAL}/edit/main/catalog-info.yaml`,
      }),
    ).toEqual({
      'github.com/project-slug': 'acme/payments-api',
      'backstage.io/source-location': `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api`,
      'backstage.io/view-url': `${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api&path=catalog-info.yaml`,
    });
  });

  it('points a platform module entity at its platform repository in the source view', async () => {
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'platform-portal.io/module': 'vpc',
        'backstage.io/source-location':
          'url:https://github.com/acme/platform/tree/HEAD/modules/vpc/',
      }),
    ).toMatchObject({
      'backstage.io/source-location': `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fplatform`,
    });
  });

  it('keeps the host links of a repository read from its host', async () => {
    const { annotationsAfter } = setup();
    const annotations = {
      'github.com/project-slug': 'other/service',
      'backstage.io/source-location':
        'url:https://github.com/other/service/tree/main/',
      'backstage.io/edit-url':
        'https://github.com/other/service/edit/main/catalog-info.yaml',
    };

    expect(await annotationsAfter(annotations)).toEqual(annotations);
  });

  it('keeps the source location the scanner finds a service by, when it has no slug', async () => {
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'backstage.io/source-location': `url:${LOCAL}/tree/main/`,
      }),
    ).toEqual({ 'backstage.io/source-location': `url:${LOCAL}/tree/main/` });
  });

  it('rewrites the links on the first processing, with nothing else running', async () => {
    // The decision needs no platform backend: right after start the catalog serves the
    // source view link, not the host's, although no scan has run yet.
    const { annotationsAfter } = setup();

    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
      }),
    ).toMatchObject({
      'backstage.io/source-location': `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments-api`,
    });
  });

  it.each([
    ['a folder', '/srv/git/acme/'],
    ['a file URL', 'file:///srv/git/acme/'],
  ])('takes a rewrite onto %s as local', async (_what, to) => {
    const { annotationsAfter } = setup([
      { from: 'https://github.com/acme/', to },
    ]);

    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
      }),
    ).toHaveProperty(
      ['backstage.io/source-location'],
      expect.stringContaining(`${APP}/platform/source?`),
    );
  });

  it('keeps the host links where a rewrite leads to another server, or there is none', async () => {
    const annotations = { 'github.com/project-slug': 'acme/payments-api' };
    const mirrored = setup([
      {
        from: 'https://github.com/acme/',
        to: 'https://git.mirror.example/acme/',
      },
    ]);
    const none = setup([]);

    expect(await mirrored.annotationsAfter(annotations)).toEqual(annotations);
    expect(await none.annotationsAfter(annotations)).toEqual(annotations);
  });

  it('matches a rewrite of one repository by the whole name, not a prefix of it', async () => {
    const { annotationsAfter } = setup([
      { from: 'https://github.com/acme/payments', to: '/srv/git/payments.git' },
    ]);

    expect(
      await annotationsAfter({ 'github.com/project-slug': 'acme/payments' }),
    ).toHaveProperty(
      ['backstage.io/source-location'],
      `url:${APP}/platform/source?repository=https%3A%2F%2Fgithub.com%2Facme%2Fpayments`,
    );
    expect(
      await annotationsAfter({
        'github.com/project-slug': 'acme/payments-api',
      }),
    ).toEqual({ 'github.com/project-slug': 'acme/payments-api' });
  });
});
