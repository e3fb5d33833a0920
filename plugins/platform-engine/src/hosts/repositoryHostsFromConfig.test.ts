import { ConfigReader } from '@backstage/config';
import { startCountingListener } from '../testUtils';
import { createRepositoryHostsFromConfig } from './repositoryHostsFromConfig';

describe('createRepositoryHostsFromConfig', () => {
  it('reaches no host that the configuration does not name', async () => {
    const listener = await startCountingListener();
    try {
      const hosts = createRepositoryHostsFromConfig(
        new ConfigReader({ platform: {} }),
      );
      for (const url of [
        `http://127.0.0.1:${listener.port}/acme/api.git`,
        `https://127.0.0.1:${listener.port}/acme/api.git`,
        `git://127.0.0.1:${listener.port}/acme/api.git`,
        `ssh://git@127.0.0.1:${listener.port}/acme/api.git`,
        'https://git.acme.example/acme/api.git',
        'file:///etc/api.git',
      ]) {
        expect(hosts.resolve(url)).toBeUndefined();
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('reaches the hosts of integrations and of platform.git.allowedHosts', () => {
    const hosts = createRepositoryHostsFromConfig(
      new ConfigReader({
        integrations: {
          gitlab: [
            {
              host: 'gitlab.acme.example',
              apiBaseUrl: 'https://gitlab.acme.example/api/v4',
              token: 'secret',
            },
          ],
        },
        platform: { git: { allowedHosts: ['git.acme.example:8443'] } },
      }),
    );
    expect(
      hosts.resolve('https://gitlab.acme.example/acme/api.git')?.host.id,
    ).toBe('git');
    expect(
      hosts.resolve('https://git.acme.example:8443/acme/api.git')?.host.id,
    ).toBe('git');
    expect(
      hosts.resolve('https://git.acme.example/acme/api.git'),
    ).toBeUndefined();
    expect(
      hosts.resolve('ssh://git@gitlab.acme.example/acme/api.git'),
    ).toBeUndefined();
  });
});
