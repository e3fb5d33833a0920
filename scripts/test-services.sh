# shellcheck shell=bash
# Sourced by scripts/test.sh: makes ready what the tests need beyond Node, where this machine
# allows it, and records in portal_skipped what it could not.
#  - On Debian or Ubuntu, as root or with password-less sudo, missing packages are installed:
#    postgresql, chromium, docker-registry, skopeo, openssl, mkdocs and mkdocs-material (TechDocs
#    builds the demo's documentation with them).
#  - PostgreSQL: a local cluster is started if none runs, and a role portal_test (CREATEDB, for
#    Backstage's TestDatabases) is made; BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING
#    set by the caller wins.
#  - Chromium: PORTAL_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH.
# PORTAL_TEST_STRICT=1 makes a missing part fail instead of being skipped (CI).

declare -a portal_skipped=()

portal_skip() {
  if [ "${PORTAL_TEST_STRICT:-}" = 1 ]; then
    portal_die "PORTAL_TEST_STRICT=1 and this machine lacks a part of the tests: $1"
  fi
  portal_skipped+=("$1")
}

portal_sudo() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

portal_install_debian_packages() {
  command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in postgresql chromium docker-registry skopeo openssl mkdocs mkdocs-material; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! portal_sudo true 2>/dev/null; then
    portal_log "Not root and no password-less sudo: not installing ${missing[*]}"
    return 0
  fi
  portal_log "Installing ${missing[*]} from the system's packages (for the tests)"
  export DEBIAN_FRONTEND=noninteractive
  portal_sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { portal_sudo apt-get update -q >/dev/null 2>&1 &&
      portal_sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } ||
    portal_log "Could not install ${missing[*]}; the tests that need them are skipped"
}

portal_start_postgres() {
  [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING:-}" ] && return 0
  if ! command -v pg_lsclusters >/dev/null 2>&1 || ! portal_sudo true 2>/dev/null; then
    portal_skip "PostgreSQL: store tests ran on SQLite only (no local PostgreSQL this script may start; set BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING, e.g. postgresql://user:password@localhost:5432, to use a server of yours)."
    return 0
  fi
  local version port
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  if ! pg_lsclusters -h | grep -q online; then
    pg_lsclusters -h | grep -q "^$version main" ||
      portal_sudo pg_createcluster "$version" main >/dev/null
    portal_sudo pg_ctlcluster "$version" main start
  fi
  port="$(pg_lsclusters -h | awk '$4 == "online" { print $3; exit }')"
  portal_sudo su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_test') THEN
    CREATE ROLE portal_test LOGIN CREATEDB PASSWORD 'portal_test';
  END IF;
END $$;
SQL
  export BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING="postgresql://portal_test:portal_test@localhost:$port"
  portal_log "PostgreSQL $version is up on port $port (role portal_test)"
}

portal_find_chromium() {
  local chromium="${PORTAL_CHROMIUM:-}"
  if [ -z "$chromium" ]; then
    chromium="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
  fi
  if [ -n "$chromium" ]; then
    export PORTAL_CHROMIUM="$chromium"
  else
    portal_skip "Browser tests: no Chromium found (install chromium, or set PORTAL_CHROMIUM to a Chromium or Chrome binary)."
  fi
}

portal_check_registry_tools() {
  local missing=()
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    export PORTAL_SKIP_MISSING_TOOLS=1
    portal_skip "OCI registry tests: ${missing[*]} not installed (Debian packages docker-registry, skopeo, openssl)."
  fi
}

# Terraform is no Debian package; the tests that run it are skipped, and named, where it is absent.
portal_check_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    export PORTAL_SKIP_MISSING_TOOLS=1
    portal_skip "Terraform validation tests: terraform is not on PATH (install Terraform 1.6 or newer)."
  fi
}

# TechDocs builds documentation with MkDocs on the backend's machine; without it the portal still
# starts and says so on the documentation page, and the browser tests of documentation are skipped.
portal_check_mkdocs() {
  if ! command -v mkdocs >/dev/null 2>&1; then
    export PORTAL_SKIP_MISSING_TOOLS=1
    portal_skip "TechDocs browser tests: mkdocs is not on PATH (Debian packages mkdocs, mkdocs-material)."
  fi
}

portal_install_debian_packages
portal_start_postgres
portal_find_chromium
portal_check_registry_tools
portal_check_terraform
portal_check_mkdocs
