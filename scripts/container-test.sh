#!/usr/bin/env bash
# container-test.sh - builds the project's real Dockerfile and checks the image end to end:
# size, non-root user, no source tree inside, /healthz and the HEALTHCHECK, a beacon from a
# business network found again through the CLI, no IP at rest, data kept across a restart and a
# re-created container, and a clean exit 0 on SIGTERM. CI runs it (.ci/run).
#
# Engine: a Docker engine when one answers (`docker info`); otherwise Debian's buildah (build)
# and podman (run) as root, with base images made locally, because none can be pulled here:
# debian:bookworm-slim from debootstrap, and a stand-in oven/bun:<version> from the npm `bun`
# package's binary (shared/formats/container.md tells why each setting is what it is).
# Idempotent: a re-run reuses the apt packages, the base images and the layer cache in $WORK;
# it removes only the container and the volume it names itself (the image stays, as build cache).
#
# Usage: bash scripts/container-test.sh        (as root; ~3-4 min from scratch, ~30 s cached)
# Knobs (env): ENGINE=auto|docker|podman, WORK, IMAGE, DOCKERFILE, PORT (default: a free one),
#   START_TIMEOUT, TIMEOUT (whole run), MAX_IMAGE_MB, BUSINESS_IP + COMPANY (a business range of
#   the bundled dataset and the name it resolves to), ISP_IP + ISP (an ISP range), RESET=1 (wipe
#   $WORK first), HOST_CA (CA bundle baked into the local stand-in oven/bun only, for a
#   TLS-intercepting proxy on the way to the npm registry; HOST_CA= to skip).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/leadlens-container-test}
ENGINE=${ENGINE:-auto}
DOCKERFILE=${DOCKERFILE:-$ROOT/Dockerfile}
IMAGE=${IMAGE:-localhost/leadlens:container-test}
PORT=${PORT:-}
START_TIMEOUT=${START_TIMEOUT:-180}
TIMEOUT=${TIMEOUT:-1500}
MAX_IMAGE_MB=${MAX_IMAGE_MB:-200}
# 128.246.0.0/16 is AS209781 "BASF Digital Solutions GmbH" in @ip-location-db/asn: a business.
BUSINESS_IP=${BUSINESS_IP:-128.246.10.20}
COMPANY=${COMPANY:-BASF}
# 79.192.0.0/10 is AS3320 Deutsche Telekom AG: an ISP, so never a lead.
ISP_IP=${ISP_IP:-79.200.1.1}
ISP=${ISP:-Telekom}
HOST_CA=${HOST_CA-${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}}
NAME=leadlens-ct
VOLUME=leadlens-ct-data
SITE_HOST=www.container-test.example
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'

T0=$SECONDS
PASSED=0
log() { printf '[container-test %4ds] %s\n' $((SECONDS - T0)) "$*"; }
die() {
  log "FAIL: $*"
  echo "container-test: $PASSED passed, 1 failed"
  exit 1
}
ok() { PASSED=$((PASSED + 1)); log "ok $PASSED - $*"; }
# podman 4.3 without systemd complains on every run/stop of a container with a HEALTHCHECK.
quiet() { grep -v 'unable to get systemd connection' >&2 || true; }

[ "$(id -u)" = 0 ] || die "run as root (rootful engine; rootless podman needs subuid set up)"
[ "${RESET:-0}" = 1 ] && rm -rf "$WORK"
mkdir -p "$WORK"/{etc,storage,run,cache,ctx}

# A bound on the whole run: a hung build or engine must not hold CI until its own limit.
# Its own output goes nowhere: a leftover sleep must not hold a CI log pipe open.
(sleep "$TIMEOUT" && kill -TERM $$) >/dev/null 2>&1 &
WATCHDOG=$!
CTR=()   # the engine's CLI, once chosen
# Our container and volume only, by name (`docker rm` has no -t; podman's skips the stop wait).
remove_ours() {
  if [ "${CTR[0]}" = podman ]; then podman rm -f -t 0 "$NAME"; else docker rm -f "$NAME"; fi >/dev/null 2>&1 || true
  "${CTR[@]}" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
}
cleanup() {
  if ((${#CTR[@]})); then
    remove_ours
  fi
  pkill -P "$WATCHDOG" sleep 2>/dev/null || true   # the watchdog's own sleep, by parent id
  kill "$WATCHDOG" 2>/dev/null || true
}
trap cleanup EXIT
trap 'die "timed out after ${TIMEOUT}s"' TERM

# ------------------------------------------------------------------ podman/buildah fallback
# Everything the fallback needs: Debian's packages, storage and runtime config under $WORK, and
# the two base images the Dockerfile names, made locally (--pull=never everywhere).
podman_setup() {
  local need=() p
  for p in podman buildah runc debootstrap curl; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  if ((${#need[@]})); then
    log "apt-get install ${need[*]}"
    for _ in 1 2 3 4 5; do   # another apt may hold the lock, a mirror may hiccup
      apt-get -o DPkg::Lock::Timeout=120 -q update >"$WORK/apt.log" 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 -q install -y \
          "${need[@]}" >>"$WORK/apt.log" 2>&1 && break
      sleep 10
    done
    for p in "${need[@]}"; do command -v "$p" >/dev/null || { cat "$WORK/apt.log"; die "apt install $p"; }; done
  fi
  # runc, not crun (crun refuses the hybrid cgroups here); explicit ulimits because podman's
  # defaults exceed what the runtime may set without CAP_SYS_RESOURCE.
  local nofile nproc driver=vfs d
  nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] || ((nofile > 1048576)) && nofile=1048576
  nproc=$(ulimit -Hu); [ "$nproc" = unlimited ] || ((nproc > 32768)) && nproc=32768
  # overlay where the kernel lets us mount it (several times faster than vfs, far less disk)
  d=$(mktemp -d "$WORK/run/ovl.XXXXXX"); mkdir -p "$d"/{l,u,w,m}
  if mount -t overlay overlay -o "lowerdir=$d/l,upperdir=$d/u,workdir=$d/w" "$d/m" 2>/dev/null; then
    umount "$d/m"; driver=overlay
  fi
  rm -rf "$d"
  printf '[storage]\ndriver = "%s"\ngraphroot = "%s"\nrunroot = "%s"\n' \
    "$driver" "$WORK/storage" "$WORK/run/storage" >"$WORK/etc/storage.conf"
  cat >"$WORK/etc/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$WORK/run/libpod"
EOF
  export CONTAINERS_STORAGE_CONF="$WORK/etc/storage.conf" CONTAINERS_CONF="$WORK/etc/containers.conf"
  export BUILDAH_ISOLATION=chroot
  CTR=(podman)
  # `podman build` fails at the first RUN here; buildah with chroot isolation works.
  build() {
    timeout 1200 buildah bud --isolation chroot --pull=never --format docker --layers \
      -f "$DOCKERFILE" -t "$IMAGE" "$ROOT"
  }
  log "$(podman --version), $(buildah --version | cut -d' ' -f1-3), storage $driver in $WORK/storage"
  debian_slim_image
  bun_image
}

# debian:bookworm-slim: debootstrap minbase from the host's Debian mirror, trimmed like -slim.
debian_slim_image() {
  local base=docker.io/library/debian:bookworm-slim tarball=$WORK/cache/debian-bookworm-slim.tar
  podman image exists "$base" && return 0
  local mirror security r="$WORK/rootfs" s=$SECONDS
  mirror=$(apt_uri 'debian/?$' security); mirror=${mirror:-http://deb.debian.org/debian}
  security=$(apt_uri security); security=${security:-http://deb.debian.org/debian-security}
  if [ ! -s "$tarball" ]; then
    log "debootstrap --variant=minbase bookworm from $mirror"
    rm -rf "$r"
    timeout 900 debootstrap --variant=minbase bookworm "$r" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
      { tail -20 "$WORK/debootstrap.log"; die debootstrap; }
    rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* \
      "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/* \
      "$r"/var/log/apt/* "$r"/var/log/*.log "$r"/etc/apt/sources.list
    find "$r"/usr/share/doc -type f ! -name copyright -delete
    mkdir -p "$r"/etc/dpkg/dpkg.cfg.d
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
      'path-exclude /usr/share/locale/*' >"$r"/etc/dpkg/dpkg.cfg.d/docker
    printf 'Types: deb\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: %s\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" "$security" >"$r"/etc/apt/sources.list.d/debian.sources
    tar --numeric-owner -C "$r" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$r"
  fi
  podman import --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$tarball" "$base" >/dev/null
  log "made $base in $((SECONDS - s))s"
}

# The first deb822 or one-line URI among the host's apt sources matching $1 and not $2.
apt_uri() {
  { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{ print $2 }'
    grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E 's/\[[^]]*\]//' | awk '{ print $2 }'; } | grep -E "$1" | grep -vE "${2:-^$}" | head -1 || true
}

# A stand-in for Docker Hub's oven/bun:<version> (same paths, user and entrypoint), with the
# binary from the npm `bun` package: the project's own node_modules after `npm ci`, else a
# private install in $WORK. The version is the one the Dockerfile names.
bun_image() {
  local version bin="" c dir ctx
  version=$(sed -nE 's|^FROM oven/bun:([0-9.]+).*|\1|p' "$DOCKERFILE" | head -1)
  [ -n "$version" ] || die "no FROM oven/bun:<version> in $DOCKERFILE"
  local img=docker.io/oven/bun:$version
  podman image exists "$img" && return 0
  dir=$WORK/cache/bun-npm-$version
  for c in "$ROOT/node_modules/bun/bin/bun.exe" "$dir/node_modules/bun/bin/bun.exe"; do
    [ -x "$c" ] && [ "$("$c" --version 2>/dev/null)" = "$version" ] && { bin=$c; break; }
  done
  if [ -z "$bin" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm init -y >/dev/null && npm i --no-audit --no-fund "bun@$version" >npm.log 2>&1) ||
      die "npm i bun@$version (see $dir/npm.log)"
    bin=$dir/node_modules/bun/bin/bun.exe
    [ "$("$bin" --version 2>/dev/null)" = "$version" ] || die "no bun $version binary from npm"
  fi
  ctx=$WORK/ctx/oven-bun; rm -rf "$ctx"; mkdir -p "$ctx"
  cp "$bin" "$ctx/bun"
  local ca=""
  if [ -n "$HOST_CA" ] && [ -s "$HOST_CA" ]; then
    # Only in this local stand-in, never in the project's Dockerfile.
    cp "$HOST_CA" "$ctx/ca.crt"
    ca=$'COPY ca.crt /etc/ssl/certs/ca-certificates.crt\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'
  fi
  printf '#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ]; then set -- bun "$@"; fi\nexec "$@"\n' \
    >"$ctx/docker-entrypoint.sh"
  cat >"$ctx/Dockerfile" <<EOF
FROM docker.io/library/debian:bookworm-slim
ENV BUN_RUNTIME_TRANSPILER_CACHE_PATH=0 BUN_INSTALL_BIN=/usr/local/bin
$ca
COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY --chmod=0755 bun /usr/local/bin/bun
RUN mkdir -p /usr/local/bun-node-fallback-bin && ln -s /usr/local/bin/bun /usr/local/bun-node-fallback-bin/node \\
 && groupadd bun --gid 1000 && useradd bun --uid 1000 --gid bun --shell /bin/sh --create-home \\
 && ln -s /usr/local/bin/bun /usr/local/bin/bunx && bun --version
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/bun-node-fallback-bin
WORKDIR /home/bun/app
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["/usr/local/bin/bun"]
EOF
  buildah bud --isolation chroot --pull=never --format docker --layers -q -t "$img" "$ctx" \
    >"$WORK/oven-bun-build.log" 2>&1 || { cat "$WORK/oven-bun-build.log"; die "stand-in $img"; }
  log "made stand-in $img from $bin"
}

# ------------------------------------------------------------------ engine
if [ "$ENGINE" = auto ]; then
  ENGINE=podman
  command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1 && ENGINE=docker
fi
if [ "$ENGINE" = docker ]; then
  CTR=(docker)
  build() { timeout 1200 docker build -f "$DOCKERFILE" -t "$IMAGE" "$ROOT"; }
else
  podman_setup   # packages, storage/runtime config, local base images; defines CTR and build
fi
log "engine: $ENGINE"

# ------------------------------------------------------------------ build
s=$SECONDS
log "build $IMAGE from $DOCKERFILE"
build >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; die "image build (log: $WORK/build.log)"; }
BUILD_S=$((SECONDS - s))
ok "built in ${BUILD_S}s"

inspect() { "${CTR[@]}" image inspect --format "$1" "$IMAGE"; }
bytes=$(inspect '{{.Size}}')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
# Over the limit, the other checks still run (their results say more), and the run fails at the end.
OVERSIZE=""
if ((bytes <= MAX_IMAGE_MB * 1000000)); then
  ok "image size $mb MB (limit $MAX_IMAGE_MB MB)"
else
  OVERSIZE="image is $mb MB, over $MAX_IMAGE_MB MB"
  log "$OVERSIZE (failing at the end)"
fi
user=$(inspect '{{.Config.User}}')
[ -n "$user" ] && [ "${user%%:*}" != 0 ] && [ "${user%%:*}" != root ] || die "image USER is '$user'"
inspect '{{json .Config.ExposedPorts}}' | grep -q '"3000/tcp"' || die "EXPOSE 3000 missing"
inspect '{{json .Config.Volumes}}' | grep -q '"/data"' || die "VOLUME /data missing"
inspect '{{json .Config.Healthcheck}}' | grep -q 'healthcheck' || die "HEALTHCHECK missing"
ok "USER $user, EXPOSE 3000, VOLUME /data, HEALTHCHECK declared"
# The runtime stage must hold the binary only: no Bun, no node_modules, no source tree.
leftovers=$("${CTR[@]}" run --rm --pull=never --entrypoint /bin/sh "$IMAGE" -c \
  'find / -xdev \( -name node_modules -o -name package.json -o -name "*.ts" -o -name bun \) -print 2>/dev/null | head -5' 2> >(quiet))
[ -z "$leftovers" ] || die "image contains build leftovers: $leftovers"
ok "no node_modules, package.json, .ts sources or bun in the image"

# ------------------------------------------------------------------ run
# Free means no socket at all on it, not only no listener: a client's connection can hold the
# same local port (ephemeral ports run 32768-60999 here), and the server's bind then fails. The
# default start lies below that range for the same reason.
port_free() { ! ss -Htan "sport = :$1" | grep -q .; }
if [ -z "$PORT" ]; then
  PORT=18300
  until port_free "$PORT"; do PORT=$((PORT + 1)); done
fi
port_free "$PORT" || die "port $PORT is in use"
BASE="http://127.0.0.1:$PORT"

remove_ours   # what an interrupted earlier run left
"${CTR[@]}" volume create "$VOLUME" >/dev/null

# Host networking, so the server sees the test's requests from 127.0.0.1: that is the trusted
# proxy, and its X-Forwarded-For names the visitor. HOST=127.0.0.1 keeps it off other interfaces.
start_new() {
  "${CTR[@]}" run -d --name "$NAME" --pull=never --network host --health-interval=2s \
    -e HOST=127.0.0.1 -e PORT="$PORT" -e TRUSTED_PROXIES=127.0.0.1/32 \
    -v "$VOLUME:/data" "$IMAGE" >/dev/null 2> >(quiet)
}
wait_healthz() {
  local end=$((SECONDS + START_TIMEOUT))
  until curl -fsS -m 2 -o "$WORK/healthz.json" "$BASE/healthz" 2>/dev/null; do
    if ((SECONDS >= end)) || [ "$("${CTR[@]}" inspect --format '{{.State.Running}}' "$NAME")" != true ]; then
      "${CTR[@]}" logs "$NAME" 2>&1 | tail -30
      die "no answer on $BASE/healthz ($1)"
    fi
    sleep 0.5
  done
}
# The image's own HEALTHCHECK (the binary's `healthcheck`), not just our curl.
run_healthcheck() {
  local end=$((SECONDS + 60))
  if [ "$ENGINE" = docker ]; then
    until [ "$(docker inspect --format '{{.State.Health.Status}}' "$NAME")" = healthy ]; do
      ((SECONDS < end)) || die "HEALTHCHECK never passed"
      sleep 1
    done
  else
    # No systemd here, so podman never runs it by itself.
    until podman healthcheck run "$NAME" >/dev/null 2>&1; do
      ((SECONDS < end)) || die "HEALTHCHECK never passed"
      sleep 1
    done
  fi
}
in_ctr() { "${CTR[@]}" exec "$NAME" "$@" 2> >(quiet); }
# SIGTERM (the image's STOPSIGNAL) must end `serve` cleanly well before the kill timeout.
stop_clean() {
  local s=$SECONDS ec
  "${CTR[@]}" stop -t 30 "$NAME" >/dev/null 2> >(quiet)
  ec=$("${CTR[@]}" inspect --format '{{.State.ExitCode}}' "$NAME")
  [ "$ec" = 0 ] || { "${CTR[@]}" logs "$NAME" 2>&1 | tail -20; die "exit code $ec after SIGTERM ($1)"; }
  ok "SIGTERM: exit 0 after $((SECONDS - s))s ($1)"
}
visits_has_company() {
  in_ctr leadlens visits --json --site "$SITE_KEY" >"$WORK/visits.json" || die "visits command failed"
  grep -q "$COMPANY" "$WORK/visits.json" || { cat "$WORK/visits.json"; die "$COMPANY not in visits ($1)"; }
}

s=$SECONDS
start_new
wait_healthz "first start"
FIRST_START_S=$((SECONDS - s))
ok "/healthz answers after ${FIRST_START_S}s (first start imports the bundled dataset)"
grep -q '"status":"ok"' "$WORK/healthz.json" || die "healthz: $(cat "$WORK/healthz.json")"
run_healthcheck
ok "HEALTHCHECK passes"
uid=$(in_ctr awk '/^Uid:/ { print $2 }' /proc/1/status)
owner=$(in_ctr stat -c %u /data/leadlens.db)
[ "$uid" != 0 ] && [ "$owner" = "$uid" ] || die "server uid '$uid', database owner '$owner'"
ok "server runs as uid $uid and owns /data/leadlens.db"

site=$(in_ctr leadlens sites add --name "Container test" --domain "$SITE_HOST") || die "sites add"
SITE_KEY=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' <<<"$site")
[ -n "$SITE_KEY" ] || die "sites add printed no key: $site"
# A pageview as the tracker sends it, from `127.0.0.1` (the trusted proxy) on behalf of $1.
beacon() {
  local code
  code=$(curl -sS -m 10 -o "$WORK/beacon.txt" -D "$WORK/beacon.headers" -w '%{http_code}' \
    -H 'content-type: text/plain' -H "user-agent: $UA" -H "origin: https://$SITE_HOST" \
    -H "x-forwarded-for: $1" --data-binary \
    "{\"s\":\"$SITE_KEY\",\"u\":\"https://$SITE_HOST/pricing\",\"t\":\"Pricing\",\"w\":1440}" \
    "$BASE/e")
  [ "$code" = 202 ] || { cat "$WORK/beacon.headers" "$WORK/beacon.txt"; die "beacon answered $code"; }
}
# The control: an ISP's customer is counted, never a lead. If every beacon became a visit (or
# none did), one of the two checks below fails.
beacon "$ISP_IP"
beacon "$BUSINESS_IP"
visits_has_company "after the beacon"
if grep -q "$ISP" "$WORK/visits.json"; then die "an ISP address ($ISP) became a visit"; fi
ok "beacon via X-Forwarded-For $BUSINESS_IP is a visit of $COMPANY; $ISP_IP ($ISP) is not"

# Privacy invariant: the visitors' addresses are nowhere at rest, nor in the log.
for ip in "$BUSINESS_IP" "$ISP_IP"; do
  if in_ctr grep -rlF "$ip" /data >/dev/null; then die "a visitor IP is stored under /data"; fi
  if "${CTR[@]}" logs "$NAME" 2>&1 | grep -qF "$ip"; then die "a visitor IP is in the log"; fi
done
ok "the visitor's IP is neither under /data nor in the log"

stop_clean "first run"
s=$SECONDS
"${CTR[@]}" start "$NAME" >/dev/null 2> >(quiet)
wait_healthz "restart"
RESTART_S=$((SECONDS - s))
visits_has_company "after a restart"
[ "$("${CTR[@]}" logs "$NAME" 2>&1 | grep -c 'first start: importing')" = 1 ] ||
  die "the dataset was imported again on restart"
ok "restart: healthy after ${RESTART_S}s, visit kept, no second import"

# An upgrade is a new container on the same volume.
stop_clean "before re-creating"
"${CTR[@]}" rm -f "$NAME" >/dev/null 2> >(quiet)
start_new
wait_healthz "new container"
visits_has_company "in a new container on the same volume"
ok "a new container on the same volume keeps the site and the visit"
stop_clean "new container"

# The healthcheck must be able to fail: with no server listening it exits non-zero.
if "${CTR[@]}" run --rm --pull=never --network host -e PORT="$PORT" --entrypoint \
  /usr/local/bin/leadlens "$IMAGE" healthcheck >/dev/null 2>&1; then
  die "healthcheck exits 0 with no server running"
fi
ok "healthcheck exits non-zero with no server"

[ -z "$OVERSIZE" ] || die "$OVERSIZE"
log "timings: build ${BUILD_S}s, first start ${FIRST_START_S}s, restart ${RESTART_S}s, total $((SECONDS - T0))s; image $mb MB"
echo "container-test: $PASSED passed, 0 failed"
