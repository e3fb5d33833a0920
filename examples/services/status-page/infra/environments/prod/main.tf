terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "status-page/prod/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "status-page-prod"
}

module "assets" {
  source = "git::https://github.com/acme/platform.git//modules/s3-bucket?ref=s3-bucket/v1.2.0"

  name = "${local.name}-site"
}

module "dns" {
  source = "git::https://github.com/acme/platform.git//modules/dns?ref=dns/v1.1.0"

  zone = "internal.acme.example."
  records = {}
}
