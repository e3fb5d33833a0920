import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  Entity,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import { PLATFORM_ANNOTATION_MODULE } from './moduleEntityNames';
import { repositoryWebUrl } from './PlatformModuleEntityProvider';

const PROJECT_SLUG = 'github.com/project-slug';
const SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** Where the platform frontend plugin shows the files of a locally read repository. */
const SOURCE_VIEW_PATH = '/platform/source';
/**
 * The part of a web UI address after the repository: `/blob/<ref>/<file>`, `/edit/<ref>/<file>`,
 * `/tree/<ref>/<folder>` (GitHub, Gitea), the same under `/-/` (GitLab), `/src/<ref>/<path>`
 * (Bitbucket).
 */
const WEB_PATH = /\/(?:-\/)?(tree|blob|edit|src)\/[^/]+(?:\/(.*))?$/;

/** A repository, and the file in it an address names (none for the repository or a folder). */
interface RepositoryPlace {
  repository: string;
  file?: string;
}

/** The repository and file of a web UI address, as the catalog writes them for a `url:` location. */
export function repositoryPlaceOf(
  address: string,
): RepositoryPlace | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  const web = WEB_PATH.exec(url.pathname);
  const repository = repositoryWebUrl(
    `${url.protocol}//${url.host}${
      web ? url.pathname.slice(0, web.index) : url.pathname
    }`,
  );
  if (!repository) {
    return undefined;
  }
  const path = web?.[2]?.replace(/\/+$/, '');
  // `tree` and GitLab's `-/tree` name folders; a folder is shown as the repository's files.
  const file =
    web && web[1] !== 'tree' && path ? decodeURIComponent(path) : undefined;
  return { repository, ...(file ? { file } : {}) };
}

/**
 * A `to` of `platform.git.rewrites` that is a directory (`/srv/git/`, `./`, `../`) or a `file:`
 * URL: the repositories under its `from` are local bare repositories, read in place.
 */
const LOCAL_TARGET = /^(?:\.{0,2}\/|file:)/;

/**
 * The `from` prefixes of `platform.git.rewrites` that lead to local bare repositories. The
 * catalog's own URL reader for local roots and the platform backend read a repository in place
 * by these same rewrites, so a repository under one has no web UI for a link to point at.
 */
export function readLocalRepositoryPrefixes(
  config: RootConfigService,
): string[] {
  return (config.getOptionalConfigArray('platform.git.rewrites') ?? [])
    .filter(rewrite => LOCAL_TARGET.test(rewrite.getString('to')))
    .map(rewrite => rewrite.getString('from'));
}

/** Options of {@link SourceViewLocationProcessor}. */
export interface SourceViewLocationProcessorOptions {
  /** The `from` prefixes of the rewrites onto local repositories ({@link readLocalRepositoryPrefixes}). */
  localPrefixes: string[];
  /** The app's address (`app.baseUrl`), which the source view's links start with. */
  appBaseUrl: string;
}

/**
 * Points the source links of an entity whose repository the portal reads from a local root (the
 * offline demo's, a project published to the local git root) at the portal's source view: such a
 * repository has no web UI, so `https://github.com/acme/...` would answer 404. Repositories read
 * from their host keep their host's links.
 *
 * Whether a repository is local is decided from `platform.git.rewrites` alone, not by asking the
 * platform backend: the backend knows a service's repository only after its first scan, and that
 * scan reads the services from the catalog, so an answer asked for while the catalog first
 * processes an entity said "not local", and a just-started portal served the dead host link until
 * the entity was processed again minutes later.
 *
 * `backstage.io/source-location` ("View source") is rewritten only where the platform scanner
 * does not read the repository from it: entities that name it by `github.com/project-slug`, and
 * platform module entities, which are not scanned. `backstage.io/view-url` follows the same rule
 * as a link, and `backstage.io/edit-url` is dropped: nothing can be edited in the source view.
 */
export class SourceViewLocationProcessor implements CatalogProcessor {
  private readonly localPrefixes: string[];
  private readonly appBaseUrl: string;

  constructor(options: SourceViewLocationProcessorOptions) {
    this.localPrefixes = options.localPrefixes;
    this.appBaseUrl = options.appBaseUrl.replace(/\/+$/, '');
  }

  getProcessorName(): string {
    return 'SourceViewLocationProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
  ): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    const slug = annotations[PROJECT_SLUG]?.trim();
    const slugRepository =
      slug && SLUG.test(slug) && !slug.split('/').includes('..')
        ? `https://github.com/${slug}`
        : undefined;
    const sourceLocation = annotations[ANNOTATION_SOURCE_LOCATION];
    const source = sourceLocation
      ? sourceLocation.startsWith('url:') &&
        repositoryPlaceOf(sourceLocation.slice('url:'.length))
      : slugRepository && { repository: slugRepository };
    const view = annotations[ANNOTATION_VIEW_URL]
      ? repositoryPlaceOf(annotations[ANNOTATION_VIEW_URL])
      : undefined;
    const edit = annotations[ANNOTATION_EDIT_URL]
      ? repositoryPlaceOf(annotations[ANNOTATION_EDIT_URL])
      : undefined;

    const changed: Record<string, string | undefined> = {};
    const scannerReadsSource =
      !slugRepository && !annotations[PLATFORM_ANNOTATION_MODULE];
    if (source && !scannerReadsSource && this.shows(source)) {
      changed[ANNOTATION_SOURCE_LOCATION] = `url:${this.viewUrl(source)}`;
    }
    if (view && this.shows(view)) {
      changed[ANNOTATION_VIEW_URL] = this.viewUrl(view);
    }
    if (edit && this.shows(edit)) {
      changed[ANNOTATION_EDIT_URL] = undefined;
    }
    if (!Object.keys(changed).length) {
      return entity;
    }
    const rewritten = { ...annotations, ...changed };
    for (const [key, value] of Object.entries(rewritten)) {
      if (value === undefined) {
        delete rewritten[key];
      }
    }
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: rewritten as Record<string, string>,
      },
    };
  }

  private viewUrl(place: RepositoryPlace): string {
    const query = new URLSearchParams({ repository: place.repository });
    if (place.file) {
      query.set('path', place.file);
    }
    return `${this.appBaseUrl}${SOURCE_VIEW_PATH}?${query}`;
  }

  /** Whether the repository is read from a local root, and so shown by the source view. */
  private shows(place: RepositoryPlace): boolean {
    const repository = place.repository.replace(/\/+$/, '');
    return this.localPrefixes.some(prefix =>
      prefix.endsWith('/')
        ? repository.startsWith(prefix)
        : repository === prefix.replace(/\.git$/, '') ||
          repository.startsWith(`${prefix}/`),
    );
  }
}
