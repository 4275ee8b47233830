# Consilium: `make run` serves the site, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export CONSILIUM_DATA_DIR ?= $(CURDIR)/var

VENDOR := consilium/web/static/consilium/vendor

.PHONY: run test lint typecheck pytest bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come from the lock files at the versions they pin; the project itself is
# installed on top without resolving anything again. `make lock` refreshes the pins.
$(VENV)/.run-deps: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check  # a dependency added to pyproject.toml but not yet locked
	touch $@

$(VENV)/.dev-deps: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@ $(VENV)/.run-deps

# The runtime pins first; the development pins keep them and add the tools.
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url \
	--no-emit-find-links --no-emit-trusted-host
lock: $(VENV)/.dev-deps
	$(PIP_COMPILE) $(UPGRADE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) $(UPGRADE) --extra dev --constraint requirements.lock \
		--output-file requirements-dev.lock pyproject.toml

# Browser files come from the npm registry at setup, pinned by package-lock.json.
$(VENDOR)/htmx.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

run: $(VENV)/.run-deps $(VENDOR)/htmx.min.js
	$(BIN)/consilium migrate --noinput
	$(BIN)/consilium demo --if-empty
	$(BIN)/consilium recompute-consensus --quiet-if-current
	$(BIN)/consilium serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.dev-deps
	$(BIN)/mypy consilium bench

# Every suite runs on SQLite; on PostgreSQL too when TEST_DATABASE_URL names a server
# (for example postgres://postgres@127.0.0.1:5432/consilium, as .ci/run sets it).
pytest: $(VENV)/.dev-deps $(VENDOR)/htmx.min.js
	scripts/ensure-chromium
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== tests on PostgreSQL ($$TEST_DATABASE_URL) =="; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest || exit 1; \
		echo "== ran on: SQLite, PostgreSQL =="; \
	else \
		echo "== ran on: SQLite only (set TEST_DATABASE_URL to run on PostgreSQL too) =="; \
	fi

test: lint typecheck pytest

bench: $(VENV)/.dev-deps
	$(BIN)/python bench/consensus_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts node_modules $(VENDOR)
