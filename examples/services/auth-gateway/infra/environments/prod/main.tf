terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "auth-gateway/prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "auth-gateway-prod"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.0.0"

  name        = local.name
  cidr        = "10.27.0.0/16"
  enable_ipv6 = "yes"
}

module "dns" {
  source = "git::https://github.com/acme/platform.git//modules/dns?ref=dns/v1.0.0"

  zone    = "internal.acme.example."
  records = {}
}
