#!/usr/bin/env bash
# Applies what plan.sh planned.
set -euo pipefail
env="${1:?usage: apply.sh <environment>}"
cd "$(dirname "$0")/../infra/environments/$env"
{%- if values.iacTool == 'crossplane' %}
kubectl apply -f .
{%- else %}
tool={% if values.iacTool == 'opentofu' %}tofu{% else %}terraform{% endif %}
"$tool" apply -input=false tfplan
{%- endif %}
