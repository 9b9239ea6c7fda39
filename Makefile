# Two commands on a fresh machine: `make chat` runs the product, `make test` passes the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: chat sample bot test test-reliability lint install dev clean bench bench-bot bench-storage bench-locking bench-learning bench-offline bench-scale

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
dev: $(VENV)/.dev

## Terminal conversation on SQLite (./postmind.db) with the offline generator: no keys needed.
chat: $(VENV)/.runtime
	POSTMIND_GENERATOR=$${POSTMIND_GENERATOR:-offline} $(BIN)/postmind chat

## Offline drafts of five briefs in three styles: how `make chat` writes with no key.
sample: $(VENV)/.runtime
	$(BIN)/postmind sample

## The Telegram bot (polling). Needs TELEGRAM_BOT_TOKEN in the environment or in .env.
bot: $(VENV)/.runtime
	$(BIN)/postmind bot

## Style, layer contracts, types, then the test suite (without the long reliability loops).
test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q -m "not long"

## The long reliability loops of tests/reliability (crash loop, ...); CI runs them too.
test-reliability: $(VENV)/.dev
	$(BIN)/pytest -q -m long tests/reliability

## Every benchmark (each prints its tables with ratios against baselines of the same run).
bench: bench-bot bench-storage bench-locking bench-learning bench-offline bench-scale

## Drafts under concurrency (50 users, a 1 s LLM) and bot overhead against an echo bot.
bench-bot: $(VENV)/.dev
	$(BIN)/python -m benchmarks.bot

## Storage operations against raw sqlite3, growth, start-up time and memory.
bench-storage: $(VENV)/.dev
	$(BIN)/python -m benchmarks.storage

## Why writing units of work use BEGIN IMMEDIATE (deferred vs immediate, 8 threads).
bench-locking: $(VENV)/.dev
	$(BIN)/python -m benchmarks.sqlite_locking

## Simulated users over ten sessions: learning on vs off, and a rough LLM with checking off vs on.
bench-learning: $(VENV)/.dev
	$(BIN)/python -m benchmarks.learning $(ARGS)

## The offline generator: time per draft, and how its drafts read (repeats, fragments, cuts).
bench-offline: $(VENV)/.dev
	$(BIN)/python -m benchmarks.offline

## Several bot workers on PostgreSQL: lock wait per user vs one lock, throughput with 1/2/3.
bench-scale: $(VENV)/.dev
	POSTMIND_TEST_POSTGRES_URL=$${POSTMIND_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test} \
		$(BIN)/python -m benchmarks.scale

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
