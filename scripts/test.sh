#!/usr/bin/env bash
# Runs the whole test suite: type check, lint, prettier, unit tests (store tests on SQLite and
# PostgreSQL) and the browser tests against the running portal.
# What the tests need beyond Node (PostgreSQL, Chromium, an OCI registry and skopeo) is set up by
# scripts/test-services.sh where the machine allows it (Debian or Ubuntu, as root or with sudo);
# what it cannot set up is skipped and named at the end. PORTAL_TEST_STRICT=1 (set by .ci/run)
# turns any skip into a failure.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$PORTAL_ROOT"
source scripts/test-services.sh

# Nothing here may depend on a Docker engine (Backstage's test databases would try one in CI).
export BACKSTAGE_TEST_DISABLE_DOCKER=1

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

# `yarn` is a shell function here (bootstrap.sh), which `env` cannot run: CI is set in a subshell.
unit_tests() { (
  export CI=true
  yarn test:all --verbose
); }
step "Unit tests" unit_tests

if [ -n "${PORTAL_CHROMIUM:-}" ]; then
  step "Browser tests (Playwright, $PORTAL_CHROMIUM)" yarn test:e2e
  step "Browser test without the demo (local git root)" yarn test:e2e -c playwright.local-root.config.ts
fi

if [ ${#portal_skipped[@]} -gt 0 ]; then
  portal_log "Passed, but SKIPPED on this machine:"
  for s in "${portal_skipped[@]}"; do portal_log "  - $s"; done
else
  portal_log "All tests passed; nothing was skipped."
fi
