# The two commands of the README: `make run` and `make test`.

SHELL := /bin/bash
CARGO ?= cargo
# Where cargo builds to (CARGO_TARGET_DIR, CARGO_BUILD_TARGET_DIR, .cargo/config or ./target), as
# cargo itself decides; asked when a recipe needs it.
TARGET_DIR = $(or $(shell CARGO='$(CARGO)' ./scripts/target-dir.sh),$(error scripts/target-dir.sh found no target directory))

.PHONY: run run-postgres test services lint test-postgres test-sqlite schemathesis web web-deps web-check e2e bench soak

## Build the UI and then the server that embeds it, and start it on http://127.0.0.1:8080 with the embedded default
## (SQLite and the embedded token store in ./data). Plain HTTP on loopback, so the cookie is not Secure.
run: web
	$(CARGO) build --release --locked
	COOKIE_SECURE=$${COOKIE_SECURE:-false} "$(TARGET_DIR)/release/tasktracker" serve

## The same on PostgreSQL and Redis at their default local addresses.
run-postgres: services web
	$(CARGO) build --release --locked
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tasktracker} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379} \
	COOKIE_SECURE=$${COOKIE_SECURE:-false} "$(TARGET_DIR)/release/tasktracker" serve

## Every check CI runs: formatting and lints (Rust and web), unit tests, the integration suite on
## both backend pairs, schemathesis against the OpenAPI document, the UI's tests, and the browser story.
test: services lint test-postgres test-sqlite schemathesis web-check e2e

services:
	./scripts/ensure-services.sh

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

# Unit tests, the checks of this Makefile and scripts/ (tests/tooling.rs), and the integration suite
# on PostgreSQL + Redis. The UI is built first: the binary embeds it, and a test asks for it.
test-postgres: web
	TEST_BACKEND=postgres $(CARGO) test --locked -- --skip embedded_only

# The integration suite again on SQLite + the embedded token store.
test-sqlite: web
	TEST_BACKEND=sqlite $(CARGO) test --locked --test api -- --skip postgres_only

# Property-based tests of every operation of /api/openapi.json against a live server.
schemathesis:
	$(CARGO) build --locked
	./scripts/schemathesis.sh

# The web UI's dependencies, from package-lock.json (npm rewrites node_modules/.package-lock.json
# on every install, so it tells whether the lock file changed since).
web-deps: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci

web: web-deps
	cd web && npm run build

# Also checks that the UI's API types are the ones generated from the server's OpenAPI document.
web-check: web-deps
	$(CARGO) build --locked
	cd web && TASKTRACKER_BIN="$(TARGET_DIR)/debug/tasktracker" npm run gen:api:check && npm run typecheck && npm run lint && npm run format:check && npm test

# The browser story in Debian's Chromium against the release binary (scripts/e2e.sh), on the
# embedded default and on PostgreSQL + Redis.
e2e:
	./scripts/e2e.sh
	E2E_BACKEND=postgres ./scripts/e2e.sh

## The benchmark of issue 7 (PostgreSQL + Redis, SQLite, 1M tasks; prints one table), then the
## reminder benchmarks of issue 12, each on SQLite and on PostgreSQL + Redis: catch-up (100,000
## reminders already due, delivered exactly once by one `tasktracker worker` on SQLite and two on
## PostgreSQL; the rate and each worker's peak RSS) and latency (fires_at → notification created_at,
## p50/p99/max over 100 reminders beside 100,000 pending ones); then the every-project list on
## PostgreSQL (project_lists: 100 users × 200 tasks against 1,000,000 tasks in 1,000 projects with
## every user in 20, first and deep page, p50/p99 and their ratio, EXPLAIN), and live updates on
## PostgreSQL + Redis (event_streams: 10,000 open GET /events streams, the server's memory per
## stream; a write on one server to 1,000 streams on another, p50/p99; it raises RLIMIT_NOFILE
## itself, the hard limit too where allowed); then the export of a 100,000-task account on SQLite and
## on PostgreSQL + Redis (export_memory: time, size, the server's peak RSS, which must stay under
## 100 MB; and the calendar feed of that account: build time, 304 polls per second). Not part of
## make test.
## BENCH_DATABASE_URL names the PostgreSQL server (each run creates and drops a database of its
## own), BENCH_REDIS_URL the Redis (a key prefix of the run's own); both default to the local ones.
bench: services
	./scripts/bench.sh
	env -u BENCH_DATABASE_URL -u BENCH_REDIS_URL $(CARGO) bench --locked --bench reminder_catchup
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	BENCH_REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379} $(CARGO) bench --locked --bench reminder_catchup
	env -u BENCH_DATABASE_URL -u BENCH_REDIS_URL $(CARGO) bench --locked --bench reminder_latency
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	BENCH_REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379} $(CARGO) bench --locked --bench reminder_latency
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	$(CARGO) bench --locked --bench project_lists
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	BENCH_REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379} $(CARGO) bench --locked --bench event_streams
	env -u BENCH_DATABASE_URL -u BENCH_REDIS_URL $(CARGO) bench --locked --bench export_memory
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	BENCH_REDIS_URL=$${BENCH_REDIS_URL:-redis://127.0.0.1:6379} $(CARGO) bench --locked --bench export_memory

## Ten minutes (SOAK_SECS) of mixed traffic against the release binary, sampling its memory; fails on any
## error or on growth after warm-up. SOAK_DATABASE_URL + SOAK_REDIS_URL: on PostgreSQL + Redis. Not in make test.
soak:
	$(CARGO) bench --locked --bench soak
