#!/usr/bin/env bash
# Checks production as the README's "Production" section runs it, on PostgreSQL and without the
# demo: the image replayed into a directory (scripts/replay-image.sh) starts with
# app-config.yaml + app-config.production.yaml + a site file, reports ready, runs the image's
# HEALTHCHECK, scans a local git root made here with git and serves the report; a production
# config with guest sign-in does not start; GitHub sign-in resolves a catalog user (a jest test
# against a GitHub answered by msw). Every log line must be JSON.
#
#   scripts/check-production.sh [--skip-build]   # --skip-build: reuse packages/backend/dist
#
# Needs PostgreSQL with the portal_test role (scripts/test-services.sh makes it).
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$PORTAL_ROOT"

started=$SECONDS
skip_build=()
[ "${1:-}" = --skip-build ] && skip_build=(--skip-build)

port="${PORTAL_CHECK_PORT:-7017}" # not the demo's 7007, so both can run
work="$(mktemp -d /tmp/portal-production-check.XXXXXX)"
chmod 755 "$work" # the replayed image runs as another user
prefix="portal_check_$$_"
token="check-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
backend_pid=
export PGPASSWORD=portal_test

step() { portal_log "── $* ($((SECONDS - started))s)"; }
fail() {
  [ -f "$work/backend.log" ] && tail -n 30 "$work/backend.log" >&2
  portal_die "$*"
}

cleanup() {
  if [ -n "$backend_pid" ]; then
    kill "$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
  fi
  # The per-plugin databases this check made, named with its own prefix.
  psql -h localhost -U portal_test -d postgres -Atc \
    "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'" 2>/dev/null |
    while read -r db; do dropdb -h localhost -U portal_test "$db" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ── 1. The image, replayed
step "Replaying packages/backend/Dockerfile into $work/image"
scripts/replay-image.sh "${skip_build[@]}" "$work/image"
app="$work/image/app"

# ── 2. A platform and a service in bare git repositories (a local git root)
step "Making a platform and a service repository with git"
git_root="$work/git"
commit_all() {
  git -C "$1" add -A
  git -C "$1" -c user.name=Check -c user.email=check@example.test commit -qm "$2"
}
make_repo() { # <name>: pushes the checkout $work/src/<name> to $git_root/acme/<name>.git
  git init -q --bare -b main "$git_root/acme/$1.git"
  git -C "$work/src/$1" push -q --tags "$git_root/acme/$1.git" main
}
mkdir -p "$work/src/platform/modules/vpc" "$work/src/payments/infra/environments/prod" "$git_root/acme"
cat >"$work/src/platform/platform.yaml" <<'EOF'
apiVersion: platform-portal.io/v1alpha1
kind: Platform
metadata:
  name: check-platform
spec:
  repository: https://github.com/acme/platform.git
  modules:
    - name: vpc
      kind: terraform-module
      path: modules/vpc
      tagPattern: vpc/v{version}
EOF
cat >"$work/src/platform/modules/vpc/variables.tf" <<'EOF'
variable "name" {
  type = string
}
EOF
git -C "$work/src/platform" init -q -b main
commit_all "$work/src/platform" "vpc 1.0.0"
git -C "$work/src/platform" tag vpc/v1.0.0
echo '# 2.0.0' >"$work/src/platform/modules/vpc/CHANGELOG.md"
commit_all "$work/src/platform" "vpc 2.0.0"
git -C "$work/src/platform" tag vpc/v2.0.0
make_repo platform
cat >"$work/src/payments/infra/environments/prod/main.tf" <<'EOF'
module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.0.0"
  name   = "payments-prod"
}
EOF
git -C "$work/src/payments" init -q -b main
commit_all "$work/src/payments" "payments"
make_repo payments
cat >"$work/catalog.yaml" <<'EOF'
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-payments
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    github.com/project-slug: acme/payments
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
EOF
if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 "$work/git" "$work/catalog.yaml"; fi

# ── 3. PostgreSQL and the environment the README lists
step "PostgreSQL"
pg_ctlcluster 15 main start 2>/dev/null || true
pg_isready -q -h localhost -p 5432 || fail "PostgreSQL does not answer on localhost:5432."
export POSTGRES_HOST=localhost POSTGRES_PORT=5432 POSTGRES_USER=portal_test POSTGRES_PASSWORD=portal_test
export PORTAL_BASE_URL="http://localhost:$port" PORTAL_PORT="$port"
export AUTH_GITHUB_CLIENT_ID=check-client AUTH_GITHUB_CLIENT_SECRET=check-secret
unset GITHUB_TOKEN

# The site's own settings, as an operator adds them in a further --config file.
cat >"$app/app-config.site.yaml" <<EOF
backend:
  database:
    prefix: ${prefix}
  auth:
    externalAccess:
      - type: static
        options: { token: ${token}, subject: production-check }
catalog:
  locations:
    - { type: file, target: $work/catalog.yaml, rules: [{ allow: [Component, Group] }] }
platform:
  platforms:
    - repository: https://github.com/acme/platform
  git:
    localRoots: [$git_root]
    rewrites:
      - { from: 'https://github.com/acme/', to: $git_root/acme/ }
  # The first scan once the catalog has read catalog.yaml (minutes: 0 replaces app-config.yaml's
  # 30 minutes: objects of later files merge key by key).
  scan:
    schedule: { frequency: { minutes: 0, seconds: 15 }, timeout: { minutes: 5 }, initialDelay: { seconds: 60 } }
EOF
printf 'auth:\n  providers:\n    guest: {}\n' >"$app/app-config.guest.yaml"

# ── 4. Guest sign-in in production: the backend must refuse to start
step "Production with guest sign-in refuses to start"
set +e
timeout 300 scripts/replay-image.sh --start "$work/image" \
  --config app-config.site.yaml --config app-config.guest.yaml >"$work/guest.log" 2>&1
guest_status=$?
set -e
[ "$guest_status" = 1 ] ||
  fail "The backend with guest sign-in did not refuse to start (exit $guest_status)."
grep -q 'Guest sign-in (auth.providers.guest) is configured in production' "$work/guest.log" ||
  fail "The refusal does not name auth.providers.guest: $(tail -n 5 "$work/guest.log")"
portal_log "   refused (exit $guest_status): guest sign-in is configured in production"

# ── 5. The production start
step "Starting the replayed image (NODE_ENV=production, PostgreSQL, no demo)"
scripts/replay-image.sh --start "$work/image" --config app-config.site.yaml >"$work/backend.log" 2>&1 &
backend_pid=$!
api() { curl -sS -m 20 -H "Authorization: Bearer $token" "$PORTAL_BASE_URL$1"; }
for _ in $(seq 1 300); do
  curl -sf -m 5 "$PORTAL_BASE_URL/.backstage/health/v1/readiness" >/dev/null && break
  kill -0 "$backend_pid" 2>/dev/null || fail "The backend exited before it was ready."
  sleep 1
done
curl -sf -m 5 "$PORTAL_BASE_URL/.backstage/health/v1/readiness" >/dev/null ||
  fail "The backend did not report ready within 300 s."
portal_log "   ready: $(curl -sS "$PORTAL_BASE_URL/.backstage/health/v1/readiness" | tr -d ' \n')"

# The image's HEALTHCHECK command, as the container engine would run it.
healthcheck="$(sed -n 's/^ *CMD \(node -e .*\)$/\1/p' packages/backend/Dockerfile)"
[ -n "$healthcheck" ] || fail "No HEALTHCHECK command found in packages/backend/Dockerfile."
(cd "$app" && eval "$healthcheck") || fail "The image's HEALTHCHECK reports unhealthy."
portal_log "   HEALTHCHECK passes"

step "Waiting for a scan of the service"
drift=
for _ in $(seq 1 300); do
  drift="$(api '/api/platform/drift?limit=50' || true)"
  case "$drift" in *'"entityRef":"component:default/payments"'*) break ;; esac
  sleep 1
done
portal_log "   latest scan: $(api /api/platform/scans/latest)"
node -e '
  const page = JSON.parse(process.argv[1]);
  const row = page.items.find(r => r.entityRef === "component:default/payments" && r.module === "vpc");
  if (!row) { console.error("no drift row for payments and vpc:", process.argv[1]); process.exit(1); }
  if (row.version !== "1.0.0" || row.latest !== "2.0.0") {
    console.error("payments pins", row.version, "of", row.latest, "instead of 1.0.0 of 2.0.0"); process.exit(1);
  }
  console.log(`   /api/platform/drift: ${page.totalCount} row(s); payments pins vpc ${row.version}, latest ${row.latest} (${row.verdict})`);
' "$drift" || fail "The report does not show the scanned service."

step "Sign-in on the running backend"
guest_code="$(curl -s -o /dev/null -w '%{http_code}' "$PORTAL_BASE_URL/api/auth/guest/refresh")"
[ "$guest_code" = 404 ] || fail "Guest sign-in answered $guest_code instead of 404 (no such provider)."
github_location="$(curl -s -o /dev/null -w '%{redirect_url}' "$PORTAL_BASE_URL/api/auth/github/start?env=production")"
case "$github_location" in
  https://github.com/login/oauth/authorize?*client_id=check-client*) ;;
  *) fail "GitHub sign-in does not start at GitHub: '$github_location'" ;;
esac
portal_log "   guest: $guest_code; GitHub sign-in starts at github.com/login/oauth/authorize"

step "Every log line is JSON"
kill "$backend_pid" && wait "$backend_pid" 2>/dev/null || true
backend_pid=
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
  const bad = lines.filter(l => { try { JSON.parse(l); return false; } catch { return true; } });
  if (bad.length) { console.error(`${bad.length} of ${lines.length} lines are not JSON, e.g.:\n${bad.slice(0, 5).join("\n")}`); process.exit(1); }
  console.log(`   ${lines.length} log lines, all JSON`);
' "$work/backend.log" || fail "Logs are not structured."

step "GitHub sign-in resolves a catalog user (msw)"
CI=true node "$PORTAL_YARN" workspace backend test src/githubSignIn.test.ts

step "Production check passed in $((SECONDS - started)) s"
