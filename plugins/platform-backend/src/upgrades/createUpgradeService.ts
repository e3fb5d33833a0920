import {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  GithubClients,
  hclValue,
  LoadedPlatform,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { ModuleInterfaceService } from '../interfaces/ModuleInterfaceService';
import { DatabaseUpgradeStore } from './DatabaseUpgradeStore';
import { GithubPullRequestStates } from './GithubPullRequestStates';
import { UpgradeDriftSource, UpgradeService } from './UpgradeService';

/** Who the portal's upgrade commits are by, unless `platform.upgrades.author` says otherwise. */
export const DEFAULT_UPGRADE_AUTHOR = {
  name: 'Platform Portal',
  email: 'platform-portal@users.noreply.localhost',
};

/**
 * The upgrade service with its store, from the plugin's services and the scanner's hosts,
 * extractors and platforms (so that an upgrade reads files exactly as the scan did).
 *
 * @internal
 */
export async function createUpgradeService(options: {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  report: UpgradeDriftSource;
  hosts: RepositoryHosts;
  extractors: ReferenceExtractor[];
  integrations: ScmIntegrationRegistry;
  platforms: () => Promise<LoadedPlatform[]>;
  interfaces: ModuleInterfaceService;
}): Promise<UpgradeService> {
  const author = options.config.getOptionalConfig('platform.upgrades.author');
  return new UpgradeService({
    report: options.report,
    hosts: options.hosts,
    extractors: options.extractors,
    platforms: options.platforms,
    diff: (module, from, to) => options.interfaces.getDiff(module, from, to),
    store: await DatabaseUpgradeStore.create({ database: options.database }),
    hclValue,
    author: {
      name: author?.getOptionalString('name') ?? DEFAULT_UPGRADE_AUTHOR.name,
      email: author?.getOptionalString('email') ?? DEFAULT_UPGRADE_AUTHOR.email,
    },
    integrations: options.integrations,
    // The clients the GitHub repository host reads with: one rate limit, one cache of ETags.
    pullRequests: new GithubPullRequestStates(
      GithubClients.fromConfig(options.config, { logger: options.logger }),
    ),
    logger: options.logger.child({ task: 'platform-upgrades' }),
  });
}
