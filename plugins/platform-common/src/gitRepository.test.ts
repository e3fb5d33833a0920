import { normalizeGitRepository } from './gitRepository';

const platform = { host: 'github.com', repository: 'acme/platform' };

describe('normalizeGitRepository', () => {
  it.each([
    'https://github.com/acme/platform',
    'https://github.com/acme/platform.git',
    'https://github.com/acme/platform/',
    'https://GitHub.com/acme/platform.git',
    'http://github.com/acme/platform',
    'https://x-access-token:secret@github.com/acme/platform.git',
    'https://github.com:443/acme/platform.git',
    'git::https://github.com/acme/platform.git',
    'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0',
    'git::ssh://git@github.com/acme/platform.git',
    'ssh://git@github.com:22/acme/platform.git',
    'git+ssh://git@github.com/acme/platform.git',
    'git+https://github.com/acme/platform.git#v1.0.0',
    'git://github.com/acme/platform.git',
    'git@github.com:acme/platform.git',
    'git@github.com:acme/platform',
    'git::git@github.com:acme/platform.git//modules/vpc',
    'github.com:acme/platform.git',
    'github.com/acme/platform',
    'github.com/acme/platform.git',
    'github.com/acme/platform//modules/vpc',
    'github.com/acme/platform/modules/vpc',
    '  https://github.com/acme/platform.git  ',
  ])('reads %s', url => {
    expect(normalizeGitRepository(url)).toEqual(platform);
  });

  it('keeps nested groups and the case of the repository', () => {
    expect(
      normalizeGitRepository(
        'git@gitlab.example.com:Infra/Platform/modules.git',
      ),
    ).toEqual({
      host: 'gitlab.example.com',
      repository: 'Infra/Platform/modules',
    });
    expect(
      normalizeGitRepository('gitlab.example.com/infra/platform/modules'),
    ).toEqual({
      host: 'gitlab.example.com',
      repository: 'infra/platform/modules',
    });
    expect(
      normalizeGitRepository('https://dev.azure.com/acme/infra/_git/platform'),
    ).toEqual({
      host: 'dev.azure.com',
      repository: 'acme/infra/_git/platform',
    });
  });

  it('reads a bare repository name', () => {
    expect(normalizeGitRepository('git::https://example.com/vpc.git')).toEqual({
      host: 'example.com',
      repository: 'vpc',
    });
  });

  it.each([
    '',
    './modules/vpc',
    '../vpc',
    'modules/vpc',
    'hashicorp/consul/aws',
    'file:///srv/git/platform.git',
    's3::https://s3.amazonaws.com/bucket/vpc.zip',
    'hg::https://example.com/vpc',
    'https://github.com',
    'https://github.com/',
    'git@github.com:',
    'C:\\modules\\vpc',
  ])('gives undefined for %j', url => {
    expect(normalizeGitRepository(url)).toBeUndefined();
  });
});
