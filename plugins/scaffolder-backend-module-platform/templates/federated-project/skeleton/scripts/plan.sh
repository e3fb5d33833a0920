#!/usr/bin/env bash
# Writes the standard plan.json for one environment, whatever tool the project uses.
set -euo pipefail
env="${1:?usage: plan.sh <environment>}"
cd "$(dirname "$0")/../infra/environments/$env"
{%- if values.iacTool == 'crossplane' %}
# The claims as the cluster would accept them (server-side dry run), as the plan.
kubectl apply --dry-run=server -f . -o json > "$OLDPWD/plan.json"
{%- else %}
tool={% if values.iacTool == 'opentofu' %}tofu{% else %}terraform{% endif %}
"$tool" init -input=false
"$tool" plan -input=false -out=tfplan
"$tool" show -json tfplan > "$OLDPWD/plan.json"
{%- endif %}
