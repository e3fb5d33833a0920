import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  PlatformDependency,
  PlatformModuleInfo,
} from '@platform-portal/plugin-platform-common';
import { moduleEntityRefs } from './moduleEntityNames';

/** Module entities by the entity ref of the service that uses them. */
type DependencyIndex = Map<string, CompoundEntityRef[]>;

/**
 * Options of {@link PlatformDependencyProcessor}.
 */
export interface PlatformDependencyProcessorOptions {
  platform: {
    listModules(): Promise<PlatformModuleInfo[]>;
    listDependencies(): Promise<PlatformDependency[]>;
  };
  logger: LoggerService;
  /** How long one answer of the platform backend is used; a minute when absent. */
  cacheTtl?: HumanDuration;
}

/**
 * Relates every Component the platform backend found using platform modules to those modules'
 * entities: `dependsOn` from the service, `dependencyOf` from the module.
 */
export class PlatformDependencyProcessor implements CatalogProcessor {
  private readonly platform: PlatformDependencyProcessorOptions['platform'];
  private readonly logger: LoggerService;
  private readonly cacheTtl: number;
  private cached?: { index: DependencyIndex; expiresAt: number };
  private loading?: Promise<DependencyIndex>;

  constructor(options: PlatformDependencyProcessorOptions) {
    this.platform = options.platform;
    this.logger = options.logger;
    this.cacheTtl = durationToMilliseconds(options.cacheTtl ?? { minutes: 1 });
  }

  getProcessorName(): string {
    return 'PlatformDependencyProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      return entity;
    }
    const modules = (await this.index()).get(stringifyEntityRef(entity));
    if (modules) {
      const service = getCompoundEntityRef(entity);
      for (const module of modules) {
        emit(
          processingResult.relation({
            source: service,
            type: RELATION_DEPENDS_ON,
            target: module,
          }),
        );
        emit(
          processingResult.relation({
            source: module,
            type: RELATION_DEPENDENCY_OF,
            target: service,
          }),
        );
      }
    }
    return entity;
  }

  private async index(): Promise<DependencyIndex> {
    if (this.cached && Date.now() < this.cached.expiresAt) {
      return this.cached.index;
    }
    // Entities are processed many at once; they all wait for the same request.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<DependencyIndex> {
    let index: DependencyIndex;
    try {
      const [modules, dependencies] = await Promise.all([
        this.platform.listModules(),
        this.platform.listDependencies(),
      ]);
      index = this.toIndex(modules, dependencies);
    } catch (error) {
      // The last answer is kept rather than dropped: relations would otherwise disappear from
      // every entity processed while the platform backend is briefly away, and come back later.
      index = this.cached?.index ?? new Map();
      this.logger.warn(
        `Could not read the platform dependencies, ${
          this.cached
            ? 'relating services as the last answer did'
            : 'relating no services to platform modules'
        } for now: ${error}`,
      );
    }
    this.cached = { index, expiresAt: Date.now() + this.cacheTtl };
    return index;
  }

  private toIndex(
    modules: PlatformModuleInfo[],
    dependencies: PlatformDependency[],
  ): DependencyIndex {
    const refOf = moduleEntityRefs(modules);
    const index: DependencyIndex = new Map();
    for (const dependency of dependencies) {
      let service: string;
      try {
        service = stringifyEntityRef(parseEntityRef(dependency.entityRef));
      } catch {
        continue;
      }
      // A module the platforms no longer have has no entity to relate to.
      const targets = dependency.modules.flatMap(({ platform, module }) => {
        const ref = refOf(platform, module);
        return ref ? [ref] : [];
      });
      if (targets.length) {
        index.set(service, [...(index.get(service) ?? []), ...targets]);
      }
    }
    return index;
  }
}
