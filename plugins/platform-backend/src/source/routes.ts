import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createHash } from 'node:crypto';
import { SourceReader } from './SourceReader';
import { checkCommit, checkRepository, checkSourcePath } from './sourceRequest';

/** A file at a commit never changes, so the browser may keep it for a while without asking. */
const PINNED_MAX_AGE_S = 3600;

/** The same file at the same commit is the same bytes: the ETag needs nothing else. */
function sourceETag(commit: string, path: string): string {
  const hash = createHash('sha256').update(path, 'utf8').digest('base64url');
  return `"${commit}-${hash.slice(0, 22)}"`;
}

/** What a commit holds never changes; a branch's head moves, so without a commit the browser asks again each time. */
function cacheBy(
  res: express.Response,
  etag: string,
  requestedCommit: string | undefined,
) {
  res.set({
    ETag: etag,
    'Cache-Control': requestedCommit
      ? `private, max-age=${PINNED_MAX_AGE_S}`
      : 'private, no-cache',
  });
}

/**
 * `GET /source`: one text file of a repository the portal scans, read through a local root;
 * `GET /source/files`: the paths of its files.
 * Needs a user or service token like every route of the plugin; the router given is the one made
 * from the OpenAPI spec (taken as a plain router: its spec type is too deep to pass around).
 *
 * @internal
 */
export function addSourceRoutes(
  router: express.Router,
  options: { httpAuth: HttpAuthService; reader: SourceReader },
) {
  const { httpAuth, reader } = options;

  router.get('/source', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = req.query as Record<string, unknown>;
    const requestedCommit = checkCommit(query.commit);
    const repository = checkRepository(query.repository);
    const path = checkSourcePath(query.path);
    const target = {
      ...(await reader.locate({ repository, commit: requestedCommit })),
      path,
    };
    cacheBy(res, sourceETag(target.commit, path), requestedCommit);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.json(await reader.read(target));
  });

  router.get('/source/files', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = req.query as Record<string, unknown>;
    const requestedCommit = checkCommit(query.commit);
    const target = await reader.locate({
      repository: checkRepository(query.repository),
      commit: requestedCommit,
    });
    cacheBy(res, `"${target.commit}-files"`, requestedCommit);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.json(await reader.listFiles(target));
  });
}
