import { createDemoChannelRewrite } from './demoReleaseChannels';

describe('createDemoChannelRewrite', () => {
  const rewrite = createDemoChannelRewrite({
    repositoriesDir: '/srv/demo-repos',
    chartRepositoryUrl: 'http://127.0.0.1:7080/',
    terraformRegistryHost: '127.0.0.1:7081',
  });

  it("reads the demo organisation's git tags from its local bare repositories", () => {
    for (const target of [
      'https://github.com/acme/payments-api',
      'https://github.com/acme/payments-api.git',
      'https://github.com/acme/payments-api/',
    ]) {
      expect(rewrite({ kind: 'git-tags', target })).toEqual({
        kind: 'git-tags',
        target: 'file:///srv/demo-repos/acme/payments-api.git',
      });
    }
  });

  it('reads the demo chart repository from the local server', () => {
    expect(
      rewrite({
        kind: 'helm',
        target: 'https://charts.acme.example/#payments-api',
      }),
    ).toEqual({ kind: 'helm', target: 'http://127.0.0.1:7080/#payments-api' });
    expect(
      rewrite({ kind: 'helm', target: 'https://charts.acme.example#ledger' }),
    ).toEqual({ kind: 'helm', target: 'http://127.0.0.1:7080/#ledger' });
  });

  it('reads the demo Terraform registry from the local server', () => {
    expect(
      rewrite({
        kind: 'terraform-registry',
        target: 'registry.acme.example/acme/eks/aws',
      }),
    ).toEqual({
      kind: 'terraform-registry',
      target: '127.0.0.1:7081/acme/eks/aws',
    });
  });

  it('leaves every other target as declared', () => {
    for (const declaration of [
      { kind: 'git-tags' as const, target: 'https://github.com/other/x.git' },
      { kind: 'git-tags' as const, target: 'https://github.com/acme/../x' },
      { kind: 'oci' as const, target: 'ghcr.io/acme/status-page' },
      { kind: 'helm' as const, target: 'https://charts.acme.example.evil/#x' },
      { kind: 'github-releases' as const, target: 'acme/payments-api' },
      {
        kind: 'terraform-registry' as const,
        target: 'registry.acme.example.evil/acme/eks/aws',
      },
      {
        kind: 'terraform-registry' as const,
        target: 'registry.terraform.io/acme/eks/aws',
      },
    ]) {
      expect(rewrite(declaration)).toBe(declaration);
    }
  });
});
