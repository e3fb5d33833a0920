import net from 'node:net';

/** A TCP listener on 127.0.0.1 that counts the connections it receives and answers none. */
export interface CountingListener {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

export async function startCountingListener(): Promise<CountingListener> {
  let connections = 0;
  const server = net.createServer(socket => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

/**
 * The config with git allowed to reach the listener, over http, ssh and bare host:port, so that
 * only an action's own rule keeps it from being asked.
 */
export function configReaching(
  config: Record<string, any>,
  listener: CountingListener,
) {
  return {
    ...config,
    platform: {
      ...config.platform,
      git: {
        ...config.platform.git,
        allowedHosts: [
          `http://127.0.0.1:${listener.port}`,
          `127.0.0.1:${listener.port}`,
          `ssh://127.0.0.1:${listener.port}`,
        ],
      },
    },
  };
}
