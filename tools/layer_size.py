"""Print the built layer's size, unzipped and zipped as Lambda stores it (`make build` calls this)."""

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
