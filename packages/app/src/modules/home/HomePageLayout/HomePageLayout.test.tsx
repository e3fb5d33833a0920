import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { HomePageWidgetData } from '@backstage/plugin-home-react/alpha';
import { screen } from '@testing-library/react';
import { mountedRoutes } from '../__testUtils__/fixtures';
import { arrangeWidgets } from './arrangeWidgets';
import { HomePageLayout } from './HomePageLayout';

function widget(name: string): HomePageWidgetData {
  return {
    name,
    node: { spec: { id: `home-page-widget:home/${name}` } } as any,
    component: <section aria-label={name}>{name}</section>,
  };
}

const place = (
  component: string,
  column: number,
  row: number,
  width: number,
) => ({ component, column, row, width, height: 1 });

describe('arrangeWidgets', () => {
  it('stacks the configured widgets by row in columns as wide as their widest', () => {
    const columns = arrangeWidgets(
      [widget('A'), widget('B'), widget('C'), widget('Unplaced')],
      [
        place('C', 1, 0, 5),
        place('B', 0, 1, 7),
        place('A', 0, 0, 6),
        place('Missing', 1, 1, 5),
      ],
    );

    expect(columns.map(c => [c.width, c.widgets.map(w => w.name)])).toEqual([
      [7, ['A', 'B']],
      [5, ['C']],
    ]);
  });

  it('gives every widget half the page without a configuration', () => {
    expect(
      arrangeWidgets([widget('A'), widget('B')]).map(c => c.width),
    ).toEqual([6, 6]);
  });
});

describe('HomePageLayout', () => {
  it('greets the user, offers "Create project" and shows the placed widgets', async () => {
    await renderInTestApp(
      <HomePageLayout
        widgets={[widget('YourServices'), widget('HomePageRandomJoke')]}
        defaultConfig={[place('YourServices', 0, 0, 12)]}
      />,
      {
        mountedRoutes,
        apis: [mockApis.identity({ displayName: 'Ada Lovelace' })],
      },
    );

    expect(
      await screen.findByRole('heading', { name: 'Platform Portal' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/^Welcome, Ada Lovelace/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Create project' }),
    ).toHaveAttribute('href', '/create');
    expect(
      screen.getByRole('region', { name: 'YourServices' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'HomePageRandomJoke' }),
    ).not.toBeInTheDocument();
  });
});
