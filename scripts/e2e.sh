#!/usr/bin/env bash
# The browser story (web/e2e/story.mjs) against a fresh server built from this checkout:
# builds the web UI and the release binary, starts the server on a free loopback port in a new
# temporary folder (its own SQLite database, token store and JWT secret) with 3-second access
# tokens, runs the story, and always stops the server and removes the folder. Exits with the
# story's status. Works from a clean clone; installs Chromium from Debian's packages if missing.
#
# E2E_BACKEND=postgres runs the same story on PostgreSQL + Redis (the read cache on): a database
# and a Redis key prefix of its own (PGHOST/PGPORT/PGUSER, REDIS_HOST/REDIS_PORT; defaults are the
# local services), both removed on exit; its screenshots go to a temporary folder, not docs/.
set -euo pipefail

log() { printf 'e2e: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
web="$root/web"
# TASKTRACKER_BIN: a server binary already built (the UI is served from web/dist either way).
bin="${TASKTRACKER_BIN:-$("$root/scripts/target-dir.sh")/release/tasktracker}"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

backend=${E2E_BACKEND:-sqlite}
case "$backend" in
  sqlite | postgres) ;;
  *) die "E2E_BACKEND must be sqlite or postgres, not $backend" ;;
esac

command -v node >/dev/null || die "node is not installed (the web UI needs Node.js >= 20.19)"
command -v npm >/dev/null || die "npm is not installed"
command -v cargo >/dev/null || die "cargo is not installed"

if [ ! -x "$chromium" ]; then
  command -v apt-get >/dev/null || die "no Chromium at $chromium and no apt-get to install it"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "no Chromium at $chromium; installing it needs root"
    sudo=(sudo)
  fi
  log "installing Chromium from Debian's packages"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  [ -x "$chromium" ] || die "Chromium was installed but is not at $chromium (set CHROMIUM_PATH)"
fi
export CHROMIUM_PATH="$chromium"

# npm writes node_modules/.package-lock.json on every install: older than the lock file means
# the dependencies changed since.
installed="$web/node_modules/.package-lock.json"
if [ ! -f "$installed" ] || [ "$web/package-lock.json" -nt "$installed" ]; then
  log "installing the web UI's dependencies (npm ci)"
  (cd "$web" && npm ci)
fi

log "building the web UI"
(cd "$web" && npm run build)

if [ -z "${TASKTRACKER_BIN:-}" ]; then
  log "building the server (release)"
  (cd "$root" && cargo build --release --locked)
fi
[ -x "$bin" ] || die "cargo built no $bin"

workdir=$(mktemp -d "${TMPDIR:-/tmp}/tasktracker-e2e.XXXXXX")
server_pid=""
backend_env=()
database=""
redis_prefix=""
pg=(-X -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}")
redis=(-h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}")

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # Graceful shutdown drains requests; do not wait for ever.
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$database" ]; then
    psql "${pg[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null || true
  fi
  if [ -n "$redis_prefix" ]; then
    # This run's keys only: the Redis is shared, never flushed.
    redis-cli "${redis[@]}" --scan --pattern "${redis_prefix}*" | xargs -r -n 500 redis-cli "${redis[@]}" UNLINK >/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_server_log() {
  log "server log ($workdir/server.log), last 100 lines:"
  tail -n 100 "$workdir/server.log" >&2 || true
}

# A port the kernel just handed out and released: free, barring a race with another process.
port=$(node -e '
  const server = require("node:net").createServer();
  server.listen(0, "127.0.0.1", () => {
    console.log(server.address().port);
    server.close();
  });
')
base_url="http://127.0.0.1:$port"
# The story's own SMTP sink (web/e2e/smtp-sink.mjs) listens here, so the server's emails (the
# password reset's link) reach the story.
smtp_port=$(node -e '
  const server = require("node:net").createServer();
  server.listen(0, "127.0.0.1", () => {
    console.log(server.address().port);
    server.close();
  });
')

if [ "$backend" = postgres ]; then
  run="e2e_$(date +%s)_$$"
  database="tasktracker_$run"
  redis_prefix="tasktracker-$run:"
  psql "${pg[@]}" -d postgres -c "CREATE DATABASE \"$database\"" >/dev/null || die "cannot create $database"
  backend_env=(
    DATABASE_URL="postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$database"
    REDIS_URL="redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379}"
    REDIS_KEY_PREFIX="$redis_prefix"
  )
  export SCREENSHOT_DIR="$workdir/screenshots"
fi

log "starting the server ($backend) on $base_url in $workdir"
# Only the settings below: a DATABASE_URL or REDIS_URL meant for the Rust test suite must not
# point this run at a shared database.
(
  cd "$workdir"
  exec env -u DATABASE_URL -u REDIS_URL -u REDIS_KEY_PREFIX -u JWT_SECRET -u DATA_DIR \
    -u SMTP_URL -u REFRESH_TOKEN_TTL_SECS -u LOGIN_MAX_FAILURES \
    BIND_ADDR="127.0.0.1:$port" \
    SMTP_URL="smtp://127.0.0.1:$smtp_port" \
    COOKIE_SECURE=false \
    BCRYPT_COST=10 \
    ACCESS_TOKEN_TTL_SECS=3 \
    WEB_DIR="$web/dist" \
    RUST_LOG="${RUST_LOG:-info}" \
    "${backend_env[@]}" \
    "$bin" serve
) >"$workdir/server.log" 2>&1 &
server_pid=$!

healthy() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(1000) }).then(
      (response) => process.exit(response.ok ? 0 : 1),
      () => process.exit(1),
    );
  ' "$base_url/healthz"
}

deadline=$((SECONDS + 30))
until healthy; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    show_server_log
    die "the server exited before answering /healthz"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    show_server_log
    die "the server did not answer $base_url/healthz within 30 s"
  fi
  sleep 0.25
done
log "the server answers; running the story"

# The story's output is kept too: on a failure its verdict is printed again after the server's log,
# so that the last lines of a CI log name the failed step.
if (cd "$web" && BASE_URL="$base_url" SMTP_SINK_PORT="$smtp_port" npm run e2e) 2>&1 | tee "$workdir/story.log"; then
  status=0
else
  status=$?
  show_server_log
  if [ -n "${SCREENSHOT_DIR:-}" ] && [ -f "$SCREENSHOT_DIR/failure.png" ]; then
    cp "$SCREENSHOT_DIR/failure.png" "$root/e2e-failure-$backend.png"
    log "the failure screenshot is $root/e2e-failure-$backend.png"
  fi
  log "the story ($backend) failed:"
  grep -E '^e2e: (FAILED|also seen)' "$workdir/story.log" >&2 || tail -n 20 "$workdir/story.log" >&2
fi
exit "$status"
