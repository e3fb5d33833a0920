import { ResponseError } from '@backstage/errors';
import createClient, { Client } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';

export type {
  components as PlatformApiComponents,
  operations as PlatformApiOperations,
  paths as PlatformApiPaths,
} from './generated/openapi';

/**
 * The schemas of the platform backend's API, as its OpenAPI spec declares them.
 *
 * @public
 */
export type PlatformApiSchemas = components['schemas'];

/**
 * A client of the platform backend's API, typed by its OpenAPI spec.
 *
 * @public
 */
export type PlatformApiClient = Client<paths>;

/**
 * A client of the platform backend at `baseUrl` (what discovery gives for `platform`). An answer
 * other than 2xx rejects with a `ResponseError`, so a resolved call always has its `data`.
 *
 * @public
 */
export function createPlatformApiClient(options: {
  baseUrl: string;
  /** Defaults to the global fetch, looked up at each call. */
  fetch?: (request: Request) => Promise<Response>;
  headers?: Record<string, string>;
}): PlatformApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? (request => fetch(request)),
    headers: options.headers,
  });
  client.use({
    async onResponse({ response }) {
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      return undefined;
    },
  });
  return client;
}

/**
 * The body of a call of a {@link PlatformApiClient}; rejects when the backend answered with none.
 *
 * @public
 */
export async function platformApiData<T>(
  call: Promise<{ data?: T; response: Response }>,
): Promise<T> {
  const { data, response } = await call;
  if (data === undefined) {
    throw new Error(
      `The platform backend answered ${response.status} with no body`,
    );
  }
  return data;
}
