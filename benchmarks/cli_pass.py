"""The `jobboard` command itself, as a user runs it, at full scale: a subprocess per pass, its
whole process tree's peak memory sampled from /proc (moto included, embedded or a
`jobboard moto-server` beside it), stage times and DynamoDB writes from `run --report`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from harness import LISTINGS_PATH, REPO_ROOT, listings_recording

JOBBOARD = Path(sys.executable).with_name("jobboard")
# A source id that has a schedule in template.yaml: `jobboard run` scrapes scheduled sources.
SOURCE_ID = "simplify-new-grad"
ALL_BOARD = {
    "id": "all",
    "title": "Internships (all)",
    "github": {"repo": "bench/all"},
    "sources": [SOURCE_ID],
    "filters": {"max_age_days": 365},
}


@dataclass
class CliPass:
    label: str
    wall_s: float
    peak_tree_mb: float
    peak_moto_mb: float  # of that peak's moment, a separate moto server's share (0 when embedded)
    stages: dict[str, float]
    seen: int
    stream_records: int
    dynamodb_requests: int
    items_written: int
    commits: int
    boards: list[tuple[str, int, str]]  # (board, jobs, status)
    exit_code: int


def bench_configs(base_url: str) -> dict[str, dict]:
    """One unfiltered board; the default jobboard.yaml's four boards, all fed by the replayed source."""
    source = {"id": SOURCE_ID, "type": "simplify", "url": LISTINGS_PATH, "base_url": base_url}
    defaults = yaml.safe_load((REPO_ROOT / "jobboard.yaml").read_text(encoding="utf-8"))["boards"]
    four = [{**board, "sources": [SOURCE_ID]} for board in defaults]
    return {
        "1 board": {"sources": [source], "boards": [ALL_BOARD]},
        f"{len(four)} default boards": {"sources": [source], "boards": four},
    }


def run_passes(label: str, config: dict, workdir: Path, now: str, endpoint: str | None, extra_pids=()) -> list[CliPass]:
    """A first pass and an unchanged second pass of `jobboard run --live` on fresh state."""
    config_path = workdir / f"{label.replace(' ', '-')}.yaml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    out = workdir / f"out-{label.replace(' ', '-')}"
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "AWS_ENDPOINT_URL")}
    env.update({"JOBBOARD_NOW": now, "LOG_LEVEL": "WARNING"})
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
    return [_one(f"{label}, {name}", config_path, out, env, extra_pids) for name in ("first pass", "same again")]


def _one(label: str, config_path: Path, out: Path, env: dict, extra_pids) -> CliPass:
    report_path = out.with_suffix(".report.json")
    command = [
        str(JOBBOARD),
        "--config",
        str(config_path),
        "--out",
        str(out),
        "run",
        "--live",
        "--report",
        str(report_path),
    ]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with TreeMemory(child.pid, extra_pids) as memory:
        output, _ = child.communicate()
    wall = time.perf_counter() - started
    if child.returncode or not report_path.exists():
        print(output[-3000:], file=sys.stderr)
        return CliPass(label, wall, memory.peak_mb, memory.peak_extra_mb, {}, 0, 0, 0, 0, 0, [], child.returncode)
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return CliPass(
        label=label,
        wall_s=wall,
        peak_tree_mb=memory.peak_mb,
        peak_moto_mb=memory.peak_extra_mb,
        stages=report["seconds"],
        seen=sum(s.get("seen", 0) for s in report["sources"]),
        stream_records=report["stream_records"],
        dynamodb_requests=report["dynamodb_requests"],
        items_written=report["items_written"],
        commits=report["commits"],
        boards=[(b["board"], b["jobs"], b["status"]) for b in report["boards"]],
        exit_code=child.returncode,
    )


class TreeMemory:
    """Peak resident memory of a process, its descendants and `extra_pids` together, sampled every 20 ms."""

    def __init__(self, pid: int, extra_pids=(), interval: float = 0.02):
        self.pid, self.extra, self.interval = pid, tuple(extra_pids), interval
        self.peak_mb = self.peak_extra_mb = 0.0
        self._stop = threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        while not self._stop.wait(self.interval):
            tree = _descendants(self.pid) | {self.pid}
            extra = sum(_rss_mb(p) for p in self.extra)
            total = sum(_rss_mb(p) for p in tree) + extra
            if total > self.peak_mb:
                self.peak_mb, self.peak_extra_mb = total, extra


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, pending = set(), [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def serve_listings(server, body: str) -> str:
    server.add("simplify", listings_recording(body))
    return server.base_url("simplify")


@dataclass
class FunctionMemory:
    function: str
    peak_rss_mb: float
    what: str


def lambda_memory(endpoint: str, config_path: Path, out: Path, now: str, workdir: Path) -> list[FunctionMemory]:
    """Peak memory of the stats and publish functions, each alone in a fresh interpreter, against
    the tables a full-scale first pass left at `endpoint`: stats applying 100 postings new to the
    board (their markers removed first), publish rendering every board (dry run: nothing sent)."""
    from harness import aws_client

    from jobboard.store import dynamo
    from jobboard_local.environment import FAKE_CREDENTIALS, STACK_NAME
    from jobboard_local.stream import table_stream_arn

    postings_table, boards_table = f"{STACK_NAME}-PostingsTable", f"{STACK_NAME}-BoardsTable"
    dynamodb = aws_client("dynamodb", endpoint)
    arn = table_stream_arn(dynamodb, postings_table)
    # 100 stored open postings as the stream delivers a first write of each (INSERT records),
    # their board markers removed first so the stats function applies every one.
    stored = [
        item
        for item in dynamo.paginate(dynamodb.scan, TableName=postings_table)
        if dynamo.from_dynamo(item).get("boards")
    ][:100]
    records = []
    for number, item in enumerate(stored, start=1):
        image = dynamo.from_dynamo(item)
        for board in image["boards"]:
            dynamodb.delete_item(
                TableName=boards_table,
                Key={"pk": {"S": f"board#{board}"}, "sk": {"S": f"job#{image['pk']}#{image['sk']}"}},
            )
        records.append(
            {
                "eventID": str(number),
                "eventName": "INSERT",
                "eventSource": "aws:dynamodb",
                "awsRegion": "us-east-1",
                "eventSourceARN": arn,
                "dynamodb": {
                    "Keys": {"pk": item["pk"], "sk": item["sk"]},
                    "NewImage": item,
                    "SequenceNumber": str(10**20 + number),
                    "StreamViewType": "NEW_AND_OLD_IMAGES",
                    "ApproximateCreationDateTime": 0,
                },
            }
        )
    batch = {"Records": records}
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    env.update(FAKE_CREDENTIALS)
    env.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "POSTINGS_TABLE": postings_table,
            "BOARDS_TABLE": boards_table,
            "JOBBOARD_CONFIG": str(config_path),
            "JOBBOARD_OUT_DIR": str(out),
            "JOBBOARD_NOW": now,
            "LOG_LEVEL": "WARNING",
            "POWERTOOLS_LOG_LEVEL": "WARNING",
            "POWERTOOLS_SERVICE_NAME": "jobboard",
        }
    )
    results = []
    for function, event, what in (
        ("stats", batch, f"{len(records)} records new to a board of ~6,000"),
        ("publish", {"dry_run": True}, "every board rendered (dry run)"),
    ):
        event_file = workdir / f"{function}-event.json"
        event_file.write_text(json.dumps(event, default=str), encoding="utf-8")
        done = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("lambda_memory.py")),
                str(REPO_ROOT / "functions" / function),
                str(event_file),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)
            results.append(FunctionMemory(function, 0.0, f"FAILED: {what}"))
            continue
        answer = json.loads(done.stdout.splitlines()[-1])
        result = answer["result"]
        if function == "stats":
            failures = result.get("batchItemFailures")
            what += f": {'batch not applied ' + str(failures) if failures else 'applied'}"
        else:
            what += ": " + ", ".join(f"{b['board']} {b['jobs']} jobs {b['status']}" for b in result.get("boards", []))
        results.append(FunctionMemory(function, answer["peak_rss_mb"], what))
    return results
