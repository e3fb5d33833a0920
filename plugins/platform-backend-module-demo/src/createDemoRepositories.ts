import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  listLocalTags,
  parsePlatformManifest,
  runGit,
} from '@platform-portal/plugin-platform-engine';
import { parse as parseYaml } from 'yaml';
import {
  PlatformRelease,
  ReleaseStep,
  TreeFile,
  checkTagAndDate,
  parseReleases,
  planPlatform,
} from './platformReleases';

/** The organisation directory every demo repository is created in. */
const ORGANISATION = 'acme';
const PLATFORM_REPOSITORY = 'platform';
/** Bumped whenever the way repositories are built changes, so that they are rebuilt. */
const BUILD_VERSION = '2';
/** Stored inside each bare repository: the hash of the content it was built from. */
const MARKER_FILE = 'platform-demo-source';
const SERVICE_RELEASES_FILE = 'service-releases.yaml';
const TEMP_PREFIX = '.demo-tmp-';
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SHA_PLACEHOLDER = /\{\{sha:([^{}\s]+)\}\}/g;
const DEMO_IDENTITY = {
  name: 'Acme Platform Team',
  email: 'platform-team@acme.example',
};
const SERVICE_COMMIT_DATE = '2026-04-01T09:00:00Z';

/**
 * Options of {@link createDemoRepositories}.
 *
 * @public
 */
export interface CreateDemoRepositoriesOptions {
  /** The `examples/` directory: `platform/` and `services/<name>/`. */
  examplesDir: string;
  /** Where the bare repositories go: `<targetDir>/acme/<name>.git`. */
  targetDir: string;
  logger?: LoggerService;
}

/**
 * One demo repository made (or found up to date) by {@link createDemoRepositories}.
 *
 * @public
 */
export interface DemoRepository {
  /** `acme/platform`, `acme/payments-api`, … */
  name: string;
  /** Absolute path of the bare repository. */
  path: string;
  /** Whether this run (re)built it; false when it was already up to date. */
  built: boolean;
}

/**
 * What {@link createDemoRepositories} made.
 *
 * @public
 */
export interface DemoRepositories {
  platform: DemoRepository;
  services: DemoRepository[];
}

// Demo repositories must come out the same on every machine, whatever the user's git config.
async function git(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string> {
  return runGit(
    [
      '-c',
      'init.defaultBranch=main',
      '-c',
      'commit.gpgSign=false',
      '-c',
      'tag.gpgSign=false',
      '-c',
      'core.autocrlf=false',
      '-c',
      'core.hooksPath=/dev/null',
      ...args,
    ],
    {
      cwd: options.cwd,
      env: {
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        ...options.env,
      },
    },
  );
}

function assertName(name: string, what: string) {
  if (!NAME.test(name)) {
    throw new Error(
      `invalid ${what} name "${name}": use lower-case letters, digits and single dashes`,
    );
  }
}

/** Every regular file below dir, sorted by path; symlinks and special files are refused. */
async function readTree(dir: string): Promise<TreeFile[]> {
  const files: TreeFile[] = [];
  async function walk(relative: string) {
    const entries = await fs.readdir(path.join(dir, relative), {
      withFileTypes: true,
    });
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(child);
      } else if (entry.isFile()) {
        const content = await fs.readFile(path.join(dir, child));
        files.push({
          path: child,
          content,
          // Scripts are executable whatever the checkout of examples/ says, so SHAs do not
          // depend on core.fileMode.
          executable: child.endsWith('.sh'),
        });
      } else {
        throw new Error(`${path.join(dir, child)} is not a regular file`);
      }
    }
  }
  await walk('');
  return files.sort((a, b) => (a.path < b.path ? -1 : Number(a.path > b.path)));
}

function hashTree(files: TreeFile[], extra: string): string {
  const hash = createHash('sha256');
  hash.update(`${BUILD_VERSION}\0${extra}\0`);
  for (const file of files) {
    hash.update(`${file.path}\0${file.executable ? 'x' : '-'}\0`);
    hash.update(`${file.content.length}\0`);
    hash.update(file.content);
  }
  return hash.digest('hex');
}

async function writeTree(dir: string, files: TreeFile[]) {
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content, {
      mode: file.executable ? 0o755 : 0o644,
    });
    // writeFile honours the umask; the mode is what git records.
    await fs.chmod(target, file.executable ? 0o755 : 0o644);
  }
}

async function readMarker(repository: string): Promise<string | undefined> {
  return fs
    .readFile(path.join(repository, MARKER_FILE), 'utf8')
    .then(text => text.trim())
    .catch(() => undefined);
}

function commitEnv(date: string): NodeJS.ProcessEnv {
  return {
    GIT_AUTHOR_NAME: DEMO_IDENTITY.name,
    GIT_AUTHOR_EMAIL: DEMO_IDENTITY.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: DEMO_IDENTITY.name,
    GIT_COMMITTER_EMAIL: DEMO_IDENTITY.email,
    GIT_COMMITTER_DATE: date,
  };
}

/**
 * Builds one bare repository at `destination` unless its marker says it is up to date. `build`
 * gets a bare repository and an empty work tree to commit from; both live in a temporary
 * directory next to the destination that is renamed into place only when complete.
 */
async function ensureRepository(
  destination: string,
  sourceHash: string,
  build: (gitDir: string, workTree: string) => Promise<void>,
): Promise<boolean> {
  if ((await readMarker(destination)) === sourceHash) {
    return false;
  }
  const parent = path.dirname(destination);
  const temp = path.join(
    parent,
    `${TEMP_PREFIX}${path.basename(destination)}-${randomBytes(4).toString(
      'hex',
    )}`,
  );
  const gitDir = path.join(temp, 'repository.git');
  const workTree = path.join(temp, 'work');
  try {
    await fs.mkdir(workTree, { recursive: true });
    await git(['init', '--quiet', '--bare', '--template=', gitDir]);
    await build(gitDir, workTree);
    await fs.writeFile(path.join(gitDir, MARKER_FILE), `${sourceHash}\n`);
    const old = `${temp}-old`;
    const hadOld = await fs.rename(destination, old).then(
      () => true,
      error => {
        if (error.code === 'ENOENT') {
          return false;
        }
        throw error;
      },
    );
    await fs.rename(gitDir, destination);
    if (hadOld) {
      await fs.rm(old, { recursive: true, force: true });
    }
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
  return true;
}

async function commitAll(
  gitDir: string,
  workTree: string,
  message: string,
  date: string,
) {
  const options = { env: commitEnv(date) };
  await git(
    ['--git-dir', gitDir, '--work-tree', workTree, 'add', '--all', '.'],
    { ...options, cwd: workTree },
  );
  await git(
    [
      '--git-dir',
      gitDir,
      '--work-tree',
      workTree,
      'commit',
      '--quiet',
      '--allow-empty',
      '--no-verify',
      '-m',
      message,
    ],
    { ...options, cwd: workTree },
  );
}

interface ServiceRelease {
  tag: string;
  date: string;
}

/**
 * `service-releases.yaml`: the release tags of the demo services' own repositories, which their
 * git-tags release channel reads. Optional; a service it does not name gets no tags.
 */
async function readServiceReleases(
  examplesDir: string,
): Promise<Map<string, ServiceRelease[]>> {
  const file = path.join(examplesDir, SERVICE_RELEASES_FILE);
  const text = await fs.readFile(file, 'utf8').catch(error => {
    if (error.code === 'ENOENT') {
      return undefined;
    }
    throw error;
  });
  const result = new Map<string, ServiceRelease[]>();
  if (text === undefined) {
    return result;
  }
  const document = parseYaml(text, { maxAliasCount: 0 }) as unknown;
  const services = (document as { services?: unknown } | null)?.services;
  if (!services || typeof services !== 'object' || Array.isArray(services)) {
    throw new Error(`${file} must have a map "services"`);
  }
  for (const [name, list] of Object.entries(services)) {
    assertName(name, 'service');
    if (!Array.isArray(list)) {
      throw new Error(`${file}: ${name} must list its releases`);
    }
    const seen = new Set<string>();
    result.set(
      name,
      list.map((entry: unknown, index: number) => {
        return checkTagAndDate(
          (entry ?? {}) as Record<string, unknown>,
          `${file}: ${name} release ${index + 1}`,
          seen,
        );
      }),
    );
  }
  return result;
}

/** One empty commit and one annotated tag per release, dated as the release. */
async function tagServiceReleases(
  gitDir: string,
  workTree: string,
  releases: ServiceRelease[],
) {
  for (const release of releases) {
    await commitAll(gitDir, workTree, `Release ${release.tag}`, release.date);
    await git(
      [
        '--git-dir',
        gitDir,
        'tag',
        '--annotate',
        '--message',
        `Release ${release.tag}`,
        '--',
        release.tag,
        'HEAD',
      ],
      { env: commitEnv(release.date) },
    );
  }
}

/**
 * Puts a release's module files into the work tree in place of the module's previous files, and
 * answers the folder its CHANGELOG.md and VERSION go in.
 */
async function writeModuleFiles(
  workTree: string,
  moduleFiles: NonNullable<ReleaseStep['moduleFiles']>,
): Promise<string> {
  const target = path.join(workTree, ...moduleFiles.path.split('/'));
  if (moduleFiles.single) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await writeTree(path.dirname(target), [
      { ...moduleFiles.files[0], path: path.basename(target) },
    ]);
    return workTree;
  }
  // The changelog tells every release of the module, whichever files each release had.
  const changelog = await fs
    .readFile(path.join(target, 'CHANGELOG.md'))
    .catch(() => undefined);
  await fs.rm(target, { recursive: true, force: true });
  await writeTree(target, moduleFiles.files);
  if (changelog) {
    await fs.writeFile(path.join(target, 'CHANGELOG.md'), changelog);
  }
  return target;
}

async function buildPlatform(
  gitDir: string,
  workTree: string,
  files: TreeFile[],
  releases: PlatformRelease[],
  modulePaths: Map<string, string>,
) {
  const plan = planPlatform(files, releases, modulePaths);
  const first = releases[0]?.date ?? SERVICE_COMMIT_DATE;
  await writeTree(workTree, plan.initial);
  await commitAll(gitDir, workTree, 'Initial platform layout', first);
  for (const { release, moduleFiles } of plan.steps) {
    // A release changes its module's CHANGELOG.md and VERSION, and its files when the module has
    // a history; a module that is a single file (a workflow) or no module at all changes the
    // repository's own CHANGELOG.md and VERSION.
    const modulePath = release.module
      ? modulePaths.get(release.module)
      : undefined;
    if (release.module && modulePath === undefined) {
      throw new Error(
        `release ${release.tag} names module ${release.module}, which platform.yaml does not list`,
      );
    }
    let directory = workTree;
    if (moduleFiles) {
      directory = await writeModuleFiles(workTree, moduleFiles);
    } else if (modulePath !== undefined) {
      const candidate = path.join(workTree, ...modulePath.split('/'));
      const isDirectory = await fs
        .stat(candidate)
        .then(s => s.isDirectory())
        .catch(() => false);
      directory = isDirectory ? candidate : workTree;
    }
    const inDirectory = directory !== workTree;
    const changelog = path.join(directory, 'CHANGELOG.md');
    const previous = await fs.readFile(changelog, 'utf8').catch(() => '');
    const heading = previous ? previous.replace(/^# .*\n\n/, '') : '';
    const title = inDirectory ? `# ${release.module}` : '# acme platform';
    await fs.writeFile(
      changelog,
      `${title}\n\n## ${release.tag} (${release.date.slice(0, 10)})\n\n- ${
        release.change
      }\n\n${heading}`.replace(/\n+$/, '\n'),
    );
    await fs.writeFile(path.join(directory, 'VERSION'), `${release.tag}\n`);
    await commitAll(
      gitDir,
      workTree,
      `Release ${release.tag}\n\n${release.change}`,
      release.date,
    );
    // A release with notes gets an annotated tag, dated as the release, which the module page
    // shows as its notes; the others stay lightweight, as many real platforms tag.
    await git(
      [
        '--git-dir',
        gitDir,
        'tag',
        ...(release.notes ? ['--annotate', '--message', release.notes] : []),
        '--',
        release.tag,
        'HEAD',
      ],
      { env: commitEnv(release.date) },
    );
  }
}

/** Replaces `{{sha:<tag>}}` in every file with the commit of that platform tag. */
function substitutePlaceholders(
  service: string,
  files: TreeFile[],
  tags: Map<string, string>,
): TreeFile[] {
  return files.map(file => {
    const text = file.content.toString('utf8');
    if (!text.includes('{{sha:')) {
      return file;
    }
    const replaced = text.replace(SHA_PLACEHOLDER, (_match, tag: string) => {
      const commit = tags.get(tag);
      if (!commit) {
        throw new Error(
          `${service}/${file.path}: {{sha:${tag}}} names no tag of the platform repository`,
        );
      }
      return commit;
    });
    return { ...file, content: Buffer.from(replaced, 'utf8') };
  });
}

async function removeStaleTemporaries(dir: string) {
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (entry.startsWith(TEMP_PREFIX)) {
      await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Makes the local bare git repositories of the offline demo from `examples/`: `acme/platform.git`,
 * built release by release from `examples/platform/releases.yaml` with one tag per release (each
 * with its module's files as that release had them, from `examples/platform/history/`), and one
 * `acme/<service>.git` per directory of `examples/services`, whose `{{sha:<tag>}}` placeholders are
 * replaced with the commit of that platform tag, tagged with its releases from
 * `examples/service-releases.yaml`.
 *
 * @remarks
 * Commits have a fixed author and the release dates, so their SHAs are the same on every machine.
 * A repository whose examples have not changed since it was built is left alone; a changed one is
 * rebuilt in a temporary directory and renamed into place, so a crash never leaves a half-made
 * repository.
 *
 * @public
 */
export async function createDemoRepositories(
  options: CreateDemoRepositoriesOptions,
): Promise<DemoRepositories> {
  const { examplesDir, targetDir, logger } = options;
  const root = path.join(path.resolve(targetDir), ORGANISATION);
  await fs.mkdir(root, { recursive: true });
  await removeStaleTemporaries(root);

  // The platform
  const platformDir = path.join(examplesDir, PLATFORM_REPOSITORY);
  const platformFiles = await readTree(platformDir);
  const manifestFile = platformFiles.find(f => f.path === 'platform.yaml');
  const releasesFile = platformFiles.find(f => f.path === 'releases.yaml');
  if (!manifestFile || !releasesFile) {
    throw new Error(
      `${platformDir} must contain platform.yaml and releases.yaml`,
    );
  }
  const { manifest, problems } = parsePlatformManifest(
    manifestFile.content.toString('utf8'),
    'platform.yaml',
  );
  if (!manifest || problems.length > 0) {
    throw new Error(
      `${platformDir}/platform.yaml is invalid: ${problems
        .map(p => `${p.line}: ${p.message}`)
        .join('; ')}`,
    );
  }
  const releases = parseReleases(releasesFile.content.toString('utf8'));
  const modulePaths = new Map(manifest.modules.map(m => [m.name, m.path]));
  const platformPath = path.join(root, `${PLATFORM_REPOSITORY}.git`);
  const platformBuilt = await ensureRepository(
    platformPath,
    hashTree(platformFiles, 'platform'),
    (gitDir, workTree) =>
      buildPlatform(gitDir, workTree, platformFiles, releases, modulePaths),
  );
  if (platformBuilt) {
    logger?.info(
      `Built the demo platform repository ${platformPath} with ${releases.length} releases`,
    );
  }
  const tags = new Map(
    (await listLocalTags(platformPath)).map(tag => [tag.name, tag.commit]),
  );

  // The services
  const servicesDir = path.join(examplesDir, 'services');
  const names = (await fs.readdir(servicesDir, { withFileTypes: true }))
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort();
  const serviceReleases = await readServiceReleases(examplesDir);
  for (const name of serviceReleases.keys()) {
    if (!names.includes(name)) {
      throw new Error(
        `${SERVICE_RELEASES_FILE} names ${name}, which is no service in ${servicesDir}`,
      );
    }
  }
  const services: DemoRepository[] = [];
  for (const name of names) {
    assertName(name, 'service');
    if (name === PLATFORM_REPOSITORY) {
      throw new Error(`a demo service cannot be named ${PLATFORM_REPOSITORY}`);
    }
    const files = substitutePlaceholders(
      name,
      await readTree(path.join(servicesDir, name)),
      tags,
    );
    const servicePath = path.join(root, `${name}.git`);
    const tagged = serviceReleases.get(name) ?? [];
    const built = await ensureRepository(
      servicePath,
      // Services without releases keep the hash (and so the repository) they had before tags.
      hashTree(
        files,
        tagged.length
          ? `service ${name}\0${JSON.stringify(tagged)}`
          : `service ${name}`,
      ),
      async (gitDir, workTree) => {
        await writeTree(workTree, files);
        await commitAll(
          gitDir,
          workTree,
          `Create ${name} from the federated-project template`,
          SERVICE_COMMIT_DATE,
        );
        await tagServiceReleases(gitDir, workTree, tagged);
      },
    );
    if (built) {
      logger?.info(`Built the demo repository ${servicePath}`);
    }
    services.push({
      name: `${ORGANISATION}/${name}`,
      path: servicePath,
      built,
    });
  }

  return {
    platform: {
      name: `${ORGANISATION}/${PLATFORM_REPOSITORY}`,
      path: platformPath,
      built: platformBuilt,
    },
    services,
  };
}
