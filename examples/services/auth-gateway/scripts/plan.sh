#!/usr/bin/env bash
# Writes the standard plan.json for one environment.
set -euo pipefail
env="${1:?usage: plan.sh <environment>}"
cd "$(dirname "$0")/../infra/environments/$env"
terraform init -input=false
terraform plan -input=false -out=tfplan
terraform show -json tfplan > "$OLDPWD/plan.json"
