import request from 'supertest';

type Server = Parameters<typeof request>[0];

/** GETs a route of the platform API with the Authorization header given, or with none. */
export function getRoute(
  server: Server,
  route: string,
  authorization?: string,
) {
  const get = request(server).get(`/api/platform${route}`);
  return authorization === undefined
    ? get
    : get.set('Authorization', authorization);
}
