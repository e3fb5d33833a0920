terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "search-indexer/staging/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "search-indexer-staging"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.1.0"

  name       = local.name
  cidr_block = "10.13.0.0/16"
}

module "cluster" {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=eks-v2.3.0"

  name       = local.name
  subnet_ids = module.network.private_subnet_ids
}
