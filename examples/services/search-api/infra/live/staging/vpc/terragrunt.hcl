include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"
}

inputs = {
  name = "search-api-staging"
  cidr = "10.14.0.0/16"
}
