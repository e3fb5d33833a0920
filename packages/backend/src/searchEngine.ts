import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import {
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';

type SearchQuery = Parameters<LunrSearchEngine['query']>[0];
type SearchResultSet = Awaited<ReturnType<LunrSearchEngine['query']>>;

/**
 * Backstage's in-memory Lunr engine, except that a search of a document type whose index is not
 * built yet finds nothing instead of failing. Lunr builds a type's index only once its collator
 * has delivered documents, so right after start, and for good when no entity has documentation,
 * a search of documentation alone answered 500 (`MissingIndexError`).
 */
export class LunrSearchEngineForUnbuiltIndexes extends LunrSearchEngine {
  async query(query: SearchQuery): Promise<SearchResultSet> {
    try {
      return await super.query(query);
    } catch (error) {
      if (error instanceof MissingIndexError) {
        return { results: [], numberOfResults: 0 };
      }
      throw error;
    }
  }
}

/**
 * The search engine: PostgreSQL's full-text search where the database is PostgreSQL (as in
 * production), else {@link LunrSearchEngineForUnbuiltIndexes} in memory (the demo on SQLite).
 * It takes the place of `@backstage/plugin-search-backend-module-pg`, which on SQLite leaves the
 * search plugin to fall back to the plain Lunr engine.
 */
export const searchModulePortalEngine = createBackendModule({
  pluginId: 'search',
  moduleId: 'portal-engine',
  register(env) {
    env.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ searchEngineRegistry, database, config, logger }) {
        if (await PgSearchEngine.supported(database)) {
          searchEngineRegistry.setSearchEngine(
            await PgSearchEngine.fromConfig(config, { database, logger }),
          );
          return;
        }
        searchEngineRegistry.setSearchEngine(
          new LunrSearchEngineForUnbuiltIndexes({ logger }),
        );
      },
    });
  },
});
