"""ruff's lint rules and format, and mypy (configured in pyproject.toml) hold on the whole tree, as CI checks.

Here too, so that a full test run before integrating shows what `make lint` in CI would refuse.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*command: str) -> subprocess.CompletedProcess:
    if importlib.util.find_spec(command[0]) is None:
        pytest.fail(
            f"{command[0]} is not installed in this venv: run `make install` (the dev tools come from "
            "requirements.lock)"
        )
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tree_is_ruff_formatted():
    result = _run("ruff", "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun: .venv/bin/ruff format ."


def test_mypy_finds_nothing():
    result = _run("mypy", "--no-error-summary")  # the files listed in pyproject.toml
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, "\n".join(errors) or result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_handlers():
    # functions/*/app.py share a module name: one run each (as `make lint` does).
    for app in sorted((REPO / "functions").glob("*/app.py")):
        result = _run("mypy", "--no-error-summary", str(app.relative_to(REPO)))
        assert result.returncode == 0, result.stdout + result.stderr
