import {
  CountingListener,
  startCountingListener as startListener,
} from '@platform-portal/plugin-platform-engine/testUtils';

export type { CountingListener };

/** A counting listener that closes each connection at once, so a git that reached it fails fast. */
export function startCountingListener(): Promise<CountingListener> {
  return startListener(socket => socket.destroy());
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
