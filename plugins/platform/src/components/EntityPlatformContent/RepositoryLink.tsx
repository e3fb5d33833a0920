import { ANNOTATION_SOURCE_LOCATION, Entity } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { sourceRouteRef } from '../../routes';

/**
 * The entity's "View source" as an in-app path when the catalog points it at the portal's source
 * view, which it does for a repository read from a local root (see the catalog module's
 * SourceViewLocationProcessor); undefined otherwise.
 */
export function sourceViewPathOf(
  entity: Entity,
  appBaseUrl: string,
  sourcePath: string,
): string | undefined {
  const location = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
  if (!location?.startsWith('url:')) {
    return undefined;
  }
  try {
    const url = new URL(location.slice('url:'.length));
    return url.origin === new URL(appBaseUrl).origin &&
      url.pathname === sourcePath
      ? `${url.pathname}${url.search}`
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entity's repository, linked where it can be read: in the portal's source view for a
 * repository read from a local root (its `https://github.com/...` address names no real page),
 * on its host otherwise.
 */
export function RepositoryLink(props: { url: string }) {
  const { entity } = useEntity();
  const appBaseUrl =
    useApi(configApiRef).getOptionalString('app.baseUrl') ??
    window.location.origin;
  const sourceRoute = useRouteRef(sourceRouteRef);
  const to = sourceViewPathOf(entity, appBaseUrl, sourceRoute()) ?? props.url;
  return <Link to={to}>{props.url}</Link>;
}
