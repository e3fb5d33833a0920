import http from 'node:http';
import { AddressInfo } from 'node:net';
import { LoggerService } from '@backstage/backend-plugin-api';

/** A demo server listening on 127.0.0.1. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on the loopback interface only (port 0 picks a free one). When the port is taken the
 * demo goes on without the server: the failure is logged and `undefined` returned.
 */
export async function listenOnLoopback(
  server: http.Server,
  options: { port: number; logger: LoggerService; name: string },
): Promise<LoopbackServer | undefined> {
  const listening = await new Promise<boolean>(resolve => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      options.logger.warn(
        `The ${options.name} could not listen on port ${options.port} (${
          error.code ?? error.message
        }); the demo goes on without it, and its channels read whatever answers there`,
      );
      resolve(false);
    });
    server.listen(options.port, '127.0.0.1', () => resolve(true));
  });
  if (!listening) {
    return undefined;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  options.logger.info(`Serving the ${options.name} at ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
