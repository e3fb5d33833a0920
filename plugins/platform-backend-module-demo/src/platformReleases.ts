import { parse as parseYaml } from 'yaml';

/** Where the files of earlier releases live in `examples/platform`; never committed. */
export const SNAPSHOT_ROOT = 'history';
const RELEASES_FILE = 'releases.yaml';
const TAG = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** A file of the examples, by its POSIX path relative to the folder it was read from. */
export interface TreeFile {
  path: string;
  content: Buffer;
  executable: boolean;
}

/** One entry of `releases.yaml`. */
export interface PlatformRelease {
  tag: string;
  date: string;
  /** The module whose files, CHANGELOG.md and VERSION the release changes. */
  module?: string;
  change: string;
  /** A folder below `history/` holding the module's files as they were at this release. */
  files?: string;
  /** The release notes: the tag is annotated with them; lightweight when absent. */
  notes?: string;
}

/** What one release commits: its module's files, when the module has a history. */
export interface ReleaseStep {
  release: PlatformRelease;
  /** Absent when the module's files stay as they are. */
  moduleFiles?: {
    /** The module's path in the repository, e.g. `modules/vpc` or `.github/workflows/ci.yml`. */
    path: string;
    /** Whether the module is one file rather than a folder. */
    single: boolean;
    /** Relative to the module's folder; for a one-file module, its one file. */
    files: TreeFile[];
  };
}

/** The platform repository's history: the first commit's files, then one step per release. */
export interface PlatformPlan {
  initial: TreeFile[];
  steps: ReleaseStep[];
}

/**
 * The tag and date of one entry of a releases file, checked: a tag git accepts, which the list
 * (`seen` so far) does not repeat, and a date. `where` names the entry in errors.
 */
export function checkTagAndDate(
  entry: { tag?: unknown; date?: unknown },
  where: string,
  seen: Set<string>,
): { tag: string; date: string } {
  const { tag, date } = entry;
  if (typeof tag !== 'string' || !TAG.test(tag) || tag.includes('..')) {
    throw new Error(`${where}: invalid tag ${JSON.stringify(tag)}`);
  }
  if (seen.has(tag)) {
    throw new Error(`${where}: tag ${tag} appears twice`);
  }
  seen.add(tag);
  if (typeof date !== 'string' || Number.isNaN(Date.parse(date))) {
    throw new Error(`${where}: invalid date ${JSON.stringify(date)}`);
  }
  return { tag, date };
}

function isValidFilesPath(value: string): boolean {
  const segments = value.split('/');
  return (
    segments.length >= 2 &&
    segments[0] === SNAPSHOT_ROOT &&
    segments.every(segment => SEGMENT.test(segment))
  );
}

/** Reads `releases.yaml`: the platform's releases, oldest first. */
export function parseReleases(text: string): PlatformRelease[] {
  const document = parseYaml(text, { maxAliasCount: 0 }) as unknown;
  const list = (document as { releases?: unknown } | null)?.releases;
  if (!Array.isArray(list)) {
    throw new Error(`${RELEASES_FILE} must have a list "releases"`);
  }
  const seen = new Set<string>();
  return list.map((entry: unknown, index: number) => {
    const fields = (entry ?? {}) as Record<string, unknown>;
    const { module, change, files, notes } = fields;
    const where = `${RELEASES_FILE} entry ${index + 1}`;
    const { tag, date } = checkTagAndDate(fields, where, seen);
    if (typeof change !== 'string' || change.trim() === '') {
      throw new Error(`${where}: change is required`);
    }
    if (module !== undefined && typeof module !== 'string') {
      throw new Error(`${where}: module must be a module name`);
    }
    if (files !== undefined) {
      if (typeof files !== 'string' || !isValidFilesPath(files)) {
        throw new Error(
          `${where}: files ${JSON.stringify(
            files,
          )} must be a folder below ${SNAPSHOT_ROOT}/, e.g. ${SNAPSHOT_ROOT}/vpc/1.0.0`,
        );
      }
      if (module === undefined) {
        throw new Error(
          `${where}: files ${files} needs the module they belong to`,
        );
      }
    }
    if (notes !== undefined && (typeof notes !== 'string' || !notes.trim())) {
      throw new Error(`${where}: notes must be text`);
    }
    return {
      tag,
      date,
      module,
      change,
      ...(files ? { files } : {}),
      ...(notes ? { notes } : {}),
    };
  });
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '');
}

function below(files: TreeFile[], folder: string): TreeFile[] {
  const prefix = `${folder}/`;
  return files
    .filter(file => file.path.startsWith(prefix))
    .map(file => ({ ...file, path: file.path.slice(prefix.length) }));
}

/**
 * Plans the platform repository from the files of `examples/platform`: the first commit holds
 * every file except `releases.yaml`, `history/` and the modules that have a history; each release
 * of such a module then commits the module as that release had it, the folder its entry names
 * under `history/`, or the module's current files when it names none. The current files are the
 * latest release's, so once a release of a module names no `files`, no later one of it may.
 */
export function planPlatform(
  files: TreeFile[],
  releases: PlatformRelease[],
  modulePaths: ReadonlyMap<string, string>,
): PlatformPlan {
  const committed = files.filter(
    file =>
      file.path !== RELEASES_FILE && !file.path.startsWith(`${SNAPSHOT_ROOT}/`),
  );
  const withHistory = new Map<string, { path: string; single: boolean }>();
  for (const release of releases) {
    if (!release.files) {
      continue;
    }
    const rawPath = modulePaths.get(release.module!);
    if (rawPath === undefined) {
      throw new Error(
        `release ${release.tag} names module ${release.module}, which platform.yaml does not list`,
      );
    }
    const path = trimSlashes(rawPath);
    const single = committed.some(file => file.path === path);
    if (!single && below(committed, path).length === 0) {
      throw new Error(
        `release ${release.tag} names files of ${release.module}, but the platform has no current files at ${path}`,
      );
    }
    withHistory.set(release.module!, { path, single });
  }

  const inModule = (file: TreeFile) =>
    [...withHistory.values()].some(
      ({ path }) => file.path === path || file.path.startsWith(`${path}/`),
    );
  const current = new Map(
    [...withHistory].map(([name, { path, single }]) => [
      name,
      single
        ? committed
            .filter(file => file.path === path)
            .map(file => ({ ...file, path: path.split('/').pop()! }))
        : below(committed, path),
    ]),
  );

  const atLatest = new Map<string, string>();
  const steps = releases.map((release): ReleaseStep => {
    const layout = release.module ? withHistory.get(release.module) : undefined;
    if (!layout) {
      return { release };
    }
    const name = release.module!;
    let moduleFiles: TreeFile[];
    if (release.files) {
      const latest = atLatest.get(name);
      if (latest) {
        throw new Error(
          `release ${release.tag} names files ${release.files}, but the earlier release ${latest} already has the current files of ${name}`,
        );
      }
      moduleFiles = below(files, release.files);
      if (moduleFiles.length === 0) {
        throw new Error(
          `release ${release.tag} names files ${release.files}, which hold no files`,
        );
      }
      if (layout.single && moduleFiles.length !== 1) {
        throw new Error(
          `release ${release.tag}: ${name} is the one file ${layout.path}, so files ${release.files} must hold exactly one file`,
        );
      }
    } else {
      atLatest.set(name, release.tag);
      moduleFiles = current.get(name)!;
    }
    return { release, moduleFiles: { ...layout, files: moduleFiles } };
  });
  for (const name of withHistory.keys()) {
    if (!atLatest.has(name)) {
      throw new Error(
        `every release of ${name} names files; its latest release must name none, as the current files are that release's`,
      );
    }
  }

  return { initial: committed.filter(file => !inModule(file)), steps };
}
