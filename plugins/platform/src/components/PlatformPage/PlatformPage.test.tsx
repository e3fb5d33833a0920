import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ScanRun } from '@internal/plugin-platform-common';
import { screen } from '@testing-library/react';
import { PlatformApi, platformApiRef } from '../../api';
import { PlatformPage } from './PlatformPage';

function renderPage(api: PlatformApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[platformApiRef, api]]}>
      <PlatformPage />
    </TestApiProvider>,
  );
}

describe('PlatformPage', () => {
  it('says what the page will show', async () => {
    await renderPage({ getLatestScan: async () => ({ scan: null }) });

    expect(
      screen.getByRole('heading', { name: 'Platform', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByText('What this page will show')).toBeInTheDocument();
    expect(
      screen.getByText('Drift per service and platform module'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Release channels and version skew'),
    ).toBeInTheDocument();
  });

  it('shows an empty state when no scan has run yet', async () => {
    await renderPage({ getLatestScan: async () => ({ scan: null }) });

    expect(await screen.findByText('No scan has run yet')).toBeInTheDocument();
    expect(
      screen.getByText(/has not scanned any repository/),
    ).toBeInTheDocument();
  });

  it('shows the status and counts of a finished scan', async () => {
    const scan: ScanRun = {
      id: 'scan-1',
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:05:00.000Z',
      status: 'succeeded',
      repositoriesScanned: 42,
      repositoriesSkipped: 7,
      repositoriesFailed: 3,
    };
    await renderPage({ getLatestScan: async () => ({ scan }) });

    expect(await screen.findByText('Latest scan')).toBeInTheDocument();
    expect(screen.getByText('Succeeded')).toBeInTheDocument();
    expect(
      screen.getByText(new Date(scan.startedAt).toLocaleString()),
    ).toBeInTheDocument();
    expect(
      screen.getByText(new Date(scan.finishedAt!).toLocaleString()),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Repositories scanned').nextSibling,
    ).toHaveTextContent('42');
    expect(
      screen.getByText('Repositories skipped').nextSibling,
    ).toHaveTextContent('7');
    expect(
      screen.getByText('Repositories failed').nextSibling,
    ).toHaveTextContent('3');
    expect(screen.queryByText('No scan has run yet')).not.toBeInTheDocument();
  });

  it('shows that a scan is still running', async () => {
    await renderPage({
      getLatestScan: async () => ({
        scan: {
          id: 'scan-2',
          startedAt: '2025-01-01T10:00:00.000Z',
          status: 'running',
          repositoriesScanned: 5,
          repositoriesSkipped: 0,
          repositoriesFailed: 0,
        },
      }),
    });

    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(screen.getByText('Still running')).toBeInTheDocument();
  });

  it('shows the error when the scan cannot be loaded', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'Error', message: 'The scan store is unavailable' },
        request: { method: 'GET', url: '/api/platform/scans/latest' },
        response: { statusCode: 500 },
      }),
      {
        status: 500,
        statusText: 'Internal Server Error',
        headers: { 'content-type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    await renderPage({
      getLatestScan: async () => {
        throw error;
      },
    });

    expect(
      await screen.findByText(/Request failed with 500 Internal Server Error/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The scan store is unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No scan has run yet')).not.toBeInTheDocument();
  });
});
