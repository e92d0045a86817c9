"""Handler import time (the code part of a cold start), each in a fresh interpreter, against boto3 alone."""

from __future__ import annotations

import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

_TIMED_IMPORT = """
import sys, time
sys.path.insert(0, {path!r})
started = time.perf_counter()
import {module}
print(time.perf_counter() - started)
"""


@dataclass
class ImportTime:
    name: str
    seconds: float  # median over the runs
    direct: list[tuple[str, float]] = field(default_factory=list)  # the handler's own imports, cumulative s
    third_party: list[tuple[str, float]] = field(default_factory=list)  # packages outside stdlib and jobboard


def import_seconds(module: str, path: Path | None, runs: int) -> float:
    code = _TIMED_IMPORT.format(path=str(path or ""), module=module)
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # bytecode and disk cache warm
    times = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
             for _ in range(runs)]
    return statistics.median(times)


def import_costs(module: str, path: Path | None, top: int = 3) -> tuple[list, list]:
    """`python -X importtime`: the module's direct imports and the third-party packages (wherever
    first imported), each with its cumulative seconds, costliest first."""
    code = f"import sys; sys.path.insert(0, {str(path or '')!r}); import {module}"
    stderr = subprocess.run([sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True,
                            text=True).stderr
    direct, third_party = {}, {}
    for line in stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header line
        raw_name, seconds = parts[2].rstrip(), int(parts[1]) / 1e6
        name, depth = raw_name.strip(), (len(raw_name) - len(raw_name.lstrip()) - 1) // 2  # nesting: 2 spaces a level
        if depth == 1:
            direct[name] = seconds
        top_level = name.partition(".")[0]
        if name == top_level and top_level not in sys.stdlib_module_names and top_level not in ("jobboard", module):
            third_party[name] = seconds

    def costliest(costs: dict) -> list[tuple[str, float]]:
        return sorted(costs.items(), key=lambda item: -item[1])[:top]

    return costliest(direct), costliest(third_party)


def handler_import_times(functions, runs: int) -> tuple[ImportTime, list[ImportTime]]:
    """boto3 alone, then each function's handler module from its CodeUri."""
    baseline = ImportTime("boto3", import_seconds("boto3", None, runs))
    handlers = []
    for spec in functions.values():
        module = spec.handler.rpartition(".")[0]
        direct, third_party = import_costs(module, spec.code_uri)
        handlers.append(ImportTime(spec.logical_id, import_seconds(module, spec.code_uri, runs), direct, third_party))
    return baseline, handlers
