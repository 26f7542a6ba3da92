# Rounds: `make run` serves a demo on SQLite; `make test` installs the system packages the
# suite needs when it can (setup-system), then runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

OIDC_PORT ?= 5556
OIDC_ENV := instance/oidc-dev.env

.PHONY: run test test-quick bench install install-test setup-system setup-system-if-possible install-provider clean oidc-dev messages

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

# The Debian packages the suite uses: Chromium (browser journeys), Redis and PostgreSQL 15
# (deployment tests), wrk (make bench), Node.js and npm (a real OpenID provider in the
# sign-on tests), and python3-venv, without which Debian's Python cannot make .venv.
# The one list: .ci/run uses it too. present.<package> is the check the tests make.
SYSTEM_PACKAGES := python3-venv chromium redis-server postgresql-15 wrk nodejs npm
present.python3-venv = test -x $(BIN)/python || $(PYTHON) -c 'import ensurepip'
present.chromium = if [ -n "$$ROUNDS_CHROMIUM" ]; then test -x "$$ROUNDS_CHROMIUM"; \
	else test -x /usr/bin/chromium || test -x /usr/bin/chromium-browser || command -v chromium; fi
present.redis-server = command -v redis-server
present.postgresql-15 = command -v initdb || ls /usr/lib/postgresql/*/bin/initdb
present.wrk = command -v wrk
present.nodejs = command -v node
present.npm = command -v npm
missing-system = $(strip $(foreach package,$(SYSTEM_PACKAGES),\
	$(if $(shell { $(present.$(package)); } >/dev/null 2>&1 && echo yes),,$(package))))
# Root installs directly; anyone else only through passwordless sudo (never a prompt).
as-root = $(if $(filter 0,$(shell id -u)),,sudo -n)
can-install = { command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; }

# Installs only what is missing, so it is quick and touches nothing on a set-up machine.
setup-system:
	@missing="$(missing-system)"; \
	if [ -z "$$missing" ]; then echo "System packages present: $(SYSTEM_PACKAGES)"; exit 0; fi; \
	if ! $(can-install); then \
	  echo "Missing system packages: $$missing. Installing them needs apt-get and root: sudo make setup-system"; \
	  exit 1; \
	fi; \
	echo "== apt-get install $$missing"; \
	$(as-root) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$(as-root) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null

# make test installs missing packages when it may (root or passwordless sudo). Otherwise, or
# if the install fails, the tests needing them skip and the run ends with what did not run.
setup-system-if-possible:
	@missing="$(missing-system)"; [ -z "$$missing" ] && exit 0; \
	if $(can-install); then \
	  $(MAKE) --no-print-directory setup-system && exit 0; \
	  echo "make setup-system failed: the tests needing $$missing will skip"; \
	else \
	  echo "Missing system packages: $$missing (installing needs apt-get, and root or passwordless sudo)."; \
	  echo "The tests needing them will skip; sudo make setup-system installs them."; \
	fi

# The SSO tests' OpenID provider (node-oidc-provider), exactly as locked. npm ci rewrites
# node_modules/.package-lock.json, so a changed lock file installs again.
PROVIDER ?= tests/sso/provider
$(PROVIDER)/node_modules/.package-lock.json: $(PROVIDER)/package-lock.json
	npm ci --prefix $(PROVIDER) --no-audit --no-fund --loglevel=error

# Without npm, or if npm ci fails, the SSO tests skip and the run's summary says so.
install-provider:
	@command -v npm >/dev/null || exit 0; \
	$(MAKE) -q $(PROVIDER)/node_modules/.package-lock.json || \
	$(MAKE) --no-print-directory $(PROVIDER)/node_modules/.package-lock.json || \
	echo "npm ci --prefix $(PROVIDER) failed: the single sign-on tests will skip"

# setup-system-if-possible comes first: without python3-venv there is no .venv, without npm
# no provider.
test: setup-system-if-possible install-test install-provider
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Skips the tests that start real servers and browsers.
test-quick: install-test
	$(BIN)/python -m pytest -m "not slow and not e2e" $(PYTEST_ARGS)

# Throughput, latency, queries and memory of the main pages (tests/bench/run.py; needs wrk).
# make bench BENCH_ARGS="--questions 10000 --duration 5s" or "--database-url postgresql://..."
bench: install-test
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(BIN)/python tests/bench/run.py $(BENCH_ARGS)

# Extracts every _()/gettext/lazy_gettext and {% trans %} string into the template catalogue and
# merges it into each language's .po (forum/translations/); translate the new entries, then
# tests/test_translations.py checks none is left empty or fuzzy. No compile step: the app
# compiles the .po files in memory when it starts (forum/platform/i18n.py).
TRANSLATIONS := forum/translations
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --project Rounds --msgid-bugs-address "" -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel -q update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --init-missing -l es

clean:
	rm -rf $(VENV) *.egg-info build
