"""docs/examples/ is what `make examples` writes today."""

from __future__ import annotations

from jobboard_local.examples import BUILTIN, OUTPUT, write_examples
from jobboard.render.themes import BUILTIN_THEMES, THEME_SUFFIX


def test_docs_examples_are_up_to_date(tmp_path):
    written = write_examples(tmp_path)
    assert {p.relative_to(tmp_path).parts[0] for p in written} == set(BUILTIN)
    for path in written:
        committed = OUTPUT / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} missing: run `make examples`"
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is stale: run `make examples`"


def test_every_builtin_theme_has_an_example():
    assert {p.name.removesuffix(THEME_SUFFIX) for p in BUILTIN_THEMES.glob(f"*{THEME_SUFFIX}")} == set(BUILTIN)
