# Lots: the two commands are `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
PORT ?= 8000
# PostgreSQL for the second pass of the suite; CI and this machine have one on localhost.
POSTGRES_URL ?= postgres://postgres@localhost:5432/lots
PYTEST_WORKERS ?= 2

.PHONY: help install run test test-sqlite test-postgres lint format check messages translations browser pango graphviz bench lock clean audit

help:
	@echo "make run    – install, migrate, load the demo and serve Lots on http://127.0.0.1:$(PORT)/"
	@echo "make test   – install what the tests need and run all of them (SQLite, PostgreSQL, browser)"
	@echo "make bench  – the benchmark suite (not part of make test)"
	@echo "make lint / format / lock / clean"

# The lock is installed as it is: every package at its pinned version and hash, none resolved
# afresh (--no-deps), then pip check confirms the set is whole. tools/lock_check.py (make check)
# fails when the lock and pyproject.toml disagree.
INSTALL_LOCK = $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock \
	&& $(PY) -m pip check
$(INSTALLED): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(INSTALL_LOCK)
	@touch $@

install: $(INSTALLED)

$(NODE_INSTALLED): package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

# Debian's Chromium for the browser tests. Installed when we are root on Debian; otherwise the
# browser tests are skipped with a notice saying why.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium and chromium-driver for the browser tests…"; \
	  (apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null)); \
	else echo "NOTICE: chromium is not installed and cannot be installed here; browser tests will be skipped."; fi

# Pango for WeasyPrint (the plans app's PDF). Installed when we are root on Debian and it is
# missing; otherwise a notice says that making PDFs will fail.
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0
pango:
	@if dpkg -s $(PANGO_PACKAGES) >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Pango for the PDFs…"; \
	  (apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null)); \
	else echo "NOTICE: Pango ($(PANGO_PACKAGES)) is not installed and cannot be installed here; PDFs will fail."; fi

# Graphviz's dot draws the routines' flowcharts and the network maps as SVG on the server
# (lots.core.diagrams). Installed when we are root on Debian and it is missing; otherwise a
# notice says that those drawings will fall back to their tables.
graphviz:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's Graphviz for the flowcharts and network maps…"; \
	  (apt-get install -y -qq graphviz >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null)); \
	else echo "NOTICE: Graphviz (dot) is not installed and cannot be installed here; flowcharts and network maps show their tables only."; fi

messages: $(INSTALLED)
	@cd lots && ../$(PY) ../manage.py compilemessages -v0

# Extract each app's interface strings into its locale/sv/LC_MESSAGES/django.po; translate the
# new entries there (the suite fails on any string without Swedish).
translations: $(INSTALLED)
	@for app in lots/*/apps.py; do dir=$$(dirname $$app); mkdir -p $$dir/locale; \
	  (cd $$dir && ../../$(PY) ../../manage.py makemessages -l sv --no-obsolete --no-location -v0); done

run: $(INSTALLED) pango graphviz messages
	$(PY) manage.py migrate --noinput -v0
	LOTS_DEMO=1 $(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo
	@echo "Lots is served at http://127.0.0.1:$(PORT)/ (Ctrl-C stops the web server and the task worker)."
	@echo
	@trap 'kill 0' INT TERM EXIT; \
	  LOTS_DEMO=1 $(PY) manage.py db_worker --interval 2 & \
	  LOTS_DEMO=1 $(BIN)/gunicorn lots.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - & \
	  wait

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Known vulnerabilities in the pinned dependencies fail the build (docs/security.md, "Dependencies").
audit: $(INSTALLED)
	$(PY) -m tools.dependency_audit

check: lint messages audit
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PY) -m tools.lock_check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	LOTS_PRODUCTION=1 SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	  ALLOWED_HOSTS=lots.example.se $(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: $(INSTALLED) $(NODE_INSTALLED) browser pango graphviz messages
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# The same suite against PostgreSQL, in reverse order to catch tests that depend on order.
test-postgres: $(INSTALLED) pango graphviz messages
	@if $(PY) -c "import psycopg, sys; psycopg.connect('$(POSTGRES_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -p reverse -m "not browser"; \
	else echo "NOTICE: no PostgreSQL answers at $(POSTGRES_URL); the PostgreSQL pass is skipped."; fi

test: check test-sqlite test-postgres

# The benchmark suite at SCALE children (PostgreSQL when one answers, else SQLite); wrk from
# Debian, installed here when we are root. Not part of `make test`. See docs/scaling.md.
SCALE ?= 10000
BENCH_ARGS ?=
bench: $(INSTALLED) graphviz messages
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's wrk for the benchmark…"; \
	  (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)); \
	else echo "NOTICE: wrk is not installed; requests per second are left out."; fi
	$(PY) -m benchmarks.run --scale $(SCALE) $(BENCH_ARGS)

lock: $(INSTALLED)
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --extra dev --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(INSTALL_LOCK)
	$(PY) -m tools.lock_check
	@touch $(INSTALLED)

clean:
	rm -rf $(VENV) node_modules var
