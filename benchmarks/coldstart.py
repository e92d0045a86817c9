"""Handler import time (the code part of a cold start), each in a fresh interpreter, against boto3 alone."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
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
    seconds: float  # the fastest run: noise from other work on the machine only ever adds
    # Shares of the import (-X importtime, one run): the handler's own imports, and packages
    # outside the standard library and jobboard wherever first imported (nested ones overlap).
    direct: list[tuple[str, float]] = field(default_factory=list)
    third_party: list[tuple[str, float]] = field(default_factory=list)


def _timed_import(module: str, path: Path | None, env: dict[str, str]) -> float:
    code = _TIMED_IMPORT.format(path=str(path or ""), module=module)
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                env=env).stdout)


def _bytecode_env(cache_dir: str) -> dict[str, str]:
    """Every module's bytecode written once to `cache_dir` and read from there after: all imports
    timed alike, whether the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE) or
    the package came with it, and nothing written into the work tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


def import_costs(module: str, path: Path | None, env: dict[str, str], top: int = 3) -> tuple[list, list]:
    """`python -X importtime`: the module's direct imports and the third-party packages (wherever
    first imported), each with its share of the module's import time, costliest first. Shares,
    not times: the tracing inflates every figure."""
    code = f"import sys; sys.path.insert(0, {str(path or '')!r}); import {module}"
    stderr = subprocess.run([sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True,
                            text=True, env=env).stderr
    total, direct, third_party = 0.0, {}, {}
    for line in stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header line
        raw_name, seconds = parts[2].rstrip(), int(parts[1])
        name, depth = raw_name.strip(), (len(raw_name) - len(raw_name.lstrip()) - 1) // 2  # nesting: 2 spaces a level
        if depth == 0 and name == module:
            total = seconds
        elif depth == 1:
            direct[name] = seconds
        top_level = name.partition(".")[0]
        if name == top_level and top_level not in sys.stdlib_module_names and top_level not in ("jobboard", module):
            third_party[name] = seconds

    def costliest(costs: dict) -> list[tuple[str, float]]:
        return [(name, seconds / total) for name, seconds in sorted(costs.items(), key=lambda item: -item[1])[:top]]

    return costliest(direct), costliest(third_party)


def handler_import_times(functions, runs: int) -> tuple[ImportTime, list[ImportTime]]:
    """boto3 alone, then each function's handler module from its CodeUri, with bytecode cached.
    Runs are interleaved (one of each per round) so other work on the machine falls on all alike."""
    targets = [("boto3", "boto3", None)] + [(spec.logical_id, spec.handler.rpartition(".")[0], spec.code_uri)
                                            for spec in functions.values()]
    times: dict[str, list[float]] = {name: [] for name, _, _ in targets}
    with tempfile.TemporaryDirectory(prefix="jobboard-bench-pyc-") as cache_dir:
        env = _bytecode_env(cache_dir)
        for _, module, path in targets:
            _timed_import(module, path, env)  # compiles to the cache, reads the files into the page cache
        for _ in range(runs):
            for name, module, path in targets:
                times[name].append(_timed_import(module, path, env))
        results = [ImportTime(name, min(times[name]), *(import_costs(module, path, env) if path else ([], [])))
                   for name, module, path in targets]
    return results[0], results[1:]
