terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "user-profile/prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "user-profile-prod"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"

  name = local.name
  cidr = "10.28.0.0/16"
}

module "cluster" {
  # Installed from the platform's Terraform registry.
  source  = "registry.acme.example/acme/eks/aws"
  version = "3.0.0"

  cluster_name = local.name
  subnet_ids = module.network.private_subnet_ids
}

module "database" {
  source = "git::https://github.com/acme/platform.git//modules/rds?ref=rds/v2.1.0"

  identifier = local.name
  subnet_ids = module.network.private_subnet_ids
}
