import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { rootRouteRef } from '../../routes';
import { RepositoryLink } from './RepositoryLink';

const APP = 'http://portal.example:3000';
const REPOSITORY = 'https://github.com/acme/payments-api';

function withSourceLocation(location?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'github.com/project-slug': 'acme/payments-api',
        ...(location && { 'backstage.io/source-location': location }),
      },
    },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}

async function repositoryLinkOn(entity: Entity) {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <RepositoryLink url={REPOSITORY} />
    </EntityProvider>,
    {
      mountedRoutes: { '/platform': rootRouteRef },
      config: { app: { baseUrl: APP } },
    },
  );
  // A link off the portal also says that it opens a new window.
  return screen.getByRole('link', { name: new RegExp(`^${REPOSITORY}`) });
}

describe('RepositoryLink', () => {
  it('opens a locally read repository in the portal, where the catalog points its source', async () => {
    const link = await repositoryLinkOn(
      withSourceLocation(
        `url:${APP}/platform/source?repository=${encodeURIComponent(
          REPOSITORY,
        )}`,
      ),
    );

    expect(link).toHaveAttribute(
      'href',
      `/platform/source?repository=${encodeURIComponent(REPOSITORY)}`,
    );
  });

  it("opens a repository on its host when the catalog's source is the host", async () => {
    const link = await repositoryLinkOn(
      withSourceLocation(`url:${REPOSITORY}/tree/main/`),
    );

    expect(link).toHaveAttribute('href', REPOSITORY);
  });

  it('opens the repository on its host when the entity names no source', async () => {
    expect(await repositoryLinkOn(withSourceLocation())).toHaveAttribute(
      'href',
      REPOSITORY,
    );
  });

  it('does not take another site with the same path for the source view', async () => {
    const link = await repositoryLinkOn(
      withSourceLocation(
        `url:https://elsewhere.example/platform/source?repository=x`,
      ),
    );

    expect(link).toHaveAttribute('href', REPOSITORY);
  });
});
