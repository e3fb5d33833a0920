import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ChannelSkewVerdict,
  EntityReleaseChannels,
} from '@platform-portal/plugin-platform-common';
import express from 'express';
import { validEntityRef } from '../requestValidation';
import { ReleaseChannelStore } from './ReleaseChannelStore';

function list<T extends string = string>(value: unknown): T[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const values = (Array.isArray(value) ? value : [value]).map(String);
  return values.length ? (values as T[]) : undefined;
}

/**
 * The release channel routes: the catalog-wide list of services with their skew, and one
 * entity's channels (404 for an entity that is no service the plugin knows). Both need a user or
 * service token, like every route of the plugin. The
 * router given is the one made from the OpenAPI spec, which validates the requests; it is taken
 * as a plain router because its full spec type is too deep for TypeScript to pass around.
 *
 * @internal
 */
export function addReleaseChannelRoutes(
  router: express.Router,
  options: {
    httpAuth: HttpAuthService;
    store: ReleaseChannelStore;
    /** Whether the entity is a service the plugin knows, with channels or not. */
    isService: (entityRef: string) => Promise<boolean>;
  },
) {
  const { httpAuth, store, isService } = options;

  router.get('/release-channels', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    // Untyped: the router comes as a plain express.Router (see above); the spec validated it.
    const query = req.query as Record<string, unknown>;
    res.json(
      await store.listServices({
        verdict: list<ChannelSkewVerdict>(query.verdict),
        owner: list(query.owner),
        offset: query.offset === undefined ? undefined : Number(query.offset),
        limit: query.limit === undefined ? undefined : Number(query.limit),
      }),
    );
  });

  router.get(
    '/entities/:kind/:namespace/:name/release-channels',
    async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
      const entityRef = validEntityRef(req.params);
      const found = await store.getService(entityRef);
      if (found) {
        res.json(found);
        return;
      }
      if (!(await isService(entityRef))) {
        throw new NotFoundError(`No service ${entityRef}`);
      }
      // A service without channels on record answers with none, so that a card can say what to
      // declare rather than show an error; `in-sync` is what the common types give a service
      // without channels.
      const none: EntityReleaseChannels = {
        entityRef,
        verdict: 'in-sync',
        channels: [],
        history: [],
      };
      res.json(none);
    },
  );
}
