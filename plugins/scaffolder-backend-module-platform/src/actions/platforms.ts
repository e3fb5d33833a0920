import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  LoadedPlatform,
  RepositoryHosts,
  createRepositoryHostsFromConfig,
  loadPlatform,
} from '@internal/plugin-platform-node';

/**
 * Reads platforms the way the scanner does: through the repository hosts app-config describes.
 */
export class ConfiguredPlatforms {
  private readonly hosts: RepositoryHosts;
  private readonly platforms: string[];

  constructor(config: Config, logger?: LoggerService) {
    this.hosts = createRepositoryHostsFromConfig(config, { logger });
    this.platforms = (
      config.getOptionalConfigArray('platform.platforms') ?? []
    ).map(platform => platform.getString('repository'));
  }

  /** The platform asked for, or the first configured one. */
  repository(requested?: string): string {
    if (requested) {
      return requested;
    }
    if (this.platforms.length === 0) {
      throw new InputError(
        'No platform given and none configured in platform.platforms',
      );
    }
    return this.platforms[0];
  }

  async load(requested?: string): Promise<LoadedPlatform> {
    const url = this.repository(requested);
    try {
      return await loadPlatform(this.hosts, url);
    } catch (error) {
      throw new Error(
        `Could not read the platform repository ${url}: ${
          (error as Error).message
        }`,
      );
    }
  }
}
