import { PlatformManifest } from '@platform-portal/plugin-platform-common';
import { createDefaultExtractors } from '../extractors/defaultExtractors';
import { scanFiles } from '../scanner/scanFiles';
import { resolveReferences } from './resolveReference';

const manifest: PlatformManifest = {
  name: 'acme-platform',
  repository: 'https://github.com/acme/platform.git',
  modules: [
    {
      name: 'eks',
      kind: 'terraform-module',
      path: 'modules/eks',
      tagPattern: 'eks-v{version}',
      deprecations: [],
      channels: [
        {
          kind: 'terraform-registry',
          target: 'registry.acme.example/acme/eks/aws',
        },
      ],
    },
  ],
};

// Tagged in git: 2.1.1 is the newest, but the registry has not published it yet.
const tags = ['2.0.0', '2.1.0', '2.1.1'].map((version, index) => ({
  name: `eks-v${version}`,
  commit: String(index).repeat(40),
}));
const offers = {
  eks: [
    {
      kind: 'terraform-registry' as const,
      target: 'registry.acme.example/acme/eks/aws',
      versions: ['2.0.0', '2.1.0'],
    },
  ],
};

const MAIN_TF = `
module "behind" {
  source  = "registry.acme.example/acme/eks/aws"
  version = "2.0.0"
}

module "ahead_of_the_registry" {
  source  = "registry.acme.example/acme/eks/aws"
  version = "2.1.1"
}

module "constrained" {
  source  = "registry.acme.example/acme/eks/aws"
  version = "~> 2.0"
}

module "from_git" {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=eks-v2.1.0"
}
`;

async function judge(channelOffers?: typeof offers) {
  const { references } = scanFiles(
    [{ path: 'infra/main.tf', content: Buffer.from(MAIN_TF) }],
    { extractors: await createDefaultExtractors() },
  );
  const [behind, aheadOfTheRegistry, constrained, fromGit] = resolveReferences(
    references,
    { manifest, tags, channelOffers },
  );
  return { behind, aheadOfTheRegistry, constrained, fromGit };
}

describe('references installed from a channel whose offer was read', () => {
  it('are judged against the newest release the channel offers, naming it', async () => {
    const judged = await judge(offers);
    expect(judged.behind).toMatchObject({
      verdict: 'minor-behind',
      version: '2.0.0',
      latest: '2.1.0',
      explanation: expect.stringContaining(
        'the newest the terraform-registry channel registry.acme.example/acme/eks/aws offers (2.1.1 is tagged, not offered there yet)',
      ),
    });
    expect(judged.aheadOfTheRegistry).toMatchObject({
      verdict: 'up-to-date',
      version: '2.1.1',
      latest: '2.1.0',
      explanation: expect.stringContaining('does not offer it yet'),
    });
    // Terraform installs the best release the registry has, not the newest tag.
    expect(judged.constrained).toMatchObject({
      verdict: 'up-to-date',
      version: '2.1.0',
      latest: '2.1.0',
    });
    // A git pin installs from the tags, whatever the registry has.
    expect(judged.fromGit).toMatchObject({
      verdict: 'patch-behind',
      version: '2.1.0',
      latest: '2.1.1',
    });
  });

  it('are judged against the git tags when the channel was not read', async () => {
    const judged = await judge();
    expect(judged.behind).toMatchObject({
      verdict: 'minor-behind',
      latest: '2.1.1',
    });
    expect(judged.constrained).toMatchObject({
      verdict: 'up-to-date',
      version: '2.1.1',
    });
  });
});
