"""The Lambda layer holds runtime code only: local tooling lives in tools/jobboard_local."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAYER_PACKAGE = REPO / "layers" / "jobboard" / "jobboard"
LOCAL_ONLY = ("jobboard_local", "moto", "pytest")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_layer_has_no_local_tooling():
    assert not (LAYER_PACKAGE / "local").exists()
    assert not (LAYER_PACKAGE / "cli.py").exists()
    assert not (LAYER_PACKAGE / "render" / "examples.py").exists()


def test_layer_code_never_imports_local_tooling():
    offenders = {
        str(path.relative_to(REPO)): sorted(_imports(path) & set(LOCAL_ONLY)) for path in LAYER_PACKAGE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
