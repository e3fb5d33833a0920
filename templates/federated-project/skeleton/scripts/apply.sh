#!/usr/bin/env bash
# Applies the plan made by plan.sh.
set -euo pipefail
env="${1:?usage: apply.sh <environment>}"
cd "$(dirname "$0")/../infra/environments/$env"
tool={% if values.iacTool == 'opentofu' %}tofu{% else %}terraform{% endif %}
"$tool" apply -input=false tfplan
