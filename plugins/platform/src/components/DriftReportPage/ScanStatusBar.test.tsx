import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ScanRun } from '@platform-portal/plugin-platform-common';
import { platformApiRef } from '../../api';
import {
  createFakePlatformApi,
  finishedScan,
} from '../../__testUtils__/fakePlatformApi';
import { ScanStatusBar } from './ScanStatusBar';

async function renderStatus(scan: ScanRun) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [platformApiRef, createFakePlatformApi({ rows: [], scan })],
        [permissionApiRef, new MockPermissionApi(() => AuthorizeResult.DENY)],
      ]}
    >
      <ScanStatusBar
        scan={scan}
        counts={{ services: 2, references: 3 }}
        onScanFinished={() => {}}
      />
    </TestApiProvider>,
  );
  return screen.getByRole('status');
}

describe('ScanStatusBar', () => {
  const finishedAt = new Date(Date.now() - 3 * 60_000).toISOString();

  it('says a run whose backend stopped was interrupted, not that it ran', async () => {
    const status = await renderStatus({
      ...finishedScan,
      finishedAt,
      status: 'interrupted',
      error: 'the backend instance running the scan stopped',
    });
    expect(status).toHaveTextContent(
      'Last organisation-wide scan interrupted 3 minutes ago: 2 services, 3 references',
    );
  });

  it('names a failed run as failed', async () => {
    expect(
      await renderStatus({ ...finishedScan, finishedAt, status: 'failed' }),
    ).toHaveTextContent('Last organisation-wide scan failed 3 minutes ago');
  });

  it('names a successful run without a verdict', async () => {
    expect(
      await renderStatus({ ...finishedScan, finishedAt }),
    ).toHaveTextContent(
      /^Last organisation-wide scan 3 minutes ago: 2 services/,
    );
  });
});
