terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "billing-worker/prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "billing-worker-prod"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"

  name       = local.name
  cidr_block = "10.21.0.0/16"
}

module "database" {
  source = "git::https://github.com/acme/platform.git//modules/rds?ref=rds/v1.9.0"

  name       = local.name
  subnet_ids = module.network.private_subnet_ids
}
