import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  PlatformModule,
  PlatformModuleChannel,
} from '@platform-portal/plugin-platform-common';
import { PlatformTag } from '@platform-portal/plugin-platform-node';
import {
  describeWithRegistry,
  LocalRegistry,
  LocalServer,
  makeImageLayout,
  pushImage,
  startChartRepository,
  startRegistry,
  startTerraformRegistry,
} from '@platform-portal/plugin-platform-engine/testUtils';
import { createReleaseChannelReaderFromConfig } from '../releaseChannels/sources/createReleaseChannelReaderFromConfig';
import { describeReleases } from './describeReleases';
import { ModuleChannelReadings } from './ModuleChannelReadings';

// The module's git tags: 2.1.1 is tagged but published nowhere yet, 3.0.0-rc.1 is a prerelease.
const TAGS = ['1.4.0', '2.0.0', '2.1.0', '2.1.1', '3.0.0-rc.1'];
// What the registries offer: the Terraform registry and the chart repository lag one release.
const PUBLISHED = ['1.4.0', '2.0.0', '2.1.0'];

const eks: PlatformModule = {
  name: 'eks',
  kind: 'terraform-module',
  path: 'modules/eks',
  tagPattern: 'eks-v{version}',
  deprecations: [],
};

const tags: PlatformTag[] = TAGS.map((version, index) => ({
  name: `eks-v${version}`,
  commit: String(index).repeat(40),
}));

function readings(
  allowedHosts: string[],
  registries: Array<{ host: string; insecure: boolean }> = [],
) {
  const reader = createReleaseChannelReaderFromConfig(
    new ConfigReader({
      platform: { releaseChannels: { allowedHosts, registries } },
    }),
    { logger: mockServices.logger.mock() },
  );
  return new ModuleChannelReadings({ reader });
}

async function describe_(
  channels: ModuleChannelReadings,
  declared: PlatformModuleChannel[],
) {
  return describeReleases({
    platform: 'acme',
    module: { ...eks, channels: declared },
    tags,
    changelog: new Map(),
    fileUrl: () => undefined,
    channels: await channels.read(declared),
  });
}

describe('ModuleChannelReadings against local registry servers', () => {
  let terraform: LocalServer;
  let helm: LocalServer;

  beforeAll(async () => {
    terraform = await startTerraformRegistry({ 'acme/eks/aws': PUBLISHED });
    helm = await startChartRepository({ eks: PUBLISHED });
  });
  afterAll(async () => {
    await terraform.close();
    await helm.close();
  });
  beforeEach(() => {
    terraform.requests.length = 0;
    helm.requests.length = 0;
  });

  const declared = (): PlatformModuleChannel[] => [
    { kind: 'terraform-registry', target: `${terraform.host}/acme/eks/aws` },
    { kind: 'helm', target: `${helm.url}#eks` },
  ];

  it('shows per channel the tagged release it does not offer yet, and per release the channels that have it', async () => {
    const channels = readings(
      [],
      [
        { host: terraform.host, insecure: true },
        { host: helm.host, insecure: true },
      ],
    );
    const result = await describe_(channels, declared());

    expect(result.channels).toEqual([
      expect.objectContaining({
        kind: 'terraform-registry',
        target: `${terraform.host}/acme/eks/aws`,
        latest: '2.1.0',
        notYetOffered: ['2.1.1'],
      }),
      expect.objectContaining({
        kind: 'helm',
        latest: '2.1.0',
        notYetOffered: ['2.1.1'],
      }),
    ]);
    expect(result.channels?.every(c => !c.problem)).toBe(true);
    expect(
      Object.fromEntries(result.releases.map(r => [r.version, r.channels])),
    ).toEqual({
      '3.0.0-rc.1': [],
      '2.1.1': [],
      '2.1.0': ['terraform-registry', 'helm'],
      '2.0.0': ['terraform-registry', 'helm'],
      '1.4.0': ['terraform-registry', 'helm'],
    });
  });

  it('reads each channel once while its reading is fresh', async () => {
    const channels = readings(
      [],
      [
        { host: terraform.host, insecure: true },
        { host: helm.host, insecure: true },
      ],
    );
    await Promise.all([
      describe_(channels, declared()),
      describe_(channels, declared()),
    ]);
    await describe_(channels, declared());
    expect(
      terraform.requests.filter(r => r.url?.endsWith('/versions')),
    ).toHaveLength(1);
    expect(helm.requests).toHaveLength(1);
  });

  it('reads no channel on a host outside the allow-list, and holds no release against it', async () => {
    const channels = readings([helm.host]);
    const result = await describe_(channels, declared());

    expect(terraform.requests).toHaveLength(0);
    expect(result.channels?.[0]).toMatchObject({
      kind: 'terraform-registry',
      notYetOffered: [],
      problem: {
        code: 'refused',
        message: expect.stringContaining(
          `${terraform.host} is not a host release channels may be read from`,
        ),
      },
    });
    expect(result.channels?.[0].latest).toBeUndefined();
    // The allowed chart repository is still read, over plain http as its URL says.
    expect(result.channels?.[1]).toMatchObject({
      latest: '2.1.0',
      notYetOffered: ['2.1.1'],
    });
  });

  it('names a module the registry does not know as not found', async () => {
    const channels = readings([], [{ host: terraform.host, insecure: true }]);
    const result = await describe_(channels, [
      { kind: 'terraform-registry', target: `${terraform.host}/acme/gke/gcp` },
    ]);
    expect(result.channels?.[0]).toMatchObject({
      problem: { code: 'not-found' },
      notYetOffered: [],
    });
  });
});

describeWithRegistry(
  'ModuleChannelReadings against a real OCI registry',
  () => {
    let registry: LocalRegistry;

    beforeAll(async () => {
      registry = await startRegistry();
      const layout = await makeImageLayout('2026-03-04T05:06:07Z');
      // The OCI channel is a release ahead of the others: it has 2.1.1 too.
      for (const version of [...PUBLISHED, '2.1.1']) {
        await pushImage(layout, `${registry.host}/acme/charts/eks:${version}`);
      }
    }, 120_000);
    afterAll(async () => {
      await registry?.close();
    });

    it('finds every tagged release in the registry', async () => {
      const channels = readings([], [{ host: registry.host, insecure: true }]);
      const result = await describe_(channels, [
        { kind: 'oci', target: `oci://${registry.host}/acme/charts/eks` },
      ]);
      expect(result.channels).toEqual([
        expect.objectContaining({
          kind: 'oci',
          latest: '2.1.1',
          notYetOffered: [],
        }),
      ]);
      expect(
        result.releases.find(r => r.version === '2.1.1')?.channels,
      ).toEqual(['oci']);
    });
  },
);
