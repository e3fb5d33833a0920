import { LoggerService } from '@backstage/backend-plugin-api';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';

/** Tries of a repository whose host failed in a way that may pass (a timeout, a 502). */
const MAX_ATTEMPTS = 3;
/** Longest wait between those tries, when the host asks to wait. */
const MAX_RETRY_WAIT_MS = 60 * 1000;
/**
 * Longest wait for a spent rate limit: GitHub's resets at most an hour after it is spent. A
 * longer wait is no rate limit the scan can outlast, and the repository is recorded as failed.
 */
const MAX_RATE_LIMIT_WAIT_MS = 65 * 60 * 1000;
/** Rate-limit waits one repository may go through in one run (a first scan takes hours). */
const MAX_RATE_LIMIT_WAITS = 24;

/**
 * When a scan tries a repository again. A rate-limited repository waits for the limit's reset
 * however far it is, so that a first scan needing more than an hour's budget goes on in the
 * next hour instead of failing; the repositories not yet scanned stay queued meanwhile.
 */
export class HostRetries {
  private announced = 0;

  constructor(
    private readonly options: {
      sleep: (ms: number) => Promise<void>;
      logger: LoggerService;
      runId: string;
    },
  ) {}

  /**
   * Waits before the next try of a repository after `error` on try `attempt` (from 1), and
   * answers true; answers false at once when the failure is to be recorded.
   */
  async waitBeforeRetry(error: unknown, attempt: number): Promise<boolean> {
    if (!(error instanceof RepositoryHostError) || !error.retryable) {
      return false;
    }
    const asked = Math.max(0, (error.retryAfter ?? 0) - Date.now());
    if (asked > MAX_RETRY_WAIT_MS) {
      if (asked > MAX_RATE_LIMIT_WAIT_MS || attempt > MAX_RATE_LIMIT_WAITS) {
        return false;
      }
      await this.waitForRateLimit(asked);
      return true;
    }
    if (attempt >= MAX_ATTEMPTS) {
      return false;
    }
    await this.options.sleep(asked || 1000 * attempt);
    return true;
  }

  private async waitForRateLimit(ms: number) {
    const until = Date.now() + ms;
    // Once per reset, not once per repository.
    if (until - this.announced > MAX_RETRY_WAIT_MS) {
      this.announced = until;
      this.options.logger.info(
        `Scan ${
          this.options.runId
        } waits for a host's rate limit until ${new Date(
          until,
        ).toISOString()}; the repositories not yet scanned stay queued`,
      );
    }
    await this.options.sleep(ms);
  }
}
