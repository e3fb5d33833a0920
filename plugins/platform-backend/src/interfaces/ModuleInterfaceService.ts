import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  InterfaceDiff,
  ModuleReleaseInterface,
  PlatformModuleInfo,
  redactLocalPaths,
  redactUrlCredentials,
} from '@platform-portal/plugin-platform-common';
import {
  diffInterfaces,
  LoadedPlatform,
  ModuleInterfaceReader,
} from '@platform-portal/plugin-platform-engine';

/** Module kinds whose releases have an interface. */
const WITH_INTERFACE: ReadonlyArray<PlatformModuleInfo['kind']> = [
  'terraform-module',
  'github-workflow',
  'crossplane-composition',
  'helm-chart',
];

/**
 * The interface of a module's release and the diff of two releases, as the API answers them:
 * the module and release looked up in the platforms, then read through the reader the scans
 * use, so that a release read for a scan is not read again for the API, nor the other way round.
 *
 * @internal
 */
export class ModuleInterfaceService {
  constructor(
    private readonly options: {
      reader: ModuleInterfaceReader;
      /** The platforms, recent enough to know a release tagged a minute ago. */
      platforms: () => Promise<LoadedPlatform[]>;
    },
  ) {}

  /**
   * The interface of `version` (already checked to be a version) of a module; a NotFoundError
   * naming the module, platform or version that is unknown.
   */
  async getInterface(
    name: string,
    version: string,
    platformName?: string,
  ): Promise<ModuleReleaseInterface> {
    const { platform, module } = await this.find(name, platformName);
    return this.read(platform, module, version);
  }

  /** What changed from one release of a module to another, each change marked breaking or not. */
  async getDiff(
    name: string,
    from: string,
    to: string,
    platformName?: string,
  ): Promise<InterfaceDiff> {
    const { platform, module } = await this.find(name, platformName);
    const [before, after] = await Promise.all([
      this.read(platform, module, from),
      this.read(platform, module, to),
    ]);
    return diffInterfaces(before, after);
  }

  /** The module in the named platform, else in the first platform by name that has it. */
  private async find(name: string, platformName?: string) {
    const loaded = await readPlatforms(this.options.platforms);
    const platforms = [...loaded].sort((a, b) =>
      compare(a.snapshot.manifest.name, b.snapshot.manifest.name),
    );
    const candidates =
      platformName === undefined
        ? platforms
        : platforms.filter(p => p.snapshot.manifest.name === platformName);
    if (candidates.length === 0) {
      throw new NotFoundError(`No platform ${JSON.stringify(platformName)}`);
    }
    for (const platform of candidates) {
      const module = platform.modules.find(m => m.name === name);
      if (module) {
        if (!WITH_INTERFACE.includes(module.kind)) {
          throw new NotFoundError(
            `Platform module ${JSON.stringify(name)} is a ${
              module.kind
            } module, which has no interface`,
          );
        }
        return { platform, module };
      }
    }
    throw noSuchModule(name, platformName);
  }

  private async read(
    platform: LoadedPlatform,
    module: PlatformModuleInfo,
    version: string,
  ): Promise<ModuleReleaseInterface> {
    if (!module.versions.includes(version)) {
      throw new NotFoundError(
        `No release ${JSON.stringify(
          version,
        )} of platform module ${JSON.stringify(module.name)}`,
      );
    }
    try {
      return await this.options.reader.read(platform, module.name, version);
    } catch (error) {
      // What the release holds could not be read (a file that does not parse, a host that
      // did not answer): said with module, tag and file, without the server's paths.
      throw new Error(redacted(error));
    }
  }
}

/**
 * The platforms, or a ServiceUnavailableError saying why they cannot be read now, without
 * credentials or the server's paths.
 */
/** The 404 for a module no platform (or not the named one) holds, naming both. */
export function noSuchModule(name: string, platformName?: string) {
  return new NotFoundError(
    `No platform module ${JSON.stringify(name)}${
      platformName === undefined
        ? ''
        : ` in platform ${JSON.stringify(platformName)}`
    }`,
  );
}

export async function readPlatforms(
  platforms: () => Promise<LoadedPlatform[]>,
): Promise<LoadedPlatform[]> {
  try {
    return await platforms();
  } catch (error) {
    throw new ServiceUnavailableError(
      `The platforms cannot be read now: ${redacted(error)}`,
    );
  }
}

/** An error's message without credentials in URLs or the server's paths. */
function redacted(error: unknown): string {
  return redactLocalPaths(
    redactUrlCredentials(
      error instanceof Error ? error.message : String(error),
    ),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : Number(a > b);
}
