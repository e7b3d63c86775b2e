#!/usr/bin/env bash
# The benchmark of issue 7 (`make bench`): from a clean clone, builds the release server and the
# load generator (bench/, its own cargo package), then on PostgreSQL + Redis:
#   - seeds 100 users (registered and logged in through the API) × 200 tasks (bulk SQL);
#   - measures the floor beside it: redis-benchmark GETs and pgbench running the list SELECT;
#   - drives list (with JWTs, and again with API tokens), profile, deep cursor page, create, patch, mixed and login at 64 connections,
#     and list beside a login storm, from a separate process on loopback;
#   - measures one bcrypt verify at cost 12 and the login bound it sets;
# then the SQLite default (no DATABASE_URL, no REDIS_URL, temp working dir) under list and
# profile, and a 1,000,000-task dataset (1,000 users × 1,000 tasks) for the first page, a deep
# cursor page and EXPLAIN (ANALYZE, BUFFERS) of both. Prints one summary table at the end.
#
# Everything it creates is its own: uniquely named databases, a unique REDIS_KEY_PREFIX (deleted
# with SCAN + DEL, never FLUSH*), a temp directory; all removed on exit, failure or Ctrl-C.
#
# Knobs (environment): BENCH_DURATION (s per scenario, 10), BENCH_WARMUP (s, 1),
# BENCH_CONNECTIONS (64), BENCH_ROUNDS (floor + list + profile repetitions, 3),
# BENCH_BIG_ROUNDS (1M-vs-small comparisons, 2), BENCH_QUICK=1 (PostgreSQL reads only),
# BENCH_STORM_CONNECTIONS (login connections beside list, 16), BENCH_BIG_USERS (1000),
# BENCH_BIG_TASKS_PER_USER (1000), BENCH_LOADGEN_THREADS (1), BENCH_DB_MAX_CONNECTIONS (unset:
# the server's default), BENCH_SKIP_BUILD=1, BENCH_KEEP_WORK=1 (keep logs and JSON lines),
# PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres), REDIS_HOST/REDIS_PORT (127.0.0.1/6379).
set -Eeuo pipefail
export RUST_BACKTRACE=0 RUST_LIB_BACKTRACE=0

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CARGO=${CARGO:-cargo}
# The server's target folder for the load generator too (bench/ is a workspace of its own).
CARGO_TARGET_DIR=$(CARGO=$CARGO scripts/target-dir.sh)
export CARGO_TARGET_DIR

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-1}
CONNS=${BENCH_CONNECTIONS:-64}
ROUNDS=${BENCH_ROUNDS:-3}
BIG_ROUNDS=${BENCH_BIG_ROUNDS:-2}
STORM_CONNS=${BENCH_STORM_CONNECTIONS:-16}
USERS=100
TASKS_PER_USER=200
DEEP_PAGE=4 # of 200 tasks at 50 a page: the last page of the small dataset
BIG_USERS=${BENCH_BIG_USERS:-1000}
BIG_TASKS_PER_USER=${BENCH_BIG_TASKS_PER_USER:-1000}
DEEP_PAGE_BIG=$(((BIG_TASKS_PER_USER + 49) / 50)) # the last page of 1,000 tasks
LOADGEN_THREADS=${BENCH_LOADGEN_THREADS:-1}
PASSWORD='bench-password-0123456789'

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT"

RUN_ID="$(date +%Y%m%d%H%M%S)_$$"
DB_SMALL="ttbench_${RUN_ID}_small"
DB_BIG="ttbench_${RUN_ID}_big"
PREFIX="ttbench:${RUN_ID}:"
JWT_SECRET_VALUE="ttbench-secret-$RUN_ID-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ttbench.XXXXXX")
RESULTS="$WORK/results.jsonl"
BIN="$CARGO_TARGET_DIR/release/tasktracker"
TTBENCH="$CARGO_TARGET_DIR/release/ttbench"
# Servers this script started: name → pid (stopped by name, or all by cleanup).
declare -A SERVER_PIDS=() SERVER_ADDRS=()
SERVER_PID=""
ADDR=""

log() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }
die() {
  printf 'bench: ERROR: %s\n' "$*" >&2
  exit 1
}

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

stop_server() { # NAME
  local pid=${SERVER_PIDS[$1]:-}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  unset "SERVER_PIDS[$1]"
}

delete_redis_keys() {
  # SCAN + DEL on this run's prefix only; the shared Redis keeps everyone else's keys.
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" 2>/dev/null |
    xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" UNLINK >/dev/null 2>&1 || true
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  local name
  for name in "${!SERVER_PIDS[@]}"; do stop_server "$name"; done
  for db in "$DB_SMALL" "$DB_BIG"; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
  done
  delete_redis_keys
  local left
  left=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" 2>/dev/null | wc -l)
  [ "$left" = 0 ] || log "warning: $left Redis keys under $PREFIX remain"
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ] || [ "$rc" != 0 ]; then
    log "logs and results kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  [ "$rc" = 0 ] || log "failed (exit $rc); cleaned up databases, Redis keys and the server"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Time spent per phase, for the summary.
PHASE_NAME=""
PHASE_START=0
phase() {
  local now
  now=$(date +%s%N)
  if [ -n "$PHASE_NAME" ]; then
    printf '{"kind":"phase","name":"%s","seconds":%d.%03d}\n' "$PHASE_NAME" \
      $(((now - PHASE_START) / 1000000000)) $((((now - PHASE_START) / 1000000) % 1000)) >>"$RESULTS"
  fi
  PHASE_NAME=$1
  PHASE_START=$now
  [ -z "$1" ] || log "== $1"
}

# start_server NAME DIR [VAR=value…]: the release server, alone in a clean environment.
start_server() {
  local name=$1 dir=$2
  shift 2
  local port
  port=$("$TTBENCH" free-port)
  ADDR="127.0.0.1:$port"
  mkdir -p "$dir"
  # ACCESS_TOKEN_TTL_SECS: one hour, so the seeded tokens outlive the run whatever its length.
  (cd "$dir" && exec env -i PATH="$PATH" HOME="${HOME:-/root}" \
    BIND_ADDR="$ADDR" RUST_LOG=warn BCRYPT_COST=12 COOKIE_SECURE=false \
    LOGIN_MAX_FAILURES=1000000 REGISTER_MAX_PER_CLIENT=1000000 ACCESS_TOKEN_TTL_SECS=3600 \
    ${BENCH_DB_MAX_CONNECTIONS:+DATABASE_MAX_CONNECTIONS=$BENCH_DB_MAX_CONNECTIONS} \
    "$@" "$BIN" serve --no-worker) >"$WORK/server-$name.log" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS[$name]=$SERVER_PID
  SERVER_ADDRS[$name]=$ADDR
  if ! "$TTBENCH" wait-ready --addr "$ADDR" --timeout 60; then
    tail -n 30 "$WORK/server-$name.log" >&2
    die "the $name server did not become ready"
  fi
  log "$name server pid $SERVER_PID on $ADDR"
}

# load SERVER TAG ROUND USERS_FILE [ttbench run flags…]: one timed run against the named server;
# appends its JSON lines.
load() {
  local server=$1 tag=$2 round=$3 users=$4
  shift 4
  local pid=${SERVER_PIDS[$server]}
  kill -0 "$pid" 2>/dev/null || die "the $server server (pid $pid) is gone; see $WORK"
  "$TTBENCH" run --threads "$LOADGEN_THREADS" --addr "${SERVER_ADDRS[$server]}" --users "$users" --server-pid "$pid" \
    --tag "$tag" --round "$round" --duration "$DURATION" --warmup "$WARMUP" --password "$PASSWORD" "$@" >>"$RESULTS"
}

measure_floor() { # ROUND MINUID MAXUID
  local round=$1 minuid=$2 maxuid=$3 redis_rps="" pg_tps="" attempt
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" SET "${PREFIX}floor" \
    '{"user_id":1,"session_id":"0123456789abcdef0123456789abcdef"}' EX 3600 >/dev/null
  # About as many requests as a few seconds take; redis-benchmark is bounded by count, not time.
  redis_rps=$(redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -c "$CONNS" -n "${BENCH_REDIS_REQUESTS:-200000}" \
    --csv GET "${PREFIX}floor" | awk -F'","' 'NR == 2 { print $2 }') || true
  [ -n "$redis_rps" ] || die "redis-benchmark gave no rate"
  # pgbench needs $CONNS connections at once from a PostgreSQL that others share: when it is
  # refused for lack of slots, wait and try again rather than report nothing.
  # Planned as the server's connections plan it (SESSION_SETTINGS in src/store/postgres.rs).
  for attempt in 1 2 3 4 5; do
    pg_tps=$(PGOPTIONS="-c plan_cache_mode=force_generic_plan" "$PGBENCH" -n -M prepared -c "$CONNS" -j 2 -T "$DURATION" -f bench/sql/list.pgbench \
      -D minuid="$minuid" -D maxuid="$maxuid" "$DB_SMALL" 2>"$WORK/pgbench.err" |
      sed -n 's/^tps = \([0-9.]*\) .*/\1/p') || true
    [ -z "$pg_tps" ] || break
    grep -q 'too many clients' "$WORK/pgbench.err" || break
    log "pgbench: PostgreSQL has no $CONNS free connections (shared server); retrying in 10 s ($attempt/5)"
    sleep 10
  done
  [ -n "$pg_tps" ] || {
    cat "$WORK/pgbench.err" >&2
    die "pgbench gave no rate"
  }
  log "floor round $round: redis GET ${redis_rps}/s, pgbench list SELECT ${pg_tps}/s"
  printf '{"kind":"floor","round":%s,"redis_get_rps":%s,"pgbench_tps":%s}\n' "$round" "$redis_rps" "$pg_tps" >>"$RESULTS"
}

# explain DB UID PAGE: EXPLAIN (ANALYZE, BUFFERS) of the first page and of page PAGE for UID.
explain() {
  local db=$1 uid=$2 page=$3 boundary ts id out
  # The last row of the page before PAGE: what that page's cursor encodes. (OFFSET here only
  # finds the boundary for the EXPLAIN; the server never uses OFFSET.)
  boundary=$(psql -X -At -d "$db" -c "SELECT created_at, id FROM tasks WHERE created_by = $uid \
    ORDER BY created_at DESC, id DESC OFFSET $(((page - 1) * 50 - 1)) LIMIT 1")
  ts=${boundary%|*}
  id=${boundary#*|}
  out="$WORK/explain.txt"
  psql -X -d "$db" -v uid="$uid" -v ts="$ts" -v id="$id" -f bench/sql/explain.sql >"$out"
  printf '\n%s\n' "EXPLAIN (ANALYZE, BUFFERS) on $BIG_USERS users × $BIG_TASKS_PER_USER tasks, user $uid (generic plan of the prepared statements):" >&2
  cat "$out" >&2
  local name section
  for name in "first page" "deep page"; do
    section=$(awk -v want="--- $name" '/^--- / { on = ($0 ~ want) } on' "$out")
    local node rows exec_ms hit read ok=true
    node=$(grep -m1 -oE '(Index|Index Only|Bitmap Heap|Seq) Scan( Backward)?( using [a-z_]+)? on [a-z_]+' <<<"$section" || echo '?')
    rows=$(grep -m1 -oE 'Limit .*actual time=[0-9.]+\.\.[0-9.]+ rows=[0-9]+' <<<"$section" | sed 's/.*rows=//' || true)
    exec_ms=$(grep -m1 -oE 'Execution Time: [0-9.]+' <<<"$section" | awk '{ print $3 }' || true)
    hit=$(grep -m1 -oE 'shared hit=[0-9]+' <<<"$section" | cut -d= -f2 || true)
    read=$(grep -m1 -oE 'shared( hit=[0-9]+)? read=[0-9]+' <<<"$section" | sed 's/.*read=//' || true)
    if grep -qE 'Seq Scan|OFFSET|Offset' <<<"$section" || ! grep -q 'Index Scan' <<<"$section"; then ok=false; fi
    local shown="$name (page 1)"
    [ "$name" = "first page" ] || shown="$name (page $page)"
    printf '{"kind":"explain","name":"%s","node":"%s","rows":%s,"exec_ms":%s,"hit":%s,"read":%s,"ok":%s}\n' \
      "$shown" "$node" "${rows:-null}" "${exec_ms:-null}" "${hit:-0}" "${read:-0}" "$ok" >>"$RESULTS"
  done
}

# ---------------------------------------------------------------------------------------------
phase "checks"
for tool in psql redis-cli redis-benchmark; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: postgresql-client, redis-tools)"
done
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true)
[ -x "$PGBENCH" ] || die "pgbench is missing (it ships with Debian's postgresql package)"
./scripts/ensure-services.sh
: >"$RESULTS"

phase "build"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  $CARGO build --release --locked
  $CARGO build --release --locked --manifest-path bench/Cargo.toml
fi
[ -x "$BIN" ] && [ -x "$TTBENCH" ] || die "missing $BIN or $TTBENCH"

printf '{"kind":"meta","date":"%s","cores":%s,"connections":%s,"duration":%s,"warmup":%s,"commit":"%s","loadgen_threads":%s,"db_max_connections":%s,"deep_page":%s,"deep_page_big":%s,"big_users":%s,"big_tasks_per_user":%s,"storm_connections":%s,"loadavg_start":"%s"}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "$CONNS" "$DURATION" "$WARMUP" \
  "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$LOADGEN_THREADS" \
  "$(if [ -n "${BENCH_DB_MAX_CONNECTIONS:-}" ]; then echo "\"$BENCH_DB_MAX_CONNECTIONS\""; else echo null; fi)" \
  "$DEEP_PAGE" "$DEEP_PAGE_BIG" "$BIG_USERS" "$BIG_TASKS_PER_USER" "$STORM_CONNS" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

# --- PostgreSQL + Redis, 100 users × 200 tasks -----------------------------------------------
phase "pg seed"
psql_q -d postgres -c "CREATE DATABASE \"$DB_SMALL\"" >/dev/null
start_server pg "$WORK/pg" DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB_SMALL" \
  REDIS_URL="$REDIS_URL" REDIS_KEY_PREFIX="$PREFIX" JWT_SECRET="$JWT_SECRET_VALUE"
"$TTBENCH" seed-users --addr "$ADDR" --prefix "u$RUN_ID" --password "$PASSWORD" --users "$USERS" \
  --concurrency 4 --out "$WORK/users-pg.json"
psql_q -d "$DB_SMALL" -v per_user="$TASKS_PER_USER" -f bench/sql/seed_tasks.sql >&2
read -r MINUID MAXUID < <(psql -X -At -F ' ' -d "$DB_SMALL" -c "SELECT min(id), max(id) FROM users")
"$TTBENCH" cursors --addr "$ADDR" --users "$WORK/users-pg.json" --page "$DEEP_PAGE" --out "$WORK/users-pg-deep.json"
# The same, with the Redis read cache off (CACHE_TTL_SECS=0): every read goes to PostgreSQL.
start_server pg-nc "$WORK/pg-nc" DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB_SMALL" \
  REDIS_URL="$REDIS_URL" REDIS_KEY_PREFIX="$PREFIX" JWT_SECRET="$JWT_SECRET_VALUE" CACHE_TTL_SECS=0

# The same users, each with an API token (tasks:read) in place of the JWT: what the token check
# costs on the list scenario.
python3 - "$ADDR" "$WORK/users-pg.json" "$WORK/users-pg-api.json" <<'PY'
import json, sys, urllib.request
addr, src, dst = sys.argv[1:]
users = json.load(open(src))
for user in users:
    body = json.dumps({"name": "bench", "scopes": ["tasks:read"]}).encode()
    request = urllib.request.Request(f"http://{addr}/api/v1/users/me/api-tokens", data=body, method="POST",
        headers={"Authorization": f"Bearer {user['token']}", "Content-Type": "application/json"})
    user["token"] = json.load(urllib.request.urlopen(request))["token"]
json.dump(users, open(dst, "w"))
PY

phase "pg reads"
for round in $(seq 1 "$ROUNDS"); do
  measure_floor "$round" "$MINUID" "$MAXUID"
  load pg pg "$round" "$WORK/users-pg.json" --scenario "list:$CONNS"
  load pg pg "$round" "$WORK/users-pg-api.json" --scenario "list:$CONNS:list-api-token"
  load pg pg "$round" "$WORK/users-pg.json" --scenario "profile:$CONNS"
  load pg-nc pg-nc "$round" "$WORK/users-pg.json" --scenario "list:$CONNS"
  load pg-nc pg-nc "$round" "$WORK/users-pg-api.json" --scenario "list:$CONNS:list-api-token"
  load pg-nc pg-nc "$round" "$WORK/users-pg.json" --scenario "profile:$CONNS"
done
load pg pg 0 "$WORK/users-pg-deep.json" --scenario "deep:$CONNS"

if [ "${BENCH_QUICK:-0}" = 1 ]; then
  # The loop while optimising: floor, list, profile and deep page only.
  phase ""
  printf '{"kind":"end","loadavg_end":"%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"
  "$TTBENCH" report --results "$RESULTS"
  exit 0
fi

phase "pg writes"
load pg pg 0 "$WORK/users-pg.json" --scenario "create:$CONNS"
load pg pg 0 "$WORK/users-pg.json" --scenario "patch:$CONNS"
load pg pg 0 "$WORK/users-pg.json" --scenario "mixed:$CONNS"

phase "pg login"
# The bound, measured just before: one verify at cost 12 (and all cores verifying at once).
"$TTBENCH" bcrypt-time --cost 12 --rounds 5 --parallel-secs 3 >>"$RESULTS"
# No warm-up: a login takes seconds at 64 connections, and every request started is counted.
load pg pg 0 "$WORK/users-pg.json" --warmup 0 --timeout 60 --scenario "login:$CONNS"
load pg pg 0 "$WORK/users-pg.json" --warmup 0 --timeout 60 \
  --scenario "list:$CONNS:storm-list" --scenario "login:$STORM_CONNS:storm-login"
# The PostgreSQL server stays up (idle) for the reference rows beside the 1M dataset.

# --- The embedded default: SQLite + the in-process token store --------------------------------
phase "sqlite"
start_server sqlite "$WORK/sqlite"
if command -v sqlite3 >/dev/null; then
  # Bulk, like PostgreSQL's tasks; cost-4 hashes, so logging the users in takes a second (list and
  # profile never hash; login cost is measured on PostgreSQL above).
  HASH4=$("$TTBENCH" bcrypt-hash --cost 4 --password "$PASSWORD")
  sed -e "s|@N@|$USERS|; s|@PER_USER@|$TASKS_PER_USER|; s|@PREFIX@|s$RUN_ID|; s|@HASH@|$HASH4|" bench/sql/seed_sqlite.sql |
    sqlite3 "$WORK/sqlite/data/tasktracker.db" >&2
  "$TTBENCH" seed-users --addr "$ADDR" --prefix "s$RUN_ID" --password "$PASSWORD" --users "$USERS" \
    --register false --concurrency 4 --out "$WORK/users-sqlite.json"
else
  log "no sqlite3 CLI: seeding SQLite through the API (slower)"
  "$TTBENCH" seed-users --addr "$ADDR" --prefix "s$RUN_ID" --password "$PASSWORD" --users "$USERS" \
    --concurrency 4 --out "$WORK/users-sqlite.json"
  "$TTBENCH" seed-tasks --addr "$ADDR" --users "$WORK/users-sqlite.json" --per-user "$TASKS_PER_USER" --concurrency 8
fi
load sqlite sqlite 0 "$WORK/users-sqlite.json" --scenario "list:$CONNS"
load sqlite sqlite 0 "$WORK/users-sqlite.json" --scenario "profile:$CONNS"
stop_server sqlite

# --- 1,000,000 tasks --------------------------------------------------------------------------
phase "1M seed"
psql_q -d postgres -c "CREATE DATABASE \"$DB_BIG\"" >/dev/null
env -i PATH="$PATH" DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB_BIG" RUST_LOG=warn "$BIN" migrate
# These users' hashes are cost 4, so that logging 1,000 of them in takes seconds: login cost is
# measured above; this dataset is about the list queries.
HASH4=$("$TTBENCH" bcrypt-hash --cost 4 --password "$PASSWORD")
psql_q -d "$DB_BIG" -v n="$BIG_USERS" -v prefix="b$RUN_ID" -v hash="$HASH4" -f bench/sql/seed_users.sql
psql_q -d "$DB_BIG" -v per_user="$BIG_TASKS_PER_USER" -f bench/sql/seed_tasks.sql >&2
# Cache off, like its reference (pg-nc): this compares the database's work on 200 vs 1,000,000 tasks.
start_server pg-1M "$WORK/pg-1M" DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB_BIG" \
  REDIS_URL="$REDIS_URL" REDIS_KEY_PREFIX="$PREFIX" JWT_SECRET="$JWT_SECRET_VALUE" CACHE_TTL_SECS=0
"$TTBENCH" seed-users --addr "$ADDR" --prefix "b$RUN_ID" --password "$PASSWORD" --users "$BIG_USERS" \
  --register false --concurrency 8 --out "$WORK/users-big.json"
"$TTBENCH" cursors --addr "$ADDR" --users "$WORK/users-big.json" --page "$DEEP_PAGE_BIG" --out "$WORK/users-big-deep.json"

phase "1M reads"
# Side by side with the small dataset (its server is still up), alternating, so that the
# comparison does not ride on the machine's drift.
for round in $(seq 1 "$BIG_ROUNDS"); do
  load pg-nc pg-nc "$round" "$WORK/users-pg.json" --scenario "list:$CONNS:list-ref"
  load pg-1M pg-1M "$round" "$WORK/users-big.json" --scenario "list:$CONNS"
  load pg-nc pg-nc "$round" "$WORK/users-pg-deep.json" --scenario "deep:$CONNS:deep-ref"
  load pg-1M pg-1M "$round" "$WORK/users-big-deep.json" --scenario "deep:$CONNS:deep-1M"
done
stop_server pg-1M
stop_server pg
stop_server pg-nc
explain "$DB_BIG" "$(psql -X -At -d "$DB_BIG" -c "SELECT id FROM users ORDER BY id OFFSET $((BIG_USERS / 2)) LIMIT 1")" "$DEEP_PAGE_BIG"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB_BIG\" WITH (FORCE)" >/dev/null

phase ""
printf '{"kind":"end","loadavg_end":"%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"
"$TTBENCH" report --results "$RESULTS"
