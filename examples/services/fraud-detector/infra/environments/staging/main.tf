terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "fraud-detector/staging/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "fraud-detector-staging"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"

  name = local.name
  cidr = "10.19.0.0/16"
}

module "cluster" {
  # Installed from the platform's Terraform registry, which does not offer 3.2.0 yet.
  source  = "registry.acme.example/acme/eks/aws"
  version = "3.2.0"

  cluster_name = local.name
  subnet_ids = module.network.private_subnet_ids
}

module "database" {
  source = "git::https://github.com/acme/platform.git//modules/rds?ref=rds/v2.0.0"

  identifier = local.name
  subnet_ids = module.network.private_subnet_ids
}
