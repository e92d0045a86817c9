# The two set-up commands: `make run` (one local pass, embedded defaults) and `make test`.
# `make help` lists every target.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
# The SAM CLI version `make lock` writes into requirements-sam.lock (installed hash-checked).
SAM_CLI_VERSION := 1.170.0
# sam build runs with SAM_CLI_TELEMETRY off: CI and offline machines have nowhere to send it.
SAM_ENV := SAM_CLI_TELEMETRY=0
# samconfig.toml environment for `make deploy` (dev or prod).
ENV ?= dev
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" -q

.PHONY: help install run test lint bench validate build deploy lock examples schema clean

help: ## this list
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The lock is the whole dependency closure, hashed: --no-deps installs exactly it (pip would
# otherwise re-resolve extras such as moto[server] and refuse them as unpinned).
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed ## the dev venv (.venv/) from requirements.lock, hash-checked

run: install ## one full local pass on the bundled recordings (LIVE=1 for the live services)
	$(VENV)/bin/jobboard run $(if $(LIVE),--live)

test: install ## the test suite (installs Debian's chromium for the browser tests when missing)
	tools/install-chromium
	$(PY) -m pytest

lint: install ## ruff (lint and format check) and mypy, as CI runs them
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	for app in functions/*/app.py; do $(VENV)/bin/mypy $$app || exit 1; done

bench: install ## cost and speed figures (replays ../shared/data)
	$(PY) benchmarks/run.py
	$(PY) benchmarks/companies.py
	$(PY) benchmarks/cadence.py
	$(PY) benchmarks/refresh.py
	$(PY) benchmarks/bill.py
	$(PY) benchmarks/accuracy.py
	$(PY) benchmarks/verify.py

examples: install ## regenerate docs/examples/ from every built-in theme
	$(PY) -m jobboard_local.examples

schema: install ## regenerate jobboard.schema.json (jobboard.yaml's JSON Schema) from the config models
	$(VENV)/bin/jobboard schema --output jobboard.schema.json

lock: install ## re-resolve requirements.lock, requirements-sam.lock and the layer's requirements.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements.lock
	echo "aws-sam-cli==$(SAM_CLI_VERSION)" | $(VENV)/bin/uv pip compile - $(LOCK_FLAGS) -o requirements-sam.lock
	$(PY) -m jobboard_local.lock

$(SAM_VENV)/.installed: requirements-sam.lock
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install -q --no-deps --require-hashes -r requirements-sam.lock
	touch $@

validate: $(SAM_VENV)/.installed ## sam validate --lint
	$(SAM_ENV) $(SAM) validate --lint

# The layer installs layers/jobboard/requirements.txt (derived from the lock, hashed) for arm64;
# jobboard.yaml reaches /opt/python/ through the layer's symlink.
# Lambda cannot write beside code in the read-only layer and function folders, and sam build
# ships no bytecode: without it every cold start compiles each module it imports (about 2.5x the
# import time). tools/compile_build.py adds it (python3.13, Lambda's; no timestamp checks, so zip
# timestamps do not matter) and the built-in themes compiled.
build: $(SAM_VENV)/.installed ## sam build (needs python3.13: found on PATH or in pyenv), with compiled code
	$(SAM_ENV) tools/with-python3.13 $(SAM) build
	tools/with-python3.13 python3.13 tools/compile_build.py .aws-sam/build
	@$(PYTHON) tools/layer_size.py .aws-sam/build/JobboardLayer

deploy: build ## sam build + sam deploy --config-env ENV (ENV=dev, the default, or prod: samconfig.toml)
	$(SAM_ENV) $(SAM) deploy --config-env $(ENV)

clean: ## remove build output and caches
	rm -rf .aws-sam out .pytest_cache .mypy_cache .ruff_cache
