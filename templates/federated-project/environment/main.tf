terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "${{ values.name }}/${{ values.environment }}/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  name = "${{ values.name }}-${{ values.environment }}"
}
{% for name, module in values.modules %}
module "${{ name | replace('-', '_') }}" {
  source = "${{ module.source }}"

  name = local.name
}
{% endfor -%}
