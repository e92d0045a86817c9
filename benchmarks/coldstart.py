"""Cold start code: each handler's import, then the setup its first invocation does (config,
clients, the GitHub secret, the adapters and themes it reaches), each in a fresh interpreter,
against `import boto3` alone; and which of requests / Jinja2 / boto3 / botocore.session that brought in.

The handlers are imported from a copy laid out as `make build` leaves them (each function's folder,
the layer's python/ folder on sys.path as Lambda's /opt/python) with the bytecode the build ships
(tools/compile_build.py, run with this Python): what a Lambda cold start reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAYER_PACKAGE = REPO / "layers" / "jobboard" / "jobboard"

_TIMED_IMPORT = """
import sys, time
sys.path[:0] = {paths!r}
started = time.perf_counter()
import {module}
imported = time.perf_counter() - started
{setup}
print(imported, time.perf_counter() - started)
print(",".join(m for m in {watched!r} if m in sys.modules))
"""

# Loaded only by the handlers that use them. botocore.session, not botocore: Powertools imports
# the bare package (its __init__, under 1 ms) for a user-agent hook; the SDK itself is the session.
WATCHED = ("requests", "jinja2", "boto3", "botocore.session")

# What each function's first invocation sets up before its own work (jobboard.runtime and the
# lazily built pieces), by the function's short name.
_SCRAPE = """
r.config; r.postings.client; r.boards.client
from jobboard.sources import adapter_class
from jobboard.http import HttpClient
[adapter_class(s.type) for s in r.config.sources]; HttpClient()
"""
_PUBLISH = """
r.config; r.boards.client; r.publisher
from jobboard.sources import declaration
from jobboard.render.themes import load_theme
[declaration(s.type).attribution for s in r.config.sources]; [load_theme(b.theme) for b in r.config.boards]
"""
FIRST_CALL_SETUP = {
    "scrape": _SCRAPE,
    "stats": "r.boards.client",
    "dispatch": "r.config\nfrom jobboard.dispatch import ScrapeQueue\nScrapeQueue().client",
    "publish": _PUBLISH,
    # Records the run and queues its units: no scrape, no publish of its own.
    "refresh": "r.config; r.runs.client\nfrom jobboard.dispatch import ScrapeQueue\nScrapeQueue().client",
}


def first_call_setup(function: str) -> str:
    body = FIRST_CALL_SETUP.get(function.removesuffix("Function").lower(), "")
    return "from jobboard.runtime import runtime\nr = runtime()\n" + body if body else ""


@dataclass
class ImportTime:
    name: str
    seconds: float  # import alone, the fastest run: noise from other work on the machine only ever adds
    # Shares of the import (-X importtime, one run): the handler's own imports, and packages
    # outside the standard library and jobboard wherever first imported (nested ones overlap).
    direct: list[tuple[str, float]] = field(default_factory=list)
    third_party: list[tuple[str, float]] = field(default_factory=list)
    with_setup: float = 0.0  # import and the first call's setup, fastest run
    loaded: str = ""  # which of WATCHED the process holds after that


def _timed_import(module: str, paths: list[str], env: dict[str, str], setup: str = "") -> tuple[float, float, str]:
    code = _TIMED_IMPORT.format(paths=paths, module=module, setup=setup, watched=WATCHED)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    times, loaded = out.splitlines()[-2:] if out.count("\n") >= 2 else (out.strip(), "")
    imported, with_setup = map(float, times.split())
    return imported, with_setup, loaded


def _bytecode_env(cache_dir: str) -> dict[str, str]:
    """Every module's bytecode written once to `cache_dir` and read from there after: all imports
    timed alike, whether the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE) or
    the package came with it, and nothing written into the work tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


def import_costs(module: str, paths: list[str], env: dict[str, str], top: int = 3) -> tuple[list, list]:
    """`python -X importtime`: the module's direct imports and the third-party packages (wherever
    first imported), each with its share of the module's import time, costliest first. Shares,
    not times: the tracing inflates every figure. Each tree is printed children first, its top
    line last, so only what comes after the last other top-level line (start-up's) is the module's."""
    code = f"import sys; sys.path[:0] = {paths!r}; import {module}"
    stderr = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True, text=True, env=env
    ).stderr
    total = 0.0
    direct: dict[str, int] = {}
    third_party: dict[str, int] = {}
    for line in stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header line
        raw_name, seconds = parts[2].rstrip(), int(parts[1])
        name, depth = raw_name.strip(), (len(raw_name) - len(raw_name.lstrip()) - 1) // 2  # nesting: 2 spaces a level
        if depth == 0:
            if name == module:
                total = seconds
                break
            direct, third_party = {}, {}  # a tree printed before the module's (site's, at start-up): not its imports
        elif depth == 1:
            direct[name] = seconds
        top_level = name.partition(".")[0]
        if name == top_level and top_level not in sys.stdlib_module_names and top_level not in ("jobboard", module):
            third_party[name] = seconds

    def costliest(costs: dict) -> list[tuple[str, float]]:
        return [(name, seconds / total) for name, seconds in sorted(costs.items(), key=lambda item: -item[1])[:top]]

    return costliest(direct), costliest(third_party)


@contextmanager
def lambda_layout(functions):
    """A temporary copy of what `make build` produces: <LogicalId>/ per function, JobboardLayer/python/
    with the jobboard package and the bundled jobboard.yaml, compiled by tools/compile_build.py;
    yields LogicalId -> the sys.path entries Lambda gives it (the layer's python/ last)."""
    with tempfile.TemporaryDirectory(prefix="jobboard-bench-build-") as build:
        root = Path(build)
        layer = root / "JobboardLayer" / "python"
        skip = shutil.ignore_patterns("__pycache__", "__bytecode__")
        shutil.copytree(LAYER_PACKAGE, layer / "jobboard", ignore=skip)
        shutil.copyfile(LAYER_PACKAGE.parent / "jobboard.yaml", layer / "jobboard.yaml")  # the bundled config
        for spec in functions.values():
            shutil.copytree(spec.code_uri, root / spec.logical_id, ignore=skip)
        subprocess.run(
            [sys.executable, str(REPO / "tools" / "compile_build.py"), build], check=True, capture_output=True
        )
        yield {spec.logical_id: [str(root / spec.logical_id), str(layer)] for spec in functions.values()}


def handler_import_times(
    functions, runs: int, env_extra: dict[str, str] | None = None
) -> tuple[ImportTime, list[ImportTime]]:
    """boto3 alone, then each function's handler module and its first call's setup, from a copy
    laid out as the build leaves it (lambda_layout; environment: `env_extra`, e.g. a local endpoint
    holding the GitHub secret). Runs are interleaved (one of each per round) so other work on the
    machine falls on all alike; the fastest run of each counts."""
    with lambda_layout(functions) as paths, tempfile.TemporaryDirectory(prefix="jobboard-bench-pyc-") as cache_dir:
        targets = [("boto3", "boto3", [], "")] + [
            (
                spec.logical_id,
                spec.handler.rpartition(".")[0],
                paths[spec.logical_id],
                first_call_setup(spec.logical_id),
            )
            for spec in functions.values()
        ]
        times: dict[str, list[tuple[float, float, str]]] = {name: [] for name, *_ in targets}
        env = {**_bytecode_env(cache_dir), **(env_extra or {})}
        layer = next(iter(paths.values()))[-1]
        env["JOBBOARD_CONFIG"] = str(Path(layer) / "jobboard.yaml")  # as the template's /opt/python/jobboard.yaml
        for _, module, path, setup in targets:
            _timed_import(module, path, env, setup)  # compiles to the cache, reads the files into the page cache
        for _ in range(runs):
            for name, module, path, setup in targets:
                times[name].append(_timed_import(module, path, env, setup))
        results = [
            ImportTime(
                name,
                min(t[0] for t in times[name]),
                *(import_costs(module, path, env) if path else ([], [])),
                with_setup=min(t[1] for t in times[name]),
                loaded=times[name][-1][2],
            )
            for name, module, path, _ in targets
        ]
    return results[0], results[1:]
