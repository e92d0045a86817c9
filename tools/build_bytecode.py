"""Bytecode for a SAM build (`.aws-sam/build`, or the cold-start bench's copy of one): every module
compiled by the Python running this (make build runs it with python3.13, Lambda's), and the built-in
themes compiled by Jinja2 (jobboard.render.themes.ShippedBytecode). Lambda cannot write either beside
the read-only layer and function code, so without them every cold start compiles what it imports.

    python3.13 tools/build_bytecode.py .aws-sam/build
"""

import compileall
import py_compile
import sys
from pathlib import Path


def main(build: Path) -> None:
    if not compileall.compile_dir(
        build, quiet=1, workers=0, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
    ):
        sys.exit(f"error: some modules in {build} did not compile")
    layer = build / "JobboardLayer" / "python"
    sys.path.insert(0, str(layer))  # the built layer's own jobboard and Jinja2
    from jobboard.render.themes import compile_builtin_themes

    themes = compile_builtin_themes()
    print(f"bytecode: modules under {build}, themes {', '.join(themes)} (Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
