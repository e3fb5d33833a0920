import { entityRouteRef } from '@backstage/plugin-catalog-react';
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
import { clockTime } from './RateLimitWait';
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
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
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

  describe('a scan waiting for a rate limit', () => {
    const waitingUntil = new Date(Date.now() + 45 * 60_000).toISOString();
    const running: ScanRun = {
      ...finishedScan,
      finishedAt: undefined,
      startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      status: 'running',
      repositoriesTotal: 10_000,
      repositoriesScanned: 300,
      repositoriesSkipped: 10,
      repositoriesFailed: 2,
    };

    it('says which host it waits for, until when, and how many repositories wait or are queued', async () => {
      const status = await renderStatus({
        ...running,
        repositoriesWaiting: 8,
        waitingUntil,
        waitingHost: 'github.com',
      });
      expect(status).toHaveTextContent(
        'Scanning the organisation, started 5 minutes ago: 312 of 10,000 repositories read. ' +
          `Waiting for the rate limit of github.com until ${clockTime(
            new Date(waitingUntil),
            new Date(),
          )}: 8 repositories wait, 9,680 queued.`,
      );
      expect(
        screen.getByText(clockTime(new Date(waitingUntil), new Date())),
      ).toHaveAttribute('datetime', waitingUntil);
      // The progress still counts what was read.
      expect(
        screen.getByRole('progressbar', { name: 'Scan progress' }),
      ).toHaveAttribute('aria-valuenow', '3');
    });

    it('says nothing of a wait once none waits', async () => {
      const status = await renderStatus(running);
      expect(status).toHaveTextContent(
        /^Scanning the organisation, started 5 minutes ago: 312 of 10,000 repositories read\.$/,
      );
      expect(status).not.toHaveTextContent(/Waiting/);
    });

    it('says so of a one-service scan too', async () => {
      const status = await renderStatus({
        ...running,
        entityRef: 'component:default/payments-api',
        repositoriesTotal: 1,
        repositoriesScanned: 0,
        repositoriesSkipped: 0,
        repositoriesFailed: 0,
        repositoriesWaiting: 1,
        waitingUntil,
        waitingHost: 'github.com',
      });
      expect(status).toHaveTextContent(
        /Now scanning payments-api… Waiting for the rate limit of github\.com until .+: 1 repository waits\.$/,
      );
    });
  });

  it('names a successful run without a verdict', async () => {
    expect(
      await renderStatus({ ...finishedScan, finishedAt }),
    ).toHaveTextContent(
      /^Last organisation-wide scan 3 minutes ago: 2 services/,
    );
  });
});

describe('clockTime', () => {
  const now = new Date('2026-12-06T12:20:00Z');

  it("gives the time of day in the reader's locale and time zone", () => {
    const reset = new Date('2026-12-06T13:05:00Z');
    expect(
      clockTime(reset, now, { locale: 'en-GB', timeZone: 'Europe/Berlin' }),
    ).toBe('14:05');
    expect(
      clockTime(reset, now, { locale: 'en-US', timeZone: 'America/New_York' }),
    ).toBe('8:05 AM');
  });

  it('adds the day when the wait ends after midnight where the reader is', () => {
    expect(
      clockTime(
        new Date('2026-12-06T23:30:00Z'),
        new Date('2026-12-06T22:50:00Z'),
        { locale: 'en-GB', timeZone: 'Europe/Berlin' },
      ),
    ).toBe('7 Dec 2026, 00:30');
  });
});
