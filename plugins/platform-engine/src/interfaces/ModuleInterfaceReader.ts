import {
  ModuleInterface,
  ModuleRelease,
  ModuleReleaseInterface,
  PlatformModule,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import {
  PlatformSnapshot,
  PlatformTag,
} from '@platform-portal/plugin-platform-node';
import { LRUCache } from 'lru-cache';
import { loadHclParser } from '../extractors/hcl/hclParser';
import { RepositoryHosts } from '../hosts/RepositoryHosts';
import { extractHelmInterface } from './helmInterface';
import { InterfaceReadError, ModuleFile } from './interfaceError';
import { extractTerraformInterface } from './terraformInterface';
import { extractWorkflowInterface } from './workflowInterface';
import { extractXrdInterface } from './xrdInterface';

const DEFAULT_MAX_ENTRIES = 2000;
const TERRAFORM_FILE = /\.(?:tf|tofu)$/;
const YAML_FILE = /\.ya?ml$/;
const XRD_KIND = /^kind:\s*CompositeResourceDefinition\s*$/m;

/**
 * The platform a module belongs to, as {@link loadPlatform} read it.
 *
 * @public
 */
export interface InterfacePlatform {
  /** The platform repository's URL, as configured. */
  url: string;
  snapshot: PlatformSnapshot;
}

/**
 * Options of {@link ModuleInterfaceReader}.
 *
 * @public
 */
export interface ModuleInterfaceReaderOptions {
  hosts: RepositoryHosts;
  /** Releases kept in memory; a release is immutable, so only memory bounds the cache. */
  maxEntries?: number;
}

/**
 * Reads the interface of a platform module at one release, through the repository host, once
 * per module and tag: a tag is immutable, so the answer is kept (the key includes the commit the
 * tag points at, so a tag moved by force is read again). Reads of the same release at the same
 * time share one read.
 *
 * @public
 */
export class ModuleInterfaceReader {
  private readonly hosts: RepositoryHosts;
  private readonly cache: LRUCache<string, Promise<ModuleReleaseInterface>>;
  private readCount = 0;

  constructor(options: ModuleInterfaceReaderOptions) {
    this.hosts = options.hosts;
    this.cache = new LRUCache({
      max: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    });
  }

  /** How many releases were read from their repository host since this reader was made. */
  get reads(): number {
    return this.readCount;
  }

  /**
   * The interface of `moduleName` at `version` of the platform. Throws an
   * {@link InterfaceReadError} naming module, tag and file when the release or its files
   * cannot be read; a policy module has no interface and is refused the same way.
   */
  async read(
    platform: InterfacePlatform,
    moduleName: string,
    version: string,
  ): Promise<ModuleReleaseInterface> {
    const module = platform.snapshot.manifest.modules.find(
      candidate => candidate.name === moduleName,
    );
    if (!module) {
      throw new InterfaceReadError(
        { module: moduleName, tag: version },
        'platform.yaml',
        `no module of that name in ${platform.snapshot.manifest.name}`,
      );
    }
    const tag = findTag(platform.snapshot.tags, module, version);
    const release = { module: module.name, tag: tag?.name ?? version };
    if (!tag) {
      throw new InterfaceReadError(
        release,
        module.path,
        `no tag of version ${version} (tag pattern ${module.tagPattern})`,
      );
    }
    const key = [platform.url, module.name, tag.name, tag.commit].join('\0');
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.readRelease(platform.url, module, tag, version);
      this.cache.set(key, cached);
      // Only what the release holds is kept; a host that failed may answer next time.
      cached.catch(error => {
        if (!(error instanceof InterfaceReadError)) {
          this.cache.delete(key);
        }
      });
    }
    return cached;
  }

  private async readRelease(
    platformUrl: string,
    module: PlatformModule,
    tag: PlatformTag,
    version: string,
  ): Promise<ModuleReleaseInterface> {
    const release = { module: module.name, tag: tag.name };
    const resolved = this.hosts.resolve(platformUrl);
    if (!resolved) {
      throw new Error(
        `no repository host may read the platform repository ${platformUrl}`,
      );
    }
    const wanted = wantedFiles(module);
    if (!wanted) {
      throw new InterfaceReadError(
        release,
        module.path,
        `a ${module.kind} module has no interface`,
      );
    }
    this.readCount += 1;
    const read = await resolved.host.readFiles(
      resolved.url,
      tag.commit,
      wanted,
    );
    const files: ModuleFile[] = read.files.map(file => ({
      path: file.path,
      content: file.content.toString('utf8'),
    }));
    return {
      release,
      version,
      interface: await extractInterface(module, files, release),
    };
  }
}

/** By the snapshot's tags and a tag pattern: the first tag of each version. */
const tagIndexes = new WeakMap<
  PlatformTag[],
  Map<string, Map<string, PlatformTag>>
>();

/**
 * The first tag of `version` under the module's tag pattern. A scan checks thousands of calls
 * against a few dozen tags: each pattern reads the tags once, not once per call.
 */
function findTag(
  tags: PlatformTag[],
  module: PlatformModule,
  version: string,
): PlatformTag | undefined {
  let byPattern = tagIndexes.get(tags);
  if (!byPattern) {
    byPattern = new Map();
    tagIndexes.set(tags, byPattern);
  }
  let byVersion = byPattern.get(module.tagPattern);
  if (!byVersion) {
    byVersion = new Map();
    for (const tag of tags) {
      const tagged = parseTagVersion(tag.name, module.tagPattern);
      if (tagged !== null && !byVersion.has(tagged)) {
        byVersion.set(tagged, tag);
      }
    }
    byPattern.set(module.tagPattern, byVersion);
  }
  return byVersion.get(version);
}

/** The files of the module's release that its interface is read from. */
function wantedFiles(
  module: PlatformModule,
): ((path: string) => boolean) | undefined {
  const directory = `${module.path.replace(/\/+$/, '')}/`;
  const inDirectory = (path: string) =>
    path.startsWith(directory) && !path.slice(directory.length).includes('/');
  switch (module.kind) {
    case 'terraform-module':
      // Terraform reads only the files of the module's own directory.
      return path => inDirectory(path) && TERRAFORM_FILE.test(path);
    case 'github-workflow':
      return path => path === module.path;
    case 'crossplane-composition':
      return path => inDirectory(path) && YAML_FILE.test(path);
    case 'helm-chart':
      return path => path === `${directory}values.schema.json`;
    default:
      return undefined;
  }
}

async function extractInterface(
  module: PlatformModule,
  files: ModuleFile[],
  release: ModuleRelease,
): Promise<ModuleInterface> {
  switch (module.kind) {
    case 'terraform-module':
      if (files.length === 0) {
        throw new InterfaceReadError(
          release,
          module.path,
          'no .tf or .tofu files at this tag',
        );
      }
      return extractTerraformInterface(await loadHclParser(), files, release);
    case 'github-workflow':
      return extractWorkflowInterface(files, module.path, release);
    case 'crossplane-composition': {
      const definition = files.find(file => XRD_KIND.test(file.content));
      if (!definition) {
        throw new InterfaceReadError(
          release,
          module.path,
          'no CompositeResourceDefinition at this tag',
        );
      }
      return extractXrdInterface(files, definition.path, release);
    }
    default:
      return extractHelmInterface(files, release);
  }
}
