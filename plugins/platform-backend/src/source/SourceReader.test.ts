import { ConfigReader } from '@backstage/config';
import { createRepositoryHostsFromConfig } from '@platform-portal/plugin-platform-engine';
import { SourceReader } from './SourceReader';

const hosts = createRepositoryHostsFromConfig(
  new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }),
);

describe('SourceReader', () => {
  it('sends a scanned repository read from its host to that host, naming it', async () => {
    const reader = new SourceReader({
      hosts,
      repositories: async () => [
        {
          url: 'https://github.com/globex/api',
          entityRef: 'component:default/api',
        },
      ],
      platforms: [],
    });
    await expect(
      reader.locate({ repository: 'https://github.com/globex/api' }),
    ).rejects.toThrow(
      'The portal shows no files of "https://github.com/globex/api": it is not read from a local repository; open it on its host',
    );
  });

  it('finds a repository scanned a moment ago, and reads the list at most once a second otherwise', async () => {
    const known = [
      {
        url: 'https://github.com/globex/api',
        entityRef: 'component:default/api',
      },
    ];
    const repositories = jest.fn(async () => known);
    let now = 0;
    const reader = new SourceReader({
      hosts,
      repositories,
      platforms: [],
      now: () => now,
    });
    const locate = (repository: string) =>
      reader.locate({ repository }).catch((error: Error) => error.message);

    expect(await locate('https://github.com/globex/new')).toBe(
      '"https://github.com/globex/new" is not a repository the portal scans',
    );
    known.push({
      url: 'https://github.com/globex/new.git',
      entityRef: 'component:default/new',
    });
    now = 500;
    expect(await locate('https://github.com/globex/new')).toContain(
      'is not a repository the portal scans',
    );
    expect(repositories).toHaveBeenCalledTimes(1);
    now = 1500;
    // Known now (its catalog URL ends in .git): refused only for being read from its host.
    expect(await locate('https://github.com/globex/new')).toContain(
      'it is not read from a local repository',
    );
    expect(repositories).toHaveBeenCalledTimes(2);
    // Looked for among the repositories as they are now, not as kept for a while.
    expect(repositories).toHaveBeenLastCalledWith({ current: true });

    // A repository it knows: the list as kept, read again once it is 15 seconds old.
    now = 16_000;
    expect(await locate('https://github.com/globex/api')).toContain(
      'it is not read from a local repository',
    );
    expect(repositories).toHaveBeenCalledTimes(2);
    now = 16_600;
    expect(await locate('https://github.com/globex/api')).toContain(
      'it is not read from a local repository',
    );
    expect(repositories).toHaveBeenCalledTimes(3);
    expect(repositories).toHaveBeenLastCalledWith({ current: false });
  });

  it('names the services of a repository in one order, whatever order the list comes in', async () => {
    const shared = 'file:///srv/git/acme/shared.git';
    const reader = new SourceReader({
      hosts: createRepositoryHostsFromConfig(new ConfigReader({}), {
        localRoots: ['/srv/git'],
      }),
      repositories: async () => [
        { url: shared, entityRef: 'component:default/web' },
        { url: `${shared}/`, entityRef: 'component:default/api' },
      ],
      platforms: [],
    });
    await expect(
      reader.locate({ repository: shared, commit: 'abc' }),
    ).resolves.toMatchObject({
      entityRefs: ['component:default/api', 'component:default/web'],
    });
  });
});
