import { Config } from '@backstage/config';
import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftSummary,
  EntityDrift,
  EnvironmentOrder,
  ModuleAdoption,
  PlatformModuleInfo,
  RepositoryStatus,
  RequiredModuleFindingList,
  ServiceRequiredModuleFinding,
  TrendPoint,
  findRequiredModuleFindings,
  requiredModulesOf,
} from '@platform-portal/plugin-platform-common';
import {
  DriftReportBuilder,
  DriftReportIndex,
  OpenUpgradeChange,
  ServiceDependencies,
} from './DriftReportIndex';
import { FreshValue } from './FreshValue';
import { KeptRepositories, catchUpRepositories } from './keptRepositories';
import { LocalWrites } from './LocalWrites';
import { ReadCache } from './ReadCache';
import {
  ReportDataStore,
  RepositoryStatusFilter,
} from './RepositoryResultStore';
import { entityDrift } from './reportRules';
import {
  findServicesRequiredModules,
  wasScanned,
} from './requiredModuleFindings';
import { TrendStore, dayBefore } from './TrendStore';

/**
 * The promotion order `platform.environments` names (`[dev, staging, prod]`, a list naming one
 * stage); undefined when it names none, for the usual names.
 *
 * @internal
 */
export function environmentOrderFromConfig(
  config: Config | undefined,
): EnvironmentOrder | undefined {
  const value = config?.getOptional('platform.environments');
  if (value === undefined) {
    return undefined;
  }
  const isName = (name: unknown) => typeof name === 'string' && name !== '';
  if (
    !Array.isArray(value) ||
    !value.every(
      stage =>
        isName(stage) ||
        (Array.isArray(stage) && stage.length > 0 && stage.every(isName)),
    )
  ) {
    throw new Error(
      `Invalid platform.environments ${JSON.stringify(
        value,
      )}: expected environment names in promotion order, such as [dev, staging, prod], where a list names one stage`,
    );
  }
  return value as EnvironmentOrder;
}

/**
 * How many times as long as its build took a report that took a second or more to build is
 * answered before it is built again for changed rows, until a scan through this instance ends:
 * a running scan changes the rows with every batch it writes, and built at every read, a report
 * of 1,000,000 rows (tens of seconds) took a core and was held twice, the old one beside the new.
 * So a report is at most a few builds behind a running scan, at most a quarter of a core builds
 * it, and reports that build in under a second are never held.
 */
const BUILD_PAUSE = 3;
/** The longest history of trends the API answers (a year, leap or not). */
const TREND_DAYS_READ = 366;
const SLOW_BUILD_MS = 1000;

interface RequiredFindings {
  items: ServiceRequiredModuleFinding[];
  services: number;
  summaries: WeakMap<DriftSummary, DriftSummary>;
}

/**
 * The drift report as the API serves it. Rows, summary, facets, module adoption, modules,
 * dependencies and an entity's page are answered from memory instead of database queries per
 * request: under many concurrent readers each answer costs about a millisecond, where the
 * database counted or sorted up to 200,000 rows for each, and no request waits for a database
 * round trip.
 *
 * - The report is a {@link DriftReportIndex} of every row. Another instance's writes are found
 *   by asking the report generation at most every `checkIntervalMs`; the rows are read again
 *   only when it moved, and, for a report that took a second or more to build, not before three
 *   times its build time has passed since (a scan moves it with every batch) unless a scan
 *   through this instance ended. The previous report is let go before the next one is built.
 * - Repository statuses and problems (thousands of small rows, changed by every scan of a
 *   repository), for entities' pages, the required-module findings and the repositories the
 *   source view may show, are read whole once;
 *   after `checkIntervalMs` the store's status change number is asked, and only the
 *   repositories written since are read again (see catchUpRepositories): reading 50,000
 *   statuses and their problems again at every check, changed or not, cost every answer under
 *   load about 30 ms at p95. The required-module findings are worked out once per report.
 * - Trends are kept per question for `checkIntervalMs`, and read again in the background when
 *   asked for after three quarters of it.
 * Each is read again before the next read after a write through this instance (`writes`). The
 * report and statuses are renewed in the background by a read after three quarters (statuses:
 * half) of the interval, so that under steady reads none waits for the check (reading 50,000
 * statuses took a second, which every answer that needs them waited for).
 *
 * @internal
 */
export class DriftReportService {
  private readonly report: FreshValue<DriftReportIndex>;
  private readonly repositories: FreshValue<KeptRepositories>;
  /**
   * How many readers asked for the statuses as they are now, whatever their age: counted as
   * writes, so that each of those reads waits for a catch-up begun after it was asked.
   */
  private statusesAskedNow = 0;
  private readonly trends: ReadCache;
  /**
   * The required-module findings of every service, worked out once per report, with how many
   * services they name, and the summaries that carry their counts (the same object per summary,
   * so that its serialisation can be kept). Which services were scanned changes only with a
   * write that moves the report's generation (results are written with it, removed
   * repositories too), so the findings are worked out once per report, from the kept statuses
   * caught up after its rows were read.
   */
  private requiredFindings?: {
    index: DriftReportIndex;
    findings: Promise<RequiredFindings>;
  };
  /**
   * Until when a report whose rows changed is still answered instead of built again (see
   * {@link BUILD_PAUSE}), and how many scans through this instance have ended.
   */
  private readonly builds = { heldUntil: 0, scansEnded: 0 };
  private environments?: EnvironmentOrder;
  private readOpenUpgrades?: () => Promise<readonly OpenUpgradeChange[]>;
  /** The read of the open upgrade changes under way, which concurrent readers share. */
  private upgradesRead?: Promise<readonly OpenUpgradeChange[]>;

  constructor(
    private readonly options: {
      data: ReportDataStore;
      trends: Pick<TrendStore, 'getTrends'>;
      /** This instance's writes, counted by the stores it writes through. */
      writes: LocalWrites;
      checkIntervalMs: number;
      /** The clock the check interval runs by; tests pass their own. */
      now?: () => number;
    },
  ) {
    const { data, writes, checkIntervalMs } = options;
    const now = options.now ?? Date.now;
    // Renewed ahead under steady reads: a reader seldom waits for a check that finds nothing.
    this.report = new FreshValue<DriftReportIndex>({
      maxAgeMs: checkIntervalMs,
      refreshAfterMs: (checkIntervalMs * 3) / 4,
      now,
      writes: () => writes.count('report'),
      refresh: async (previous, control) => {
        const generation = await data.getReportGeneration();
        const environments = this.environments;
        if (
          previous?.generation === generation &&
          previous.environments === environments
        ) {
          return previous;
        }
        if (
          previous !== undefined &&
          previous.environments === environments &&
          now() < this.builds.heldUntil
        ) {
          control.behind();
          return previous;
        }
        // Never two whole reports and a build's transients at once: the previous one goes
        // where no reader can use it any more, else its caches, which readers rebuild if asked.
        // Built by another function, so that this one, which holds it, has returned.
        this.requiredFindings = undefined;
        previous?.releaseCaches();
        control.release();
        return this.build(environments);
      },
    });
    this.repositories = new FreshValue<KeptRepositories>({
      maxAgeMs: checkIntervalMs,
      // From half the interval: a scan's batch may change thousands of statuses at once.
      refreshAfterMs: checkIntervalMs / 2,
      now,
      writes: () => writes.count('repositories') + this.statusesAskedNow,
      refresh: previous => catchUpRepositories(data, previous),
    });
    this.trends = new ReadCache({
      ttlMs: checkIntervalMs,
      refreshAfterMs: (checkIntervalMs * 3) / 4,
      now: options.now,
      writes: () => writes.count('trends'),
    });
  }

  private async build(
    environments: EnvironmentOrder | undefined,
  ): Promise<DriftReportIndex> {
    const { data } = this.options;
    const now = this.options.now ?? Date.now;
    const started = now();
    const scansEnded = this.builds.scansEnded;
    const builder = new DriftReportBuilder(environments);
    const source = await data.loadReportData(builder);
    const index = builder.build(source);
    const ended = now();
    if (
      scansEnded === this.builds.scansEnded &&
      ended - started >= SLOW_BUILD_MS
    ) {
      this.builds.heldUntil = ended + BUILD_PAUSE * (ended - started);
    }
    return index;
  }

  /**
   * A scan through this instance ended: the next read builds the report from its rows at once,
   * rather than after the pause between builds while the scan wrote.
   */
  scanEnded(): void {
    this.builds.heldUntil = 0;
    this.builds.scansEnded++;
  }

  /**
   * What the report reads besides its own tables, set once when the plugin starts: the order
   * environments are promoted in (the usual names by default), and the open upgrade changes
   * (read from the upgrades' store, which in turn reads this report: a function keeps the two
   * from having to be built in a cycle).
   */
  connect(options: {
    environments?: EnvironmentOrder;
    openUpgrades?: () => Promise<readonly OpenUpgradeChange[]>;
  }): void {
    this.environments = options.environments;
    this.readOpenUpgrades = options.openUpgrades;
  }

  async queryDrift(query: DriftQuery): Promise<DriftPage> {
    const [index, upgrades] = await Promise.all([
      this.report.get(),
      this.openUpgrades(query),
    ]);
    return index.queryDrift(query, upgrades);
  }

  async getSummary(filter: DriftFilter): Promise<DriftSummary> {
    const [index, upgrades, required] = await Promise.all([
      this.report.get(),
      this.openUpgrades(filter),
      this.requiredModuleFindings(),
    ]);
    const summary = index.getSummary(filter, upgrades);
    if (required.items.length === 0) {
      return summary;
    }
    let withFindings = required.summaries.get(summary);
    if (!withFindings) {
      withFindings = {
        ...summary,
        requiredModules: {
          services: required.services,
          findings: required.items.length,
        },
      };
      required.summaries.set(summary, withFindings);
    }
    return withFindings;
  }

  /**
   * The services that miss a module every service must use, or use it outside the required
   * releases; within one filter field values are alternatives, fields combine.
   */
  async listRequiredModuleFindings(
    filter: Pick<DriftFilter, 'owner' | 'module' | 'entityRef'>,
  ): Promise<RequiredModuleFindingList> {
    const matches = (values: string[] | undefined, value: string | undefined) =>
      !values?.length || (value !== undefined && values.includes(value));
    const items = (await this.requiredModuleFindings()).items.filter(
      item =>
        matches(filter.owner, item.owner) &&
        matches(filter.module, item.finding.module) &&
        matches(filter.entityRef, item.entityRef),
    );
    return {
      items,
      services: new Set(items.map(item => item.entityRef)).size,
    };
  }

  private async requiredModuleFindings(): Promise<RequiredFindings> {
    const index = await this.report.get();
    if (requiredModulesOf(index.listModules()).length === 0) {
      // Nothing to find: the statuses need not be caught up.
      return { items: [], services: 0, summaries: new WeakMap() };
    }
    const kept = this.requiredFindings;
    if (kept?.index === index) {
      return kept.findings;
    }
    const findings = this.findRequiredModules(index);
    this.requiredFindings = { index, findings };
    // A failed read is not kept: the next reader tries again.
    findings.catch(() => {
      if (this.requiredFindings?.findings === findings) {
        this.requiredFindings = undefined;
      }
    });
    return findings;
  }

  private async findRequiredModules(
    index: DriftReportIndex,
  ): Promise<RequiredFindings> {
    // At least as new as the report's rows: a catch-up begun now, which reads what changed.
    this.statusesAskedNow++;
    const { statuses } = await this.repositories.get();
    const items = findServicesRequiredModules(
      index.listModules(),
      statuses.values(),
      entityRef => index.getModuleUses(entityRef),
    );
    return {
      items,
      services: new Set(items.map(item => item.entityRef)).size,
      summaries: new WeakMap(),
    };
  }

  /**
   * The open upgrade changes, read for each answer (a few rows of one table) so that a change
   * just started shows at once; concurrent answers share one read. The report still answers when
   * they cannot be read, without the rows' links to them, unless the filter asks for rows with
   * one: that answer would be wrong.
   */
  private async openUpgrades(
    filter: DriftFilter,
  ): Promise<readonly OpenUpgradeChange[]> {
    const read = this.readOpenUpgrades;
    if (!read) {
      return [];
    }
    this.upgradesRead ??= read().finally(() => {
      this.upgradesRead = undefined;
    });
    try {
      return await this.upgradesRead;
    } catch (error) {
      if (filter.upgrade?.length) {
        throw error;
      }
      return [];
    }
  }

  /** Distinct owners, modules, environments and kinds among all rows, sorted. */
  async getFacets(): Promise<DriftFacets> {
    return (await this.report.get()).getFacets();
  }

  /**
   * Undefined when no platform has the module. The same object while the data is unchanged, so
   * that its serialisation can be kept. With `servicesPerVersion`, each version lists at most
   * that many services; its counts still count all.
   */
  async getModuleAdoption(
    module: string,
    platform?: string,
    options: { servicesPerVersion?: number } = {},
  ): Promise<ModuleAdoption | undefined> {
    return (await this.report.get()).getModuleAdoption(
      module,
      platform,
      options,
    );
  }

  async listModules(): Promise<PlatformModuleInfo[]> {
    return (await this.report.get()).listModules();
  }

  /** For the catalog: which modules each service uses (`platform/module` pairs). */
  async listDependencies(): Promise<ServiceDependencies[]> {
    return (await this.report.get()).listDependencies();
  }

  async getEntityDrift(entityRef: string): Promise<EntityDrift> {
    const [index, known] = await Promise.all([
      this.report.get(),
      this.repositories.get(),
    ]);
    const repository = known.statuses.get(entityRef);
    const references = index.getEntityReferences(entityRef);
    const drift = entityDrift(
      entityRef,
      repository,
      references,
      known.problems.get(entityRef) ?? [],
    );
    const required = requiredModulesOf(index.listModules());
    if (required.length === 0 || !wasScanned(repository)) {
      return drift;
    }
    return {
      ...drift,
      requiredModules: findRequiredModuleFindings(required, references),
    };
  }

  /** Every repository's status as the database has it now. */
  async listRepositoryStatuses(
    filter: RepositoryStatusFilter = {},
  ): Promise<RepositoryStatus[]> {
    return this.options.data.listRepositoryStatuses(filter);
  }

  /**
   * Every repository's status as kept for entities' pages: with the writes through this instance
   * at once, and another instance's after at most `checkIntervalMs`. With `current`, with every
   * write committed before the call, which reads again only the repositories written since.
   */
  async keptRepositoryStatuses(
    options: { current?: boolean } = {},
  ): Promise<RepositoryStatus[]> {
    if (options.current) {
      this.statusesAskedNow++;
    }
    const { statuses } = await this.repositories.get();
    return [...statuses.values()];
  }

  /**
   * Verdict counts per day over the last `days` days, oldest first, optionally for one module.
   * Up to a year, cut from the year of history of all modules or of the module, read once for
   * every number of days: the questions of one chart (7, 30, 90 days) were as many reads, each
   * of two statements.
   */
  async getTrends(options: {
    days: number;
    module?: string;
  }): Promise<TrendPoint[]> {
    const days = Math.floor(options.days);
    if (!(days > 0 && days <= TREND_DAYS_READ)) {
      return this.readTrends({ days: options.days, module: options.module });
    }
    const [all, series] = await Promise.all([
      this.readTrends({ days: TREND_DAYS_READ }),
      options.module === undefined
        ? undefined
        : this.readTrends({ days: TREND_DAYS_READ, module: options.module }),
    ]);
    // Counted back from the newest day recorded for any module, as the store counts them.
    const newest = all[all.length - 1]?.day;
    if (newest === undefined) {
      return [];
    }
    const from = dayBefore(newest, days - 1);
    return (series ?? all).filter(point => point.day >= from);
  }

  private readTrends(question: {
    days: number;
    module?: string;
  }): Promise<TrendPoint[]> {
    return this.trends.read(question, () =>
      this.options.trends.getTrends(question),
    );
  }
}
