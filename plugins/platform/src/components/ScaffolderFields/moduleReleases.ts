import {
  ModuleReleaseInterface,
  PlatformModuleInfo,
  PlatformModuleKind,
} from '@platform-portal/plugin-platform-common';
import { PlatformApi } from '../../api';
import { ModuleRelease, moduleKindLabel } from './moduleForm';

/** What the form fields read from the platform backend. */
export type ModuleSource = Pick<
  PlatformApi,
  'listModules' | 'getModuleInterface'
>;

/**
 * The modules of one kind that can be chosen, each name once (the first platform listing it),
 * in the order the platform lists them.
 */
export function modulesOfKind(
  modules: PlatformModuleInfo[],
  kind: PlatformModuleKind,
): PlatformModuleInfo[] {
  const seen = new Set<string>();
  return modules.filter(module => {
    if (module.kind !== kind || seen.has(module.name)) return false;
    seen.add(module.name);
    return true;
  });
}

// A release's interface never changes (its tag is immutable), so the form and its validation
// read it once per page; a failed read is forgotten so that it can be tried again.
const interfaceCache = new WeakMap<
  ModuleSource,
  Map<string, Promise<ModuleReleaseInterface>>
>();

function readInterface(
  api: ModuleSource,
  module: PlatformModuleInfo,
  version: string,
): Promise<ModuleReleaseInterface> {
  let cache = interfaceCache.get(api);
  if (!cache) {
    cache = new Map();
    interfaceCache.set(api, cache);
  }
  const key = `${module.platform}\u0000${module.name}\u0000${version}`;
  let read = cache.get(key);
  if (!read) {
    read = api.getModuleInterface({
      module: module.name,
      version,
      platform: module.platform,
    });
    cache.set(key, read);
    read.catch(() => cache?.delete(key));
  }
  return read;
}

/** The chosen modules at their releases, and what keeps some from being used. */
export interface LoadedReleases {
  releases: ModuleRelease[];
  problems: string[];
}

/**
 * Reads the chosen modules of one kind with their interfaces: at the version given for each
 * (what the form showed), else at the latest release.
 */
export async function loadModuleReleases(
  api: ModuleSource,
  options: {
    names: string[];
    kind: PlatformModuleKind;
    versions?: Record<string, string | undefined>;
  },
): Promise<LoadedReleases> {
  const offered = modulesOfKind(await api.listModules(), options.kind);
  const problems: string[] = [];
  const wanted: Array<{ info: PlatformModuleInfo; version: string }> = [];
  for (const name of options.names) {
    const info = offered.find(m => m.name === name);
    const version = options.versions?.[name] || info?.latest;
    if (!info) {
      problems.push(
        `${name} is not a ${moduleKindLabel(options.kind)} of the platform`,
      );
    } else if (!version) {
      problems.push(`${name} has no release yet`);
    } else if (!info.versions.includes(version)) {
      problems.push(`${name} has no release ${version}`);
    } else {
      wanted.push({ info, version });
    }
  }
  const releases = await Promise.all(
    wanted.map(async ({ info, version }) => ({
      info,
      version,
      moduleInterface: (await readInterface(api, info, version)).interface,
    })),
  );
  return { releases, problems };
}
