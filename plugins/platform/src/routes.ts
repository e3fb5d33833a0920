import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

// Route refs in the legacy form: `useRouteRef` from core-plugin-api resolves them in apps on
// either frontend system, and the new system's plugin converts them (see plugin.tsx).

/** The drift report. */
export const rootRouteRef = createRouteRef({ id: 'platform' });

/** One platform module: versions, support window and adoption. */
export const moduleRouteRef = createSubRouteRef({
  id: 'platform/module',
  parent: rootRouteRef,
  path: '/modules/:name',
});

/** Release channels across the organisation: the services whose channels disagree. */
export const releaseChannelsRouteRef = createSubRouteRef({
  id: 'platform/release-channels',
  parent: rootRouteRef,
  path: '/release-channels',
});

/**
 * A file of a repository read from a local root, at a commit, with a line highlighted
 * (`?repository=&commit=&path=&line=`); the backend's drift rows link here for such repositories.
 */
export const sourceRouteRef = createSubRouteRef({
  id: 'platform/source',
  parent: rootRouteRef,
  path: '/source',
});
