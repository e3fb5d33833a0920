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

  /** Files of the platform repository at one commit, read through the same hosts. */
  async readFiles(
    url: string,
    commit: string,
    wanted: (path: string) => boolean,
  ): Promise<Array<{ path: string; content: Buffer }>> {
    const resolved = this.hosts.resolve(url);
    if (!resolved) {
      throw new Error(`No repository host may read ${url}`);
    }
    const { files } = await resolved.host.readFiles(
      resolved.url,
      commit,
      wanted,
    );
    return files;
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
