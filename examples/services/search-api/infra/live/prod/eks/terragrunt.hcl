include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=eks-v3.1.0"
}

dependency "vpc" {
  config_path = "../vpc"
}

inputs = {
  cluster_name = "search-api-prod"
  subnet_ids   = dependency.vpc.outputs.private_subnet_ids
}
