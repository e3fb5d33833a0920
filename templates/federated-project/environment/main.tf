{#- hcl(): a JSON string is an HCL string once template sequences are escaped ($${, %%{) and the two escapes HCL lacks (\b, \f) are gone, so no value ends a string or a block. -#}
{%- macro hcl(value) -%}
${{ value | default('') | string | replace(r/[\b\f]/g, '') | dump | replace('${', '$${') | replace('%{', '%%{') }}
{%- endmacro -%}
terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = ${{ hcl(values.name + '/' + values.environment + '/terraform.tfstate') }}
    region = "eu-west-1"
  }
}

locals {
  name = ${{ hcl(values.name + '-' + values.environment) }}
}
{% for name, module in values.modules %}
module "${{ name | replace(r/[^A-Za-z0-9_]/g, '_') }}" {
  source = ${{ hcl(module.source) }}

  name = local.name
}
{% endfor -%}
