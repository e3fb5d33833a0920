import { Entity } from '@backstage/catalog-model';

const SOURCE_LOCATION = 'backstage.io/source-location';
const PROJECT_SLUG = 'github.com/project-slug';
const SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
// Web UI paths that follow the repository in a source location: GitHub and Gitea `/tree/…`,
// `/blob/…`, GitLab `/-/tree/…`, Bitbucket `/src/…`.
const WEB_SUFFIX = /\/(?:-\/)?(?:tree|blob|src)\/.*$/;

/**
 * Where an entity's repository lives, as a URL its repository host understands:
 * `github.com/project-slug` first, then `backstage.io/source-location` (`url:` locations only).
 * Undefined when the entity names neither, or names them in a form that is no repository.
 */
export function repositoryUrlOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations[PROJECT_SLUG]?.trim();
  if (slug && SLUG.test(slug) && !slug.split('/').includes('..')) {
    return `https://github.com/${slug}`;
  }
  const location = annotations[SOURCE_LOCATION]?.trim();
  if (!location?.startsWith('url:')) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(location.slice('url:'.length));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return undefined;
  }
  const repositoryPath = url.pathname
    .replace(WEB_SUFFIX, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  if (!repositoryPath || repositoryPath.split('/').includes('..')) {
    return undefined;
  }
  return `${url.protocol}//${url.host}${repositoryPath}`;
}
