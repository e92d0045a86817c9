"""Compiled forms for a SAM build (`.aws-sam/build`, or the cold-start bench's copy of one), made
by the Python running this (make build runs it with python3.13, Lambda's):

- bytecode of every module of the layer and the functions;
- the built-in Jinja2 themes (jobboard.render.themes.ShippedBytecode).

Lambda cannot write beside the read-only layer and function code, so without them every cold
start compiles each module it imports and each theme.

    python3.13 tools/compile_build.py .aws-sam/build
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
    print(f"compiled: modules under {build}, themes {', '.join(themes)} (Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
