#!/usr/bin/env bash
# Compares release servers that differ in their code, on one machine whose speed wanders: runs
# them side by side on one PostgreSQL database (100 users × 200 tasks, each in their inbox, the
# read cache off) and gives them the load in short turns, the order rotated each round, so that
# a busy moment lands on all of them. Prints, per scenario, each server's req/s divided by the
# first server's in the same round: median and quartiles over the rounds.
#
#   scripts/bench-compare.sh NAME=path/to/tasktracker NAME=path/to/tasktracker [...]
#
# The first is the baseline. The binaries must agree on the migrations (the first one migrates).
# Separate scripts/bench.sh runs of one binary vary by ±25% here; this is how docs/SCALING.md
# compared the list's statement forms. Knobs: COMPARE_ROUNDS (12), COMPARE_TURN (s, 3),
# COMPARE_CONNECTIONS (64), COMPARE_SCENARIOS ("list deep": the first page and the 4th, by
# cursor). PGHOST/PGPORT/PGUSER and REDIS_HOST/REDIS_PORT as for scripts/bench.sh; its database
# and Redis keys are its own, removed on exit.
set -euo pipefail

log() { printf '\033[1mbench-compare:\033[0m %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
[ $# -ge 2 ] || die "usage: $0 NAME=path/to/tasktracker NAME=path/to/tasktracker [...]"
ROUNDS=${COMPARE_ROUNDS:-12}
TURN=${COMPARE_TURN:-3}
CONNS=${COMPARE_CONNECTIONS:-64}
SCENARIOS=${COMPARE_SCENARIOS:-list deep}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
export PGHOST PGPORT PGUSER
PASSWORD="benchmark password"

names=()
declare -A BIN ADDR PID
for arg in "$@"; do
  name=${arg%%=*}
  path=${arg#*=}
  [ "$name" != "$arg" ] && [ -n "$name" ] || die "not NAME=path: $arg"
  [ -x "$path" ] || die "no executable at $path (for $name)"
  [ -z "${BIN[$name]:-}" ] || die "$name is named twice"
  names+=("$name")
  BIN[$name]=$path
done

./scripts/ensure-services.sh
TTBENCH="$("$root/scripts/target-dir.sh")/release/ttbench"
if [ ! -x "$TTBENCH" ]; then
  log "building the load generator (bench/)"
  cargo build --release --locked --manifest-path bench/Cargo.toml
fi

run="$(date +%Y%m%d%H%M%S)_$$"
DB="ttcompare_$run"
PREFIX="ttcompare:$run:"
SECRET="ttcompare-$run-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ttcompare.XXXXXX")
created=0

cleanup() {
  local rc=$?
  for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  for name in "${!PID[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
  if [ "$created" = 1 ]; then
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  # This run's keys only: the Redis is shared, never flushed.
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" |
    xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" UNLINK >/dev/null 2>&1 || true
  if [ "$rc" != 0 ]; then log "failed (exit $rc); logs kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() {
  local name=$1 port
  port=$("$TTBENCH" free-port)
  ADDR[$name]="127.0.0.1:$port"
  (cd "$WORK" && exec env -i PATH="$PATH" HOME="${HOME:-/root}" BIND_ADDR="127.0.0.1:$port" \
    RUST_LOG=warn BCRYPT_COST=12 COOKIE_SECURE=false LOGIN_MAX_FAILURES=1000000 \
    REGISTER_MAX_PER_CLIENT=1000000 ACCESS_TOKEN_TTL_SECS=3600 CACHE_TTL_SECS=0 \
    DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB" REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT" \
    REDIS_KEY_PREFIX="$PREFIX" JWT_SECRET="$SECRET" "${BIN[$name]}" serve --no-worker) \
    >"$WORK/server-$name.log" 2>&1 &
  PID[$name]=$!
  "$TTBENCH" wait-ready --addr "${ADDR[$name]}" --timeout 60 ||
    die "the $name server did not become ready (see $WORK/server-$name.log)"
}

log "seeding $DB (100 users × 200 tasks)"
psql -X -q -d postgres -c "CREATE DATABASE \"$DB\""
created=1
start "${names[0]}"
"$TTBENCH" seed-users --addr "${ADDR[${names[0]}]}" --prefix "c$run" --password "$PASSWORD" \
  --users 100 --concurrency 4 --out "$WORK/users.json"
psql -X -q -d "$DB" -v per_user=200 -f bench/sql/seed_tasks.sql >&2
"$TTBENCH" cursors --addr "${ADDR[${names[0]}]}" --users "$WORK/users.json" --page 4 --out "$WORK/deep.json"
for name in "${names[@]:1}"; do start "$name"; done

log "$ROUNDS rounds of ${TURN} s turns, $CONNS connections: ${names[*]}"
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order by one each round, so that no server always follows the same one.
  shift_by=$((round % ${#names[@]}))
  order=("${names[@]:shift_by}" "${names[@]:0:shift_by}")
  for scenario in $SCENARIOS; do
    users="$WORK/users.json"
    [ "$scenario" = deep ] && users="$WORK/deep.json"
    for name in "${order[@]}"; do
      "$TTBENCH" run --threads 1 --addr "${ADDR[$name]}" --users "$users" --server-pid "${PID[$name]}" \
        --tag "$name" --round "$round" --duration "$TURN" --warmup 1 --password "$PASSWORD" \
        --scenario "$scenario:$CONNS" >>"$WORK/results.jsonl"
    done
  done
  log "round $round of $ROUNDS done"
done

python3 - "$WORK/results.jsonl" "${names[@]}" <<'PY'
import collections, json, statistics, sys
path, names = sys.argv[1], sys.argv[2:]
turns = collections.defaultdict(dict)
for line in open(path):
    row = json.loads(line)
    if row.get("kind") == "scenario":
        turns[(row["scenario"], row["round"])][row["tag"]] = row["rps"]
baseline = names[0]
print(f"req/s, and ÷ {baseline} in the same round (median, quartiles):")
for scenario in dict.fromkeys(s for s, _ in turns):
    rounds = [t for (s, _), t in sorted(turns.items()) if s == scenario and len(t) == len(names)]
    print(f"  {scenario} ({len(rounds)} rounds)")
    for name in names:
        rps = [t[name] for t in rounds]
        ratio = [t[name] / t[baseline] for t in rounds]
        q = statistics.quantiles(ratio, n=4) if len(ratio) > 1 else [ratio[0]] * 3
        print(f"    {name:12} median {statistics.median(rps):8,.0f}/s (range {min(rps):,.0f}–{max(rps):,.0f})"
              f"   ÷ {baseline}: median {statistics.median(ratio):.3f}, quartiles {q[0]:.3f}–{q[2]:.3f}")
PY
