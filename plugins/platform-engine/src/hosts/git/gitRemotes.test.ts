import { GitRemoteAllowList, parseGitRemote } from './gitRemotes';

describe('parseGitRemote', () => {
  it.each([
    ['https://github.com/acme/api.git', 'https', 'github.com', 443],
    ['HTTPS://GitHub.com:8443/acme/api', 'https', 'github.com', 8443],
    ['http://127.0.0.1:7080/x.git', 'http', '127.0.0.1', 7080],
    ['ssh://git@git.acme.example/acme/api.git', 'ssh', 'git.acme.example', 22],
    [
      'ssh://git@git.acme.example:2222/api.git',
      'ssh',
      'git.acme.example',
      2222,
    ],
    ['git@github.com:acme/api.git', 'ssh', 'github.com', 22],
    ['git://[::1]/x.git', 'git', '[::1]', 9418],
  ])('reads %s', (url, scheme, host, port) => {
    expect(parseGitRemote(url)).toEqual({ scheme, host, port });
  });

  it.each([
    'ext::sh -c id',
    'fd::3',
    '/srv/git/api.git',
    'file:///srv/git/api.git',
    'https://user:token@github.com/acme/api.git',
    'https://github.com\\@evil.example/x.git',
    'https://github.com/x.git?@evil.example',
    'https://-evil.example/x.git',
    'git@-oProxyCommand=id:x',
    'git@host:-upload-pack',
    'https://github.com:0/x',
    'https://github.com:70000/x',
    'https://github.com /x',
  ])('refuses %s', url => {
    expect(parseGitRemote(url)).toBeUndefined();
  });
});

describe('GitRemoteAllowList', () => {
  const list = new GitRemoteAllowList([
    'github.com',
    'git.acme.example:8443',
    '*.corp.example',
    'http://127.0.0.1:7080',
    'ssh://ssh.acme.example',
  ]);

  it.each([
    'https://github.com/acme/api.git',
    'https://git.acme.example:8443/api.git',
    'https://a.b.corp.example/api.git',
    'http://127.0.0.1:7080/x.git',
    'ssh://git@ssh.acme.example/api.git',
    'git@ssh.acme.example:api.git',
  ])('allows %s', url => {
    expect(list.check(url)).toBeDefined();
  });

  it.each([
    'http://github.com/acme/api.git',
    'ssh://git@github.com/acme/api.git',
    'git@github.com:acme/api.git',
    'https://github.com:8443/acme/api.git',
    'https://git.acme.example/api.git',
    'https://corp.example/api.git',
    'https://evilcorp.example/api.git',
    'http://127.0.0.1:7081/x.git',
    'https://127.0.0.1:7080/x.git',
    'git://127.0.0.1:7080/x.git',
    'https://ssh.acme.example/api.git',
  ])('refuses %s', url => {
    expect(list.check(url)).toBeUndefined();
  });

  it('allows nothing without entries', () => {
    expect(
      new GitRemoteAllowList([]).check('https://github.com/a/b'),
    ).toBeUndefined();
  });

  it('names an entry it cannot read', () => {
    expect(() => new GitRemoteAllowList(['ftp://x.example'])).toThrow(
      '"ftp://x.example" is not an allowed git host',
    );
  });
});
