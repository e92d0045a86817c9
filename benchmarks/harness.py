"""What the benchmarks stand on: the replayed data, a moto server per phase, request counters.

moto (`jobboard moto-server`) runs in a child process (or at AWS_ENDPOINT_URL when that is set), so this process's
peak memory and CPU are the handlers' and the stand-ins', not the database's.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from jobboard_local.usage import DynamoCounter

if TYPE_CHECKING:
    from jobboard_local.environment import LocalStack
    from jobboard_local.github_standin import GitHubStandin
    from jobboard_local.recorded import RecordedSourceServer

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("JOBBOARD_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data")
SOURCE_ID = "simplify-summer2025"
LISTINGS_PATH = "/listings.json"

# One board of everything the source lists, one keyword board: ages up to a year, so the 2024
# listings show against a clock pinned to each snapshot's commit time.
SWE_KEYWORDS = ["software", "engineer", "engineering", "developer", "backend", "frontend", "data"]
BOARDS = [
    {
        "id": "internships",
        "title": "Internships (all)",
        "github": {"repo": "bench/internships"},
        "sources": [SOURCE_ID],
        "filters": {"max_age_days": 365},
    },
    {
        "id": "swe-internships",
        "title": "Software Engineering Internships",
        "theme": "awesome",
        "github": {"repo": "bench/swe-internships"},
        "sources": [SOURCE_ID],
        "filters": {"title_keywords": SWE_KEYWORDS, "max_age_days": 365},
    },
]


# --- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    name: str  # file name without .json.gz
    path: Path
    commit_time: str  # ISO 8601 with offset: the clock is pinned here while it is replayed
    listings: int

    def text(self) -> str:
        with gzip.open(self.path, "rt", encoding="utf-8") as handle:
            return handle.read()

    def entries(self) -> list:
        return json.loads(self.text())


def snapshots(dataset: str) -> list[Snapshot]:
    """The dataset's snapshots in time order (index.json); [] when the data is not there."""
    folder = DATA_DIR / dataset
    index = folder / "index.json"
    if not index.exists():
        return []
    return [
        Snapshot(e["file"].removesuffix(".json.gz"), folder / e["file"], e["commit_time"], int(e["listings"]))
        for e in json.loads(index.read_text(encoding="utf-8"))
    ]


def all_open(entries: list) -> list:
    """The listings with every one marked active and visible: the full-scale variant of a snapshot."""
    return [dict(e, active=True, is_visible=True) if isinstance(e, dict) else e for e in entries]


def listings_recording(body: str) -> dict:
    """A RecordedSourceServer recording answering the simplify adapter with `body`, as served raw."""
    return {
        "settings": {"url": LISTINGS_PATH},
        "routes": [{"path": LISTINGS_PATH, "text": body, "headers": {"Content-Type": "application/json"}}],
    }


def bench_config(base_url: str) -> dict:
    return {
        "sources": [{"id": SOURCE_ID, "type": "simplify", "url": LISTINGS_PATH, "base_url": base_url}],
        "boards": BOARDS,
    }


def write_config(data: dict, directory: Path) -> Path:
    path = directory / "jobboard.bench.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- endpoints and stand-ins -----------------------------------------------------------------

USER_ENDPOINT = os.environ.get("AWS_ENDPOINT_URL")  # as given when the benchmark started


@contextmanager
def dynamodb_endpoint():
    """AWS_ENDPOINT_URL as given, else a fresh moto server child for this phase: (endpoint, its pid or None)."""
    if USER_ENDPOINT:
        yield USER_ENDPOINT, None
        return
    with moto_server() as started:
        yield started


@contextmanager
def moto_server():
    """`jobboard moto-server` (the stand-in we ship: per-item transaction rollback) in a child
    process: (endpoint, pid)."""
    jobboard = Path(sys.executable).with_name("jobboard")
    child = subprocess.Popen(
        [str(jobboard), "moto-server", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        url = child.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError("`jobboard moto-server` did not start (is moto[server] installed?)")
        yield url, child.pid
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def aws_client(service: str, endpoint: str):
    """A boto3 client for the local endpoint that needs nothing from the environment, configured
    as the handlers' own (jobboard.aws_clients)."""
    import boto3

    from jobboard_local.environment import FAKE_CREDENTIALS
    from jobboard.aws_clients import client_config

    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=client_config(),
        **{name.lower(): value for name, value in FAKE_CREDENTIALS.items()},
    )


def drop_tables(dynamodb, names) -> None:
    """Delete tables this benchmark created (at a shared endpoint the next phase needs them fresh)."""
    for name in names:
        dynamodb.delete_table(TableName=name)


@dataclass
class Bench:
    """One phase's world: a local stack (fresh tables), the replayed source, a GitHub stand-in."""

    stack: LocalStack
    source: RecordedSourceServer
    github: GitHubStandin
    dynamo: DynamoCounter  # counting the handlers' DynamoDB client

    def serve(self, body: str) -> None:
        self.source.add("simplify", listings_recording(body))


@contextmanager
def bench_world(workdir: Path):
    """Fresh tables at a moto endpoint, handlers' env pointed at the stand-ins, quiet logs."""
    from jobboard_local.environment import STACK_NAME, local_stack
    from jobboard_local.github_standin import GitHubStandin
    from jobboard_local.recorded import RecordedSourceServer
    from jobboard_local.template import load_template, tables
    from jobboard.store import dynamo

    with ExitStack() as resources:
        endpoint, _ = resources.enter_context(dynamodb_endpoint())
        source = resources.enter_context(RecordedSourceServer())
        github = resources.enter_context(GitHubStandin(auto_create=True))
        _set_environment(
            resources, {"AWS_ENDPOINT_URL": endpoint, "GITHUB_TOKEN": github.token, "GITHUB_API_URL": github.api_url}
        )
        config_path = write_config(bench_config(source.base_url("simplify")), workdir)
        table_names = [f"{STACK_NAME}-{logical}" for logical in tables(load_template())]
        if USER_ENDPOINT:
            existing = set(aws_client("dynamodb", endpoint).list_tables()["TableNames"]) & set(table_names)
            if existing:
                raise SystemExit(
                    f"{USER_ENDPOINT} already has {', '.join(sorted(existing))}: the benchmark needs "
                    "fresh tables; point AWS_ENDPOINT_URL at an empty moto server or unset it"
                )
        stack = resources.enter_context(local_stack(workdir / "out", config_path))
        if USER_ENDPOINT:
            resources.callback(drop_tables, stack.client("dynamodb"), table_names)
        stack.extra_env.update(
            {"LOG_LEVEL": "WARNING", "POWERTOOLS_LOG_LEVEL": "WARNING", "POWERTOOLS_METRICS_DISABLED": "true"}
        )  # EMF lines on stdout
        counter = DynamoCounter()
        counter.attach(dynamo.client())  # the client every handler's store uses
        yield Bench(stack=stack, source=source, github=github, dynamo=counter)


def _set_environment(resources: ExitStack, values: dict[str, str]) -> None:
    """Set variables for the phase; put back what was there when it ends."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)

    def restore():
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    resources.callback(restore)


@contextmanager
def workspace():
    with tempfile.TemporaryDirectory(prefix="jobboard-bench-") as directory:
        yield Path(directory)
