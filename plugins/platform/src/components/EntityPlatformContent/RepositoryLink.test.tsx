import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { rootRouteRef } from '../../routes';
import { RepositoryLink } from './RepositoryLink';

const APP = 'http://portal.example:3000';
const REPOSITORY = 'https://github.com/acme/payments-api';

/** The demo's payments-api, with the source location the catalog gave it, if any. */
function withSourceLocation(location?: string): Entity {
  const annotations: Record<string, string> = {
    'github.com/project-slug': 'acme/payments-api',
  };
  if (location) {
    annotations['backstage.io/source-location'] = location;
  }
  const spec = { type: 'service', owner: 'team-payments' };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
    spec,
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
