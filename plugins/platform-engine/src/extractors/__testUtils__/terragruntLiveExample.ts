// gruntwork-io/terragrunt-infrastructure-live-example layout.
export const ENVCOMMON_MYSQL = `# Common configuration for MySQL, included by every environment.
locals {
  environment_vars = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  env              = local.environment_vars.locals.environment

  base_source_url = "git::git@github.com:gruntwork-io/terragrunt-infrastructure-modules-example.git//modules/mysql"
}

terraform {
  source = "\${local.base_source_url}?ref=v0.8.0"
}

inputs = {
  name              = "mysql_\${local.env}"
  allocated_storage = 20
  storage_type      = "standard"
}
`;

export const PROD_MYSQL = `include "root" {
  path = find_in_parent_folders("root.hcl")
}

include "envcommon" {
  path   = "\${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/mysql.hcl"
  expose = true
}

terraform {
  source = "\${include.envcommon.locals.base_source_url}?ref=v0.8.0"
}

inputs = {
  instance_class = "db.t2.medium"
}
`;

export const ROOT_HCL = `locals {
  account_vars = read_terragrunt_config(find_in_parent_folders("account.hcl"))
  aws_region   = local.account_vars.locals.aws_region
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<EOF
provider "aws" {
  region = "\${local.aws_region}"
}
terraform {
  source = "not/a/terragrunt/source"
}
EOF
}

remote_state {
  backend = "s3"
  config = {
    bucket = "acme-terraform-state-\${local.aws_region}"
    key    = "\${path_relative_to_include()}/terraform.tfstate"
  }
}
`;

export const ACCOUNT_HCL = `locals {
  account_name   = "prod"
  aws_account_id = "111111111111"
}
`;

export const REGION_HCL = `locals {
  aws_region = "us-east-1"
}
`;

export const ENV_HCL = `locals {
  environment = "prod"
}
`;

/** The live example's files for one unit, prod/us-east-1/prod/mysql, by path. */
export const LIVE_EXAMPLE_TREE: Record<string, string> = {
  'root.hcl': ROOT_HCL,
  '_envcommon/mysql.hcl': ENVCOMMON_MYSQL,
  'prod/account.hcl': ACCOUNT_HCL,
  'prod/us-east-1/region.hcl': REGION_HCL,
  'prod/us-east-1/prod/env.hcl': ENV_HCL,
  'prod/us-east-1/prod/mysql/terragrunt.hcl': PROD_MYSQL,
};
