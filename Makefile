# The two set-up commands: `make run` (one local pass, embedded defaults) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
# Lambda runs python3.13; `sam build` needs that exact minor on PATH (pyenv has it here).
SAM_PYENV ?= 3.11.7:3.13.0

.PHONY: install run test bench validate build examples clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/jobboard run $(if $(LIVE),--live)

test: install
	$(PY) -m pytest

bench: install
	$(PY) benchmarks/run.py
	$(PY) benchmarks/companies.py

examples: install
	$(PY) -m jobboard_local.examples

$(SAM_VENV)/.installed:
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install -q aws-sam-cli
	touch $@

# SAM CLI telemetry off: CI and offline machines have nowhere to send it.
validate: $(SAM_VENV)/.installed
	SAM_CLI_TELEMETRY=0 $(SAM) validate --lint

# Layer and functions for arm64; jobboard.yaml reaches /opt/python/ through the layer's symlink.
build: $(SAM_VENV)/.installed
	SAM_CLI_TELEMETRY=0 PYENV_VERSION=$(SAM_PYENV) $(SAM) build

clean:
	rm -rf .aws-sam out .pytest_cache
