remote_state {
  backend = "s3"
  config = {
    bucket = "acme-terraform-state"
    key    = "search-api/${path_relative_to_include()}/terraform.tfstate"
    region = "eu-west-1"
  }
}
