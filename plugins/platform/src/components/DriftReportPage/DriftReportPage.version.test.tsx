import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  createFakePlatformApi,
  driftRow,
} from '../../__testUtils__/fakePlatformApi';
import { renderPlatformPage } from '../../__testUtils__/renderPage';
import { DriftReportPage } from './DriftReportPage';

const rows = [
  driftRow({ verdict: 'major-behind', version: '1.4.0', latest: '2.1.1' }),
  driftRow({
    verdict: 'unpinned',
    entityRef: 'component:default/orders-api',
    version: undefined,
  }),
];

// A whole page with charts renders slowly under jsdom on a loaded machine.
jest.setTimeout(60_000);

describe('DriftReportPage version filter', () => {
  it('asks for the versions a link names, shows them as a filter, and drops each one removed', async () => {
    const api = createFakePlatformApi({ rows });
    const lastQuery = () => api.queries[api.queries.length - 1];
    // As the module page links to the services of 1.4.0 and to those of no release.
    await renderPlatformPage(<DriftReportPage />, {
      mountPath: '/platform',
      path: '/platform?module=vpc&version=1.4.0&version=&all=1',
      api,
    });

    await waitFor(() =>
      expect(lastQuery()).toMatchObject({
        module: ['vpc'],
        version: ['1.4.0', ''],
      }),
    );
    // Set by the link, the filter is not hidden behind More filters.
    expect(
      await screen.findByRole('button', { name: 'More filters (2)' }),
    ).toHaveAttribute('aria-expanded', 'true');
    // The filter's values, each a chip that removes it.
    const filter = screen.getByRole('combobox', { name: 'Version' })
      .parentElement!;
    const release = within(filter).getByRole('button', { name: '1.4.0' });
    expect(
      within(filter).getByRole('button', { name: 'No release' }),
    ).toBeInTheDocument();

    await userEvent.click(within(release).getByTestId('CancelIcon'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ version: [''] }));
    expect(
      within(filter).queryByRole('button', { name: '1.4.0' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(
        within(filter).getByRole('button', { name: 'No release' }),
      ).getByTestId('CancelIcon'),
    );
    await waitFor(() => expect(lastQuery()).toMatchObject({ version: [] }));
    expect(lastQuery()).toMatchObject({ module: ['vpc'] });
    expect(
      screen.getByRole('button', { name: 'More filters (1)' }),
    ).toBeInTheDocument();
  });
});
