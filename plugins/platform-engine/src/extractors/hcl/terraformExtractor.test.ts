import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createTerraformExtractor } from './terraformExtractor';
import { withoutCalls } from '../__testUtils__/withoutCalls';
import { PUBLIC_VPC_MODULE } from '../__testUtils__/registryTargets';

const MAIN_TF = `locals {
  name   = "ex-\${basename(path.cwd)}"
  region = "eu-west-1"
  # Shared by the git sources below.
  platform = "git::https://github.com/acme/platform.git"
  modules  = "\${local.platform}//modules"
  versions = {
    sg = "sg/v2.3.0"
  }
  tags = {
    Example    = local.name
    GithubRepo = "terraform-aws-vpc"
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.8"

  name = local.name
  cidr = "10.0.0.0/16"
  azs  = slice(data.aws_availability_zones.available.names, 0, 3)

  private_subnets = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 4, k)]
  tags            = merge(local.tags, { k = format("%s", var.x) })
}

module "eks" {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=3d5e1f0c7b2a9e8d6f4c1b0a9e8d7c6b5a4f3e2d" # v1.4.0

  cluster_name = local.name
  vpc_id       = module.vpc.vpc_id

  eks_managed_node_groups = {
    default = {
      instance_types = ["m6i.large"]
      min_size       = 1
    }
  }

  access_entries = {
    admin = {
      policy_associations = {
        admin = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

module "rds" {
  source = "git@github.com:acme/platform.git//modules/rds?ref=rds/v1.2.0"
}

module "sg" {
  source = "\${local.modules}/sg?ref=\${local.versions.sg}"
}

module "s3" {
  source = var.s3_module_source
}

module "sqs" {
  source = "\${local.platform}//modules/sqs?ref=\${var.sqs_ref}"
}

module "local_iam" {
  source = "../../modules/iam"
}

# module "old_vpc" {
#   source = "terraform-aws-modules/vpc/aws"
# }

// module "old_eks" { source = "git::https://github.com/acme/platform.git//modules/eks?ref=v0.1.0" }

/*
module "old_rds" {
  source = "git::https://github.com/acme/platform.git//modules/rds?ref=v0.1.0"
}
*/

resource "aws_iam_policy" "this" {
  name   = "\${local.name}-policy"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }]
    }
  EOT
  # module "in_comment" { source = "./nope" }
  description = <<EOT
module "in_heredoc" {
  source = "./nope"
}
EOT
}

module "private_registry" {
  source  = "app.terraform.io/acme/network/aws"
  version = var.network_version
}
`;

/** The 1-based line of MAIN_TF where `needle` first appears. */
function lineOf(needle: string): number {
  return MAIN_TF.slice(0, MAIN_TF.indexOf(needle)).split('\n').length;
}

describe('createTerraformExtractor', () => {
  let extractor: ReferenceExtractor;
  beforeAll(async () => {
    extractor = await createTerraformExtractor();
  });

  it('matches Terraform and OpenTofu files only', () => {
    expect(extractor.id).toBe('terraform');
    expect(extractor.matches('main.tf')).toBe(true);
    expect(extractor.matches('envs/prod/network.tofu')).toBe(true);
    expect(extractor.matches('main.tf.json')).toBe(false);
    expect(extractor.matches('terraform.tfvars')).toBe(false);
    expect(extractor.matches('terragrunt.hcl')).toBe(false);
  });

  it('shares one parser between extractors', async () => {
    const again = await createTerraformExtractor();
    expect(
      again.extract({
        path: 'a.tf',
        content: 'module "a" {\n  source = "./a"\n}\n',
      }).references,
    ).toHaveLength(1);
  });

  it('finds every module with its pin, position and resolved locals', () => {
    const { references, problems } = extractor.extract({
      path: 'infra/prod/main.tf',
      content: MAIN_TF,
    });
    expect(problems).toEqual([]);
    expect(withoutCalls(references)).toEqual([
      {
        kind: 'terraform-module',
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('terraform-aws-modules/vpc/aws'),
          column: 13,
        },
        source: 'terraform-aws-modules/vpc/aws',
        target: PUBLIC_VPC_MODULE,
        name: 'registry.terraform.io/terraform-aws-modules/vpc/aws',
        pin: 'constraint',
        ref: '~> 5.8',
      },
      {
        kind: 'terraform-module',
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('modules/eks?ref'),
          column: 12,
        },
        source:
          'git::https://github.com/acme/platform.git//modules/eks?ref=3d5e1f0c7b2a9e8d6f4c1b0a9e8d7c6b5a4f3e2d',
        target: {
          type: 'git',
          host: 'github.com',
          repository: 'acme/platform',
          subdirectory: 'modules/eks',
        },
        name: 'github.com/acme/platform//modules/eks',
        pin: 'sha',
        ref: '3d5e1f0c7b2a9e8d6f4c1b0a9e8d7c6b5a4f3e2d',
        commentVersion: 'v1.4.0',
      },
      expect.objectContaining({
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('modules/rds?ref'),
          column: 12,
        },
        name: 'github.com/acme/platform//modules/rds',
        pin: 'ref',
        ref: 'rds/v1.2.0',
      }),
      expect.objectContaining({
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('${local.modules}/sg'),
          column: 12,
        },
        source:
          'git::https://github.com/acme/platform.git//modules/sg?ref=sg/v2.3.0',
        name: 'github.com/acme/platform//modules/sg',
        pin: 'ref',
        ref: 'sg/v2.3.0',
      }),
      {
        kind: 'terraform-module',
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('var.s3_module_source'),
          column: 12,
        },
        source: 'var.s3_module_source',
        name: 'var.s3_module_source',
        pin: 'none',
        unresolved: {
          expression: 'var.s3_module_source',
          reason:
            'uses var.s3_module_source, an input variable set outside this file',
        },
      },
      {
        kind: 'terraform-module',
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('modules/sqs'),
          column: 12,
        },
        source:
          'git::https://github.com/acme/platform.git//modules/sqs?ref=${var.sqs_ref}',
        name: 'git::https://github.com/acme/platform.git//modules/sqs?ref=${var.sqs_ref}',
        pin: 'none',
        unresolved: {
          expression: '"${local.platform}//modules/sqs?ref=${var.sqs_ref}"',
          reason: 'uses var.sqs_ref, an input variable set outside this file',
        },
      },
      expect.objectContaining({
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('../../modules/iam'),
          column: 12,
        },
        target: { type: 'local', path: 'modules/iam' },
        pin: 'none',
      }),
      expect.objectContaining({
        position: {
          file: 'infra/prod/main.tf',
          line: lineOf('app.terraform.io'),
          column: 13,
        },
        name: 'app.terraform.io/acme/network/aws',
        target: expect.objectContaining({ type: 'terraform-registry' }),
        pin: 'none',
        unresolved: {
          expression: 'var.network_version',
          reason:
            'the version uses var.network_version, an input variable set outside this file',
        },
      }),
    ]);
  });

  it('records the call of each module block: its arguments, literals typed as written', () => {
    const { references, problems } = extractor.extract({
      path: 'infra/prod/network.tf',
      content: `module "vpc" {
  source     = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"
  count      = var.enabled ? 1 : 0
  providers  = { aws = aws.eu }
  depends_on = [aws_iam_role.flow_logs]

  vpc_name           = "orders-\${var.environment}"
  cidr               = "10.20.0.0/16"
  description        = "Orders \\"prod\\" network"
  public_subnets     = 3
  nat_gateway_weight = -1.5
  enable_nat_gateway = true
  single_nat_gateway = false
  flow_log_bucket    = null
  azs                = slice(data.aws_availability_zones.available.names, 0, 3)
  tags               = merge(local.tags, { Team = "orders" })
  policy             = <<-EOT
    {"Version": "2012-10-17"}
  EOT

  subnet_settings {
    map_public_ip = false
  }
}

module "dns" {
  source = "git::https://github.com/acme/platform.git//modules/dns?ref=dns/v1.0.0"
}
`,
    });
    expect(problems).toEqual([]);
    expect(references.map(r => r.call)).toEqual([
      {
        arguments: [
          // No value: Terraform evaluates it.
          { name: 'vpc_name' },
          { name: 'cidr', value: '10.20.0.0/16' },
          { name: 'description', value: 'Orders "prod" network' },
          { name: 'public_subnets', value: 3 },
          { name: 'nat_gateway_weight', value: -1.5 },
          { name: 'enable_nat_gateway', value: true },
          { name: 'single_nat_gateway', value: false },
          { name: 'flow_log_bucket', value: null },
          { name: 'azs' },
          { name: 'tags' },
          { name: 'policy' },
        ],
      },
      // A module that sets nothing makes a call without arguments, so required inputs are missed.
      { arguments: [] },
    ]);
  });

  it('records no call for a module block cut short by a syntax error', () => {
    const { references, problems } = extractor.extract({
      path: 'main.tf',
      content: `module "vpc" {
  source   = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"
  vpc_name = = "orders"
  cidr     = "10.20.0.0/16"
}
`,
    });
    expect(problems).toHaveLength(1);
    expect(references).toEqual([
      expect.objectContaining({ ref: 'vpc/v2.1.1' }),
    ]);
    expect(references[0].call).toBeUndefined();
  });

  it('reads several subdirectories of one repository in one file', () => {
    const content = ['vpc', 'eks', 'rds']
      .map(
        (name, i) =>
          `module "${name}" {\n  source = "github.com/acme/platform//modules/${name}?ref=${name}/v1.${i}.0"\n}\n`,
      )
      .join('\n');
    const { references } = extractor.extract({ path: 'main.tf', content });
    expect(references.map(r => [r.position.line, r.target, r.ref])).toEqual(
      ['vpc', 'eks', 'rds'].map((name, i) => [
        i * 4 + 2,
        {
          type: 'git',
          host: 'github.com',
          repository: 'acme/platform',
          subdirectory: `modules/${name}`,
        },
        `${name}/v1.${i}.0`,
      ]),
    );
  });

  it('reads CRLF files with the same positions and no carriage returns', () => {
    const lf = extractor.extract({ path: 'main.tf', content: MAIN_TF });
    const crlf = extractor.extract({
      path: 'main.tf',
      content: MAIN_TF.replace(/\n/g, '\r\n'),
    });
    expect(crlf).toEqual(lf);
  });

  it('reads comment versions written with // and /* */ and ignores them on ref pins', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const { references } = extractor.extract({
      path: 'main.tf',
      content: `module "a" {
  source = "git::ssh://git@github.com/acme/platform.git//a?ref=${sha}" // v2.0.1
}
module "b" {
  source = "git::ssh://git@github.com/acme/platform.git//b?ref=${sha}" /* tag=v3.1.0 */
}
module "c" {
  source = "git::ssh://git@github.com/acme/platform.git//c?ref=v1.0.0" # v9.9.9
}
module "d" {
  source = "git::ssh://git@github.com/acme/platform.git//d?ref=${sha}"
  # v4.0.0 is on the next line, not the source line
}
`,
    });
    expect(references.map(r => [r.pin, r.commentVersion])).toEqual([
      ['sha', 'v2.0.1'],
      ['sha', 'v3.1.0'],
      ['ref', undefined],
      ['sha', undefined],
    ]);
  });

  it('explains locals that cannot be resolved', () => {
    const { references } = extractor.extract({
      path: 'main.tf',
      content: `locals {
  a = local.b
  b = local.a
  base = terraform.workspace == "prod" ? "x" : "y"
  from_env = module.config.source
}
module "cycle" { source = local.a }
module "conditional" { source = "\${local.base}//vpc" }
module "missing" { source = local.elsewhere }
module "output" { source = local.from_env }
module "call" { source = format("%s//vpc", var.base) }
`,
    });
    expect(references.map(r => r.unresolved?.reason)).toEqual([
      'uses local.a (through local.a → local.b), part of a cycle of locals',
      'uses terraform.workspace == "prod" ? "x" : "y" (through local.base), not a literal string',
      'uses local.elsewhere, not defined in this file',
      'uses module.config.source (through local.from_env), an output of another module',
      'uses format(), a function evaluated only when the configuration runs',
    ]);
    expect(references.every(r => !r.target && r.pin === 'none')).toBe(true);
  });

  it('gives up on a chain of locals longer than the nesting limit, without overflowing the stack', () => {
    const chain = Array.from(
      { length: 10_000 },
      (_, i) => `  a${i} = local.a${i + 1}`,
    ).join('\n');
    const { references, problems } = extractor.extract({
      path: 'main.tf',
      content: `locals {\n${chain}\n  a10000 = "git::https://x.example/p.git//m?ref=v1.0.0"\n}\nmodule "deep" { source = local.a0 }\n`,
    });
    expect(problems).toEqual([]);
    expect(references).toHaveLength(1);
    expect(references[0].unresolved?.reason).toMatch(
      /^uses local\.a100 \(through local\.a0 → .* → local\.a99\), a chain of more than 100 locals$/,
    );
  });

  it('follows a chain of locals up to the nesting limit', () => {
    const chain = Array.from(
      { length: 99 },
      (_, i) => `  a${i} = local.a${i + 1}`,
    ).join('\n');
    const { references } = extractor.extract({
      path: 'main.tf',
      content: `locals {\n${chain}\n  a99 = "git::https://x.example/p.git//m?ref=v1.0.0"\n}\nmodule "deep" { source = local.a0 }\n`,
    });
    expect(references[0].unresolved).toBeUndefined();
    expect(references[0].ref).toBe('v1.0.0');
  });

  it('reports a module without source', () => {
    const { references, problems } = extractor.extract({
      path: 'main.tf',
      content: 'module "broken" {\n  version = "1.0.0"\n}\n',
    });
    expect(references).toEqual([]);
    expect(problems).toEqual([
      {
        file: 'main.tf',
        line: 1,
        column: 1,
        message: 'module "broken" has no source',
      },
    ]);
  });

  it('skips files without modules without parsing them', () => {
    expect(
      extractor.extract({
        path: 'main.tf',
        content: 'resource "x" "y" {\n  a = = \n',
      }),
    ).toEqual({ references: [], problems: [] });
  });

  describe('nesting', () => {
    const MODULE = 'module "vpc" {\n  source = local.v\n}\n';
    const nested: Record<string, (depth: number) => string> = {
      objects: depth => `${'{ c = '.repeat(depth)}"./vpc"${' }'.repeat(depth)}`,
      parentheses: depth => `${'('.repeat(depth)}"./vpc"${')'.repeat(depth)}`,
    };
    const read = (value: string) =>
      extractor.extract({
        path: 'main.tf',
        content: `${MODULE}locals {\n  v = ${value}\n}\n`,
      });

    it.each([
      ['objects', 101],
      ['objects', 10_000],
      ['parentheses', 101],
      ['parentheses', 10_000],
    ])('refuses %s nested %i levels deep with a problem', (kind, depth) => {
      expect(read(nested[kind](depth))).toEqual({
        references: [],
        problems: [
          {
            file: 'main.tf',
            line: 5,
            column: 7 + 100 * nested[kind](1).indexOf('"./vpc"'),
            message:
              'HCL nesting is deeper than 100 levels; the file was not read',
          },
        ],
      });
    });

    it('reads parentheses nested 100 levels deep', () => {
      const { references, problems } = read(nested.parentheses(100));
      expect(problems).toEqual([]);
      expect(references.map(r => r.source)).toEqual(['./vpc']);
    });

    it('reads an object nested 100 levels deep through a local', () => {
      const { references, problems } = extractor.extract({
        path: 'main.tf',
        content: `module "vpc" {\n  source = local.v${'.c'.repeat(
          100,
        )}\n}\nlocals {\n  v = ${nested.objects(100)}\n}\n`,
      });
      expect(problems).toEqual([]);
      expect(references.map(r => r.source)).toEqual(['./vpc']);
    });

    it('reads lists and blocks nested 10,000 levels deep', () => {
      const lists = read(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
      expect(lists.problems).toEqual([]);
      expect(lists.references).toHaveLength(1);
      const blocks = extractor.extract({
        path: 'main.tf',
        content: `${'a {\n'.repeat(10_000)}${'}\n'.repeat(
          10_000,
        )}module "vpc" {\n  source = "./vpc"\n}\n`,
      });
      expect(blocks.problems).toEqual([]);
      expect(blocks.references.map(r => r.position.line)).toEqual([20_002]);
    });
  });

  describe('with syntax errors', () => {
    const modules = (from: number, to: number) =>
      Array.from(
        { length: to - from + 1 },
        (_, i) =>
          `module "m${
            from + i
          }" {\n  source = "github.com/acme/platform//modules/m${
            from + i
          }?ref=v1.0.0"\n}\n`,
      ).join('\n');

    it.each([
      [
        'a doubled =',
        'resource "aws_s3_bucket" "b" {\n  bucket = = "x"\n}\n',
        2,
        /unexpected "="/,
      ],
      [
        'an unterminated string',
        'resource "aws_s3_bucket" "b" {\n  bucket = "x\n}\n',
        2,
        /unterminated string/,
      ],
      [
        'a missing brace',
        'resource "aws_s3_bucket" "b" {\n  tags = {\n    a = "b"\n}\n',
        1,
        /missing "}"|unexpected/,
      ],
      [
        'a missing bracket',
        'resource "aws_s3_bucket" "b" {\n  list = ["a", "b"\n}\n',
        2,
        /.+/,
      ],
      ['a stray character', '%\n', 1, /unexpected "%"/],
      [
        'a broken heredoc',
        'resource "x" "y" {\n  policy = <<EOT\n  {}\n}\n',
        2,
        /.+/,
      ],
    ])(
      'after %s, finds the modules before and after it',
      (_, broken, errorLine, message) => {
        const before = modules(1, 5);
        const content = `${before}\n${broken}\n${modules(6, 10)}`;
        const offset = before.split('\n').length;
        const { references, problems } = extractor.extract({
          path: 'main.tf',
          content,
        });
        expect(references.map(r => r.name.replace(/.*\//, ''))).toEqual(
          Array.from({ length: 10 }, (__, i) => `m${i + 1}`),
        );
        expect(problems).toHaveLength(1);
        expect(problems[0]).toEqual({
          file: 'main.tf',
          line: offset + errorLine,
          column: expect.any(Number),
          message: expect.stringMatching(
            new RegExp(`^syntax error near line ${offset + errorLine}: `),
          ),
        });
        expect(problems[0].message).toMatch(message);
      },
    );

    it('keeps the source of a module whose error comes after it', () => {
      const { references, problems } = extractor.extract({
        path: 'main.tf',
        content: `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  name = = "x"\n}\n${modules(
          1,
          1,
        )}`,
      });
      expect(references.map(r => r.name)).toEqual([
        'registry.terraform.io/terraform-aws-modules/vpc/aws',
        'github.com/acme/platform//modules/m1',
      ]);
      expect(problems.map(p => p.line)).toEqual([3]);
    });

    it('does not report a source it cannot read', () => {
      const { references, problems } = extractor.extract({
        path: 'main.tf',
        content: `module "vpc" {\n  source = = "terraform-aws-modules/vpc/aws"\n}\n${modules(
          1,
          1,
        )}`,
      });
      expect(references.map(r => r.name)).toEqual([
        'github.com/acme/platform//modules/m1',
      ]);
      expect(problems).toHaveLength(1);
    });

    it('lists at most ten errors', () => {
      const content = Array.from(
        { length: 15 },
        (_, i) => `resource "x" "r${i}" {\n  a = = 1\n}\n${modules(i, i)}`,
      ).join('\n');
      const { references, problems } = extractor.extract({
        path: 'main.tf',
        content,
      });
      expect(references).toHaveLength(15);
      expect(problems).toHaveLength(11);
      expect(problems[10].message).toBe('5 more syntax errors not listed');
    });
  });
});
