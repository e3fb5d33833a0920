terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "ledger-service/prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "ledger-service-prod"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref={{sha:vpc/v2.1.0}}" # v2.1.0 (vpc/v2.1.0)

  name = local.name
  cidr = "10.22.0.0/16"
}

module "database" {
  source = "git::https://github.com/acme/platform.git//modules/rds?ref=rds/v1.8.0"

  identifier = local.name
  subnet_ids = module.network.private_subnet_ids
}
