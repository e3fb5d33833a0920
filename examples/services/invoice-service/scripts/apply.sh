#!/usr/bin/env bash
# Applies what plan.sh planned.
set -euo pipefail
env="${1:?usage: apply.sh <environment>}"
cd "$(dirname "$0")/../infra/environments/$env"
kubectl apply -f .
