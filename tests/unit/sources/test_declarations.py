"""Each source type is declared once (jobboard.sources.declarations), beside its adapter module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import jobboard.sources
from jobboard.sources import adapter_class, adapter_types, declaration
from jobboard.sources.declarations import Declaration

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_every_adapter_module_is_declared_and_takes_its_declaration():
    modules = {info.name for info in pkgutil.iter_modules(jobboard.sources.__path__)} - {"base", "declarations"}
    assert set(adapter_types()) == modules
    for source_type in adapter_types():
        adapter, declared = adapter_class(source_type), declaration(source_type)
        assert adapter.type == source_type
        for name in Declaration.__dataclass_fields__:
            assert getattr(adapter, name) == getattr(declared, name), (source_type, name)


def test_loading_the_configuration_imports_no_adapter_module():
    """Cold start: validating every source of jobboard.yaml needs only the declarations."""
    code = (
        "import sys; from jobboard.config import load_config; load_config(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.startswith('jobboard.sources.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(REPO_ROOT / "jobboard.yaml")], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "['jobboard.sources.declarations']"
