import fc from 'fast-check';
import {
  ModuleSource,
  parseModuleSource,
  redactModuleSource,
} from './parseModuleSource';
import { PUBLIC_VPC_MODULE } from '../__testUtils__/registryTargets';

const SHA = '8f3c2a1b9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f70';

function git(
  repository: string,
  subdirectory: string,
  rest: Partial<ModuleSource> = {},
): ModuleSource {
  return {
    target: { type: 'git', host: 'github.com', repository, subdirectory },
    name: `github.com/${repository}${subdirectory ? `//${subdirectory}` : ''}`,
    pin: 'none',
    ...rest,
  };
}

describe('parseModuleSource', () => {
  describe('git sources', () => {
    const vpc = git('acme/platform', 'modules/vpc', {
      pin: 'ref',
      ref: 'vpc/v1.4.0',
    });

    it.each([
      'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
      'git::https://github.com/acme/platform//modules/vpc?ref=vpc/v1.4.0',
      'git::ssh://git@github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
      'git::ssh://git@github.com:22/acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
      'git::git@github.com:acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
      'git@github.com:acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
      'github.com/acme/platform//modules/vpc?ref=vpc/v1.4.0',
      'github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
      'github.com/acme/platform/modules/vpc?ref=vpc/v1.4.0',
      'https://github.com/acme/platform//modules/vpc?ref=vpc/v1.4.0',
      'https://github.com/acme/platform.git//modules/vpc/?ref=vpc%2Fv1.4.0',
      'git::https://GitHub.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
      '  git::https://github.com/acme/platform.git//modules/./vpc?ref=vpc/v1.4.0  ',
    ])('normalises %s', source => {
      expect(parseModuleSource(source)).toEqual(vpc);
    });

    it('keeps other query parameters out of the ref', () => {
      expect(
        parseModuleSource(
          'git::https://github.com/acme/platform.git//modules/vpc?depth=1&ref=vpc/v1.4.0',
        ),
      ).toEqual(vpc);
      expect(
        parseModuleSource(
          'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0&depth=1',
        ),
      ).toEqual(vpc);
    });

    it('treats several subdirectories of one repository as separate targets', () => {
      const a = parseModuleSource(
        'git::https://github.com/acme/platform.git//modules/vpc?ref=v2.0.0',
      );
      const b = parseModuleSource(
        'git::https://github.com/acme/platform.git//modules/eks?ref=v2.0.0',
      );
      expect(a.target).toEqual({
        type: 'git',
        host: 'github.com',
        repository: 'acme/platform',
        subdirectory: 'modules/vpc',
      });
      expect(b.name).toBe('github.com/acme/platform//modules/eks');
      expect(a.target).not.toEqual(b.target);
    });

    it('reads the repository root without a subdirectory', () => {
      expect(
        parseModuleSource(
          'git::https://github.com/acme/terraform-aws-vpc.git?ref=v5.1.2',
        ),
      ).toEqual(
        git('acme/terraform-aws-vpc', '', { pin: 'ref', ref: 'v5.1.2' }),
      );
      expect(parseModuleSource('github.com/acme/terraform-aws-vpc')).toEqual(
        git('acme/terraform-aws-vpc', ''),
      );
    });

    it('pins full and abbreviated commit SHAs as sha', () => {
      expect(
        parseModuleSource(
          `git::https://github.com/acme/platform.git//modules/vpc?ref=${SHA}`,
        ),
      ).toEqual(git('acme/platform', 'modules/vpc', { pin: 'sha', ref: SHA }));
      expect(
        parseModuleSource('github.com/acme/platform//modules/vpc?ref=8f3c2a1')
          .pin,
      ).toBe('sha');
    });

    it('keeps refs that only look like hex as refs', () => {
      for (const ref of ['20240101', 'cafe', 'deadbeef', 'main', 'v1.2.3']) {
        expect(
          parseModuleSource(`github.com/acme/platform//modules/vpc?ref=${ref}`),
        ).toMatchObject({ pin: 'ref', ref });
      }
    });

    it('reports pin none when there is no ref', () => {
      expect(
        parseModuleSource(
          'git::https://github.com/acme/platform.git//modules/vpc',
        ),
      ).toEqual(git('acme/platform', 'modules/vpc'));
      expect(
        parseModuleSource(
          'git::https://github.com/acme/platform.git//modules/vpc?ref=',
        ),
      ).toEqual(git('acme/platform', 'modules/vpc'));
    });

    it('handles other git hosts, nested groups and ports', () => {
      expect(
        parseModuleSource(
          'git::https://gitlab.example.com:8443/infra/platform/terraform.git//modules/db?ref=db-v3.0.0',
        ),
      ).toEqual({
        target: {
          type: 'git',
          host: 'gitlab.example.com',
          repository: 'infra/platform/terraform',
          subdirectory: 'modules/db',
        },
        name: 'gitlab.example.com/infra/platform/terraform//modules/db',
        pin: 'ref',
        ref: 'db-v3.0.0',
      });
      expect(
        parseModuleSource(
          'git::ssh://git@gitlab.example.com:2222/infra/platform/terraform.git',
        ),
      ).toMatchObject({ name: 'gitlab.example.com/infra/platform/terraform' });
      expect(
        parseModuleSource('bitbucket.org/acme/platform/modules/vpc?ref=v1.0.0'),
      ).toMatchObject({ name: 'bitbucket.org/acme/platform//modules/vpc' });
      expect(
        parseModuleSource(
          'https://gitlab.com/acme/platform.git//modules/vpc?ref=v1.0.0',
        ),
      ).toMatchObject({
        name: 'gitlab.com/acme/platform//modules/vpc',
        pin: 'ref',
      });
      expect(
        parseModuleSource(
          'https://git.example.com/acme/platform.git?ref=v1.0.0',
        ),
      ).toMatchObject({ name: 'git.example.com/acme/platform', ref: 'v1.0.0' });
    });
  });

  describe('registry sources', () => {
    it('reads public registry addresses with a version constraint', () => {
      expect(
        parseModuleSource('terraform-aws-modules/vpc/aws', {
          version: '~> 5.0',
        }),
      ).toEqual({
        target: PUBLIC_VPC_MODULE,
        name: 'registry.terraform.io/terraform-aws-modules/vpc/aws',
        pin: 'constraint',
        ref: '~> 5.0',
      });
    });

    it('reads private registry hosts', () => {
      expect(
        parseModuleSource('app.terraform.io/acme/vpc/aws', {
          version: '>= 1.0, < 2.0',
        }),
      ).toMatchObject({
        target: { type: 'terraform-registry', host: 'app.terraform.io' },
        name: 'app.terraform.io/acme/vpc/aws',
        pin: 'constraint',
        ref: '>= 1.0, < 2.0',
      });
      expect(
        parseModuleSource('Registry.Example.com/acme/vpc/aws', {
          version: '1.2.0',
        }),
      ).toMatchObject({
        name: 'registry.example.com/acme/vpc/aws',
        ref: '1.2.0',
      });
    });

    it('reports pin none without a version', () => {
      expect(parseModuleSource('acme/vpc/aws')).toMatchObject({
        name: 'registry.terraform.io/acme/vpc/aws',
        pin: 'none',
      });
      expect(parseModuleSource('acme/vpc/aws', { version: '  ' }).pin).toBe(
        'none',
      );
      expect(parseModuleSource('acme/vpc/aws').ref).toBeUndefined();
    });

    it('keeps a registry submodule in the name', () => {
      expect(
        parseModuleSource(
          'terraform-aws-modules/iam/aws//modules/iam-assumable-role',
          {
            version: '5.30.0',
          },
        ),
      ).toMatchObject({
        target: { type: 'terraform-registry', name: 'iam' },
        name: 'registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-assumable-role',
      });
    });

    it('does not read github.com paths or git versions as registry addresses', () => {
      expect(
        parseModuleSource('github.com/acme/platform/vpc').target?.type,
      ).toBe('git');
      expect(
        parseModuleSource(
          'git::https://github.com/acme/platform.git//modules/vpc?ref=v1.0.0',
          { version: '1.0.0' },
        ),
      ).toMatchObject({ pin: 'ref', ref: 'v1.0.0' });
    });

    it.each([
      [
        'tfr:///acme/vpc/aws?version=1.2.0',
        'registry.terraform.io/acme/vpc/aws',
      ],
      [
        'tfr://registry.example.com/acme/vpc/aws?version=1.2.0',
        'registry.example.com/acme/vpc/aws',
      ],
      [
        'tfr:///terraform-aws-modules/vpc/aws//modules/vpc-endpoints?version=1.2.0',
        'registry.terraform.io/terraform-aws-modules/vpc/aws//modules/vpc-endpoints',
      ],
    ])('reads Terragrunt %s', (source, name) => {
      expect(parseModuleSource(source)).toMatchObject({
        target: { type: 'terraform-registry', namespace: expect.any(String) },
        name,
        pin: 'constraint',
        ref: '1.2.0',
      });
    });

    it('reports a tfr:// source without a version as unpinned', () => {
      expect(parseModuleSource('tfr:///acme/vpc/aws')).toMatchObject({
        pin: 'none',
        target: { type: 'terraform-registry' },
      });
    });
  });

  describe('local paths', () => {
    it('resolves against the directory of the file', () => {
      expect(
        parseModuleSource('./modules/network', {
          file: 'infra/environments/prod/main.tf',
        }),
      ).toEqual({
        target: {
          type: 'local',
          path: 'infra/environments/prod/modules/network',
        },
        name: 'infra/environments/prod/modules/network',
        pin: 'none',
      });
      expect(
        parseModuleSource('../../modules/vpc/', {
          file: 'infra/environments/prod/main.tf',
        }).target,
      ).toEqual({ type: 'local', path: 'infra/modules/vpc' });
      expect(parseModuleSource('../x', { file: 'main.tf' }).target).toEqual({
        type: 'local',
        path: '../x',
      });
      expect(parseModuleSource('./', { file: 'main.tf' }).name).toBe('.');
    });
  });

  describe('sources the scanner does not follow', () => {
    it.each([
      ['s3::https://s3-eu-west-1.amazonaws.com/acme-modules/vpc.zip', 's3::'],
      ['gcs::https://www.googleapis.com/storage/v1/acme/vpc.zip', 'gcs::'],
      ['hg::http://example.com/vpc.hg?ref=v1', 'hg::'],
      ['https://example.com/vpc-module.zip', 'HTTP'],
      ['https://example.com/modules/vpc?archive=zip', 'HTTP'],
      ['acme-modules.s3.amazonaws.com/vpc.zip', 'HTTP'],
      ['/opt/modules/vpc', 'absolute'],
      ['', 'empty'],
      ['vpc', 'not a recognised'],
      ['tfr:///acme/vpc', 'registry module address'],
      ['git::', 'not a recognised'],
    ])('%s', (source, reason) => {
      const parsed = parseModuleSource(source);
      expect(parsed.target).toBeUndefined();
      expect(parsed.pin).toBe('none');
      expect(parsed.unsupported).toContain(reason);
    });

    it('never puts query strings or credentials in the name', () => {
      const parsed = parseModuleSource(
        's3::https://user:secret@s3.amazonaws.com/b/vpc.zip?aws_access_key_id=AKIA&aws_secret_access_key=x',
      );
      expect(parsed.name).not.toMatch(/secret|AKIA/);
    });
  });
});

describe('parseModuleSource on sources seen before', () => {
  it('answers again as it did the first time, with a result of its own each time', () => {
    const source =
      'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0';
    const first = parseModuleSource(source);
    (first.target as { subdirectory: string }).subdirectory = 'changed';
    first.ref = 'changed';
    expect(parseModuleSource(source)).toEqual({
      target: {
        type: 'git',
        host: 'github.com',
        repository: 'acme/platform',
        subdirectory: 'modules/vpc',
      },
      name: 'github.com/acme/platform//modules/vpc',
      pin: 'ref',
      ref: 'vpc/v1.2.0',
    });
  });

  it('still reads the version of a registry source and the file of a local path', () => {
    const registry = 'terraform-aws-modules/vpc/aws';
    expect(parseModuleSource(registry, { version: '~> 5.0' }).ref).toBe(
      '~> 5.0',
    );
    expect(parseModuleSource(registry, { version: '6.1.0' }).ref).toBe('6.1.0');
    expect(parseModuleSource(registry).pin).toBe('none');
    expect(
      parseModuleSource('../vpc', { file: 'infra/prod/main.tf' }).target,
    ).toEqual({ type: 'local', path: 'infra/vpc' });
    expect(
      parseModuleSource('../vpc', { file: 'live/staging/app/main.tf' }).target,
    ).toEqual({ type: 'local', path: 'live/staging/vpc' });
  });
});

describe('parseModuleSource properties', () => {
  const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);

  it('never throws', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        (source, version) => {
          const parsed = parseModuleSource(source, {
            version,
            file: 'a/main.tf',
          });
          expect(typeof parsed.name).toBe('string');
        },
      ),
    );
  });

  it('gives every git URL form of one directory the same target and name', () => {
    fc.assert(
      fc.property(
        segment,
        segment,
        fc.array(segment, { minLength: 0, maxLength: 3 }),
        fc.stringMatching(/^v?[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/),
        (owner, repo, dirs, ref) => {
          const sub = dirs.join('/');
          const suffix = `${sub ? `//${sub}` : ''}?ref=${ref}`;
          const forms = [
            `git::https://github.com/${owner}/${repo}.git${suffix}`,
            `git::ssh://git@github.com/${owner}/${repo}.git${suffix}`,
            `git@github.com:${owner}/${repo}.git${suffix}`,
            `github.com/${owner}/${repo}${suffix}`,
            `https://github.com/${owner}/${repo}${suffix}`,
          ];
          const parsed = forms.map(form => parseModuleSource(form));
          for (const p of parsed) {
            expect(p).toEqual(parsed[0]);
          }
          expect(parsed[0]).toMatchObject({
            target: {
              type: 'git',
              repository: `${owner}/${repo}`,
              subdirectory: sub,
            },
            pin: 'ref',
            ref,
          });
        },
      ),
    );
  });
});

describe('redactModuleSource', () => {
  it('removes ssh keys and URL credentials', () => {
    expect(
      redactModuleSource(
        'git::ssh://git@github.com/acme/platform.git?ref=v1&sshkey=LS0tLS1CRUdJTi',
      ),
    ).toBe(
      'git::ssh://git@github.com/acme/platform.git?ref=v1&sshkey=REDACTED',
    );
    expect(
      redactModuleSource(
        'git::https://x-access-token:ghp_abc123@github.com/acme/platform.git?ref=v1',
      ),
    ).toBe('git::https://REDACTED@github.com/acme/platform.git?ref=v1');
    expect(
      redactModuleSource(
        'git::https://ghp_abc123@github.com/acme/platform.git',
      ),
    ).toBe('git::https://REDACTED@github.com/acme/platform.git');
    expect(
      redactModuleSource(
        'git::ssh://deploy:hunter2@git.example.com/acme/p.git',
      ),
    ).toBe('git::ssh://deploy:REDACTED@git.example.com/acme/p.git');
  });

  it('removes an ssh key of any case from a source without an @', () => {
    expect(
      redactModuleSource('git::https://example.com/acme/p.git?SSHKey=LS0tLS1'),
    ).toBe('git::https://example.com/acme/p.git?SSHKey=REDACTED');
  });

  it('leaves ordinary sources alone', () => {
    for (const source of [
      'git@github.com:acme/platform.git//modules/vpc?ref=v1',
      'git::ssh://git@github.com/acme/platform.git',
      'terraform-aws-modules/vpc/aws',
    ]) {
      expect(redactModuleSource(source)).toBe(source);
    }
  });
});
