import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  normalizeGitRepository,
  redactLocalPaths,
  redactUrlCredentials,
} from '@platform-portal/plugin-platform-common';
import {
  CallCheck,
  DriftResult,
  ModuleReleaseInterface,
  Reference,
} from '@platform-portal/plugin-platform-common';
import {
  checkReferenceCall,
  createRepositoryHostsFromConfig,
  InterfaceReadError,
  LoadedPlatform,
  loadPlatform,
  ModuleInterfaceReader,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';

/** Whether a step's URL names a configured platform; only the configured URL is ever read. */
function sameRepository(configured: string, requested: string): boolean {
  if (configured === requested) {
    return true;
  }
  const a = normalizeGitRepository(configured);
  const b = normalizeGitRepository(requested);
  return !!a && !!b && a.host === b.host && a.repository === b.repository;
}

/** What may be shown of a failure to read a platform: no local paths, no credentials. */
function describeFailure(error: unknown): string {
  return redactLocalPaths(
    redactUrlCredentials(
      (error as Error)?.message ?? String(error ?? 'unknown error'),
    ),
  );
}

/**
 * Reads platforms the way the scanner does: through the repository hosts app-config describes.
 * A step may only name one of the platforms in `platform.platforms`; nothing else is read.
 */
export class ConfiguredPlatforms {
  private readonly hosts: RepositoryHosts;
  private readonly interfaces: ModuleInterfaceReader;
  private readonly platforms: string[];
  private readonly logger?: LoggerService;

  constructor(config: Config, logger?: LoggerService) {
    this.hosts = createRepositoryHostsFromConfig(config, { logger });
    // Read through the same hosts; a release is read once for every task that pins it.
    this.interfaces = new ModuleInterfaceReader({ hosts: this.hosts });
    this.logger = logger;
    this.platforms = (
      config.getOptionalConfigArray('platform.platforms') ?? []
    ).map(platform => platform.getString('repository'));
  }

  /**
   * The configured platform a step names (any URL of the same repository), or the first
   * configured one; never the URL as given.
   */
  repository(requested?: string): string {
    if (this.platforms.length === 0) {
      throw new InputError(
        'no platform is configured: platform.platforms lists none',
      );
    }
    if (!requested) {
      return this.platforms[0];
    }
    const configured = this.platforms.find(p => sameRepository(p, requested));
    if (!configured) {
      throw new InputError(
        `'${requested}' is not a configured platform; platform.platforms has ${this.platforms.join(
          ', ',
        )}`,
      );
    }
    return configured;
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
    try {
      const { files } = await resolved.host.readFiles(
        resolved.url,
        commit,
        wanted,
      );
      return files;
    } catch (error) {
      this.logger?.error(`Could not read ${url} at ${commit}`, error as Error);
      throw new Error(
        `Could not read the platform repository ${url} at ${commit}: ${describeFailure(
          error,
        )}`,
      );
    }
  }

  /**
   * The interface of a module at one release of a loaded platform. An interface the release
   * does not hold is bad input naming module, tag and file; a host failure is not.
   */
  async readInterface(
    platform: LoadedPlatform,
    module: string,
    version: string,
  ): Promise<ModuleReleaseInterface> {
    try {
      return await this.interfaces.read(platform, module, version);
    } catch (error) {
      if (error instanceof InterfaceReadError) {
        throw new InputError(
          `Cannot read the interface of the release to pin: ${describeFailure(
            error,
          )}`,
        );
      }
      this.logger?.error(
        `Could not read the interface of ${module} ${version} from ${platform.url}`,
        error as Error,
      );
      throw new Error(
        `Could not read the interface of ${module} ${version} from ${
          platform.url
        }: ${describeFailure(error)}`,
      );
    }
  }

  /**
   * The check of a reference's call against the interface of the release it pins, read through
   * the same cache; undefined when the reference records no call or pins no release.
   */
  async checkCall(
    platform: LoadedPlatform,
    reference: Pick<Reference, 'call'>,
    drift: Pick<DriftResult, 'module' | 'version' | 'latest'>,
  ): Promise<CallCheck | undefined> {
    try {
      return await checkReferenceCall(
        this.interfaces,
        platform,
        reference,
        drift,
      );
    } catch (error) {
      if (error instanceof InterfaceReadError) {
        throw new InputError(
          `Cannot read the interface of the release a call pins: ${describeFailure(
            error,
          )}`,
        );
      }
      throw new Error(
        `Could not read the interface of ${drift.module} ${
          drift.version
        } from ${platform.url}: ${describeFailure(error)}`,
      );
    }
  }

  async load(requested?: string): Promise<LoadedPlatform> {
    const url = this.repository(requested);
    try {
      return await loadPlatform(this.hosts, url);
    } catch (error) {
      this.logger?.error(
        `Could not read the platform repository ${url}`,
        error as Error,
      );
      throw new Error(
        `Could not read the platform repository ${url}: ${describeFailure(
          error,
        )}`,
      );
    }
  }
}
