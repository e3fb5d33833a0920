import { LoggerService } from '@backstage/backend-plugin-api';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';
import type { ScanRunStore } from '../store';

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
 * The host a repository URL names, as its run shows it (`github.com`), for an https URL or
 * an scp-like one (`git@host:org/repo.git`); undefined for anything else.
 */
export function repositoryHostName(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return /^[^@/:]+@([^:/]+):/.exec(url)?.[1];
  }
}

/**
 * When a scan tries a repository again. A rate-limited repository waits for the limit's reset
 * however far it is, so that a first scan needing more than an hour's budget goes on in the
 * next hour instead of failing; the repositories not yet scanned stay queued meanwhile. While
 * it waits, its run counts it, so that the scan status says what it waits for and until when.
 */
export class HostRetries {
  private announced = 0;

  constructor(
    private readonly options: {
      sleep: (ms: number) => Promise<void>;
      logger: LoggerService;
      runId: string;
      scanRuns: Pick<ScanRunStore, 'startRateLimitWait' | 'endRateLimitWait'>;
    },
  ) {}

  /**
   * Waits before the next try of a repository on `host` after `error` on try `attempt` (from
   * 1), and answers true; answers false at once when the failure is to be recorded.
   */
  async waitBeforeRetry(
    error: unknown,
    attempt: number,
    host: string,
  ): Promise<boolean> {
    if (!(error instanceof RepositoryHostError) || !error.retryable) {
      return false;
    }
    const until = error.retryAfter ?? 0;
    const asked = Math.max(0, until - Date.now());
    if (asked > MAX_RETRY_WAIT_MS) {
      if (asked > MAX_RATE_LIMIT_WAIT_MS || attempt > MAX_RATE_LIMIT_WAITS) {
        return false;
      }
      this.announce(until);
      await this.waitForRateLimit(until, asked, host);
      return true;
    }
    if (attempt >= MAX_ATTEMPTS) {
      return false;
    }
    if (asked > 0) {
      // A short rate limit (a secondary one's retry-after) is a wait all the same.
      await this.waitForRateLimit(until, asked, host);
    } else {
      await this.options.sleep(1000 * attempt);
    }
    return true;
  }

  /** Logs a long wait once per reset, not once per repository. */
  private announce(until: number) {
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
  }

  private async waitForRateLimit(until: number, ms: number, host: string) {
    const { scanRuns, runId } = this.options;
    // What the run shows is no reason to fail or hold the repository: a failed write is logged.
    const counted = await this.record(() =>
      scanRuns.startRateLimitWait(runId, { host, until: new Date(until) }),
    );
    try {
      await this.options.sleep(ms);
    } finally {
      if (counted) {
        await this.record(() => scanRuns.endRateLimitWait(runId));
      }
    }
  }

  private async record(write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      this.options.logger.warn(
        `Recording the rate-limit wait of scan ${this.options.runId} failed: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return false;
    }
  }
}
