#!/usr/bin/env bash
# Writes the standard plan.json for one environment.
set -euo pipefail
env="${1:?usage: plan.sh <environment>}"
cd "$(dirname "$0")/../infra/live/$env"
terragrunt run-all plan -out=tfplan
terragrunt run-all show -json tfplan > "$OLDPWD/plan.json"
