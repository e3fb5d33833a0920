import { renderInTestApp } from '@backstage/frontend-test-utils';
import { platformApiRef } from '@platform-portal/plugin-platform';
import { screen, within } from '@testing-library/react';
import { mountedRoutes, platformModule } from '../__testUtils__/fixtures';
import { NewestReleases } from './NewestReleases';

describe('NewestReleases', () => {
  it('lists each module with its latest release, linking to its module page', async () => {
    renderInTestApp(<NewestReleases />, {
      mountedRoutes,
      apis: [
        [
          platformApiRef,
          {
            listModules: async () => [
              platformModule('vpc', ['2.1.1', '2.1.0']),
              platformModule('terraform-ci', ['3.0.0', '2.4.0'], {
                kind: 'github-workflow',
              }),
            ],
          },
        ],
      ],
    });

    const items = within(
      await screen.findByRole('list', {
        name: 'Latest release of each platform module',
      }),
    ).getAllByTestId('module-release');
    expect(items.map(item => item.textContent)).toEqual([
      'terraform-ciReusable workflow3.0.0major release after 2.4.0',
      'vpcTerraform module2.1.1patch release after 2.1.0',
    ]);
    expect(screen.getByRole('link', { name: 'vpc' })).toHaveAttribute(
      'href',
      '/platform/modules/vpc',
    );
  });

  it('says where releases come from when there is none', async () => {
    renderInTestApp(<NewestReleases />, {
      mountedRoutes,
      apis: [[platformApiRef, { listModules: async () => [] }]],
    });

    expect(
      await screen.findByText(/The platform has no released module yet/),
    ).toBeInTheDocument();
  });
});
