import { setTimeout as sleep } from 'node:timers/promises';
import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';
import {
  moduleEntityRefs,
  PLATFORM_ANNOTATION_MODULE,
  PLATFORM_ANNOTATION_PLATFORM,
} from './moduleEntityNames';

const DEFAULT_OWNER = 'group:default/platform-team';
const DEFAULT_SYSTEM = 'acme-platform';
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
  scope: 'global',
};
// The platform backend has no modules until its first scan is done, which is usually soon after
// start; waiting for the next run would leave the catalog without them for minutes.
const DEFAULT_RETRY = {
  interval: { seconds: 30 },
  window: { minutes: 2 },
};

/** The web address of a repository (`https://github.com/acme/platform`), when it has one. */
export function repositoryWebUrl(repository: string): string | undefined {
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(repository);
  let url: URL;
  try {
    url = new URL(scp ? `ssh://${scp[1]}/${scp[2]}` : repository);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  if (!path) {
    return undefined;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return `${url.protocol}//${url.host}${path}`;
  }
  if (url.protocol === 'ssh:' || url.protocol === 'git:') {
    return `https://${url.hostname}${path}`;
  }
  return undefined;
}

/** Where a module's source and its declaration (the platform's `platform.yaml`) are read. */
function moduleLocations(module: PlatformModuleInfo): {
  manifest: string;
  source?: string;
} {
  const web = repositoryWebUrl(module.repository);
  if (!web) {
    return { manifest: `url:${module.repository}` };
  }
  const path = module.path.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
  // Workflows are files; every other kind of module is a directory.
  const source =
    module.kind === 'github-workflow'
      ? `${web}/blob/HEAD/${path}`
      : `${web}/tree/HEAD/${path ? `${path}/` : ''}`;
  return {
    manifest: `url:${web}/blob/HEAD/platform.yaml`,
    source: `url:${source}`,
  };
}

/**
 * Options of {@link PlatformModuleEntityProvider}.
 */
export interface PlatformModuleEntityProviderOptions {
  modules: { listModules(): Promise<PlatformModuleInfo[]> };
  logger: LoggerService;
  taskRunner: SchedulerServiceTaskRunner;
  /** `group:default/platform-team` when absent. */
  owner?: string;
  /** `acme-platform` when absent; no system when empty. */
  system?: string;
  /** How often, and for how long, one run asks again while there are no modules to read. */
  retry?: { interval: HumanDuration; window: HumanDuration };
}

/**
 * Every platform module as a catalog `Component` whose `spec.type` is the module's kind.
 */
export class PlatformModuleEntityProvider implements EntityProvider {
  private readonly modules: PlatformModuleEntityProviderOptions['modules'];
  private readonly logger: LoggerService;
  private readonly taskRunner: SchedulerServiceTaskRunner;
  private readonly owner: string;
  private readonly system?: string;
  private readonly retryInterval: number;
  private readonly retryWindow: number;
  private connection?: EntityProviderConnection;

  static fromConfig(
    config: RootConfigService,
    options: {
      modules: PlatformModuleEntityProviderOptions['modules'];
      logger: LoggerService;
      scheduler: SchedulerService;
    },
  ): PlatformModuleEntityProvider {
    const settings = config.getOptionalConfig('platform.catalog');
    const schedule = settings?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          settings.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE;
    return new PlatformModuleEntityProvider({
      modules: options.modules,
      logger: options.logger,
      taskRunner: options.scheduler.createScheduledTaskRunner(schedule),
      owner: settings?.getOptionalString('owner'),
      system: settings?.getOptionalString('system'),
    });
  }

  constructor(options: PlatformModuleEntityProviderOptions) {
    this.modules = options.modules;
    this.logger = options.logger;
    this.taskRunner = options.taskRunner;
    this.owner = options.owner || DEFAULT_OWNER;
    this.system = options.system ?? DEFAULT_SYSTEM;
    const retry = options.retry ?? DEFAULT_RETRY;
    this.retryInterval = durationToMilliseconds(retry.interval);
    this.retryWindow = durationToMilliseconds(retry.window);
  }

  getProviderName(): string {
    return 'platform-modules';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async abortSignal => {
        await this.refresh(abortSignal);
      },
    });
  }

  /**
   * Replaces the module entities with what the platform backend lists. While it lists nothing or
   * does not answer, the entities stay as they are and the run asks again for a while; it never
   * throws for that.
   */
  async refresh(signal?: AbortSignal): Promise<void> {
    const connection = this.connection;
    if (!connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const deadline = Date.now() + this.retryWindow;
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      try {
        const modules = await this.modules.listModules();
        if (modules.length) {
          const entities = this.toEntities(modules);
          await connection.applyMutation({ type: 'full', entities });
          this.logger.info(
            `Applied ${entities.length} platform module entities to the catalog`,
          );
          return;
        }
        problem = 'the platform backend has no modules yet';
      } catch (error) {
        problem = `the platform backend did not answer: ${error}`;
      }

      const again =
        !signal?.aborted && Date.now() + this.retryInterval < deadline;
      const message = `Platform modules not refreshed, ${problem}; ${
        again
          ? `asking again in ${this.retryInterval / 1000} seconds`
          : 'asking again at the next scheduled run'
      }`;
      // One warning per run is enough to notice; the retries only matter when debugging.
      if (attempt === 1) {
        this.logger.warn(message);
      } else {
        this.logger.debug(message);
      }
      if (!again) {
        return;
      }
      await sleep(this.retryInterval, undefined, { signal }).catch(() => {});
      if (signal?.aborted) {
        return;
      }
    }
  }

  private toEntities(modules: PlatformModuleInfo[]): DeferredEntity[] {
    const refOf = moduleEntityRefs(modules);
    const byName = new Map<string, DeferredEntity>();
    for (const module of modules) {
      const name = refOf(module.platform, module.name)!.name;
      if (!byName.has(name)) {
        byName.set(name, {
          entity: this.toEntity(module, name),
          locationKey: this.getProviderName(),
        });
      }
    }
    return [...byName.values()];
  }

  private toEntity(module: PlatformModuleInfo, name: string): Entity {
    const { manifest, source } = moduleLocations(module);
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        title: module.name,
        ...(module.description ? { description: module.description } : {}),
        annotations: {
          [PLATFORM_ANNOTATION_PLATFORM]: module.platform,
          [PLATFORM_ANNOTATION_MODULE]: module.name,
          [ANNOTATION_LOCATION]: manifest,
          [ANNOTATION_ORIGIN_LOCATION]: manifest,
          ...(source ? { [ANNOTATION_SOURCE_LOCATION]: source } : {}),
        },
        tags: [module.kind],
      },
      spec: {
        type: module.kind,
        lifecycle: 'production',
        owner: this.owner,
        ...(this.system ? { system: this.system } : {}),
      },
    };
  }
}
