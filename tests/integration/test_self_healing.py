"""Issue 16: faults AWS and sources really produce, each reproduced, each held.

Faults are injected on the handlers' own boto3 client (botocore events): a `before-send` hook
registered after moto's runs once moto has applied the request, so raising a dropped connection
there is "the write landed, its answer was lost"; a ClientError raised there is a refusal after
botocore's retries (throttling).
"""

from __future__ import annotations

import json
import subprocess
from contextlib import contextmanager
import sys
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
from botocore.exceptions import ClientError, ConnectionClosedError

from jobboard.consume import ScrapeBatch, scrape_records
from jobboard.http import HttpClient
from jobboard.publish.board import LEASE_SECONDS, Lease, dedupe, publish_board
from jobboard.publish.run import publish_boards
from jobboard.scrape import scrape_source
from jobboard.stats.figures import recompute
from jobboard.stats.reconcile import reconcile
from jobboard.stats.stream import apply_batch
from jobboard.store.postings import fit_for_storage

from tests.conftest import NOW
from tests.integration.helpers import config_for, greenhouse_job, greenhouse_recording
from tests.integration.test_publish_board import scrape_and_settle
from tests.integration.test_publish_race import github, publisher, published_jobs  # noqa: F401 — fixtures

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def fault(client, operation: str, kind: str, *, times: int = 1, matching: bytes = b""):
    """The next `times` calls of `operation` whose request body holds `matching` fail:
    kind "throttled" (refused, nothing applied) or "answer-lost" (applied, then the connection drops)."""
    state = {"left": times}

    def hook(request, **_):
        if state["left"] and matching in (request.body or b""):
            state["left"] -= 1
            if kind == "throttled":
                raise ClientError(
                    {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "Rate exceeded"}}, operation
                )
            raise ConnectionClosedError(endpoint_url=request.url)

    event = f"before-send.dynamodb.{operation}"
    if kind == "throttled":
        client.meta.events.register_first(event, hook)  # before moto applies it
    else:
        client.meta.events.register(event, hook)  # after moto applied it
    try:
        yield state
    finally:
        client.meta.events.unregister(event, hook)


def scrape(aws, server, jobs, *, text: str | None = None, scrape_id: str | None = None):
    recording = greenhouse_recording(jobs)
    if text is not None:  # the body exactly as given (escapes, density)
        recording["routes"][0] = {"path": "/v1/boards/acme/jobs", "text": text}
    server.add("greenhouse", recording)
    config = config_for(server.base_url("greenhouse"))
    http = HttpClient(sleep=lambda _: None, max_attempts=1)
    return scrape_source(config.source("acme"), config, aws.postings, NOW, http, scrape_id=scrape_id)


# --- 5. Unicode forms ------------------------------------------------------------------------


def _forms(form: str) -> list[dict]:
    """The same three jobs as a job seeker reads them, their text in one Unicode form."""

    def text(value: str) -> str:
        return unicodedata.normalize(form, value)

    return [
        greenhouse_job(
            1, text("Ingénieur Backend"), company=text("Société Générale"), location=text("Zürich, Schweiz")
        ),
        greenhouse_job(2, text("Développeur Backend Senior"), location=text("Montréal, Québec, Canada")),
        greenhouse_job(3, text("Backend Engineer (Köln)"), location=text("Köln, Deutschland")),
    ]


def test_a_source_resending_its_text_decomposed_writes_nothing(aws, source_server):
    first = scrape(aws, source_server, _forms("NFC"))
    assert (first.new, first.changed) == (3, 0)
    aws.pump.read()
    again = scrape(aws, source_server, _forms("NFD"))
    assert (again.new, again.changed, again.unchanged, again.repaired) == (0, 0, 3, 0)
    assert aws.pump.read() == []
    # Escaped in the JSON ("e\\u0301"): decoded after the body, composed when stored.
    escaped = scrape(aws, source_server, [], text=json.dumps({"jobs": _forms("NFD")}, ensure_ascii=True))
    assert (escaped.new, escaped.changed, escaped.unchanged) == (0, 0, 3)
    titles = {item["title"] for item in aws.postings.scan_all()}
    assert "Ingénieur Backend" in titles and all(unicodedata.is_normalized("NFC", t) for t in titles)


def test_the_same_job_composed_by_one_source_and_decomposed_by_another_is_one_row(aws, source_server):
    scrape(aws, source_server, _forms("NFD"))
    stored = [row for row in aws.postings.scan_all() if row["sk"] == "1"][0]
    assert stored["company"] == "Société Générale" and unicodedata.is_normalized("NFC", stored["location"])
    from jobboard.model import Posting

    composed = Posting.from_dict({k: v for k, v in stored.items() if k in Posting.__dataclass_fields__})
    other = composed.__class__(
        **{
            **composed.__dict__,
            "source": "other",
            "url": "https://jobs.example.org/1",
            "title": unicodedata.normalize("NFD", composed.title),
            "company": unicodedata.normalize("NFD", composed.company),
        }
    )
    fitted, repaired = fit_for_storage(other)
    assert (fitted.title, fitted.company, repaired) == (composed.title, composed.company, False)
    assert len(dedupe([composed, fitted])) == 1


# --- 4. A dense body under the size cap ------------------------------------------------------

DENSE_BYTES = 20 * 1024 * 1024 - 64  # just under HttpClient's 20 MB cap


def dense_body() -> bytes:
    count = (DENSE_BYTES - len('{"jobs":[]}')) // 3
    return b'{"jobs":[' + b"{}," * (count - 1) + b"{}]}"


def test_a_dense_body_fails_the_source_and_keeps_its_jobs(aws, source_server):
    jobs = [greenhouse_job(i, f"Backend Engineer {i}") for i in range(1, 4)]
    scrape(aws, source_server, jobs)
    outcome = scrape(aws, source_server, [], text=dense_body().decode())
    assert outcome.failed and "too dense" in (outcome.error or "")
    assert sum(item["status"] == "open" for item in aws.postings.scan_all()) == 3


class _DenseServer(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 — http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


CHILD = """
import json, re, sys
from datetime import datetime, timezone
from pathlib import Path
from jobboard.config import parse_config
from jobboard.http import HttpClient
from jobboard.scrape import scrape_source

def peak_mb():  # this process's own peak RSS (ru_maxrss would carry the parent's across exec)
    return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024

config = parse_config({"sources": [{"id": "acme", "type": "greenhouse", "board": "acme", "base_url": sys.argv[1]}],
    "boards": [{"id": "b", "title": "B", "github": {"repo": "o/r"}, "sources": ["acme"]}]})
before = peak_mb()
outcome = scrape_source(config.source("acme"), config, None, datetime.now(timezone.utc), HttpClient(max_attempts=1))
print(json.dumps({"status": outcome.status, "error": outcome.error, "before_mb": before, "peak_mb": peak_mb()}))
"""


def test_a_dense_body_stays_under_half_the_scrape_functions_memory():
    """ScrapeFunction has 512 MB: the scrape of a 20 MB dense answer peaks under 256 MB RSS (issue: 542 MB)."""
    _DenseServer.body = dense_body()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DenseServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run = subprocess.run(
            [sys.executable, "-c", CHILD, f"http://127.0.0.1:{server.server_address[1]}"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    finally:
        server.shutdown()
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    print(report)
    assert report["status"] == "failed" and "too dense" in report["error"]
    assert report["peak_mb"] < 256


# --- 2. Closures counted once per scrape, not per delivery -----------------------------------


def deliver(aws, server, jobs, message_id: str, etag: str) -> dict:
    """One delivery of the scrape queue's message for the source, as the scrape function gets it."""
    recording = greenhouse_recording(jobs)
    recording["routes"][0]["headers"] = {"ETag": etag}
    server.add("greenhouse", recording)
    config = config_for(server.base_url("greenhouse"))
    record = {"messageId": message_id, "receiptHandle": f"r-{message_id}", "body": json.dumps({"source_id": "acme"})}
    return scrape_records([record], ScrapeBatch(config, aws.postings, aws.boards, lambda: NOW, lambda: 900_000))


def test_a_redelivered_message_counts_one_partial_answer_once(aws, source_server):
    """Issue 16 item 2: saving the feed's ETag failed after the postings were stored; the retried
    message scraped the same partial answer again and closed 10 of the 20 jobs."""
    jobs = [greenhouse_job(i, f"Backend Engineer {i}") for i in range(1, 21)]
    assert deliver(aws, source_server, jobs, "m-1", '"v1"')["outcomes"][0]["new"] == 20
    with fault(aws.dynamodb, "PutItem", "throttled", times=10, matching=b"http-validators"):
        first = deliver(aws, source_server, jobs[:10], "m-2", '"v2"')
    assert first["batchItemFailures"] == []  # stored: the unsaved ETag costs one full fetch, not a retry
    for n in range(3):  # however often the message comes back (a timeout, a lost delete)
        again = deliver(aws, source_server, jobs[:10], "m-2", f'"v2-{n}"')
        assert (again["outcomes"][0]["missed"], again["outcomes"][0]["closed"]) == (10, 0)
    assert sum(item["status"] == "open" for item in aws.postings.scan_all()) == 20
    # The next scrape (another message) lacking them confirms: now they close.
    confirmed = deliver(aws, source_server, jobs[:10], "m-3", '"v3"')
    assert confirmed["outcomes"][0]["closed"] == 10


# --- Counts when a write's answer was lost ---------------------------------------------------


def test_writes_whose_answers_were_lost_are_still_counted(aws, source_server):
    jobs = [greenhouse_job(i, f"Backend Engineer {i}") for i in range(1, 4)]
    scrape(aws, source_server, jobs)
    edited = [dict(jobs[0], title="Backend Engineer (Go)"), jobs[1]]
    scrape(aws, source_server, edited)  # job 3 missed once
    aws.pump.read()
    with fault(aws.dynamodb, "PutItem", "answer-lost"), fault(aws.dynamodb, "UpdateItem", "answer-lost"):
        outcome = scrape(aws, source_server, [dict(jobs[0], title="Backend Engineer (Rust)"), jobs[1]])
    assert (outcome.changed, outcome.closed, outcome.unchanged) == (1, 1, 1)
    assert {key for key, _, _ in outcome.writes} == {"acme#1", "acme#3"}  # a refresh waits for both
    items = {item["sk"]: item for item in aws.postings.scan_all()}
    assert items["1"]["title"] == "Backend Engineer (Rust)" and items["3"]["status"] == "closed"


# --- 3. Leases released on every way out of a publish ----------------------------------------


def _board_jobs(n: int) -> list[dict]:
    return [greenhouse_job(4_700_000_000 + i, f"Backend Engineer {i}") for i in range(n)]


def test_a_failed_bookkeeping_write_after_the_commit_leaves_the_board_free(aws, source_server, github, publisher):  # noqa: F811
    """Issue 16 item 3: recording the publish failed after the commit landed; the lease stayed
    held and every publish and refresh waited for it and failed."""
    config = scrape_and_settle(aws, source_server, _board_jobs(30))
    board = config.board("backend")
    with fault(aws.dynamodb, "TransactWriteItems", "throttled", matching=b"publish-state"):
        [outcome] = publish_boards([board], config, aws.boards, publisher, NOW)
    assert outcome.status == "failed" and "ProvisionedThroughputExceeded" in outcome.message
    assert published_jobs(github) == 30  # the commit landed
    assert not aws.boards.publish_state("backend").lease_owner

    waits: list[float] = []
    again = publish_board(board, config, aws.boards, publisher, NOW, lease=Lease(sleep=waits.append))
    assert (again.status, waits) == ("unchanged", [])  # the same files: nothing to commit, no wait
    state = aws.boards.publish_state("backend")
    assert state.published_version == state.version and not state.lease_owner


def test_a_lease_left_by_a_publish_that_died_is_taken_over_within_seconds(aws, source_server, github, publisher):  # noqa: F811
    config = scrape_and_settle(aws, source_server, _board_jobs(5))
    board = config.board("backend")
    clock = [1_000_000.0]
    # A publish function killed mid-publish (timeout, out of memory): its lease is never released.
    assert aws.boards.acquire_lease("backend", "killed-invocation", now=clock[0], seconds=Lease().seconds)

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    outcome = publish_board(board, config, aws.boards, publisher, NOW, lease=Lease(clock=lambda: clock[0], sleep=sleep))
    assert outcome.status == "published" and published_jobs(github) == 5
    assert clock[0] - 1_000_000.0 <= LEASE_SECONDS + 1  # waited the dead lease out, no more
    assert not aws.boards.publish_state("backend").lease_owner


# --- 1. Self-repair of the boards' figures ----------------------------------------------------


def stats_handler(aws):
    def handle(batch, _ctx):
        result = apply_batch(batch["Records"], aws.boards, NOW)
        return {"batchItemFailures": [{"itemIdentifier": result.failed_sequence}] if result.failed_sequence else []}

    return handle


def board_jobs(aws) -> tuple[int, int]:
    """(jobs the board's figures count, open postings of the table on the board)."""
    snapshot = aws.boards.snapshot("backend")
    assert snapshot.figures == recompute(snapshot.postings)  # figures always agree with the markers shown
    on_board = sum(item["status"] == "open" and "backend" in item["boards"] for item in aws.postings.scan_all())
    return snapshot.figures.jobs, on_board


def test_a_short_throttle_on_the_boards_table_is_repaired_by_the_recount(aws, source_server):
    """Issue 16 item 1: the stats transactions were refused for a while; the batch was given up
    (deployed: parked in InvocationFailureQueue, nothing re-applies it) and the board kept 20 of 30."""
    jobs = [greenhouse_job(i, f"Backend Engineer {i}", workplace="Remote" if i % 3 else None) for i in range(1, 31)]
    scrape(aws, source_server, jobs[:20])
    aws.pump.drain(stats_handler(aws))
    scrape(aws, source_server, jobs)
    with fault(aws.dynamodb, "TransactWriteItems", "throttled", times=100, matching=b"test-boards"):
        try:
            aws.pump.drain(stats_handler(aws))
        except RuntimeError:
            pass  # the pump gave up, as the event source mapping does after its retries
    aws.pump.read()  # the parked batch's records are gone (past the stream's retention)
    assert board_jobs(aws) == (20, 30)

    report = reconcile(["backend"], aws.postings, aws.boards, NOW)
    [repair] = report.repaired
    assert (repair.board, repair.markers, repair.jobs_before, repair.jobs_after) == ("backend", 10, 20, 30)
    assert board_jobs(aws) == (30, 30)
    state = aws.boards.publish_state("backend")
    assert state.version > 0  # the next publish renders the repaired board

    calls = []
    aws.dynamodb.meta.events.register("before-send.dynamodb.TransactWriteItems", lambda **kw: calls.append(1))
    assert reconcile(["backend"], aws.postings, aws.boards, NOW).repaired == []  # no drift: no write
    assert calls == []


def test_the_recount_repairs_any_drift_a_hand_edit_or_bug_left(aws, source_server):
    jobs = [greenhouse_job(i, f"Backend Engineer {i}") for i in range(1, 6)]
    scrape(aws, source_server, jobs)
    aws.pump.drain(stats_handler(aws))
    # Drift: a counter off by 3, a marker of a posting that no longer exists, one marker lost.
    aws.boards.transact([aws.boards.counter_write("backend", "company#acme", 3, 0)])
    aws.boards.transact(
        [aws.boards.marker_write("backend", "acme#999", 1, {**aws.boards.snapshot("backend").postings[0]}, None, NOW)]
    )
    aws.dynamodb.delete_item(TableName="test-boards", Key={"pk": {"S": "board#backend"}, "sk": {"S": "job#acme#1"}})
    report = reconcile(["backend"], aws.postings, aws.boards, NOW)
    assert [b.board for b in report.repaired] == ["backend"]
    snapshot = aws.boards.snapshot("backend")
    assert sorted(p["external_id"] for p in snapshot.postings) == ["1", "2", "3", "4", "5"]
    assert snapshot.figures == recompute(snapshot.postings) and snapshot.figures.companies == 1


def test_the_local_stream_position_advances_only_past_applied_records(aws, source_server):
    jobs = [greenhouse_job(i, f"Backend Engineer {i}") for i in range(1, 31)]
    scrape(aws, source_server, jobs)
    with fault(aws.dynamodb, "TransactWriteItems", "throttled", times=100, matching=b"test-boards"):
        try:
            aws.pump.drain(stats_handler(aws))
        except RuntimeError:
            pass
    assert aws.pump.positions == {}  # nothing applied, nothing passed
    aws.pump.drain(stats_handler(aws))  # the throttle is over: the same records are applied now
    assert board_jobs(aws) == (30, 30)
    assert aws.pump.positions and aws.pump.read() == []


def test_the_daily_recount_clears_the_batches_parked_before_it(aws, source_server, monkeypatch, tmp_path):
    """Deployed, a batch given up goes to InvocationFailureQueue as metadata only: the recount function
    repairs the boards from the table, then logs and deletes the parked batches it covered."""
    from jobboard_local.invoke import load_handler
    from jobboard_local.template import functions, load_template

    from tests.integration.test_end_to_end import context

    jobs = [greenhouse_job(i, f"Backend Engineer {i}") for i in range(1, 31)]
    config_path = _config_file(source_server, tmp_path)
    scrape(aws, source_server, jobs[:20])
    aws.pump.drain(stats_handler(aws))
    scrape(aws, source_server, jobs)
    aws.pump.read()  # given up: the batch is parked, its records are never applied
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="failed-work")["QueueUrl"]
    parked = {
        "requestContext": {"condition": "RetryAttemptsExhausted", "approximateInvokeCount": 6},
        "DDBStreamBatchInfo": {
            "shardId": "shardId-0001",
            "startSequenceNumber": "100",
            "endSequenceNumber": "130",
            "batchSize": 10,
        },
    }
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"requestPayload": {}, "requestContext": {}}))
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(parked))
    monkeypatch.setenv("FAILED_WORK_QUEUE_URL", url)
    monkeypatch.setenv("JOBBOARD_CONFIG", str(config_path))
    assert board_jobs(aws) == (20, 30)

    handler = load_handler(functions(load_template())["ReconcileFunction"])
    result = handler({}, context("reconcile"))
    assert result["parked_batches"] == 1 and [b["board"] for b in result["repaired"]] == ["backend"]
    assert board_jobs(aws) == (30, 30)
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    # The failed publish beside it is left in the queue, visible, for a person to look at.
    assert (attributes["ApproximateNumberOfMessages"], attributes["ApproximateNumberOfMessagesNotVisible"]) == (
        "1",
        "0",
    )


def _config_file(server, directory: Path) -> Path:
    """The configuration config_for makes, as the file a deployed function reads."""
    import yaml

    path = directory / "jobboard.yaml"
    data = {
        "sources": [{"id": "acme", "type": "greenhouse", "board": "acme", "base_url": server.base_url("greenhouse")}],
        "boards": [
            {
                "id": "backend",
                "title": "Backend Jobs",
                "github": {"repo": "example/backend-jobs"},
                "sources": ["acme"],
                "filters": {"title_keywords": ["backend", "engineer"], "max_age_days": 15},
            }
        ],
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path
