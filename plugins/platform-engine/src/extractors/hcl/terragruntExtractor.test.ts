import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createTerragruntExtractor } from './terragruntExtractor';
import { PUBLIC_VPC_MODULE } from '../__testUtils__/registryTargets';
import {
  ENVCOMMON_MYSQL,
  PROD_MYSQL,
  ROOT_HCL,
} from '../__testUtils__/terragruntLiveExample';

describe('createTerragruntExtractor', () => {
  let extractor: ReferenceExtractor;
  beforeAll(async () => {
    extractor = await createTerragruntExtractor();
  });

  it('matches Terragrunt HCL files but not the provider lock file', () => {
    expect(extractor.id).toBe('terragrunt');
    expect(extractor.matches('prod/us-east-1/prod/mysql/terragrunt.hcl')).toBe(
      true,
    );
    expect(extractor.matches('_envcommon/mysql.hcl')).toBe(true);
    expect(extractor.matches('root.hcl')).toBe(true);
    expect(extractor.matches('live/terragrunt.stack.hcl')).toBe(true);
    expect(extractor.matches('modules/vpc/.terraform.lock.hcl')).toBe(false);
    expect(extractor.matches('main.tf')).toBe(false);
    expect(extractor.matches('values.hcl.tmpl')).toBe(false);
  });

  it('skips HCL files without a source attribute, such as Packer templates, without parsing them', () => {
    // The broken line would be reported if the file were parsed.
    const packer = `source "amazon-ebs" "ubuntu" {
  ami_name = = "eks"
}

build {
  sources = ["source.amazon-ebs.ubuntu"]
}
`;
    expect(
      extractor.extract({ path: 'ami/ubuntu.pkr.hcl', content: packer }),
    ).toEqual({ references: [], problems: [] });
  });

  it('reads a source attribute written without blanks in a one-line block', () => {
    const { references, problems } = extractor.extract({
      path: 'live/vpc/terragrunt.hcl',
      content: 'terraform { source="../../modules//vpc" }\n',
    });
    expect(problems).toEqual([]);
    expect(references.map(r => r.source)).toEqual(['../../modules//vpc']);
  });

  it('resolves a source built from a same-file local', () => {
    const { references, problems } = extractor.extract({
      path: '_envcommon/mysql.hcl',
      content: ENVCOMMON_MYSQL,
    });
    expect(problems).toEqual([]);
    expect(references).toEqual([
      {
        kind: 'terragrunt-source',
        position: { file: '_envcommon/mysql.hcl', line: 10, column: 12 },
        source:
          'git::git@github.com:gruntwork-io/terragrunt-infrastructure-modules-example.git//modules/mysql?ref=v0.8.0',
        target: {
          type: 'git',
          host: 'github.com',
          repository: 'gruntwork-io/terragrunt-infrastructure-modules-example',
          subdirectory: 'modules/mysql',
        },
        name: 'github.com/gruntwork-io/terragrunt-infrastructure-modules-example//modules/mysql',
        pin: 'ref',
        ref: 'v0.8.0',
      },
    ]);
  });

  it('records the literal inputs of a terragrunt.hcl as the call of its source', () => {
    const { references, problems } = extractor.extract({
      path: 'live/prod/vpc/terragrunt.hcl',
      content: `terraform {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"
}

dependency "dns" {
  config_path = "../dns"
}

inputs = {
  vpc_name           = "orders-prod"
  cidr               = "10.20.0.0/16"
  public_subnets     = 3
  enable_nat_gateway = true
  "flow_log_bucket"  = null
  zone_id            = dependency.dns.outputs.zone_id
  tags               = { Team = "orders" }
}
`,
    });
    expect(problems).toEqual([]);
    expect(references).toEqual([
      expect.objectContaining({
        ref: 'vpc/v2.1.1',
        call: {
          arguments: [
            { name: 'vpc_name', value: 'orders-prod' },
            { name: 'cidr', value: '10.20.0.0/16' },
            { name: 'public_subnets', value: 3 },
            { name: 'enable_nat_gateway', value: true },
            { name: 'flow_log_bucket', value: null },
            { name: 'zone_id' },
            { name: 'tags' },
          ],
        },
      }),
    ]);
  });

  it('records no call when the inputs are computed, included or merged into another unit', () => {
    const source = `terraform {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"
}
`;
    const calls = (path: string, content: string) =>
      extractor.extract({ path, content }).references.map(r => r.call);
    expect(
      calls(
        'live/prod/vpc/terragrunt.hcl',
        `${source}inputs = merge(local.common, { cidr = "10.0.0.0/16" })\n`,
      ),
    ).toEqual([undefined]);
    // The root's inputs are merged into these.
    expect(
      calls(
        'live/prod/vpc/terragrunt.hcl',
        `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n${source}inputs = {\n  cidr = "10.0.0.0/16"\n}\n`,
      ),
    ).toEqual([undefined]);
    // An _envcommon file is included by units that add their own inputs.
    expect(calls('_envcommon/mysql.hcl', ENVCOMMON_MYSQL)).toEqual([undefined]);
    // Without any inputs, the module gets none.
    expect(calls('live/prod/vpc/terragrunt.hcl', source)).toEqual([
      { arguments: [] },
    ]);
    // A syntax error could hide inputs.
    expect(
      calls(
        'live/prod/vpc/terragrunt.hcl',
        `${source}inputs = {\n  cidr = = "10.0.0.0/16"\n}\n`,
      ),
    ).toEqual([undefined]);
  });

  it('reports a source from an included file as unresolved', () => {
    const { references, problems } = extractor.extract({
      path: 'prod/us-east-1/prod/mysql/terragrunt.hcl',
      content: PROD_MYSQL,
    });
    expect(problems).toEqual([]);
    expect(references).toEqual([
      {
        kind: 'terragrunt-source',
        position: {
          file: 'prod/us-east-1/prod/mysql/terragrunt.hcl',
          line: 11,
          column: 12,
        },
        source: '${include.envcommon.locals.base_source_url}?ref=v0.8.0',
        name: '${include.envcommon.locals.base_source_url}?ref=v0.8.0',
        pin: 'none',
        unresolved: {
          expression:
            '"${include.envcommon.locals.base_source_url}?ref=v0.8.0"',
          reason:
            'uses include.envcommon.locals.base_source_url, defined in another file',
        },
      },
    ]);
  });

  it('finds nothing in a root configuration, even in a heredoc that looks like one', () => {
    expect(extractor.extract({ path: 'root.hcl', content: ROOT_HCL })).toEqual({
      references: [],
      problems: [],
    });
  });

  it('does not read blocks out of a heredoc when recovering from a syntax error', () => {
    const { references, problems } = extractor.extract({
      path: 'root.hcl',
      content: ROOT_HCL.replace('backend = "s3"', 'backend = = "s3"'),
    });
    expect(references).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 20,
        message: expect.stringMatching(/^syntax error near line 20: /),
      }),
    ]);
  });

  it('reads registry sources written with tfr://', () => {
    const { references } = extractor.extract({
      path: 'live/vpc/terragrunt.hcl',
      content: `terraform {
  source = "tfr:///terraform-aws-modules/vpc/aws?version=5.8.1"
}
`,
    });
    expect(references).toEqual([
      expect.objectContaining({
        target: PUBLIC_VPC_MODULE,
        pin: 'constraint',
        ref: '5.8.1',
      }),
    ]);
    const privateRegistry = extractor.extract({
      path: 'live/eks/terragrunt.hcl',
      content:
        'terraform {\n  source = "tfr://registry.acme.io/platform/eks/aws//modules/node-group?version=2.1.0"\n}\n',
    }).references;
    expect(privateRegistry).toEqual([
      expect.objectContaining({
        name: 'registry.acme.io/platform/eks/aws//modules/node-group',
        pin: 'constraint',
        ref: '2.1.0',
      }),
    ]);
  });

  it('substitutes locals that refer to locals, in interpolations and objects', () => {
    const { references, problems } = extractor.extract({
      path: 'live/prod/vpc/terragrunt.hcl',
      content: `locals {
  repo     = "git::https://github.com/acme/platform.git"
  module   = "vpc"
  versions = { vpc = "vpc/v1.4.0", eks = "eks/v2.0.0" }
  version  = local.versions[local.module]
  source   = "\${local.repo}//modules/\${local.module}"
}

terraform {
  source = "\${local.source}?ref=\${local.versions.vpc}"

  extra_arguments "retry_lock" {
    commands  = get_terraform_commands_that_need_locking()
    arguments = ["-lock-timeout=20m"]
  }

  before_hook "before_hook" {
    commands = ["apply", "plan"]
    execute  = ["echo", "Running Terraform"]
  }
}
`,
    });
    expect(problems).toEqual([]);
    expect(references).toEqual([
      expect.objectContaining({
        source:
          'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0',
        name: 'github.com/acme/platform//modules/vpc',
        pin: 'ref',
        ref: 'vpc/v1.4.0',
      }),
    ]);
  });

  it.each([
    [
      'include.root.locals.version',
      'uses include.root.locals.version (through local.version), defined in another file',
      'locals {\n  version = include.root.locals.version\n}\nterraform {\n  source = "git::https://github.com/acme/platform.git//vpc?ref=${local.version}"\n}\n',
    ],
    [
      'get_env',
      'uses get_env(), which reads an environment variable',
      'terraform {\n  source = "git::https://github.com/acme/platform.git//vpc?ref=${get_env("VPC_REF", "v1.0.0")}"\n}\n',
    ],
    [
      'read_terragrunt_config',
      'uses read_terragrunt_config() (through local.env), which reads another file',
      'locals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))\n}\nterraform {\n  source = "${local.env.locals.source}//vpc"\n}\n',
    ],
    [
      'dependency outputs',
      'uses dependency.versions.outputs.vpc, an output of another unit',
      'dependency "versions" {\n  config_path = "../versions"\n}\nterraform {\n  source = "git::https://github.com/acme/platform.git//vpc?ref=${dependency.versions.outputs.vpc}"\n}\n',
    ],
  ])('explains a source that uses %s', (_, reason, content) => {
    const { references, problems } = extractor.extract({
      path: 'live/prod/vpc/terragrunt.hcl',
      content,
    });
    expect(problems).toEqual([]);
    expect(references).toHaveLength(1);
    expect(references[0]).toMatchObject({
      pin: 'none',
      unresolved: { reason },
    });
    expect(references[0].target).toBeUndefined();
  });

  it('reads local sources against the file directory and skips terraform blocks without source', () => {
    const { references } = extractor.extract({
      path: 'live/prod/vpc/terragrunt.hcl',
      content: `terraform {
  # source = "git::https://github.com/acme/platform.git//vpc?ref=v0.1.0"
  source = "../../../modules//vpc"
}
`,
    });
    expect(references).toEqual([
      expect.objectContaining({
        position: {
          file: 'live/prod/vpc/terragrunt.hcl',
          line: 3,
          column: 12,
        },
        target: { type: 'local', path: 'modules/vpc' },
      }),
    ]);
    expect(
      extractor.extract({
        path: 'live/prod/app/terragrunt.hcl',
        content:
          'terraform {\n  extra_arguments "vars" {\n    commands = ["plan"]\n  }\n}\ninputs = { source = "x" }\n',
      }).references,
    ).toEqual([]);
  });

  it('reads the units and stacks of a Terragrunt stack file', () => {
    const { references } = extractor.extract({
      path: 'live/prod/terragrunt.stack.hcl',
      content: `locals {
  units = "git::https://github.com/acme/platform-units.git"
}

unit "vpc" {
  source = "\${local.units}//units/vpc?ref=v1.2.0"
  path   = "vpc"
}

stack "services" {
  source = "github.com/acme/platform-stacks//stacks/services?ref=v0.3.0"
  path   = "services"
}
`,
    });
    expect(references.map(r => [r.kind, r.name, r.ref])).toEqual([
      [
        'terragrunt-source',
        'github.com/acme/platform-units//units/vpc',
        'v1.2.0',
      ],
      [
        'terragrunt-source',
        'github.com/acme/platform-stacks//stacks/services',
        'v0.3.0',
      ],
    ]);
  });

  it('reports a syntax error and still finds the source after it', () => {
    const { references, problems } = extractor.extract({
      path: 'live/prod/vpc/terragrunt.hcl',
      content: `locals {
  region = "eu-west-1
}

terraform {
  source = "tfr:///terraform-aws-modules/vpc/aws?version=5.8.1"
}

inputs = {
  region = local.region
}
`,
    });
    expect(references).toEqual([
      expect.objectContaining({
        position: expect.objectContaining({ line: 6 }),
      }),
    ]);
    expect(problems).toEqual([
      {
        file: 'live/prod/vpc/terragrunt.hcl',
        line: 2,
        column: 12,
        message: 'syntax error near line 2: unterminated string',
      },
    ]);
  });
});
