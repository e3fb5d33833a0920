import { PlatformTag } from '@platform-portal/plugin-platform-node';
import { createDefaultExtractors } from '../extractors/defaultExtractors';
import { manifestWithModules } from '../manifest/__testUtils__/manifestText';
import { parsePlatformManifest } from '../manifest/parsePlatformManifest';
import { scanFiles } from '../scanner/scanFiles';
import { resolveReferences } from './resolveReference';

const PLATFORM_YAML = manifestWithModules(`    - name: eks
      kind: terraform-module
      path: modules/eks
      tagPattern: eks-v{version}
      channels:
        terraform-registry: registry.acme.example/acme/eks/aws
    - name: network
      kind: terraform-module
      path: modules/network
      channels:
        terraform-registry: registry.terraform.io/acme/network/aws
    - name: vpc
      kind: terraform-module
      path: modules/vpc
      channels:
        terraform-registry: app.terraform.io/acme/vpc/aws
    - name: service
      kind: helm-chart
      path: charts/service
      channels:
        helm:
          - https://charts.acme.example#service
          - oci://ghcr.io/acme/charts/service
    - name: database
      kind: crossplane-composition
      path: crossplane/database
      tagPattern: database-v{version}
      channels:
        oci: xpkg.upbound.io/acme/configuration-database
    - name: terraform-ci
      kind: github-workflow
      path: .github/workflows/terraform.yml
      tagPattern: v{version}
`);

const RELEASES: Record<string, string[]> = {
  'eks-v': ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.0.1', '2.1.0', '2.2.0-rc.1'],
  'network/v': ['1.0.0', '1.1.0', '1.2.0', '1.2.1', '2.0.0'],
  'vpc/v': ['3.0.0', '3.1.0', '3.1.1', '3.2.0'],
  'service/v': ['0.3.0', '0.3.2', '0.4.0', '0.4.1'],
  'database-v': ['1.0.0', '1.1.0', '1.2.0'],
};

const TAGS: PlatformTag[] = Object.entries(RELEASES).flatMap(
  ([prefix, versions]) =>
    versions.map((version, index) => ({
      name: `${prefix}${version}`,
      commit: `${prefix.replace(/\W/g, '')}${index}`.padEnd(40, '0'),
    })),
);

const manifest = parsePlatformManifest(PLATFORM_YAML).manifest!;
const DIGEST = `sha256:${'4f'.repeat(32)}`;

/** Each reference the extractors find in the files, as `<line> <name> <ref>`, with its verdict. */
async function judge(
  files: Record<string, string>,
  platform = { manifest, tags: TAGS },
) {
  const scanned = scanFiles(
    Object.entries(files).map(([path, content]) => ({
      path,
      content: Buffer.from(content),
    })),
    { extractors: await createDefaultExtractors() },
  );
  expect(scanned.problems).toEqual([]);
  const drift = resolveReferences(scanned.references, platform, {
    now: new Date('2026-12-01T00:00:00Z'),
  });
  return scanned.references.map((reference, index) => ({
    written: `${reference.position.line} ${reference.name} ${
      reference.ref ?? '(none)'
    }`,
    verdict: drift[index].verdict,
    module: drift[index].module,
    version: drift[index].version,
    explanation: drift[index].explanation,
  }));
}

function summary(judged: Awaited<ReturnType<typeof judge>>) {
  return judged.map(
    ({ written, verdict, module, version }) =>
      `${written} → ${verdict}${module ? ` ${module}` : ''}${
        version ? ` ${version}` : ''
      }`,
  );
}

describe('references installed from a module channel', () => {
  it('resolves Terraform registry sources with and without a host to the module of the channel', async () => {
    const judged = await judge({
      'infra/environments/prod/main.tf': `
module "cluster" {
  source  = "registry.acme.example/acme/eks/aws"
  version = "~> 2.0"
}

module "nodes" {
  source  = "Registry.Acme.Example/ACME/EKS/aws//modules/node-group"
  version = "2.0.1"
}

module "network" {
  source  = "acme/network/aws"
  version = ">= 1.1, < 2.0"
}

module "vpc" {
  source  = "app.terraform.io/acme/vpc/aws"
  version = "!= 3.2.0, >= 3.0"
}

module "unversioned" {
  source = "registry.acme.example/acme/eks/aws"
}

module "other_host" {
  source  = "registry.terraform.io/acme/eks/aws"
  version = "2.1.0"
}

module "public" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
`,
    });
    expect(summary(judged)).toEqual([
      '3 registry.acme.example/acme/eks/aws ~> 2.0 → up-to-date eks 2.1.0',
      '8 registry.acme.example/ACME/EKS/aws//modules/node-group 2.0.1 → minor-behind eks 2.0.1',
      '13 registry.terraform.io/acme/network/aws >= 1.1, < 2.0 → major-behind network 1.2.1',
      '18 app.terraform.io/acme/vpc/aws != 3.2.0, >= 3.0 → minor-behind vpc 3.1.1',
      '23 registry.acme.example/acme/eks/aws (none) → unpinned eks',
      '27 registry.terraform.io/acme/eks/aws 2.1.0 → external',
      '32 registry.terraform.io/terraform-aws-modules/vpc/aws 5.0.0 → external',
    ]);
    expect(judged[0].explanation).toBe(
      'constraint ~> 2.0 resolves to 2.1.0; 2.1.0 is the latest release',
    );
    expect(judged[4].explanation).toBe(
      'no version: installs whatever release registry.acme.example/acme/eks/aws offers newest; the latest release of eks is 2.1.0',
    );
  });

  it('resolves Terragrunt tfr:// sources, with a host and with the default one', async () => {
    const judged = await judge({
      'live/staging/eks/terragrunt.hcl': `
terraform {
  source = "tfr://registry.acme.example/acme/eks/aws?version=1.2.0"
}
`,
      'live/prod/network/terragrunt.hcl': `
terraform {
  source = "tfr:///acme/network/aws//modules/flow-logs?version=2.0.0"
}
`,
    });
    expect(summary(judged)).toEqual([
      '3 registry.terraform.io/acme/network/aws//modules/flow-logs 2.0.0 → up-to-date network 2.0.0',
      '3 registry.acme.example/acme/eks/aws 1.2.0 → major-behind eks 1.2.0',
    ]);
  });

  it('judges a constraint of every Terraform operator by its best matching release', async () => {
    // network releases: 1.0.0 1.1.0 1.2.0 1.2.1 2.0.0
    const constraints: Array<[string, string]> = [
      ['= 1.2.0', 'major-behind network 1.2.0'],
      ['1.1.0', 'major-behind network 1.1.0'],
      ['!= 2.0.0', 'major-behind network 1.2.1'],
      ['> 1.2.1', 'up-to-date network 2.0.0'],
      ['>= 1.1', 'up-to-date network 2.0.0'],
      ['< 1.2', 'major-behind network 1.1.0'],
      ['<= 1.2.0', 'major-behind network 1.2.0'],
      ['~> 1.1', 'major-behind network 1.2.1'],
      ['~> 1.2.0', 'major-behind network 1.2.1'],
      ['~> 1.0.0', 'major-behind network 1.0.0'],
      ['>= 1.0, < 1.2, != 1.1.0', 'major-behind network 1.0.0'],
      ['~> 3.0', 'unknown-version network'],
      ['>> 1.0', 'unknown-version network'],
    ];
    const judged = await judge({
      'infra/main.tf': constraints
        .map(
          ([constraint], index) =>
            `module "n${index}" {\n  source  = "acme/network/aws"\n  version = "${constraint}"\n}\n`,
        )
        .join('\n'),
    });
    expect(
      judged.map(({ verdict, module, version }) =>
        [verdict, module, version].filter(Boolean).join(' '),
      ),
    ).toEqual(constraints.map(([, expected]) => expected));
    expect(judged[11].explanation).toBe(
      'no release of network satisfies ~> 3.0; the latest release of network is 2.0.0',
    );
    expect(judged[12].explanation).toContain('">> 1.0" is not an operator');
  });

  it('resolves Helm dependencies by chart repository and by oci://, with every constraint form', async () => {
    // service releases: 0.3.0 0.3.2 0.4.0 0.4.1
    const judged = await judge({
      'deploy/payments/Chart.yaml': `apiVersion: v2
name: payments
version: 1.0.0
dependencies:
  - name: service
    version: ^0.4.0
    repository: https://charts.acme.example/
  - name: service
    alias: worker
    version: ~0.3.0
    repository: oci://ghcr.io/acme/charts
  - name: service
    alias: legacy
    version: 0.3.x
    repository: HTTPS://Charts.Acme.Example
  - name: service
    alias: ranged
    version: 0.3.0 - 0.4.0
    repository: https://charts.acme.example
  - name: service
    alias: either
    version: ">= 0.3.0, < 0.4.0 || 0.4.1"
    repository: https://charts.acme.example
  - name: service
    alias: excluded
    version: "0.x, != 0.4.1"
    repository: https://charts.acme.example
  - name: service
    alias: any
    version: "*"
    repository: https://charts.acme.example
  - name: service
    alias: mirrored
    version: 0.4.1
    repository: https://mirror.acme.example/charts
  - name: postgresql
    version: 12.x
    repository: https://charts.bitnami.com/bitnami
`,
    });
    expect(summary(judged)).toEqual([
      '6 https://charts.acme.example/service ^0.4.0 → up-to-date service 0.4.1',
      '10 ghcr.io/acme/charts/service ~0.3.0 → minor-behind service 0.3.2',
      '14 HTTPS://Charts.Acme.Example/service 0.3.x → minor-behind service 0.3.2',
      '18 https://charts.acme.example/service 0.3.0 - 0.4.0 → patch-behind service 0.4.0',
      '22 https://charts.acme.example/service >= 0.3.0, < 0.4.0 || 0.4.1 → up-to-date service 0.4.1',
      '26 https://charts.acme.example/service 0.x, != 0.4.1 → patch-behind service 0.4.0',
      '30 https://charts.acme.example/service * → up-to-date service 0.4.1',
      '34 https://mirror.acme.example/charts/service 0.4.1 → external',
      '37 https://charts.bitnami.com/bitnami/postgresql 12.x → external',
    ]);
  });

  it('resolves Crossplane packages by constraint, tag and digest', async () => {
    // database releases: 1.0.0 1.1.0 1.2.0
    const judged = await judge({
      'crossplane.yaml': `apiVersion: meta.pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: payments-platform
spec:
  dependsOn:
    - configuration: xpkg.upbound.io/acme/configuration-database
      version: ">=v1.0.0, <v1.2.0"
`,
      'cluster/packages.yaml': `apiVersion: pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: by-tag
spec:
  package: xpkg.upbound.io/acme/configuration-database:v1.2.0
---
apiVersion: pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: by-tag-and-digest
spec:
  package: xpkg.upbound.io/acme/configuration-database:v1.0.0@${DIGEST}
---
apiVersion: pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: by-digest
spec:
  package: xpkg.upbound.io/acme/configuration-database@${DIGEST}
---
apiVersion: pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: moving
spec:
  package: XPKG.upbound.io/acme/configuration-database:latest
---
apiVersion: pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: unreleased
spec:
  package: xpkg.upbound.io/acme/configuration-database:v1.3.0
`,
    });
    expect(summary(judged)).toEqual([
      `6 xpkg.upbound.io/acme/configuration-database v1.2.0 → up-to-date database 1.2.0`,
      `13 xpkg.upbound.io/acme/configuration-database ${DIGEST} → minor-behind database 1.0.0`,
      `20 xpkg.upbound.io/acme/configuration-database ${DIGEST} → unknown-sha database`,
      `27 xpkg.upbound.io/acme/configuration-database latest → unpinned database`,
      `34 xpkg.upbound.io/acme/configuration-database v1.3.0 → unknown-version database`,
      `8 xpkg.upbound.io/acme/configuration-database >=v1.0.0, <v1.2.0 → minor-behind database 1.1.0`,
    ]);
    expect(judged[1].explanation).toBe(
      `tag v1.0.0 of digest ${DIGEST} (the digest itself is not checked) resolves to 1.0.0; 1.0.0 is 2 releases behind 1.2.0 (minor)`,
    );
    expect(judged[2].explanation).toBe(
      `digest ${DIGEST} names one artifact of xpkg.upbound.io/acme/configuration-database, whose release only the registry can tell; the latest release of database is 1.2.0`,
    );
    expect(judged[3].explanation).toBe(
      'follows the moving tag latest instead of a release; the latest release of database is 1.2.0',
    );
    expect(judged[4].explanation).toBe(
      'v1.3.0 is not a release of database; the latest release of database is 1.2.0',
    );
  });

  it('judges a git source to a directory inside a module as that module at the release', async () => {
    const judged = await judge({
      'infra/main.tf': `
module "nodes" {
  source = "git::https://github.com/acme/platform.git//modules/eks/modules/node-group?ref=eks-v2.0.0"
}

module "elsewhere" {
  source = "git::https://github.com/acme/platform.git//modules/eksctl?ref=eks-v2.0.0"
}

module "workflow_dir" {
  source = "git::https://github.com/acme/platform.git//.github/workflows/terraform.yml/x?ref=v1.0.0"
}
`,
    });
    expect(summary(judged)).toEqual([
      '3 github.com/acme/platform//modules/eks/modules/node-group eks-v2.0.0 → minor-behind eks 2.0.0',
      // A sibling whose name starts like the module's is no part of it.
      '7 github.com/acme/platform//modules/eksctl eks-v2.0.0 → unknown-module',
      '11 github.com/acme/platform//.github/workflows/terraform.yml/x v1.0.0 → unknown-module',
    ]);
  });

  it('judges any directory of a platform whose module is the repository root as that module', async () => {
    const root = parsePlatformManifest(
      manifestWithModules(
        `    - name: eks
      kind: terraform-module
      path: .
      tagPattern: v{version}
    - name: karpenter
      kind: terraform-module
      path: modules/karpenter
      tagPattern: karpenter-v{version}
`,
        {
          name: 'eks',
          repository: 'https://github.com/acme/terraform-aws-eks',
        },
      ),
    ).manifest!;
    const judged = await judge(
      {
        'main.tf': `
module "node_group" {
  source = "git::https://github.com/acme/terraform-aws-eks.git//modules/eks-managed-node-group?ref=v1.0.0"
}

module "karpenter" {
  source = "github.com/acme/terraform-aws-eks//modules/karpenter/iam?ref=karpenter-v0.1.0"
}
`,
      },
      {
        manifest: root,
        tags: ['v1.0.0', 'v1.1.0', 'karpenter-v0.1.0'].map((name, index) => ({
          name,
          commit: String(index).padEnd(40, 'a'),
        })),
      },
    );
    expect(summary(judged)).toEqual([
      '3 github.com/acme/terraform-aws-eks//modules/eks-managed-node-group v1.0.0 → minor-behind eks 1.0.0',
      // The innermost module that holds the directory is the one it belongs to.
      '7 github.com/acme/terraform-aws-eks//modules/karpenter/iam karpenter-v0.1.0 → up-to-date karpenter 0.1.0',
    ]);
  });
});
