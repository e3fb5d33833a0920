#!/usr/bin/env bash
# Starts the portal with its offline demo: frontend on http://localhost:3000, backend on :7007.
# Works on a fresh clone: scripts/bootstrap.sh fetches Node 22 and installs dependencies first.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$PORTAL_ROOT"
portal_log "Starting the portal: open http://localhost:3000 and enter as guest (Ctrl-C stops it)"
exec node "$PORTAL_YARN" start "$@"
