#!/usr/bin/env bash
# `yarn check:adopt`: installs the plugins into a fresh Backstage app the way an adopter would,
# and proves the result works. In a temporary directory it
#   1. makes a new app with `npx @backstage/create-app@latest` (the newest release the configured
#      npm registry offers);
#   2. builds and packs each plugin package of this repository (`backstage-cli package prepack`
#      through `yarn pack`), and serves the tarballs from a local registry for the
#      @platform-portal scope only (scripts/check-adopt-registry.mjs), so the app resolves them by
#      name and range like published packages: no `resolutions`, no file: paths;
#   3. installs them with `yarn add` and wires them as the README's "Install into an existing
#      Backstage app" says (backend lines, the app feature, app-config, a catalog location);
#   4. makes a local bare platform repository and a service pinned behind it, starts the app
#      and runs one browser test: the Platform page shows the service's scanned drift, and the
#      "Create project" template the package ships opens with the platform's modules.
# Browser and ports: the app uses 3000 and 7007 like the portal, so the start and the test run
# under /tmp/portal-app.lock. Set ADOPT_KEEP=1 to keep the directory, ADOPT_SKIP_TSC=1 to pack
# the type declarations of the last `yarn tsc`.
# The body is one function, read whole before it runs, so editing this file cannot change a run.
main() {
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$PORTAL_ROOT"

started=$SECONDS
step() { portal_log "── $* ($((SECONDS - started))s)"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/portal-adopt.XXXXXX")"
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  if [ "${ADOPT_KEEP:-}" = 1 ]; then
    portal_log "Kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# create-app checks for a `yarn` command; the app then runs its own committed Yarn release.
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$PORTAL_YARN" >"$work/bin/yarn"
chmod +x "$work/bin/yarn"
export PATH="$work/bin:$PATH"
# Native modules (better-sqlite3) build against this Node's headers instead of downloading them.
# The headers sit beside the real binary: under `yarn check:adopt`, `node` on PATH is Yarn's shim
# in a temporary directory, which has none.
export npm_config_nodedir="${npm_config_nodedir:-$(node -p 'path.dirname(path.dirname(process.execPath))')}"
registry="$(npm config get registry)"
export YARN_NPM_REGISTRY_SERVER="${registry%/}"

step "Creating a Backstage app with @backstage/create-app@latest"
(cd "$work" && BACKSTAGE_APP_NAME=adopted npx --yes @backstage/create-app@latest --skip-install) \
  >"$work/create-app.log" 2>&1 || portal_die "create-app failed; see $work/create-app.log"
app="$work/adopted"
backstage_version="$(node -p "require('$app/backstage.json').version")"
portal_log "   Backstage $backstage_version"

step "Packing the plugins"
if [ "${ADOPT_SKIP_TSC:-}" != 1 ]; then
  yarn tsc >"$work/tsc.log" 2>&1 || portal_die "yarn tsc failed; see $work/tsc.log"
fi
mkdir -p "$work/tarballs"
plugins=(
  plugin-platform-common plugin-platform-node plugin-platform-engine plugin-platform-backend
  plugin-platform-local-git plugin-catalog-backend-module-platform
  plugin-scaffolder-backend-module-platform plugin-permission-backend-module-platform
  plugin-platform
)
for name in "${plugins[@]}"; do
  yarn workspace "@platform-portal/$name" build >>"$work/pack.log" 2>&1 ||
    portal_die "Building @platform-portal/$name failed; see $work/pack.log"
done
# Packing rewrites each package.json for a moment (prepack, postpack), which restarts a portal
# running in watch mode: the packs wait for, and hold, the app lock the browser tests hold.
exec {app_lock}>/tmp/portal-app.lock
flock "$app_lock"
for name in "${plugins[@]}"; do
  yarn workspace "@platform-portal/$name" pack --out "$work/tarballs/$name.tgz" \
    >>"$work/pack.log" 2>&1 || portal_die "Packing @platform-portal/$name failed; see $work/pack.log"
done
flock -u "$app_lock"

port="$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
node scripts/check-adopt-registry.mjs "$work/tarballs" "$port" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do
  grep -q serving "$work/registry.log" 2>/dev/null && break
  sleep 0.2
done

step "Installing the app and the packed plugins (without resolutions)"
# Only the @platform-portal scope comes from the local registry. A release younger than the
# app's npmMinimalAgeGate is refused unless approved, as any adopter of a new release would do.
cat >>"$app/.yarnrc.yml" <<EOF
npmScopes:
  platform-portal:
    npmRegistryServer: "http://localhost:$port"
unsafeHttpWhitelist:
  - localhost
EOF
sed -i "s|^  - '@backstage/\*'$|  - '@backstage/*'\n  - '@platform-portal/*'|" "$app/.yarnrc.yml"
cd "$app"
# Every run packs version 0.1.0 again: a zip of an earlier run in Yarn's cache must not stand in.
rm -f "$(yarn config get cacheFolder)"/@platform-portal-*.zip
yarn install >"$work/install.log" 2>&1 || portal_die "yarn install of the new app failed; see $work/install.log"
# create-app's template pins backend-defaults to its own release (0.x caret ranges stop at the
# minor) while its other ranges pull in the newest backend plugins, which may need the newer
# backend-defaults (signals did: `httpRouter.addWebSocketHandler is not a function`). The seed
# lockfile that keeps them in step is fetched from GitHub and is not there offline, so the app
# would not start even without the plugins: move it to the newest, as its owner would.
yarn up @backstage/backend-defaults >>"$work/install.log" 2>&1 ||
  portal_die "Updating the new app's @backstage/backend-defaults failed; see $work/install.log"
resolved() { grep -E '^  resolution: "@backstage/' yarn.lock | sort -u; }
resolved >"$work/backstage-before.txt"
yarn workspace backend add \
  @platform-portal/plugin-platform-backend \
  @platform-portal/plugin-platform-local-git \
  @platform-portal/plugin-catalog-backend-module-platform \
  @platform-portal/plugin-scaffolder-backend-module-platform \
  @platform-portal/plugin-permission-backend-module-platform \
  >>"$work/install.log" 2>&1 || portal_die "Adding the backend packages failed; see $work/install.log"
yarn workspace app add @platform-portal/plugin-platform >>"$work/install.log" 2>&1 ||
  portal_die "Adding the frontend plugin failed; see $work/install.log"
if node -e "process.exit(Object.keys(require('./package.json').resolutions ?? {}).some(n => n.startsWith('@platform-portal/')) ? 0 : 1)"; then
  portal_die "The app needed resolutions for @platform-portal packages"
fi
# A Backstage package version the app did not have before is a copy the plugins brought.
brought="$(resolved | comm -13 "$work/backstage-before.txt" - | sed -E 's/^  resolution: "(.*)"$/  \1/')"
if [ -n "$brought" ]; then
  portal_log "   Backstage package versions the plugins added to the app:"
  echo "$brought" >&2
else
  portal_log "   The plugins use the app's own copies of every Backstage package."
fi

step "Wiring the plugins as the install guide says"
backend_index="packages/backend/src/index.ts"
# Our permission policy replaces the app's allow-all one: a backend has exactly one policy.
sed -i "/plugin-permission-backend-module-allow-all-policy/d" "$backend_index"
node - "$backend_index" <<'EOF'
const fs = require('node:fs');
const file = process.argv[2];
const lines = [
  "backend.add(import('@platform-portal/plugin-platform-backend'));",
  "backend.add(import('@platform-portal/plugin-platform-local-git'));",
  "backend.add(import('@platform-portal/plugin-catalog-backend-module-platform'));",
  "backend.add(import('@platform-portal/plugin-scaffolder-backend-module-platform'));",
  "backend.add(import('@platform-portal/plugin-permission-backend-module-platform'));",
];
const source = fs.readFileSync(file, 'utf8');
// The allow-all policy's `backend.add(` line may be left open by the sed above.
const cleaned = source.replace(/backend\.add\(\s*\);\n/g, '');
fs.writeFileSync(file, cleaned.replace('backend.start();', `${lines.join('\n')}\n\nbackend.start();`));
EOF
app_file="packages/app/src/App.tsx"
sed -i "1i import { platformScaffolderFieldsModule } from '@platform-portal/plugin-platform';" "$app_file"
sed -i "s|features: \[|features: [platformScaffolderFieldsModule, |" "$app_file"

repos="$work/repos"
mkdir -p "$repos/acme"
cat >"$app/app-config.local.yaml" <<EOF
platform:
  platforms:
    - repository: https://git.example.test/acme/platform
  git:
    localRoots: ['$repos']
    rewrites:
      - from: https://git.example.test/acme/
        to: '$repos/acme/'
  publish:
    localRoot: '$repos/acme'
  permissions:
    adminGroups: ['user:development/guest']
  scan:
    schedule:
      frequency: { minutes: 30 }
      timeout: { minutes: 10 }
      initialDelay: { seconds: 5 }
catalog:
  locations:
    - type: url
      target: https://git.example.test/acme/payments/blob/main/catalog-info.yaml
    # The template as the install guide registers it: from the installed package.
    - type: file
      target: ../../node_modules/@platform-portal/plugin-scaffolder-backend-module-platform/templates/federated-project/template.yaml
      rules:
        - allow: [Template]
EOF

step "Making a local platform repository and a service pinned behind it"
git_commit() { git -c user.name=adopt -c user.email=adopt@example.test "$@"; }
platform="$work/platform"
mkdir -p "$platform/modules/vpc"
cat >"$platform/platform.yaml" <<'EOF'
apiVersion: platform-portal.io/v1alpha1
kind: Platform
metadata:
  name: adopted-platform
spec:
  repository: https://git.example.test/acme/platform.git
  modules:
    - name: vpc
      kind: terraform-module
      path: modules/vpc
      tagPattern: vpc/v{version}
      description: The network every service runs in.
      support:
        majors: 2
EOF
echo 'variable "name" { type = string }' >"$platform/modules/vpc/variables.tf"
git -C "$platform" init -q -b main
for version in 1.0.0 1.1.0 2.0.0; do
  echo "output \"version\" { value = \"$version\" }" >"$platform/modules/vpc/outputs.tf"
  git -C "$platform" add -A
  git_commit -C "$platform" commit -q -m "vpc $version"
  git_commit -C "$platform" tag -a "vpc/v$version" -m "vpc $version"
done
git clone -q --bare "$platform" "$repos/acme/platform.git"

service="$work/payments"
mkdir -p "$service/infra"
cat >"$service/catalog-info.yaml" <<'EOF'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/source-location: url:https://git.example.test/acme/payments/tree/main/
spec:
  type: service
  lifecycle: production
  owner: user:development/guest
EOF
cat >"$service/infra/main.tf" <<'EOF'
module "vpc" {
  source = "git::https://git.example.test/acme/platform.git//modules/vpc?ref=vpc/v1.0.0"
  name   = "payments"
}
EOF
git -C "$service" init -q -b main
git -C "$service" add -A
git_commit -C "$service" commit -q -m "payments"
git clone -q --bare "$service" "$repos/acme/payments.git"

step "Starting the app and running the browser test (under the app lock)"
mkdir -p e2e-adoption
cp "$PORTAL_ROOT/scripts/check-adopt.platform.test.ts" e2e-adoption/platform.test.ts
cp "$PORTAL_ROOT/scripts/check-adopt.playwright.config.ts" playwright.adopt.config.ts
screenshots="$PORTAL_ROOT/e2e-test-screenshots"
mkdir -p "$screenshots"
ln -sfn "$screenshots" e2e-test-screenshots
flock /tmp/portal-app.lock yarn playwright test -c playwright.adopt.config.ts \
  >"$work/e2e.log" 2>&1 || {
  cat "$work/e2e.log" >&2
  ADOPT_KEEP=1
  portal_die "The browser test failed in the adopted app (kept in $work)"
}

[ -z "$brought" ] ||
  portal_die "The browser test passed, but the plugins added Backstage packages the app did not have (above)"
portal_log "Adoption check passed: Backstage $backstage_version, $((SECONDS - started))s"
}

main "$@"
