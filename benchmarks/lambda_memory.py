"""One function invocation in a fresh interpreter, as Lambda runs it (handler module loaded from
its CodeUri, nothing else imported first): prints the result's status and the process's peak
resident memory, the figure Lambda reports as "Max Memory Used".

    python benchmarks/lambda_memory.py FUNCTION_DIR EVENT_FILE   (environment as the function's)
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import uuid
from pathlib import Path


class Context:
    """What handlers and Powertools read of Lambda's context."""

    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 10240
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    log_group_name = log_stream_name = "bench"

    def __init__(self):
        self.aws_request_id = str(uuid.uuid4())
        self._deadline = time.monotonic() + 900

    def get_remaining_time_in_millis(self) -> int:
        return int((self._deadline - time.monotonic()) * 1000)


def main() -> None:
    code_dir, event_file = Path(sys.argv[1]), Path(sys.argv[2])
    event = json.loads(event_file.read_text(encoding="utf-8"))
    spec = importlib.util.spec_from_file_location("app", code_dir / "app.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {code_dir / 'app.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.lambda_handler(event, Context())
    print(json.dumps({"peak_rss_mb": _peak_rss_mb(), "result": result}, default=str))


def _peak_rss_mb() -> float:
    """This process image's peak RSS (VmHWM). Not getrusage's ru_maxrss: on Linux that keeps the
    parent's size from before the exec, so a child of a large process reports at least that."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()
