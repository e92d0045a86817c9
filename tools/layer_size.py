"""Print the built layer's size, unzipped and zipped as Lambda stores it, and fail when a module
of the build has no Python 3.13 bytecode beside it (Lambda cannot write it: every cold start
would compile the module again). `make build` calls this."""

import io
import sys
import zipfile
from pathlib import Path

root = Path(sys.argv[1])
files = [p for p in sorted(root.rglob("*")) if p.is_file()]
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
    for path in files:
        archive.write(path, path.relative_to(root))
unzipped = sum(p.stat().st_size for p in files)
print(
    f"layer {root.name}: {len(files)} files, {unzipped / 1e6:.1f} MB unzipped, "
    f"{buffer.tell() / 1e6:.1f} MB zipped (Lambda's limit: 250 MB unzipped for function + layers)"
)
build = root.parent  # every function's folder too
missing = [
    path
    for path in sorted(build.rglob("*.py"))
    if not (path.parent / "__pycache__" / f"{path.stem}.cpython-313.pyc").is_file()
]
if missing:
    sys.exit(f"error: {len(missing)} modules without python3.13 bytecode in {build}, e.g. {missing[0]}")
