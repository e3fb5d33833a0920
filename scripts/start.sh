#!/usr/bin/env bash
# Starts the portal with its offline demo: frontend on http://localhost:3000, backend on :7007.
# `yarn start` loads app-config.yaml and app-config.demo.yaml (guest sign-in, the demo's
# organisation, repositories and chart server); app-config.local.yaml, when present, comes last.
# Works on a fresh clone: scripts/bootstrap.sh fetches Node 22 and installs dependencies first.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$PORTAL_ROOT"
local_config=()
if [ -f app-config.local.yaml ]; then
  # Added to the start script's --config list, after the demo's; the paths are relative to the
  # packages started (packages/app, packages/backend).
  local_config=(--config ../../app-config.local.yaml)
fi
portal_log "Starting the portal: open http://localhost:3000 and enter as guest (Ctrl-C stops it)"
exec node "$PORTAL_YARN" start "${local_config[@]}" "$@"
