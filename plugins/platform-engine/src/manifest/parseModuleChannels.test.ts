import { manifestWithModules } from './__testUtils__/manifestText';
import { parsePlatformManifest } from './parsePlatformManifest';

/** A manifest whose one module `eks` has the given `channels:` block (lines under the key). */
function withChannels(channels: string, more = ''): string {
  return manifestWithModules(`    - name: eks
      kind: terraform-module
      path: modules/eks
      tagPattern: eks-v{version}
      channels:
${channels}${more}`);
}

describe('module channels in platform.yaml', () => {
  it('reads the channels of every kind a module is installed from, as written', () => {
    const { manifest, problems } = parsePlatformManifest(
      withChannels(
        [
          '        terraform-registry: registry.acme.example/acme/eks/aws',
          '        helm: https://charts.acme.example#eks',
          '        oci:',
          '          - oci://ghcr.io/acme/charts/eks',
          '          - xpkg.upbound.io/acme/configuration-eks',
          '',
        ].join('\n'),
      ),
    );
    expect(problems).toEqual([]);
    expect(manifest?.modules[0].channels).toEqual([
      {
        kind: 'terraform-registry',
        target: 'registry.acme.example/acme/eks/aws',
      },
      { kind: 'helm', target: 'https://charts.acme.example#eks' },
      { kind: 'oci', target: 'oci://ghcr.io/acme/charts/eks' },
      { kind: 'oci', target: 'xpkg.upbound.io/acme/configuration-eks' },
    ]);
  });

  it('reads an oci:// chart repository as a helm channel', () => {
    const { manifest, problems } = parsePlatformManifest(
      withChannels('        helm: oci://ghcr.io/acme/charts/eks\n'),
    );
    expect(problems).toEqual([]);
    expect(manifest?.modules[0].channels).toEqual([
      { kind: 'helm', target: 'oci://ghcr.io/acme/charts/eks' },
    ]);
  });

  it('leaves channels out of a module that declares none', () => {
    const { manifest } = parsePlatformManifest(
      withChannels('').replace('      channels:\n', ''),
    );
    expect(manifest?.modules[0]).not.toHaveProperty('channels');
  });

  it.each([
    [
      'a kind no reference installs from',
      '        npm: "@acme/eks"\n',
      'spec.modules[0].channels.npm: "npm" is not a channel a module is installed from; expected one of terraform-registry, helm, oci',
    ],
    [
      'a registry address without a host',
      '        terraform-registry: acme/eks/aws\n',
      'spec.modules[0].channels.terraform-registry: "acme/eks/aws" is not a registry module address with a host; expected host/namespace/name/provider, e.g. registry.terraform.io/acme/vpc/aws',
    ],
    [
      'a registry address with a bad provider',
      '        terraform-registry: registry.acme.example/acme/eks/AWS!\n',
      'spec.modules[0].channels.terraform-registry: "registry.acme.example/acme/eks/AWS!" is not a registry module address; expected host/namespace/name/provider, e.g. registry.terraform.io/acme/vpc/aws',
    ],
    [
      'a chart repository without a chart',
      '        helm: https://charts.acme.example\n',
      'spec.modules[0].channels.helm: "https://charts.acme.example" names no chart; expected https://<chart repository>#<chart>, or oci://<registry>/<repository>/<chart>',
    ],
    [
      'a chart repository with credentials',
      '        helm: https://ci:hunter2@charts.acme.example#eks\n',
      'spec.modules[0].channels.helm: "https://REDACTED@charts.acme.example#eks" holds credentials, which belong in the configuration, not the manifest; expected https://<chart repository>#<chart>, or oci://<registry>/<repository>/<chart>',
    ],
    [
      'an OCI repository with credentials',
      '        oci: oci://robot:hunter2@ghcr.io/acme/charts/eks\n',
      'spec.modules[0].channels.oci: "oci://REDACTED@ghcr.io/acme/charts/eks" holds credentials, which belong in the configuration, not the manifest; expected registry/repository or oci://registry/repository, e.g. ghcr.io/acme/charts/eks',
    ],
    [
      'an OCI target that names one release',
      '        oci: oci://ghcr.io/acme/charts/eks:1.2.0\n',
      'spec.modules[0].channels.oci: "oci://ghcr.io/acme/charts/eks:1.2.0" names one release (a tag or digest); expected registry/repository or oci://registry/repository, e.g. ghcr.io/acme/charts/eks',
    ],
    [
      'an OCI target without a registry host',
      '        oci: acme/charts/eks\n',
      'spec.modules[0].channels.oci: "acme/charts/eks" is not a registry host and repository; expected registry/repository or oci://registry/repository, e.g. ghcr.io/acme/charts/eks',
    ],
    [
      'a target that is no string',
      '        oci: { registry: ghcr.io }\n',
      'spec.modules[0].channels.oci: must be a string or a list of strings',
    ],
  ])(
    'reports %s, naming the value, and keeps the module',
    (_, channels, message) => {
      const { manifest, problems } = parsePlatformManifest(
        withChannels(channels),
      );
      expect(problems).toEqual([
        expect.objectContaining({ file: 'platform.yaml', line: 13, message }),
      ]);
      expect(manifest?.modules[0]).toMatchObject({ name: 'eks' });
      expect(manifest?.modules[0]).not.toHaveProperty('channels');
    },
  );

  it('keeps the good channels of a module when one is bad', () => {
    const { manifest, problems } = parsePlatformManifest(
      withChannels(
        '        oci:\n          - ghcr.io/acme/charts/eks\n          - ghcr.io/acme/charts/EKS\n',
      ),
    );
    expect(problems.map(problem => problem.message)).toEqual([
      'spec.modules[0].channels.oci[1]: "ghcr.io/acme/charts/EKS" is not a registry host and repository; expected registry/repository or oci://registry/repository, e.g. ghcr.io/acme/charts/eks',
    ]);
    expect(manifest?.modules[0].channels).toEqual([
      { kind: 'oci', target: 'ghcr.io/acme/charts/eks' },
    ]);
  });

  it('gives an artifact to the first module that names it, however its address is cased', () => {
    const { manifest, problems } = parsePlatformManifest(
      withChannels(
        '        terraform-registry: registry.acme.example/acme/eks/aws\n',
        [
          '    - name: eks-legacy',
          '      kind: terraform-module',
          '      path: modules/eks-legacy',
          '      channels:',
          '        terraform-registry: Registry.Acme.Example/ACME/EKS/aws',
          '',
        ].join('\n'),
      ),
    );
    expect(problems.map(problem => problem.message)).toEqual([
      'spec.modules[1].channels.terraform-registry: "Registry.Acme.Example/ACME/EKS/aws" is already a channel of module "eks"; left out here',
    ]);
    expect(manifest?.modules.map(module => module.channels)).toEqual([
      [
        {
          kind: 'terraform-registry',
          target: 'registry.acme.example/acme/eks/aws',
        },
      ],
      undefined,
    ]);
  });
});
