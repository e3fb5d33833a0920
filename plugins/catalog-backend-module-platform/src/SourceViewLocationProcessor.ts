import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  Entity,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
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

/** What the processor asks of the platform backend. */
export interface SourceViewOptions {
  /** Whether the portal's source view shows the repository: true when it is read from a local root. */
  showsRepository(repository: string): Promise<boolean>;
}

/** Options of {@link SourceViewLocationProcessor}. */
export interface SourceViewLocationProcessorOptions {
  sourceView: SourceViewOptions;
  /** The app's address (`app.baseUrl`), which the source view's links start with. */
  appBaseUrl: string;
  logger: LoggerService;
  /** How long one answer of the platform backend is used; a minute when absent. */
  cacheTtl?: HumanDuration;
}

/**
 * Points the source links of an entity whose repository the portal reads from a local root (the
 * offline demo's, a project published to the local git root) at the portal's source view: such a
 * repository has no web UI, so `https://github.com/acme/...` would answer 404. Repositories read
 * from their host keep their host's links.
 *
 * `backstage.io/source-location` ("View source") is rewritten only where the platform scanner
 * does not read the repository from it: entities that name it by `github.com/project-slug`, and
 * platform module entities, which are not scanned. `backstage.io/view-url` follows the same rule
 * as a link, and `backstage.io/edit-url` is dropped: nothing can be edited in the source view.
 */
export class SourceViewLocationProcessor implements CatalogProcessor {
  private readonly sourceView: SourceViewOptions;
  private readonly appBaseUrl: string;
  private readonly logger: LoggerService;
  private readonly cacheTtl: number;
  private readonly answers = new Map<
    string,
    { shows: boolean; expiresAt: number }
  >();
  private readonly asking = new Map<string, Promise<boolean | undefined>>();

  constructor(options: SourceViewLocationProcessorOptions) {
    this.sourceView = options.sourceView;
    this.appBaseUrl = options.appBaseUrl.replace(/\/+$/, '');
    this.logger = options.logger;
    this.cacheTtl = durationToMilliseconds(options.cacheTtl ?? { minutes: 1 });
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
    if (source && !scannerReadsSource && (await this.shows(source))) {
      changed[ANNOTATION_SOURCE_LOCATION] = `url:${this.viewUrl(source)}`;
    }
    if (view && (await this.shows(view))) {
      changed[ANNOTATION_VIEW_URL] = this.viewUrl(view);
    }
    if (edit && (await this.shows(edit))) {
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

  private async shows(place: RepositoryPlace): Promise<boolean> {
    const { repository } = place;
    const cached = this.answers.get(repository);
    if (cached && Date.now() < cached.expiresAt) {
      return cached.shows;
    }
    // Entities are processed many at once; those of one repository wait for the same request.
    let asked = this.asking.get(repository);
    if (!asked) {
      asked = this.ask(repository).finally(() =>
        this.asking.delete(repository),
      );
      this.asking.set(repository, asked);
    }
    // Without an answer the last one holds, so links do not flap while the backend is away.
    return (await asked) ?? cached?.shows ?? false;
  }

  private async ask(repository: string): Promise<boolean | undefined> {
    try {
      const shows = await this.sourceView.showsRepository(repository);
      this.answers.set(repository, {
        shows,
        expiresAt: Date.now() + this.cacheTtl,
      });
      return shows;
    } catch (error) {
      this.logger.warn(
        `Could not ask the platform backend whether it shows ${repository}, keeping its links as they are for now: ${error}`,
      );
      return undefined;
    }
  }
}
