import {
  AuthService,
  coreServices,
  createBackendModule,
  DiscoveryService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';
/** The search plugin's task that reads the built documentation into the search index. */
export const TECHDOCS_COLLATOR_TASK = 'search_index_techdocs';
/** A build is given this long; Debian's MkDocs builds the demo's pages in about a second. */
const SYNC_TIMEOUT_MS = 5 * 60_000;

/** An entity with documentation, as the catalog lists it. */
interface DocumentedEntity {
  kind: string;
  metadata: { namespace?: string; name: string };
}

/** How one build request ended: built anew, already current, or failed with TechDocs' message. */
type SyncOutcome =
  | { kind: 'built' }
  | { kind: 'current' }
  | { kind: 'failed'; message: string };

/** The last `finish` or `error` event of a TechDocs sync event stream. */
export function syncOutcomeOf(stream: string): SyncOutcome {
  const events = [...stream.matchAll(/^event: (finish|error)\ndata: (.*)$/gm)];
  const last = events[events.length - 1];
  if (!last) {
    return {
      kind: 'failed',
      message: 'TechDocs ended the build without a result',
    };
  }
  const data = JSON.parse(last[2]);
  if (last[1] === 'error') {
    return { kind: 'failed', message: String(data) };
  }
  return data?.updated ? { kind: 'built' } : { kind: 'current' };
}

/** Options of {@link TechDocsPrebuilder}. */
export interface TechDocsPrebuilderOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  logger: LoggerService;
  scheduler: Pick<SchedulerService, 'triggerTask'>;
  fetch?: typeof fetch;
}

/**
 * Builds every entity's documentation the way opening it in TechDocs does (the TechDocs backend's
 * `sync` route), and has the search index read it as soon as there is something new. With the
 * local builder, documentation is otherwise built only when someone first opens it, and the
 * search index, read every ten minutes, finds none until then.
 */
export class TechDocsPrebuilder {
  private readonly fetch: typeof fetch;
  /** Entities whose documentation the index has been asked to read, by reference. */
  private readonly indexed = new Set<string>();
  /** The last failure told of each entity, so that a failing build is logged once, not every run. */
  private readonly failures = new Map<string, string>();
  private collationPending = false;

  constructor(private readonly options: TechDocsPrebuilderOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** One pass: build what changed, then ask the index to read it. */
  async run(): Promise<void> {
    for (const entity of await this.documentedEntities()) {
      const ref = `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
        entity.metadata.name
      }`.toLocaleLowerCase('en-US');
      const outcome = await this.sync(entity);
      if (outcome.kind === 'failed') {
        if (this.failures.get(ref) !== outcome.message) {
          this.options.logger.warn(
            `The documentation of ${ref} could not be built: ${outcome.message}`,
          );
        }
        this.failures.set(ref, outcome.message);
        continue;
      }
      this.failures.delete(ref);
      if (outcome.kind === 'built' || !this.indexed.has(ref)) {
        this.collationPending = true;
      }
      this.indexed.add(ref);
    }
    if (this.collationPending) {
      await this.collate();
    }
  }

  private async collate() {
    try {
      await this.options.scheduler.triggerTask(TECHDOCS_COLLATOR_TASK);
      this.collationPending = false;
    } catch (error) {
      // Already running (it may have read the pages before this build), or not yet scheduled
      // while the search plugin starts: asked again on the next pass.
      this.options.logger.debug(
        `The documentation index will be rebuilt on the next pass: ${error}`,
      );
    }
  }

  private async documentedEntities(): Promise<DocumentedEntity[]> {
    const query = new URLSearchParams({
      filter: `metadata.annotations.${TECHDOCS_REF}`,
      fields: 'kind,metadata.namespace,metadata.name',
    });
    const response = await this.request(
      'catalog',
      `/entities/by-query?${query}`,
    );
    if (!response.ok) {
      throw new Error(
        `The catalog answered ${response.status} when asked for entities with documentation`,
      );
    }
    const { items } = (await response.json()) as { items: DocumentedEntity[] };
    return items;
  }

  private async sync(entity: DocumentedEntity): Promise<SyncOutcome> {
    const path = [
      entity.metadata.namespace ?? 'default',
      entity.kind,
      entity.metadata.name,
    ]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
    const response = await this.request('techdocs', `/sync/${path}`);
    if (!response.ok) {
      return {
        kind: 'failed',
        message: `TechDocs answered ${response.status}`,
      };
    }
    return syncOutcomeOf(await response.text());
  }

  private async request(pluginId: string, path: string): Promise<Response> {
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: pluginId,
    });
    return this.fetch(`${await discovery.getBaseUrl(pluginId)}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(SYNC_TIMEOUT_MS),
    });
  }
}

/**
 * With TechDocs' local builder (`techdocs.builder: local`), builds the documentation shortly
 * after start and then once a minute, so that search finds it before anyone has opened it. A pass
 * where nothing changed costs a catalog query and one comparison of each source's tree. With an
 * external builder (documentation published by CI) it does nothing.
 */
export const searchModuleTechDocsPrebuild = createBackendModule({
  pluginId: 'search',
  moduleId: 'techdocs-prebuild',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ auth, config, discovery, logger, scheduler }) {
        if (config.getOptionalString('techdocs.builder') !== 'local') {
          return;
        }
        const prebuilder = new TechDocsPrebuilder({
          auth,
          discovery,
          logger,
          scheduler,
        });
        await scheduler.scheduleTask({
          id: 'techdocs_prebuild',
          // Each instance builds into its own local publisher directory.
          scope: 'local',
          frequency: { minutes: 1 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 10 },
          fn: () => prebuilder.run(),
        });
      },
    });
  },
});
