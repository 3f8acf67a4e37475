# Impact LMS — `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= lms.settings.dev

.PHONY: run setup test test-pg lint audit lock messages demo bench bench-smoke clean

# Dependencies come from the lock file, every package pinned with its hashes; the
# project itself is then installed on top without resolving anything. `pip check`
# fails if pyproject.toml asks for something the lock does not hold (run `make lock`).
$(VENV)/.installed: requirements/dev-lock.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/dev-lock.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	@touch $@

# Lock files, written by uv from pyproject.toml: requirements/lock.txt (production) and
# requirements/dev-lock.txt (production + dev, what `make` installs). After changing a
# dependency in pyproject.toml run `make lock`: it keeps every other pin as it is.
# `make lock UPGRADE=1` moves every package to its newest release that pyproject allows.
LOCK_ARGS = --universal --python-version 3.11.5 --generate-hashes --quiet \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock:
	@test -x $(VENV)/bin/uv || { test -x $(PY) || $(PYTHON) -m venv $(VENV); \
	  $(PY) -m pip install --quiet uv; }
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_ARGS) -o requirements/lock.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_ARGS) -o requirements/dev-lock.txt

node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --silent; \
	  else echo "npm not found: browser tests will skip (axe-core missing)"; fi
	@touch -c $@

# Catalogues are compiled with polib, so no system gettext is needed.
messages: $(VENV)/.installed
	@$(PY) manage.py compile_catalogues

setup: $(VENV)/.installed node_modules/axe-core/axe.min.js messages
	@$(PY) scripts/check_system.py

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

# Links in credentials and CASE exports follow the address `make run` serves.
run demo: export SITE_URL ?= http://127.0.0.1:$(PORT)

run: demo
	@echo ""
	@echo "  Impact LMS is running at http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs on one pytest-xdist worker per core (each with its own test database;
# the tests of tests/demo share one loaded demo on one worker). `make test XDIST=` runs
# it in one process; PYTEST_ARGS adds pytest options (e.g. PYTEST_ARGS="-k demo").
XDIST ?= -n auto
test: setup
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# The same suite on PostgreSQL (needs a server; CI uses the local one).
test-pg: setup
	DJANGO_SETTINGS_MODULE=lms.settings.test \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/impact} \
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check --output-format concise .
	$(PY) -m ruff format --check .
	@$(MAKE) --no-print-directory audit

# Known vulnerabilities in requirements/lock.txt (pip-audit). Fails on a vulnerability;
# says plainly which packages it could not check (offline: loud, not fatal, unless
# AUDIT_STRICT=1).
audit: $(VENV)/.installed
	$(PY) scripts/audit_dependencies.py

# Benchmarks (PostgreSQL on 127.0.0.1:5432, databases impact_bench_s / impact_bench_l /
# impact_bench_fresh are dropped and recreated; BENCH_DB_PREFIX changes the prefix).
# `make bench`: sizes S and L, full counts → bench/results/latest.*;
# `make bench-smoke`: size S, small counts, < 2 minutes → bench/results/smoke.* (CI runs it).
# BENCH_ARGS=--reuse keeps databases that already hold bench data.
# Pages are measured with Debian's wrk (installed here if missing, as .ci/run does).
WRK_INSTALL = command -v wrk >/dev/null || { apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: setup
	@$(WRK_INSTALL)
	$(PY) -m bench.run --mode full $(BENCH_ARGS)

bench-smoke: setup
	@$(WRK_INSTALL)
	$(PY) -m bench.run --mode smoke $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static_collected
