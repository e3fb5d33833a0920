import { LoadedPlatform } from '@platform-portal/plugin-platform-engine';

/**
 * The platforms as last loaded, for readers other than the scan (the interface and diff routes).
 *
 * A scan loads the platforms afresh and puts them here. Scans are a global task, so with several
 * backend instances most never scan, and a scan runs every half hour: a reader that finds them
 * older than `maxAgeMs` loads them itself (one load for concurrent readers), so that a release
 * tagged since the last scan is found within a minute on any instance.
 *
 * @internal
 */
export class LatestPlatforms {
  private latest?: { platforms: LoadedPlatform[]; at: number };
  private loading?: Promise<LoadedPlatform[]>;
  private readonly now: () => number;

  constructor(
    private readonly options: {
      load: () => Promise<LoadedPlatform[]>;
      maxAgeMs: number;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** What a scan has just loaded. */
  set(platforms: LoadedPlatform[]): void {
    this.latest = { platforms, at: this.now() };
  }

  /** The platforms, loaded again when older than `maxAgeMs`; a failed load is not kept. */
  async get(): Promise<LoadedPlatform[]> {
    if (this.latest && this.now() - this.latest.at <= this.options.maxAgeMs) {
      return this.latest.platforms;
    }
    this.loading ??= this.options
      .load()
      .then(platforms => {
        this.set(platforms);
        return platforms;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
