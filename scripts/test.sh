#!/usr/bin/env bash
# Runs the whole test suite: type check, lint, prettier, unit tests (store tests on SQLite and,
# when a server is configured, PostgreSQL) and the browser tests against the running portal.
# What this machine cannot run is skipped and named at the end; .ci/run installs everything.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$PORTAL_ROOT"

# Nothing here may depend on a Docker engine (Backstage's test databases would try one in CI).
export BACKSTAGE_TEST_DISABLE_DOCKER=1

declare -a skipped=()
step() {
  local title="$1"
  shift
  portal_log "── $title"
  local started=$SECONDS
  "$@" || portal_die "$title failed."
  portal_log "   $title passed in $((SECONDS - started))s"
}

step "Type check (tsc)" yarn tsc
step "Lint" yarn lint:all
step "Prettier" yarn prettier:check

if [ -z "${BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING:-}" ]; then
  skipped+=("PostgreSQL: store tests ran on SQLite only, because BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING is not set (point it at a PostgreSQL server, e.g. postgresql://postgres:postgres@localhost:5432; .ci/run installs and starts one).")
fi
# `yarn` is a shell function here (bootstrap.sh), which `env` cannot run: CI is set in a subshell.
unit_tests() { (
  export CI=true
  yarn test:all --verbose
); }
step "Unit tests" unit_tests

chromium="${PORTAL_CHROMIUM:-}"
if [ -z "$chromium" ]; then
  chromium="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
fi
if [ -n "$chromium" ]; then
  export PORTAL_CHROMIUM="$chromium"
  step "Browser tests (Playwright, $chromium)" yarn test:e2e
else
  skipped+=("Browser tests: no Chromium found (install Debian's chromium, or set PORTAL_CHROMIUM to a Chromium or Chrome binary; .ci/run installs it).")
fi

if [ ${#skipped[@]} -gt 0 ]; then
  portal_log "Passed, but SKIPPED on this machine:"
  for s in "${skipped[@]}"; do portal_log "  - $s"; done
else
  portal_log "All tests passed; nothing was skipped."
fi
