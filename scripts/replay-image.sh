#!/usr/bin/env bash
# Replays packages/backend/Dockerfile into a directory, for machines without a container engine,
# and can start the result the way the image's CMD does:
#
#   scripts/replay-image.sh [--skip-build] <dir>            # build <dir>/app as the image's /app
#   scripts/replay-image.sh --start <dir> [--config <file>]...  # run it as the image would
#
# Each step below names the Dockerfile step it stands for. What a container gives and a
# directory cannot is checked instead: the base image's Node major must be the host's, and git
# and the CA certificates the image installs must be on the host. The image's non-root `node`
# user becomes uid 65534 (nobody) when this runs as root.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$PORTAL_ROOT"

dockerfile=packages/backend/Dockerfile

# The image's user is `node` (uid 1000); here, when run as root, an unprivileged uid instead.
IMAGE_UID=65534

# Runs a command in the replayed /app with the image's environment, as the image's user when
# this runs as root (setpriv execs, so the caller's PID is the command's).
as_image_user() {
  local app="$1"
  shift
  cd "$app"
  if [ "$(id -u)" = 0 ]; then
    exec setpriv --reuid="$IMAGE_UID" --regid="$IMAGE_UID" --clear-groups \
      env HOME="$app/.home" NODE_ENV=production "$@"
  fi
  HOME="$app/.home" NODE_ENV=production exec "$@"
}

build() {
  local skip_build="$1" target="$2"
  local app="$target/app"

  # FROM node:<major>-...: the host build and the image must share the Node major.
  local image_major host_major
  image_major="$(sed -n 's/^FROM node:\([0-9]*\).*/\1/p' "$dockerfile")"
  host_major="$(node -p 'process.versions.node.split(".")[0]')"
  [ -n "$image_major" ] || portal_die "No FROM node:<major> line in $dockerfile."
  [ "$image_major" = "$host_major" ] ||
    portal_die "$dockerfile runs Node $image_major but this machine builds with Node $host_major."

  # RUN apt-get install git ca-certificates
  command -v git >/dev/null || portal_die "git is missing (the image installs it)."
  [ -s /etc/ssl/certs/ca-certificates.crt ] ||
    portal_die "The CA certificates are missing (the image installs ca-certificates)."

  # The host steps the Dockerfile's header asks for.
  if [ "$skip_build" != yes ]; then
    portal_log "yarn tsc && yarn build:backend"
    node "$PORTAL_YARN" tsc
    node "$PORTAL_YARN" build:backend
  fi
  for f in packages/backend/dist/skeleton.tar.gz packages/backend/dist/bundle.tar.gz; do
    [ -f "$f" ] || portal_die "$f is missing: run without --skip-build."
  done

  # WORKDIR /app (a fresh one: the image starts empty)
  rm -rf "$app"
  mkdir -p "$app/.home"

  # COPY .yarn (without what .dockerignore leaves out), .yarnrc.yml, backstage.json
  mkdir -p "$app/.yarn"
  cp -R .yarn/releases "$app/.yarn/"
  cp .yarnrc.yml backstage.json "$app/"

  # COPY yarn.lock package.json skeleton.tar.gz; RUN tar xzf skeleton.tar.gz
  cp yarn.lock package.json "$app/"
  tar xzf packages/backend/dist/skeleton.tar.gz -C "$app"

  # RUN yarn workspaces focus --all --production (with this machine's yarn cache)
  portal_log "yarn workspaces focus --all --production in ${app}"
  (cd "$app" && NODE_ENV=production node "$app/.yarn/releases/$(basename "$PORTAL_YARN")" \
    workspaces focus --all --production)

  # COPY bundle.tar.gz app-config.yaml app-config.production.yaml; RUN tar xzf
  cp app-config.yaml app-config.production.yaml "$app/"
  tar xzf packages/backend/dist/bundle.tar.gz -C "$app"
  # COPY --chown=node:node
  if [ "$(id -u)" = 0 ]; then chown -R "$IMAGE_UID:$IMAGE_UID" "$app"; fi
  portal_log "Replayed $dockerfile into $app"
}

# CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
start() {
  local app="$1/app"
  shift
  [ -d "$app/packages/backend" ] || portal_die "$app holds no replayed image: build it first."
  as_image_user "$app" node packages/backend \
    --config app-config.yaml --config app-config.production.yaml "$@"
}

case "${1:-}" in
  --start)
    [ $# -ge 2 ] || portal_die "usage: $0 --start <dir> [--config <file>]..."
    dir="$2"
    shift 2
    start "$dir" "$@"
    ;;
  --skip-build)
    [ $# -eq 2 ] || portal_die "usage: $0 [--skip-build] <dir>"
    build yes "$2"
    ;;
  '' | -*)
    portal_die "usage: $0 [--skip-build] <dir> | --start <dir> [--config <file>]..."
    ;;
  *)
    build no "$1"
    ;;
esac
