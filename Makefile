# The two commands of the README: `make run` and `make test`.

SHELL := /bin/bash
CARGO ?= cargo

# `make run` at this stage: PostgreSQL and Redis on their default local addresses.
RUN_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tasktracker
RUN_REDIS_URL ?= redis://127.0.0.1:6379

.PHONY: run test services lint unit-and-integration

## Build and start the server on http://127.0.0.1:8080
run: services
	$(CARGO) build --release
	DATABASE_URL=$${DATABASE_URL:-$(RUN_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(RUN_REDIS_URL)} \
	COOKIE_SECURE=$${COOKIE_SECURE:-false} ./target/release/tasktracker serve

## Every check CI runs: formatting, lints, unit and integration tests against real services
test: services lint unit-and-integration

services:
	./scripts/ensure-services.sh

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

unit-and-integration:
	$(CARGO) test --locked
