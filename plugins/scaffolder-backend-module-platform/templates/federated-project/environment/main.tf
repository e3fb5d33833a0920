{#- hcl(): a JSON string is an HCL string once template sequences are escaped ($${, %%{) and the two escapes HCL lacks (\b, \f) are gone, so no value ends a string or a block. -#}
{%- macro hcl(value) -%}
${{ value | default('') | string | replace(r/[\b\f]/g, '') | dump | replace('${', '$${') | replace('%{', '%%{') }}
{%- endmacro -%}
{#- Module arguments come from platform:modules:resolve: names are the module's declared variables, values HCL it encoded (or references such as module.vpc.private_subnet_ids). -#}
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
  backend "s3" {
    bucket = ${{ hcl((values.organisation | default('') | string | lower) + '-terraform-state') }}
    key    = ${{ hcl(values.name + '/' + values.environment + '/terraform.tfstate') }}
    region = "eu-west-1"
  }
}

provider "aws" {
  region = ${{ hcl(values.region or 'eu-west-1') }}
}

locals {
  name        = ${{ hcl(values.name + '-' + values.environment) }}
  environment = ${{ hcl(values.environment) }}
}
{% for name, module in values.modules %}
module "${{ (module.label or name) | replace(r/[^A-Za-z0-9_]/g, '_') }}" {
  source = ${{ hcl(module.source) }}
{%- if module.arguments and module.arguments.length %}
{% for argument in module.arguments %}
  ${{ argument.name | replace(r/[^A-Za-z0-9_-]/g, '_') }}${{ argument.align | default('') | replace(r/[^ ]/g, '') }} = ${{ argument.hcl }}
{%- endfor %}
{%- endif %}
}
{% endfor -%}
