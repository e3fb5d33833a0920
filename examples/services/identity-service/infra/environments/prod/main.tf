terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "identity-service/prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "identity-service-prod"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"

  name = local.name
  cidr = "10.26.0.0/16"
}

module "database" {
  source = "git::https://github.com/acme/platform.git//modules/rds?ref=rds/v2.1.0"

  identifier = local.name
  subnet_ids = module.network.private_subnet_ids
}
