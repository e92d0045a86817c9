"""Cold start, for information (no target): each handler's import, then the setup its first
invocation does (config, AWS clients, the GitHub token from a local SSM parameter, the adapters and
themes it reaches), each in a fresh interpreter, best of N runs.

The handlers are imported from a copy laid out as `make build` leaves them (each function's folder,
the layer's python/ folder on sys.path as Lambda's /opt/python) with the bytecode the build ships
(tools/compile_build.py, run with this Python): what a Lambda cold start reads.

    .venv/bin/python benchmarks/coldstart.py [RUNS]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAYER_PACKAGE = REPO / "layers" / "jobboard" / "jobboard"
TOKEN_PARAMETER = "/bench/github-token"

_TIMED_IMPORT = """
import sys, time
sys.path[:0] = {paths!r}
started = time.perf_counter()
import {module}
imported = time.perf_counter() - started
{setup}
print(imported, time.perf_counter() - started)
"""

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
from jobboard.sources import adapter_class
from jobboard.render.themes import load_theme
[adapter_class(s.type).attribution for s in r.config.sources]; [load_theme(b.theme) for b in r.config.boards]
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
class ColdStart:
    name: str
    imported: float  # the handler module's import, fastest run: other work on the machine only ever adds
    with_setup: float  # import and the first call's setup, fastest run


def _timed_import(module: str, paths: list[str], env: dict[str, str], setup: str = "") -> tuple[float, float]:
    code = _TIMED_IMPORT.format(paths=paths, module=module, setup=setup)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout
    imported, with_setup = map(float, out.split()[-2:])
    return imported, with_setup


def _bytecode_env(cache_dir: str) -> dict[str, str]:
    """Every module's bytecode written once to `cache_dir` and read from there after: all imports
    timed alike, whether the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE) or
    the package came with it, and nothing written into the work tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


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


def cold_starts(functions, runs: int, env_extra: dict[str, str] | None = None) -> list[ColdStart]:
    """Each function's handler module and its first call's setup, from a copy laid out as the build
    leaves it (lambda_layout; environment: `env_extra`, e.g. a local endpoint holding the GitHub
    token). Runs are interleaved (one of each per round) so other work on the machine falls on all
    alike; the fastest run of each counts."""
    with lambda_layout(functions) as paths, tempfile.TemporaryDirectory(prefix="jobboard-bench-pyc-") as cache_dir:
        targets = [
            (
                spec.logical_id,
                spec.handler.rpartition(".")[0],
                paths[spec.logical_id],
                first_call_setup(spec.logical_id),
            )
            for spec in functions.values()
        ]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in targets}
        env = {**_bytecode_env(cache_dir), **(env_extra or {})}
        layer = next(iter(paths.values()))[-1]
        env["JOBBOARD_CONFIG"] = str(Path(layer) / "jobboard.yaml")  # as the template's /opt/python/jobboard.yaml
        for _, module, path, setup in targets:
            _timed_import(module, path, env, setup)  # compiles to the cache, reads the files into the page cache
        for _ in range(runs):
            for name, module, path, setup in targets:
                times[name].append(_timed_import(module, path, env, setup))
    return [ColdStart(name, min(t[0] for t in times[name]), min(t[1] for t in times[name])) for name, *_ in targets]


def report(runs: int, say=print) -> list[ColdStart]:
    """Print each handler's cold start; the publish function reads the GitHub token from
    an SSM SecureString parameter, as deployed (a moto server holds it)."""
    from harness import aws_client, moto_server, workspace

    from jobboard_local.template import functions, load_template

    say(
        "\n== 7. Cold start, for information: handler import, then the first invocation's setup (config, "
        f"clients, GitHub token, adapters, themes); best of {runs} fresh interpreters each, interleaved"
    )
    with moto_server() as (endpoint, _), workspace() as workdir:
        aws_client("ssm", endpoint).put_parameter(Name=TOKEN_PARAMETER, Value="bench-token", Type="SecureString")
        env = {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "GITHUB_TOKEN_PARAMETER": TOKEN_PARAMETER,
            "POSTINGS_TABLE": "bench-postings",
            "BOARDS_TABLE": "bench-boards",
            "SCRAPE_QUEUE_URL": f"{endpoint}/123456789012/bench",
            "JOBBOARD_OUT_DIR": str(workdir),
        }
        results = cold_starts(functions(load_template()), runs, env)
    say(f"  {'':<20} {'import':>7} {'+ first call':>13}")
    for result in results:
        say(f"  {result.name:<20} {result.imported * 1000:5.0f} ms {result.with_setup * 1000:10.0f} ms")
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    report(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
