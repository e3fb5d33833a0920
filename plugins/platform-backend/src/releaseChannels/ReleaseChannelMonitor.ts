import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  judgeReleaseChannels,
  readReleaseChannelDeclarations,
  redactUrlCredentials,
  ReleaseChannelDeclaration,
  ReleaseChannelReading,
  ServiceReleaseChannels,
} from '@platform-portal/plugin-platform-common';
import { ReleaseChannelReader } from '@platform-portal/plugin-platform-node';
import {
  ReleaseChannelStore,
  ServiceReleaseChannelsInput,
} from './ReleaseChannelStore';
import {
  DiscoveryFilter,
  getServiceEntities,
  serviceOf,
} from '../scanner/discoverServices';

const DEFAULT_CONCURRENCY = 4;
/** Longest a channel may take to answer before it counts as unreachable for this cycle. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A catalog entity that declares release channels.
 *
 * @internal
 */
export interface ChannelService {
  entityRef: string;
  owner?: string;
  system?: string;
  declarations: ReleaseChannelDeclaration[];
}

/**
 * Turns a declared target into the one that is read, e.g. a public registry into its mirror.
 * What is stored and shown stays the target as declared.
 *
 * @internal
 */
export type ChannelTargetRewrite = (
  declaration: ReleaseChannelDeclaration,
) => ReleaseChannelDeclaration;

/**
 * Catalog entities matching the discovery filter that declare at least one release channel.
 *
 * @internal
 */
export function createChannelDiscovery(options: {
  catalog: CatalogService;
  auth: AuthService;
  filter: DiscoveryFilter;
  readDeclarations?: (
    annotations: Record<string, string>,
  ) => ReleaseChannelDeclaration[];
}): () => Promise<ChannelService[]> {
  const readDeclarations =
    options.readDeclarations ?? readReleaseChannelDeclarations;
  return async () => {
    const entities = await getServiceEntities(options, options.filter);
    return entities.flatMap(entity => {
      const declarations = readDeclarations(entity.metadata.annotations ?? {});
      return declarations.length
        ? [{ ...serviceOf(entity), declarations }]
        : [];
    });
  };
}

/**
 * Options of {@link ReleaseChannelMonitor}.
 *
 * @internal
 */
export interface ReleaseChannelMonitorOptions {
  store: ReleaseChannelStore;
  reader: ReleaseChannelReader;
  discover: () => Promise<ChannelService[]>;
  logger: LoggerService;
  /** Services read at once; their channels are read together. */
  concurrency?: number;
  timeoutMs?: number;
  rewrite?: ChannelTargetRewrite;
  judge?: (
    entityRef: string,
    readings: ReleaseChannelReading[],
  ) => ServiceReleaseChannels;
  /** Settles when channels can be read (a module may still be making local repositories). */
  ready?: Promise<unknown>;
}

/**
 * What one cycle of {@link ReleaseChannelMonitor} read.
 *
 * @internal
 */
export interface ReleaseChannelCycle {
  services: number;
  channels: number;
  /** Channels that could not be read. */
  problems: number;
  /** Services whose channels could not be stored. */
  failed: number;
}

function unreadable(
  declaration: ReleaseChannelDeclaration,
  error: unknown,
): ReleaseChannelReading {
  return {
    kind: declaration.kind,
    target: declaration.target,
    releaseCount: 0,
    checkedAt: new Date().toISOString(),
    problem: {
      code: 'unreachable',
      message: redactUrlCredentials(
        error instanceof Error ? error.message : String(error),
      ),
    },
  };
}

/**
 * Reads the release channels of every service that declares some, judges their skew and stores
 * the readings: a bounded pool of services, each service's channels read together, a channel that
 * cannot be read recorded as such while the others go on.
 *
 * @internal
 */
export class ReleaseChannelMonitor {
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly judge: NonNullable<ReleaseChannelMonitorOptions['judge']>;
  private running?: Promise<ReleaseChannelCycle>;

  constructor(private readonly options: ReleaseChannelMonitorOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.judge = options.judge ?? judgeReleaseChannels;
  }

  /** Reads every service once; a cycle asked for while one runs joins it. */
  run(): Promise<ReleaseChannelCycle> {
    if (!this.running) {
      this.running = this.execute().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async execute(): Promise<ReleaseChannelCycle> {
    const { store, logger } = this.options;
    await this.options.ready;
    const services = await this.options.discover();
    const cycle: ReleaseChannelCycle = {
      services: services.length,
      channels: 0,
      problems: 0,
      failed: 0,
    };
    let next = 0;
    const worker = async () => {
      while (next < services.length) {
        const service = services[next++];
        const judged = await this.readService(service);
        cycle.channels += judged.channels.length;
        cycle.problems += judged.channels.filter(c => c.problem).length;
        try {
          await store.replaceService(judged);
        } catch (error) {
          cycle.failed += 1;
          logger.warn(
            `Could not store the release channels of ${service.entityRef}: ${error}`,
          );
        }
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.concurrency, Math.max(1, services.length)) },
        worker,
      ),
    );
    await store.retainServices(services.map(s => s.entityRef));
    logger.info(
      `Release channels read: ${cycle.services} services, ${cycle.channels} channels, ${cycle.problems} could not be read`,
    );
    return cycle;
  }

  /** Whether a catalog entity declares channels this monitor reads (the discovery filter matches it). */
  async knows(entityRef: string): Promise<boolean> {
    return (await this.find(entityRef)) !== undefined;
  }

  private async find(entityRef: string): Promise<ChannelService | undefined> {
    const wanted = entityRef.toLocaleLowerCase('en-US');
    return (await this.options.discover()).find(s => s.entityRef === wanted);
  }

  /**
   * Reads one catalog entity's channels now and stores them; false when it declares none (or the
   * discovery filter does not match it).
   */
  async refresh(entityRef: string): Promise<boolean> {
    await this.options.ready;
    const service = await this.find(entityRef);
    if (!service) {
      return false;
    }
    await this.options.store.replaceService(await this.readService(service));
    return true;
  }

  /** Reads and judges one service's channels; never throws for a channel. */
  async readService(
    service: ChannelService,
  ): Promise<ServiceReleaseChannelsInput> {
    const readings = await Promise.all(
      service.declarations.map(declaration => this.readChannel(declaration)),
    );
    const judged = this.judge(service.entityRef, readings);
    return {
      ...judged,
      owner: service.owner,
      system: service.system,
      checkedAt: judged.checkedAt ?? new Date().toISOString(),
    };
  }

  private async readChannel(
    declaration: ReleaseChannelDeclaration,
  ): Promise<ReleaseChannelReading> {
    const read = this.options.rewrite?.(declaration) ?? declaration;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ReleaseChannelReading>(resolve => {
      timer = setTimeout(() => {
        controller.abort();
        resolve(
          unreadable(
            declaration,
            new Error(`no answer within ${this.timeoutMs / 1000} s`),
          ),
        );
      }, this.timeoutMs);
    });
    try {
      const reading = await Promise.race([
        this.options.reader
          .read(read, { signal: controller.signal })
          .catch(error => unreadable(declaration, error)),
        timeout,
      ]);
      // Shown as declared, not as rewritten for reading, and without credentials someone wrote
      // into the annotation.
      return {
        ...reading,
        kind: declaration.kind,
        target: redactUrlCredentials(declaration.target),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
