# Mercato. `make run` serves the web admin on SQLite; `make test` runs every test.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml setup.py | cksum | cut -d' ' -f1)
PIP := $(BIN)/pip --disable-pip-version-check -q

.PHONY: install tools run test lint bench worker lock clean format browser-deps

$(STAMP): requirements.lock pyproject.toml setup.py
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@mkdir -p $(VENV)/mypy-path && ln -sfn $(CURDIR)/src $(VENV)/mypy-path/mercato
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# Tools the tests run as programs, in an environment of their own so that their
# dependencies (openapi-python-client brings pydantic, which Litestar would then load at
# every start) never enter the app's: see tools/README.md.
TOOLS := .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed-$(shell cat tools/openapi-client.lock | cksum | cut -d' ' -f1)

$(TOOLS_STAMP): tools/openapi-client.lock
	@test -x $(TOOLS)/bin/python || $(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip --disable-pip-version-check -q install -r tools/openapi-client.lock
	@rm -f $(TOOLS)/.installed-*
	@touch $(TOOLS_STAMP)

tools: $(TOOLS_STAMP)

# The demo's platforms answer on north.localhost and south.localhost; any other host
# (127.0.0.1) is served as the platform below, an explicit development fallback.
run: export MERCATO_DEFAULT_PLATFORM ?= north
run: export MERCATO_DEVELOPMENT ?= true
DEMO_PASSWORD ?= mercato-demo-password
run: install
	@$(BIN)/python -m compileall -q src  # as an installed wheel runs (PYTHONDONTWRITEBYTECODE may be set)
	$(BIN)/mercato db upgrade
	$(BIN)/mercato demo --password "$(DEMO_PASSWORD)"
	@echo "Sign in at http://$${MERCATO_HOST:-127.0.0.1}:$${MERCATO_PORT:-8000}/auth/login as admin@demo.mercato, password $(DEMO_PASSWORD) (platform $$MERCATO_DEFAULT_PLATFORM)"
	@echo "The other demo platform: http://south.localhost:$${MERCATO_PORT:-8000}/admin/"
	$(BIN)/mercato serve

# The browser tests drive Debian's Chromium; install it when missing and apt-get is usable
# (root, or sudo without a password). Never fails by itself: the tests skip (fail in CI).
browser-deps:
	@if [ -x "/usr/bin/chromium" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "browser-deps: /usr/bin/chromium is missing and there is no apt-get: install Chromium by hand"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "browser-deps: /usr/bin/chromium is missing; installing it needs root: sudo apt-get install chromium"; exit 0; fi; \
	echo "browser-deps: installing Debian's chromium"; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$SUDO apt-get install -y -q chromium || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; } \
	  || echo "browser-deps: apt-get could not install chromium; the browser tests will skip (fail in CI)"

test: install tools browser-deps
	$(BIN)/pytest

# The schemathesis fuzz tests of `make test` with many more examples per operation
# (`make fuzz MERCATO_FUZZ_EXAMPLES=2000` for more still).
.PHONY: fuzz
fuzz: export MERCATO_FUZZ_EXAMPLES ?= 500
fuzz: install
	$(BIN)/pytest -m fuzz tests/fuzz

lint: install
	$(BIN)/ruff check src tests bench load
	$(BIN)/ruff format --check src tests bench load
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/mercato check

format: install
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

bench: install
	$(BIN)/python -m bench

worker: install
	$(BIN)/mercato worker

# Load on loopback (not part of `make test`): `mercato serve --workers N` and a bare Litestar
# handler under uvicorn with N workers, on a fresh PostgreSQL database made for the run
# (MERCATO_LOAD_DATABASE_URL, else MERCATO_TEST_DATABASE_URL, else the local server). Drives
# each target with Debian's wrk, installed here when missing and apt-get is usable, else with
# httpx clients. Prints a table and writes var/load/latest.json; see docs/load.md.
.PHONY: load
load: install
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	  else echo "load: wrk is missing and installing it needs root; using httpx clients"; exit 0; fi; \
	  command -v apt-get >/dev/null 2>&1 || { echo "load: no wrk and no apt-get; using httpx clients"; exit 0; }; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get install -y -q wrk || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q wrk; } \
	    || echo "load: apt-get could not install wrk; using httpx clients"; }
	$(BIN)/python -m load

# Re-resolve the pinned dependencies (needs network to the package index).
lock:
	$(BIN)/pip install -q uv && $(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile tools/openapi-client.in --python-version 3.11 -o tools/openapi-client.lock

clean:
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .mypy_cache .ruff_cache
