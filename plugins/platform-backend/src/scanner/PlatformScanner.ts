import { createHash, randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  DriftResult,
  Reference,
  ScanRun,
  ScanTrigger,
  redactLocalPaths,
  redactUrlCredentials,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import {
  createFileFilter,
  LoadedPlatform,
  loadPlatform,
  ModuleInterfaceReader,
  RepositoryHosts,
  resolveReference,
  scanFiles,
  withPlatformXrdTypes,
} from '@platform-portal/plugin-platform-engine';
import {
  ClaimedRepository,
  DiscoveredRepository,
  DriftRowInput,
  RepositoryResultStore,
  ScanRunStore,
  TrendStore,
} from '../store';
import type { RepositoryScanResult } from '../store/RepositoryResultStore';
import { lineUrls } from '../source/sourceLinks';
import { BatchedHeads } from './batchedHeads';
import { HostRetries, repositoryHostName } from './hostRetries';
import { LatestPlatforms } from './LatestPlatforms';
import { RepositoryCallChecks } from './RepositoryCallChecks';
import { Outcome, RunTally } from './RunTally';

/** Bump when extraction or resolution changes what a scan of the same files gives. */
const ENGINE_VERSION = '3';
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_LEASE_MS = 10 * 60 * 1000;
/** How often a running scan renews its run, and each instance looks for runs no longer renewed. */
export const DEFAULT_HEARTBEAT_MS = 30 * 1000;
/** Heartbeats a run may miss before any instance marks it interrupted. */
const MISSED_HEARTBEATS = 2;
/** Tries at marking a run ended, waiting 1, 2, 4 and 8 s between them (a database blip). */
const FINISH_ATTEMPTS = 5;
/** Times a scan asked for starts again when the run it waited for was interrupted. */
const INTERRUPTED_RETRIES = 2;
/** Repositories claimed, and unchanged ones recorded, per database statement. */
const CLAIM_BATCH = 100;
/**
 * Scanned repositories whose results are written in one transaction. Until then they keep their
 * lease; a backend stopped before the write leaves them to the next cycle.
 */
const RESULT_BATCH = 25;
/** How old the platforms may be when the API asks for an interface (see LatestPlatforms). */
const PLATFORMS_MAX_AGE_MS = 60 * 1000;
/**
 * Added to the stored fingerprint of a repository whose calls could not all be checked for a
 * reason that may pass (a host that did not answer), so that the next cycle scans it again
 * instead of keeping it unchecked until its head moves.
 */
const INCOMPLETE = ':incomplete';

/** Names a helping instance's claims on a run's repositories: `<run id>/assist/<instance>`. */
const ASSIST = '/assist/';

/**
 * Options of {@link PlatformScanner}.
 *
 * @internal
 */
export interface PlatformScannerOptions {
  scanRuns: ScanRunStore;
  repositories: RepositoryResultStore;
  trends: TrendStore;
  hosts: RepositoryHosts;
  extractors: ReferenceExtractor[];
  /** Platform repository URLs, from `platform.platforms`. */
  platforms: string[];
  /** Adds what the modules' channels offer to a loaded platform; none are read without it. */
  addChannelOffers?: (platform: LoadedPlatform) => Promise<LoadedPlatform>;
  /**
   * The services to scan, from the catalog; given an entity ref, at least that service when it
   * is one (others may come too).
   */
  discover: (entityRef?: string) => Promise<DiscoveredRepository[]>;
  logger: LoggerService;
  integrations?: ScmIntegrationRegistry;
  /** The app's base URL (`app.baseUrl`), for links to the portal's source view. */
  appBaseUrl?: string;
  /** Repositories scanned at once. */
  concurrency?: number;
  /** How long a repository stays claimed by a run that neither scans nor releases it. */
  leaseMs?: number;
  /**
   * Repositories claimed per statement (100): what an instance takes ahead of its workers, and
   * so what another instance helping with the run cannot take any longer.
   */
  claimBatch?: number;
  /** Scanned repositories whose results are written in one transaction (25). */
  resultBatch?: number;
  /**
   * How often a running scan renews its run; a run not renewed for two periods is marked
   * interrupted by any instance that watches (see `watchForStoppedRuns`).
   */
  heartbeatMs?: number;
  /** Settles when the repositories can be read (a module may still be making local ones). */
  ready?: Promise<unknown>;
  /** Waits between retries; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called with every run that ended, however it was started (schedule, report, entity page),
   * before the run's `done` settles; a failure is logged and does not fail the run.
   */
  onFinished?: (run: ScanRun) => Promise<void>;
}

/**
 * The longest a run whose instance stopped shows as running: it may have been renewed just
 * before, is stale after the missed heartbeats, and is found at the next check.
 */
export function interruptedWithinMs(heartbeatMs: number): number {
  return (MISSED_HEARTBEATS + 1) * heartbeatMs;
}

function errorMessage(error: unknown): string {
  return redactUrlCredentials(
    error instanceof Error ? error.message : String(error),
  );
}

/** Resolves against each platform in turn; the first that knows the reference's repository wins. */
function judge(reference: Reference, platforms: LoadedPlatform[]) {
  let fallback: { drift: DriftResult; platform?: LoadedPlatform } | undefined;
  for (const platform of platforms) {
    const drift = resolveReference(reference, platform.snapshot);
    if (drift.verdict !== 'external') {
      return { drift, platform };
    }
    fallback ??= { drift };
  }
  return (
    fallback ?? {
      drift: {
        verdict: 'external' as const,
        explanation: 'no platform is configured',
      },
    }
  );
}

/**
 * Scans service repositories against the platforms and stores the drift: discovery, a bounded
 * pool of repository scans, each skipped when neither its head nor the platform moved, each
 * stored atomically.
 *
 * @internal
 */
export class PlatformScanner {
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fileFilter: (path: string) => boolean;
  /** The runs this instance executes, by id. */
  private readonly running = new Map<string, Promise<ScanRun>>();
  /** The runs of other instances this one helps with, by id (see `assist`). */
  private readonly assisting = new Map<string, Promise<void>>();
  /** Names this instance's claims when it helps with another instance's run. */
  private readonly instanceId = randomUUID();
  /** The last run this instance helped with. */
  private helped?: string;
  /**
   * Reads each module release's interface once for as long as the backend runs (a tag is
   * immutable), for the call checks of every scan and for the API.
   */
  readonly interfaces: ModuleInterfaceReader;
  /** The platforms as the last scan loaded them, or newer. */
  readonly platforms: LatestPlatforms;

  constructor(private readonly options: PlatformScannerOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.fileFilter = createFileFilter(options.extractors);
    this.interfaces = new ModuleInterfaceReader({ hosts: options.hosts });
    this.platforms = new LatestPlatforms({
      load: async () => {
        await options.ready;
        return Promise.all(
          options.platforms.map(url => loadPlatform(options.hosts, url)),
        );
      },
      maxAgeMs: PLATFORMS_MAX_AGE_MS,
    });
  }

  /** The extractors of one cycle's platforms, which know the types of the platforms' XRDs. */
  private readonly cycleExtractors = new WeakMap<
    LoadedPlatform[],
    ReturnType<typeof withPlatformXrdTypes>
  >();

  private extractorsFor(platforms: LoadedPlatform[]) {
    let extractors = this.cycleExtractors.get(platforms);
    if (!extractors) {
      extractors = withPlatformXrdTypes(
        this.options.extractors,
        platforms.map(platform => platform.snapshot.manifest),
      );
      this.cycleExtractors.set(platforms, extractors);
    }
    return extractors;
  }

  /** How many module releases' interfaces were read from their host since the scanner was made. */
  get interfaceReads(): number {
    return this.interfaces.reads;
  }

  /** The service with a repository that the scanner knows by this ref, from the catalog. */
  async findService(
    entityRef: string,
  ): Promise<DiscoveredRepository | undefined> {
    const ref = entityRef.toLocaleLowerCase('en-US');
    return (await this.options.discover(ref)).find(r => r.entityRef === ref);
  }

  /**
   * Starts a scan unless one of the same scope (every service, or that entity) is running on
   * any instance, and returns its run record at once, or the running one's; `done` settles
   * when it ends and never rejects. A scan of one entity that is no service the scanner knows
   * is refused with a NotFoundError, and no run is recorded.
   */
  async start(request: {
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<{ run: ScanRun; done: Promise<ScanRun> }> {
    let target: DiscoveredRepository | undefined;
    if (request.entityRef) {
      target = await this.findService(request.entityRef);
      if (!target) {
        throw new NotFoundError(
          `${request.entityRef} is not a service with a repository the scanner knows`,
        );
      }
    }
    const id = randomUUID();
    const run = await this.options.scanRuns.createScanRun({
      id,
      trigger: request.trigger,
      entityRef: target?.entityRef,
    });
    if (run.id !== id) {
      const own = this.running.get(run.id);
      return {
        run,
        done:
          own ??
          (run.entityRef
            ? this.waitForEnd(run)
            : this.assist(run).then(() => this.waitForEnd(run))),
      };
    }
    const done = this.execute(run, target).then(async ended => {
      try {
        await this.options.onFinished?.(ended);
      } catch (error) {
        this.options.logger.warn(`After scan ${id}: ${errorMessage(error)}`);
      }
      return ended;
    });
    this.running.set(id, done);
    done.finally(() => this.running.delete(id));
    return { run, done };
  }

  /**
   * Runs a scan to its end: what the scheduled task calls. When the run it joined was
   * interrupted (its instance stopped), it scans again, since that run's work is not done.
   */
  async scan(request: {
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun> {
    for (let retry = 0; ; retry++) {
      const { done } = await this.start(request);
      const ended = await done;
      if (ended.status !== 'interrupted' || retry >= INTERRUPTED_RETRIES) {
        return ended;
      }
    }
  }

  /**
   * Marks the runs whose instance stopped renewing them as interrupted and releases the
   * repositories they claimed; when one covered every service, scans again at once rather than
   * at the next scheduled cycle. Returns the ids of the runs interrupted.
   */
  async recoverStoppedRuns(): Promise<string[]> {
    const { scanRuns, repositories, logger } = this.options;
    // This instance's own runs are alive, however late their last renewal (a blocked event
    // loop, a slow database).
    const interrupted = await scanRuns.interruptStaleScanRuns(
      new Date(Date.now() - MISSED_HEARTBEATS * this.heartbeatMs),
      [...this.running.keys()],
    );
    if (interrupted.length === 0) {
      return interrupted;
    }
    logger.warn(
      `Marked scan runs ${interrupted.join(
        ', ',
      )} interrupted: the backend instance running them stopped renewing them`,
    );
    await repositories.releaseClaims(interrupted);
    // Instances that helped may have stopped too; one that lives stops at its next batch.
    for (const id of interrupted) {
      await repositories.releaseClaimsStartingWith(`${id}${ASSIST}`);
    }
    const runs = await Promise.all(
      interrupted.map(id => scanRuns.getScanRun(id)),
    );
    if (runs.some(run => run && !run.entityRef)) {
      this.start({ trigger: 'schedule' }).catch(error =>
        logger.error(
          `Scanning again after an interrupted scan failed: ${errorMessage(
            error,
          )}`,
        ),
      );
    }
    return interrupted;
  }

  /**
   * Looks for runs of stopped instances now and every heartbeat until the returned function
   * is called; every instance does this, so a run is recovered while any instance lives.
   */
  watchForStoppedRuns(): () => void {
    let checking: Promise<unknown> | undefined;
    const check = () => {
      checking ??= this.recoverStoppedRuns()
        .then(() => this.assistRunningScan())
        .catch(error =>
          this.options.logger.warn(
            `Looking for interrupted scan runs failed: ${errorMessage(error)}`,
          ),
        )
        .finally(() => {
          checking = undefined;
        });
    };
    check();
    // Never what keeps a process alive: a backend lives on its own, a test ends.
    const timer = setInterval(check, this.heartbeatMs).unref();
    return () => clearInterval(timer);
  }

  /** Starts helping with the running scan of every service when another instance makes it. */
  private async assistRunningScan(): Promise<void> {
    const latest = await this.options.scanRuns.getLatestScanRun({
      organisationWide: true,
    });
    if (latest?.status === 'running' && !this.running.has(latest.id)) {
      // In the background: the watch goes on every heartbeat while this instance helps.
      this.assist(latest);
    }
  }

  /**
   * Helps with a run of every service that another instance makes: claims and scans that run's
   * repositories under its own holder name, from the far end of the list so that the two meet
   * in the middle, adding what it did to the run's counts, until nothing is left or the run
   * ends. It never renews the run: when the run's instance stops, the run is interrupted as
   * if no one helped. Settles when it stops helping, and never rejects.
   */
  private assist(run: ScanRun): Promise<void> {
    let helping = this.assisting.get(run.id);
    // Once per run: another look at a run it helped with finds nothing left to take.
    if (!helping && this.helped !== run.id) {
      this.helped = run.id;
      helping = this.assistRun(run)
        .catch(error =>
          this.options.logger.warn(
            `Helping with scan ${run.id} failed: ${errorMessage(error)}`,
          ),
        )
        .finally(() => this.assisting.delete(run.id));
      this.assisting.set(run.id, helping);
    }
    return helping ?? Promise.resolve();
  }

  private async assistRun(run: ScanRun): Promise<void> {
    const { scanRuns, logger } = this.options;
    // Until its instance has listed and recorded the repositories, there is nothing to claim.
    const listed = await this.waitFor(
      run,
      current =>
        current.status !== 'running' || (current.repositoriesTotal ?? 0) > 0,
    );
    if (listed.status !== 'running') {
      return;
    }
    await this.options.ready;
    const platforms = await this.loadPlatforms({ record: false });
    // A copy: the list discovery returns may be the one the run's instance walks.
    const targets = [...(await this.options.discover())].reverse();
    const holder = `${run.id}${ASSIST}${this.instanceId}`;
    const tally = new RunTally(scanRuns, run.id);
    let ended = false;
    await this.scanPool({
      runId: run.id,
      holder,
      targets,
      notCheckedSince: new Date(run.startedAt),
      platforms,
      stopped: () => ended,
      afterBatch: async () => {
        ended = (await scanRuns.getScanRun(run.id))?.status !== 'running';
      },
      tally,
      // Added before the repositories' results are written, which ends their claims: the run's
      // instance ends the run only once no claim is left, so these counts are never late.
      beforeWrite: () => tally.report(),
    });
    await tally.report();
    const { counts } = tally;
    // Only once it ended well: what a helper that failed holds, the run's instance retakes when
    // the leases expire, and never misses (released now, it could be after that instance's
    // last look). Scanning all it took, it holds nothing but what it took as the run ended.
    await this.releaseClaims(holder);
    logger.info(
      `Helped with platform scan ${run.id}: ${counts.scanned} scanned, ${counts.skipped} unchanged, ${counts.failed} failed`,
    );
  }

  /** Follows a run of another instance (or of this one before a restart) until it ends. */
  private waitForEnd(run: ScanRun): Promise<ScanRun> {
    return this.waitFor(run, current => current.status !== 'running');
  }

  /** Reads the run again every second (at most) until `done` says so or the run ends. */
  private async waitFor(
    run: ScanRun,
    done: (current: ScanRun) => boolean,
  ): Promise<ScanRun> {
    let current = run;
    const pollMs = Math.min(1000, this.heartbeatMs);
    while (!done(current) && current.status === 'running') {
      // A real wait even where tests replace `sleep`, which would make this a busy loop.
      await new Promise(resolve => setTimeout(resolve, pollMs));
      try {
        current = (await this.options.scanRuns.getScanRun(run.id)) ?? {
          ...current,
          status: 'interrupted',
        };
      } catch (error) {
        // A database blip: the run is read again at the next poll.
        this.options.logger.warn(
          `Reading scan run ${run.id} failed: ${errorMessage(error)}`,
        );
      }
    }
    return current;
  }

  /**
   * Renews the run every heartbeat until stopped; `lost` turns true when another instance has
   * marked the run interrupted, so that this one stops claiming repositories for it.
   */
  private keepRenewing(runId: string) {
    const { scanRuns, logger } = this.options;
    const state = { lost: false };
    const timer = setInterval(() => {
      scanRuns.renewScanRun(runId).then(
        renewed => {
          if (!renewed && !state.lost) {
            state.lost = true;
            logger.warn(
              `Scan ${runId} was marked interrupted by another instance; it stops taking repositories`,
            );
          }
        },
        error =>
          logger.warn(`Renewing scan ${runId} failed: ${errorMessage(error)}`),
      );
    }, this.heartbeatMs);
    return { state, stop: () => clearInterval(timer) };
  }

  /** Marks the run ended, trying again through a database blip; false when every try failed. */
  private async finishRun(
    runId: string,
    result: { status: 'succeeded' | 'failed'; error?: string },
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.scanRuns.finishScanRun(runId, result);
        return true;
      } catch (error) {
        if (attempt >= FINISH_ATTEMPTS) {
          // Its heartbeats have stopped: another instance, or this one, marks it interrupted.
          this.options.logger.error(
            `Marking scan ${runId} ${
              result.status
            } failed ${attempt} times: ${errorMessage(error)}`,
          );
          return false;
        }
        await this.sleep(1000 * 2 ** (attempt - 1));
      }
    }
  }

  /** Releases what the run still holds, so that the next run takes it at once. */
  private async releaseClaims(runId: string): Promise<void> {
    try {
      await this.options.repositories.releaseClaims([runId]);
    } catch (error) {
      // Their leases expire on their own (leaseMs).
      this.options.logger.warn(
        `Releasing the repositories of scan ${runId} failed: ${errorMessage(
          error,
        )}`,
      );
    }
  }

  private async execute(
    run: ScanRun,
    target?: DiscoveredRepository,
  ): Promise<ScanRun> {
    const { scanRuns, logger } = this.options;
    const runId = run.id;
    const heartbeat = this.keepRenewing(runId);
    let result: { status: 'succeeded' | 'failed'; error?: string };
    try {
      const counts = await this.scanRepositories(
        runId,
        target,
        heartbeat.state,
      );
      result = { status: 'succeeded' };
      logger.info(
        `Platform scan ${runId} finished: ${counts.scanned} scanned, ${counts.skipped} unchanged, ${counts.failed} failed`,
      );
    } catch (error) {
      const message = errorMessage(error);
      logger.error(`Platform scan ${runId} failed: ${message}`);
      result = { status: 'failed', error: redactLocalPaths(message) };
    }
    try {
      await this.finishRun(runId, result);
    } finally {
      heartbeat.stop();
    }
    await this.releaseClaims(runId);
    try {
      return (await scanRuns.getScanRun(runId)) ?? { ...run, ...result };
    } catch {
      return { ...run, ...result, finishedAt: new Date().toISOString() };
    }
  }

  /** The work of a run: discovery, then every target claimed and scanned; throws when it fails. */
  private async scanRepositories(
    runId: string,
    target: DiscoveredRepository | undefined,
    heartbeat: { lost: boolean },
  ) {
    const { scanRuns, repositories, trends } = this.options;
    const startedAt = new Date();
    await this.options.ready;
    const platforms = await this.loadPlatforms({ record: true });

    let targets: DiscoveredRepository[];
    if (target) {
      targets = [target];
      await repositories.upsertRepository(target);
    } else {
      targets = await this.options.discover();
      await repositories.syncRepositories(targets);
    }
    await scanRuns.updateScanRun(runId, {
      repositoriesTotal: targets.length,
    });

    // What this instance counted, added to the run's counts (which helpers add to too) at most
    // once a second.
    const tally = new RunTally(scanRuns, runId);
    // A one-entity scan is asked for now, so it ignores this cycle's earlier check.
    const notCheckedSince = target ? new Date(Date.now() + 1) : startedAt;
    const pass = (rest: DiscoveredRepository[]) =>
      this.scanPool({
        runId,
        holder: runId,
        targets: rest,
        notCheckedSince,
        platforms,
        // The run was taken from us: no more repositories are taken.
        stopped: () => heartbeat.lost,
        tally,
        beforeWrite: () => tally.report({ atMostEveryMs: 1000 }),
      });
    // Targets not claimed are held or were checked in this cycle by an instance helping with
    // this run, or by a run of one entity. The run ends once no helper holds one: a helper that
    // stopped leaves its claims to expire, and what it had not done is claimed here then.
    let rest = await pass(targets);
    const helpers = `${runId}${ASSIST}`;
    while (!target && rest.length > 0 && !heartbeat.lost) {
      if (await repositories.hasLiveClaims(helpers)) {
        await new Promise(resolve =>
          setTimeout(resolve, Math.min(1000, this.heartbeatMs)),
        );
        continue;
      }
      const before = rest.length;
      rest = await pass(rest);
      // Nothing left to take, and no helper took one since: every target is counted.
      if (
        rest.length === before &&
        !(await repositories.hasLiveClaims(helpers))
      ) {
        break;
      }
    }
    if (heartbeat.lost) {
      throw new Error(
        'another backend instance marked the scan interrupted while it ran',
      );
    }
    await tally.report();
    // Now no instance scans for the run: what no one counted another run had.
    await scanRuns.countRestAsSkipped(runId);
    await trends.recordDailyCounts(new Date().toISOString().slice(0, 10));
    return tally.counts;
  }

  /**
   * Claims the targets for `holder` and scans them with a pool of workers until none is left or
   * `stopped`; returns the targets it could not claim. Each repository's outcome is counted in
   * `tally`, and `beforeWrite` is awaited before any outcome is written (results, unchanged
   * repositories, failures); `afterBatch` after each batch is claimed. Throws (after every
   * worker ended) when a worker failed.
   */
  private async scanPool(options: {
    runId: string;
    holder: string;
    targets: DiscoveredRepository[];
    notCheckedSince: Date;
    platforms: LoadedPlatform[];
    stopped: () => boolean;
    afterBatch?: () => Promise<void>;
    tally: Pick<RunTally, 'count'>;
    beforeWrite: () => Promise<void>;
  }): Promise<DiscoveredRepository[]> {
    const { scanRuns, logger } = this.options;
    const { platforms } = options;
    const fingerprint = this.fingerprintOf(platforms);
    const notClaimed: DiscoveredRepository[] = [];
    let failure: { error: unknown } | undefined;
    const heads = new BatchedHeads(this.options.hosts, logger);
    const retries = new HostRetries({
      logger,
      runId: options.runId,
      sleep: this.sleep,
      scanRuns,
    });
    const claims = this.claimQueue(
      options.holder,
      options.targets,
      options.notCheckedSince,
      skipped => notClaimed.push(skipped),
      // No more repositories are taken once a worker failed.
      () => failure !== undefined || options.stopped(),
      async claimed => {
        await heads.prefetch(claimed.map(repository => repository.url));
        await options.afterBatch?.();
      },
    );
    const unchanged = this.unchangedBuffer(options.beforeWrite);
    const results = this.resultBuffer(options.beforeWrite);
    const worker = async () => {
      try {
        for (;;) {
          const claimed = await claims.next();
          if (!claimed) {
            return;
          }
          await this.scanRepository(claimed, platforms, fingerprint, {
            heads,
            retries,
            unchanged,
            results,
            tally: options.tally,
            beforeWrite: options.beforeWrite,
          });
        }
      } catch (error) {
        failure ??= { error };
      }
    };
    try {
      // Every worker ends before the run does, so none takes a repository after its release.
      await Promise.all(
        Array.from(
          {
            length: Math.min(
              this.concurrency,
              Math.max(1, options.targets.length),
            ),
          },
          worker,
        ),
      );
    } finally {
      await unchanged.flush();
      // What was scanned before a failure is still written.
      await results.flush().catch(error => {
        failure ??= { error };
      });
    }
    if (failure) {
      throw failure.error;
    }
    return notClaimed;
  }

  /** Tells a scan against other platforms, extractors or engine from one against these. */
  private fingerprintOf(platforms: LoadedPlatform[]): string {
    return createHash('sha256')
      .update(ENGINE_VERSION)
      .update(this.options.extractors.map(e => e.id).join(','))
      .update(platforms.map(p => p.fingerprint).join(','))
      .digest('hex');
  }

  /**
   * Loads the platforms; with `record`, stores their modules (the run's instance does, an
   * instance helping with the run does not write them again).
   */
  private async loadPlatforms(options: {
    record: boolean;
  }): Promise<LoadedPlatform[]> {
    const platforms: LoadedPlatform[] = [];
    for (const url of this.options.platforms) {
      let platform = await loadPlatform(this.options.hosts, url);
      if (this.options.addChannelOffers) {
        platform = await this.options.addChannelOffers(platform);
      }
      for (const problem of platform.problems) {
        this.options.logger.warn(
          `Platform manifest of ${url}: ${problem.file}:${problem.line ?? 0} ${
            problem.message
          }`,
        );
      }
      if (options.record) {
        await this.options.repositories.replacePlatformModules(
          platform.snapshot.manifest.name,
          platform.modules,
        );
      }
      platforms.push(platform);
    }
    this.platforms.set(platforms);
    return platforms;
  }

  /**
   * Hands out the targets this run may scan, claiming them for it (the holder) from the store
   * a batch at a time (one statement per batch instead of one per repository); targets another
   * run holds or already did in this cycle are passed to `onSkipped`, and each batch claimed to
   * `onClaimed` before it is handed out. Claimed targets not yet handed out when it stops are
   * released with the rest of the run's claims.
   */
  private claimQueue(
    holder: string,
    targets: DiscoveredRepository[],
    notCheckedSince: Date,
    onSkipped: (target: DiscoveredRepository) => void,
    stopped: () => boolean,
    onClaimed: (claimed: DiscoveredRepository[]) => Promise<void>,
  ) {
    const { repositories } = this.options;
    const batchSize = Math.max(
      this.options.claimBatch ?? CLAIM_BATCH,
      this.concurrency * 2,
    );
    const queue: Array<DiscoveredRepository & ClaimedRepository> = [];
    let cursor = 0;
    let claiming: Promise<void> | undefined;
    const claimNext = async () => {
      const batch = targets.slice(cursor, cursor + batchSize);
      cursor += batch.length;
      const claimed = new Map(
        (
          await repositories.claimRepositories(
            batch.map(target => target.entityRef),
            { holder, leaseMs: this.leaseMs, notCheckedSince },
          )
        ).map(repository => [repository.entityRef, repository]),
      );
      const taken: Array<DiscoveredRepository & ClaimedRepository> = [];
      for (const target of batch) {
        const repository = claimed.get(target.entityRef);
        if (repository) {
          // What the catalog says now, with what the store knows of the last scan.
          taken.push({ ...repository, ...target });
        } else {
          onSkipped(target);
        }
      }
      await onClaimed(taken);
      queue.push(...taken);
    };
    const refill = (): Promise<void> => {
      claiming ??= claimNext().finally(() => {
        claiming = undefined;
      });
      return claiming;
    };
    return {
      next: async () => {
        for (;;) {
          if (stopped()) {
            return undefined;
          }
          const claimed = queue.shift();
          if (claimed) {
            return claimed;
          }
          if (cursor >= targets.length && !claiming) {
            return undefined;
          }
          await refill();
        }
      },
    };
  }

  /**
   * Collects repositories found unchanged and records them in one transaction per batch; until
   * then they keep their lease, so a backend stopped before the flush only leaves them to be
   * checked again in the next cycle.
   */
  private unchangedBuffer(beforeWrite: () => Promise<void>) {
    const { repositories } = this.options;
    let pending: string[] = [];
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const batch = pending;
      pending = [];
      const previous = writing;
      writing = (async () => {
        await previous;
        try {
          await beforeWrite();
          await repositories.markRepositoriesUnchanged(batch, new Date());
        } catch (error) {
          // Nothing is lost: their leases expire and the next cycle checks them again.
          this.options.logger.warn(
            `Recording ${
              batch.length
            } unchanged repositories failed: ${errorMessage(error)}`,
          );
        }
      })();
      await writing;
    };
    return {
      add: async (entityRef: string) => {
        pending.push(entityRef);
        if (pending.length >= CLAIM_BATCH) {
          await flush();
        }
      },
      flush: async () => {
        if (pending.length > 0) {
          await flush();
        }
        await writing;
      },
    };
  }

  /**
   * Collects scanned repositories' results and hands them to the store together, RESULT_BATCH
   * at a time, which writes them in one transaction: a handful of statements for the batch
   * instead of a dozen per repository. A failed write rejects `add` or `flush` (a database that
   * fails the write fails the run).
   */
  private resultBuffer(beforeWrite: () => Promise<void>) {
    const { repositories } = this.options;
    let pending: Array<{ entityRef: string; result: RepositoryScanResult }> =
      [];
    const flush = async () => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) {
        return;
      }
      await beforeWrite();
      const written = await Promise.allSettled(
        batch.map(({ entityRef, result }) =>
          repositories.replaceRepositoryResults(entityRef, result),
        ),
      );
      const failed = written.find(
        (outcome): outcome is PromiseRejectedResult =>
          outcome.status === 'rejected',
      );
      if (failed) {
        throw failed.reason;
      }
    };
    return {
      add: async (entityRef: string, result: RepositoryScanResult) => {
        pending.push({ entityRef, result });
        if (pending.length >= (this.options.resultBatch ?? RESULT_BATCH)) {
          await flush();
        }
      },
      flush,
    };
  }

  private async scanRepository(
    target: DiscoveredRepository & ClaimedRepository,
    platforms: LoadedPlatform[],
    fingerprint: string,
    {
      heads,
      retries,
      unchanged,
      results,
      tally,
      beforeWrite,
    }: {
      heads: BatchedHeads;
      retries: HostRetries;
      unchanged: { add(entityRef: string): Promise<void> };
      results: {
        add(entityRef: string, result: RepositoryScanResult): Promise<void>;
      };
      tally: Pick<RunTally, 'count'>;
      beforeWrite: () => Promise<void>;
    },
  ): Promise<Outcome> {
    const { repositories } = this.options;
    const claimed = target;
    const resolved = this.options.hosts.resolve(target.url);
    if (!resolved) {
      tally.count('failed');
      await beforeWrite();
      await repositories.recordRepositoryFailure(target.entityRef, {
        error: `no repository host may read ${target.url}; check integrations and platform.git settings`,
        checkedAt: new Date(),
      });
      return 'failed';
    }
    const { host, url } = resolved;
    for (let attempt = 1; ; attempt++) {
      let result: RepositoryScanResult | undefined;
      try {
        const head = await heads.getHead(host, url);
        if (
          claimed.commit === head.commit &&
          claimed.platformFingerprint === fingerprint
        ) {
          tally.count('skipped');
          await unchanged.add(target.entityRef);
          return 'skipped';
        }
        const read = await host.readFiles(url, head.commit, this.fileFilter);
        const scanned = scanFiles(read.files, {
          extractors: this.extractorsFor(platforms),
        });
        const checks = new RepositoryCallChecks(this.interfaces);
        // A link to each line: the portal's source view for a repository read through a local
        // root, the host's web UI for the hosts whose URL layout is known.
        const links = lineUrls(target.url, head.commit, this.options);
        const rows = await Promise.all(
          scanned.references.map(reference =>
            this.toRow(reference, platforms, links, checks),
          ),
        );
        result = {
          commit: head.commit,
          branch: head.branch,
          platformFingerprint: checks.incomplete
            ? `${fingerprint}${INCOMPLETE}`
            : fingerprint,
          scannedAt: new Date(),
          filesScanned: scanned.filesScanned,
          rows,
          problems: [
            ...read.problems,
            ...scanned.problems,
            ...checks.problems,
          ].map(problem => ({
            ...problem,
            // Stored and shown without the server's paths, which the log keeps for its operator.
            message: redactLocalPaths(problem.message),
          })),
        };
      } catch (error) {
        const hostName = repositoryHostName(target.url) ?? host.id;
        if (await retries.waitBeforeRetry(error, attempt, hostName)) {
          continue;
        }
        const message = errorMessage(error);
        this.options.logger.warn(
          `Scanning ${target.entityRef} (${target.url}) failed: ${message}`,
        );
        tally.count('failed');
        await beforeWrite();
        await repositories.recordRepositoryFailure(target.entityRef, {
          error: redactLocalPaths(message),
          checkedAt: new Date(),
        });
        return 'failed';
      }
      // Outside the catch: a database that fails the write fails the run, and is not recorded
      // as the repository's failure.
      tally.count('scanned');
      await results.add(target.entityRef, result);
      return 'scanned';
    }
  }

  private async toRow(
    reference: Reference,
    platforms: LoadedPlatform[],
    links: (path: string, line: number) => string | undefined,
    checks: RepositoryCallChecks,
  ): Promise<DriftRowInput> {
    const { drift, platform } = judge(reference, platforms);
    const { file, line, column } = reference.position;
    const check =
      platform && reference.call
        ? await checks.check(reference, platform, drift)
        : undefined;
    return {
      platform: drift.module ? platform?.snapshot.manifest.name : undefined,
      module: drift.module,
      kind: reference.kind,
      environment: drift.environment,
      file,
      line,
      column,
      source: reference.source,
      name: reference.name,
      pin: reference.pin,
      ref: reference.ref,
      version: drift.version,
      latest: drift.latest,
      releasesBehind: drift.releasesBehind,
      verdict: drift.verdict,
      severity: verdictSeverity(drift.verdict),
      explanation: drift.explanation,
      scmUrl: links(file, line),
      ...check,
    };
  }
}
