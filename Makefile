# Rounds: `make run` serves a demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

OIDC_PORT ?= 5556
OIDC_ENV := instance/oidc-dev.env

.PHONY: run test test-quick bench install install-test clean oidc-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run pip only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(FLASK) db upgrade
	$(FLASK) catalogue seed
	$(FLASK) policies seed
	$(FLASK) demo seed
	$(FLASK) resources seed
	$(FLASK) demo content
	@# While `make oidc-dev` runs, its settings turn on single sign-on against it.
	set -a; [ ! -f $(OIDC_ENV) ] || . ./$(OIDC_ENV); set +a; $(FLASK) run --host $(HOST) --port $(PORT)

# A real OpenID provider (node-oidc-provider, tests/sso/provider/) with demo clinicians and staff:
# run it in one terminal and `make run` in another to try "Sign in with ...".
oidc-dev: install-test
	@command -v npm >/dev/null || { echo "node and npm are missing: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix tests/sso/provider --no-audit --no-fund --loglevel=error
	$(BIN)/python -m tests.sso.provider --port $(OIDC_PORT) --app-url http://$(HOST):$(PORT) --env-file $(OIDC_ENV)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Skips the tests that start real servers and browsers.
test-quick: install-test
	$(BIN)/python -m pytest -m "not slow and not e2e" $(PYTEST_ARGS)

# Throughput, latency, queries and memory of the main pages (tests/bench/run.py; needs wrk).
# make bench BENCH_ARGS="--questions 10000 --duration 5s" or "--database-url postgresql://..."
bench: install-test
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(BIN)/python tests/bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) *.egg-info build
