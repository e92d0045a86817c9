"""Built-in themes compiled at build time (render/themes.py ShippedBytecode, tools/compile_build.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment

from jobboard.render import render_board
from jobboard.render.themes import BUILTIN_THEMES, ShippedBytecode, _environment, compile_builtin_themes
from tests.unit.render.helpers import THEMES, posting, view

REPO = Path(__file__).resolve().parents[3]


def readme(rendered) -> str:
    return rendered.files["README.md"].decode("utf-8")


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    """Themes compiled into tmp_path, and the environments built from now on reading them."""
    directory = tmp_path / "__bytecode__"
    assert sorted(compile_builtin_themes(directory)) == sorted(THEMES)
    _environment.cache_clear()
    monkeypatch.setattr("jobboard.render.themes.COMPILED_THEMES", directory)
    yield directory
    _environment.cache_clear()


@pytest.mark.parametrize("theme", THEMES)
def test_a_shipped_theme_renders_the_same_bytes_without_compiling(shipped, monkeypatch, theme):
    expected = readme(render_board(view([posting(1), posting(2)], theme)))
    _environment.cache_clear()

    def no_compiling(*_args, **_kwargs):
        raise AssertionError("compiled at run time")

    monkeypatch.setattr(Environment, "compile", no_compiling)
    assert readme(render_board(view([posting(1), posting(2)], theme))) == expected


def test_a_user_theme_named_like_a_builtin_is_compiled_from_its_own_source(shipped, tmp_path, monkeypatch):
    users = tmp_path / "mine"
    users.mkdir()
    (users / "jobr.md.j2").write_text("mine: {{ total_jobs }}\n", encoding="utf-8")
    monkeypatch.setenv("JOBBOARD_THEMES_DIR", str(users))
    assert readme(render_board(view([posting(1)], "jobr", attributions=()))) == "mine: 1\n"


def test_nothing_is_written_at_run_time(tmp_path):
    cache = ShippedBytecode(tmp_path / "absent")  # as in Lambda: read-only, nothing built for this name
    environment = _environment((BUILTIN_THEMES,), cache)
    assert environment.get_template("default.md.j2").render  # compiled in memory
    assert not (tmp_path / "absent").exists()


def test_the_build_ships_module_and_theme_bytecode(tmp_path):
    layer = tmp_path / "JobboardLayer" / "python"
    shutil.copytree(
        REPO / "layers" / "jobboard" / "jobboard", layer / "jobboard", ignore=shutil.ignore_patterns("__*__")
    )
    shutil.copytree(REPO / "functions" / "stats", tmp_path / "StatsFunction")
    subprocess.run([sys.executable, str(REPO / "tools" / "compile_build.py"), str(tmp_path)], check=True)
    version = f"cpython-{sys.version_info[0]}{sys.version_info[1]}"
    modules = list(tmp_path.rglob("*.py"))
    assert modules and all((m.parent / "__pycache__" / f"{m.stem}.{version}.pyc").is_file() for m in modules)
    assert len(list((layer / "jobboard" / "render" / "themes" / "__bytecode__").glob("*.cache"))) == len(THEMES)
