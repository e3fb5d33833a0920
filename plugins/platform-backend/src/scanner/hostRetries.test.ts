import { mockServices } from '@backstage/backend-test-utils';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';
import { HostRetries } from './hostRetries';

function retriesWith(scanRuns: {
  startRateLimitWait: jest.Mock;
  endRateLimitWait: jest.Mock;
}) {
  const logger = mockServices.logger.mock();
  const sleeps: number[] = [];
  const retries = new HostRetries({
    logger,
    runId: 'run-1',
    scanRuns,
    sleep: async ms => {
      sleeps.push(ms);
    },
  });
  return { retries, logger, sleeps };
}

const rateLimited = (inMs: number) =>
  new RepositoryHostError('GitHub rate limit exceeded (403)', {
    retryable: true,
    retryAfter: Date.now() + inMs,
  });

describe('HostRetries', () => {
  it('still waits and tries again when the run cannot record the wait', async () => {
    const scanRuns = {
      startRateLimitWait: jest
        .fn()
        .mockRejectedValue(new Error('database gone')),
      endRateLimitWait: jest.fn(),
    };
    const { retries, logger, sleeps } = retriesWith(scanRuns);

    await expect(
      retries.waitBeforeRetry(rateLimited(30 * 60_000), 1, 'github.com'),
    ).resolves.toBe(true);

    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(29 * 60_000);
    // Nothing was counted, so nothing is counted off.
    expect(scanRuns.endRateLimitWait).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'Recording the rate-limit wait of scan run-1 failed: database gone',
    );
  });

  it('counts no rate-limit wait for a host that failed without asking to wait', async () => {
    const scanRuns = {
      startRateLimitWait: jest.fn(),
      endRateLimitWait: jest.fn(),
    };
    const { retries, sleeps } = retriesWith(scanRuns);

    await expect(
      retries.waitBeforeRetry(
        new RepositoryHostError('the request timed out', { retryable: true }),
        1,
        'github.com',
      ),
    ).resolves.toBe(true);

    expect(sleeps).toEqual([1000]);
    expect(scanRuns.startRateLimitWait).not.toHaveBeenCalled();
  });

  it('counts a wait off even when the wait itself fails', async () => {
    const scanRuns = {
      startRateLimitWait: jest.fn(),
      endRateLimitWait: jest.fn(),
    };
    const retries = new HostRetries({
      logger: mockServices.logger.mock(),
      runId: 'run-1',
      scanRuns,
      sleep: async () => {
        throw new Error('stopped');
      },
    });

    await expect(
      retries.waitBeforeRetry(rateLimited(500), 1, 'github.com'),
    ).rejects.toThrow('stopped');
    expect(scanRuns.startRateLimitWait).toHaveBeenCalledWith('run-1', {
      host: 'github.com',
      until: expect.any(Date),
    });
    expect(scanRuns.endRateLimitWait).toHaveBeenCalledWith('run-1');
  });
});
