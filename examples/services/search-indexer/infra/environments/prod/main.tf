terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "search-indexer/prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "search-indexer-prod"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.1.0"

  name       = local.name
  cidr_block = "10.23.0.0/16"
}

module "cluster" {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=eks-v1.4.0"

  # eks 1.x finds the private subnets tagged for the cluster by itself.
  name = local.name
}
