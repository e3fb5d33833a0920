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
import {
  ReferenceExtractor,
  RepositoryHostError,
} from '@platform-portal/plugin-platform-node';
import {
  createFileFilter,
  LoadedPlatform,
  loadPlatform,
  ModuleInterfaceReader,
  RepositoryHosts,
  resolveReference,
  scanFiles,
} from '@platform-portal/plugin-platform-engine';
import {
  ClaimedRepository,
  DiscoveredRepository,
  DriftRowInput,
  RepositoryResultStore,
  ScanRunStore,
  TrendStore,
} from '../store';
import { lineUrl } from '../source/sourceLinks';
import { LatestPlatforms } from './LatestPlatforms';
import { RepositoryCallChecks } from './RepositoryCallChecks';

/** Bump when extraction or resolution changes what a scan of the same files gives. */
const ENGINE_VERSION = '3';
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_LEASE_MS = 10 * 60 * 1000;
/** Longest wait for a host's rate limit before the repository is left for the next run. */
const MAX_RETRY_WAIT_MS = 60 * 1000;
/** Repositories claimed, and unchanged ones recorded, per database statement. */
const CLAIM_BATCH = 100;
/** How old the platforms may be when the API asks for an interface (see LatestPlatforms). */
const PLATFORMS_MAX_AGE_MS = 60 * 1000;
/**
 * Added to the stored fingerprint of a repository whose calls could not all be checked for a
 * reason that may pass (a host that did not answer), so that the next cycle scans it again
 * instead of keeping it unchecked until its head moves.
 */
const INCOMPLETE = ':incomplete';

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
  leaseMs?: number;
  /** Identifies this backend instance in repository leases. */
  instanceId?: string;
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
  private readonly instanceId: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fileFilter: (path: string) => boolean;
  private running?: Promise<ScanRun>;
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
    this.instanceId = options.instanceId ?? randomUUID();
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
   * Starts a scan unless one is already running in this instance, and returns its run record
   * at once; `done` settles when it ends. A scan of one entity that is no service the scanner
   * knows is refused with a NotFoundError, and no run is recorded.
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
    if (this.running && !target) {
      const done = this.running;
      const latest = await this.options.scanRuns.getLatestScanRun();
      if (latest?.status === 'running') {
        return { run: latest, done };
      }
    }
    const id = randomUUID();
    const run = await this.options.scanRuns.createScanRun({
      id,
      trigger: request.trigger,
      entityRef: target?.entityRef,
    });
    const done = this.execute(id, target).then(async ended => {
      try {
        await this.options.onFinished?.(ended);
      } catch (error) {
        this.options.logger.warn(`After scan ${id}: ${errorMessage(error)}`);
      }
      return ended;
    });
    if (!target) {
      this.running = done;
      done.finally(() => {
        if (this.running === done) {
          this.running = undefined;
        }
      });
    }
    return { run, done };
  }

  /** Runs a scan to its end: what the scheduled task calls. */
  async scan(request: {
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<ScanRun> {
    const { done } = await this.start(request);
    return done;
  }

  private async execute(
    runId: string,
    target?: DiscoveredRepository,
  ): Promise<ScanRun> {
    const { scanRuns, repositories, trends, logger } = this.options;
    const startedAt = new Date();
    try {
      await this.options.ready;
      const platforms = await this.loadPlatforms();
      const fingerprint = createHash('sha256')
        .update(ENGINE_VERSION)
        .update(this.options.extractors.map(e => e.id).join(','))
        .update(platforms.map(p => p.fingerprint).join(','))
        .digest('hex');

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

      const counts = { scanned: 0, skipped: 0, failed: 0 };
      // A one-entity scan is asked for now, so it ignores this cycle's earlier check.
      const notCheckedSince = target ? new Date(Date.now() + 1) : startedAt;
      let lastReport = 0;
      const report = async (force = false) => {
        if (force || Date.now() - lastReport > 1000) {
          lastReport = Date.now();
          await scanRuns.updateScanRun(runId, {
            repositoriesScanned: counts.scanned,
            repositoriesSkipped: counts.skipped,
            repositoriesFailed: counts.failed,
          });
        }
      };
      const claims = this.claimQueue(targets, notCheckedSince, () => {
        counts.skipped += 1; // another instance has it, or did it in this cycle
      });
      const unchanged = this.unchangedBuffer();
      const worker = async () => {
        for (;;) {
          const claimed = await claims.next();
          if (!claimed) {
            return;
          }
          const outcome = await this.scanRepository(
            claimed,
            platforms,
            fingerprint,
            unchanged,
          );
          counts[outcome] += 1;
          await report();
        }
      };
      try {
        await Promise.all(
          Array.from(
            { length: Math.min(this.concurrency, Math.max(1, targets.length)) },
            worker,
          ),
        );
      } finally {
        await unchanged.flush();
      }
      await report(true);
      await trends.recordDailyCounts(new Date().toISOString().slice(0, 10));
      await scanRuns.finishScanRun(runId, { status: 'succeeded' });
      logger.info(
        `Platform scan ${runId} finished: ${counts.scanned} scanned, ${counts.skipped} unchanged, ${counts.failed} failed`,
      );
    } catch (error) {
      const message = errorMessage(error);
      logger.error(`Platform scan ${runId} failed: ${message}`);
      await scanRuns.finishScanRun(runId, {
        status: 'failed',
        error: redactLocalPaths(message),
      });
    }
    return (await scanRuns.getScanRun(runId))!;
  }

  private async loadPlatforms(): Promise<LoadedPlatform[]> {
    const platforms: LoadedPlatform[] = [];
    for (const url of this.options.platforms) {
      const platform = await loadPlatform(this.options.hosts, url);
      for (const problem of platform.problems) {
        this.options.logger.warn(
          `Platform manifest of ${url}: ${problem.file}:${problem.line ?? 0} ${
            problem.message
          }`,
        );
      }
      await this.options.repositories.replacePlatformModules(
        platform.snapshot.manifest.name,
        platform.modules,
      );
      platforms.push(platform);
    }
    this.platforms.set(platforms);
    return platforms;
  }

  /**
   * Hands out the targets this instance may scan, claiming them from the store a batch at a
   * time (one statement per batch instead of one per repository); targets another instance
   * holds or already did in this cycle are passed to `onSkipped`.
   */
  private claimQueue(
    targets: DiscoveredRepository[],
    notCheckedSince: Date,
    onSkipped: () => void,
  ) {
    const { repositories } = this.options;
    const batchSize = Math.max(CLAIM_BATCH, this.concurrency * 2);
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
            { holder: this.instanceId, leaseMs: this.leaseMs, notCheckedSince },
          )
        ).map(repository => [repository.entityRef, repository]),
      );
      for (const target of batch) {
        const repository = claimed.get(target.entityRef);
        if (repository) {
          // What the catalog says now, with what the store knows of the last scan.
          queue.push({ ...repository, ...target });
        } else {
          onSkipped();
        }
      }
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
  private unchangedBuffer() {
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

  private async scanRepository(
    target: DiscoveredRepository & ClaimedRepository,
    platforms: LoadedPlatform[],
    fingerprint: string,
    unchanged: { add(entityRef: string): Promise<void> },
  ): Promise<'scanned' | 'skipped' | 'failed'> {
    const { repositories } = this.options;
    const claimed = target;
    const resolved = this.options.hosts.resolve(target.url);
    if (!resolved) {
      await repositories.recordRepositoryFailure(target.entityRef, {
        error: `no repository host may read ${target.url}; check integrations and platform.git settings`,
        checkedAt: new Date(),
      });
      return 'failed';
    }
    const { host, url } = resolved;
    for (let attempt = 1; ; attempt++) {
      try {
        const head = await host.getHead(url);
        if (
          claimed.commit === head.commit &&
          claimed.platformFingerprint === fingerprint
        ) {
          await unchanged.add(target.entityRef);
          return 'skipped';
        }
        const read = await host.readFiles(url, head.commit, this.fileFilter);
        const result = scanFiles(read.files, {
          extractors: this.options.extractors,
        });
        const checks = new RepositoryCallChecks(this.interfaces);
        const rows = await Promise.all(
          result.references.map(reference =>
            this.toRow(reference, platforms, target.url, head.commit, checks),
          ),
        );
        await repositories.replaceRepositoryResults(target.entityRef, {
          commit: head.commit,
          branch: head.branch,
          platformFingerprint: checks.incomplete
            ? `${fingerprint}${INCOMPLETE}`
            : fingerprint,
          scannedAt: new Date(),
          filesScanned: result.filesScanned,
          rows,
          problems: [
            ...read.problems,
            ...result.problems,
            ...checks.problems,
          ].map(problem => ({
            ...problem,
            // Stored and shown without the server's paths, which the log keeps for its operator.
            message: redactLocalPaths(problem.message),
          })),
        });
        return 'scanned';
      } catch (error) {
        const wait =
          error instanceof RepositoryHostError && error.retryable
            ? Math.max(0, (error.retryAfter ?? 0) - Date.now()) ||
              1000 * attempt
            : undefined;
        if (wait !== undefined && attempt < 3 && wait <= MAX_RETRY_WAIT_MS) {
          await this.sleep(wait);
          continue;
        }
        const message = errorMessage(error);
        this.options.logger.warn(
          `Scanning ${target.entityRef} (${target.url}) failed: ${message}`,
        );
        await repositories.recordRepositoryFailure(target.entityRef, {
          error: redactLocalPaths(message),
          checkedAt: new Date(),
        });
        return 'failed';
      }
    }
  }

  private async toRow(
    reference: Reference,
    platforms: LoadedPlatform[],
    repositoryUrl: string,
    commit: string,
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
      scmUrl: this.scmUrl(repositoryUrl, commit, file, line),
      ...check,
    };
  }

  /**
   * A link to the line: the portal's source view for a repository read through a local root,
   * the host's web UI for the hosts whose URL layout is known.
   */
  private scmUrl(
    repositoryUrl: string,
    commit: string,
    file: string,
    line: number,
  ): string | undefined {
    return lineUrl(
      { repository: repositoryUrl, commit, path: file, line },
      this.options,
    );
  }
}
