import net from 'node:net';

/**
 * A TCP listener on 127.0.0.1 that counts the connections it gets.
 *
 * @public
 */
export interface CountingListener {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Listens on a free port of 127.0.0.1. Each connection is handed to `onConnection`; by default it
 * is accepted and never answered, like a server that hangs.
 *
 * @public
 */
export async function startCountingListener(
  onConnection: (socket: net.Socket) => void = () => undefined,
): Promise<CountingListener> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>(resolve => {
        sockets.forEach(socket => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers every HTTP request on the connection with a redirect to `location`.
 *
 * @public
 */
export function redirectTo(location: string) {
  return (socket: net.Socket) => {
    socket.once('data', () => {
      socket.end(
        `HTTP/1.1 302 Found\r\nLocation: ${location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    });
  };
}
