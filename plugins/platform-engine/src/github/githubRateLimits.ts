/**
 * Requests run at once, first come first served. GitHub asks for no more than 100 concurrent
 * requests per user or app and answers more with its secondary rate limit; a lower cap keeps
 * well clear of it while the other limits (points per minute) still apply.
 */
export class RequestSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new Error(
        `the number of concurrent GitHub requests must be a positive whole number, not ${max}`,
      );
    }
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next(); // the slot passes on without being freed
      } else {
        this.running--;
      }
    }
  }
}

/** Every request, whatever its budget: what a secondary rate limit pauses. */
const ALL = '*';

/**
 * When one client's requests may be sent, learnt from GitHub's answers: the primary rate limit
 * of a resource (`core`, `graphql`) is spent until `x-ratelimit-reset` once the requests in
 * flight would use what the last answers said remains, and a `retry-after` (a secondary rate
 * limit) pauses every request, as GitHub's documentation asks. Requests are then held back
 * instead of sent to be refused.
 */
export class RateLimitGate {
  private readonly until = new Map<string, number>();
  /** What the answers of the current window said remains, by resource. */
  private readonly budgets = new Map<
    string,
    { remaining: number; reset: number }
  >();
  private readonly inFlight = new Map<string, number>();

  /** Epoch milliseconds until which requests of `resource` must not be sent; 0 when they may. */
  blockedUntil(resource: string, now = Date.now()): number {
    let until = Math.max(
      this.until.get(resource) ?? 0,
      this.until.get(ALL) ?? 0,
    );
    const budget = this.budgets.get(resource);
    if (
      budget &&
      budget.reset > now &&
      budget.remaining - (this.inFlight.get(resource) ?? 0) <= 0
    ) {
      until = Math.max(until, budget.reset);
    }
    return until > now ? until : 0;
  }

  /** Counts a request of `resource` in flight until the returned function is called. */
  sending(resource: string): () => void {
    this.inFlight.set(resource, (this.inFlight.get(resource) ?? 0) + 1);
    return () =>
      this.inFlight.set(resource, (this.inFlight.get(resource) ?? 1) - 1);
  }

  /** Learns from the headers of an answer, a refusal's included. */
  observe(
    resource: string,
    headers: Record<string, unknown> | undefined,
    now = Date.now(),
  ): void {
    const header = (name: string) =>
      headers?.[name] === undefined || headers?.[name] === null
        ? undefined
        : String(headers[name]);
    const retryAfter = Number(header('retry-after') ?? NaN);
    if (Number.isFinite(retryAfter) && retryAfter >= 0) {
      this.block(ALL, now + retryAfter * 1000);
    }
    const reset = Number(header('x-ratelimit-reset') ?? NaN) * 1000;
    const remaining = Number(header('x-ratelimit-remaining') ?? NaN);
    if (Number.isFinite(reset) && Number.isFinite(remaining)) {
      const name = header('x-ratelimit-resource') ?? resource;
      const known = this.budgets.get(name);
      // Answers arrive out of order: within one window the least remaining is the latest.
      this.budgets.set(name, {
        reset,
        remaining:
          known?.reset === reset
            ? Math.min(known.remaining, remaining)
            : remaining,
      });
      if (remaining === 0) {
        this.block(name, reset);
      }
    }
  }

  /** Learns from a failed request, when GitHub answered it. */
  observeError(resource: string, error: unknown): void {
    // Not only octokit's request errors: plugin-throttling's GraphQL rate-limit error has the
    // answer's headers but no status.
    const headers = (error as { response?: { headers?: unknown } })?.response
      ?.headers;
    if (typeof headers === 'object' && headers !== null) {
      this.observe(resource, headers as Record<string, unknown>);
    }
  }

  private block(resource: string, until: number) {
    if (until > (this.until.get(resource) ?? 0)) {
      this.until.set(resource, until);
    }
  }
}

/**
 * The error a request held back by {@link RateLimitGate} fails with, shaped as GitHub's own
 * answer to a spent rate limit, so that it is told apart and retried later like one.
 */
export function heldBackError(resource: string, until: number) {
  const reset = Math.ceil(until / 1000);
  return Object.assign(
    new Error(
      `GitHub's ${resource} rate limit is spent until ${new Date(
        reset * 1000,
      ).toISOString()}; the request was not sent`,
    ),
    {
      status: 403,
      response: {
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        },
        data: { message: 'rate limit spent; waiting for its reset' },
      },
    },
  );
}

/** The rate-limit budget a request to this API URL draws from. */
export function rateLimitResource(url: string | undefined): string {
  return /\/graphql(?:[?#]|$)/.test(url ?? '') ? 'graphql' : 'core';
}
