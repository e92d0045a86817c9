"""A refresh through the queue, as deployed: POST answers 202 with a run, the scrape function counts
each unit, the last one starts the publish (asynchronously), the publish waits for the stats and
records its outcome; GET reports the run at each step. moto for AWS, the GitHub and Lambda stand-ins.
"""

from __future__ import annotations

import json
import threading

import boto3
import pytest
import yaml

from jobboard import consume
from jobboard_local.github_standin import GitHubStandin
from jobboard_local.lambda_standin import ENDPOINT_ENV, LambdaStandin

from tests.integration.helpers import greenhouse_job
from tests.integration.test_dispatch_queue import company_routes
from tests.integration.test_dispatch_queue import context as scrape_context
from tests.integration.test_end_to_end import TOKEN, context, handlers, scrape_queue  # noqa: F401 (fixture)


@pytest.fixture
def stack(aws, source_server, tmp_path, monkeypatch):
    """A board fed by a three-company list and a single source; the scrape queue; GitHub; Lambda."""
    base = source_server.base_url("greenhouse")
    config = {
        "sources": [
            {"id": "ats", "type": "greenhouse", "base_url": base, "companies": ["acme", "globex", "initech"]},
            {"id": "solo", "type": "greenhouse", "board": "umbrella", "base_url": base},
            {"id": "off", "type": "greenhouse", "board": "hooli", "base_url": base, "enabled": False},
        ],
        "boards": [
            {
                "id": "backend",
                "title": "Backend Jobs",
                "github": {"repo": "example/backend-jobs"},
                "sources": ["ats", "solo", "off"],
                "filters": {"title_keywords": ["engineer"]},
            },
            {"id": "idle", "title": "Idle", "github": {"repo": "example/idle"}, "sources": ["off"]},
        ],
    }
    path = tmp_path / "jobboard.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    for name, value in {
        "JOBBOARD_CONFIG": str(path),
        "JOBBOARD_NOW": "2026-11-23T12:00:00Z",
        "GITHUB_TOKEN": TOKEN,
        "SCRAPE_QUEUE_URL": scrape_queue(),
        "PUBLISH_FUNCTION": "PublishFunction",
    }.items():
        monkeypatch.setenv(name, value)
    source_server.add(
        "greenhouse",
        company_routes(
            {
                "acme": [greenhouse_job(1, "Backend Engineer"), greenhouse_job(2, "Designer")],
                "globex": [greenhouse_job(3, "Platform Engineer", company="Globex")],
                "initech": 404,  # down: a failed unit, counted, its jobs kept
                "umbrella": [greenhouse_job(4, "Staff Engineer", company="Umbrella")],
            }
        ),
    )
    with GitHubStandin(token=TOKEN) as github, LambdaStandin() as invocations:
        github.create_repo("example/backend-jobs")
        github.commit("example/backend-jobs", "main", {".gitignore": b"\n"}, "init")
        monkeypatch.setenv("GITHUB_API_URL", github.api_url)
        monkeypatch.setenv(ENDPOINT_ENV, invocations.url)
        yield {"github": github, "invocations": invocations, "queue": boto3.client("sqs", region_name="us-east-1")}


def api(handlers, method: str, path: str, body: str | None = None) -> tuple[int, dict, dict]:
    event = json.loads(open("events/refresh-api.json", encoding="utf-8").read())
    parts = path.strip("/").split("/")
    resource = "/boards/{id}/refresh" + ("/{run}" if len(parts) == 4 else "")
    event.update(
        httpMethod=method,
        path=path,
        resource=resource,
        body=body,
        pathParameters={"id": parts[1], **({"run": parts[3]} if len(parts) == 4 else {})},
    )
    response = handlers["refresh"](event, context("refresh"))
    headers = {name: values[-1] for name, values in (response.get("multiValueHeaders") or {}).items()}
    return response["statusCode"], json.loads(response["body"]), {**headers, **(response.get("headers") or {})}


def receive(stack, count: int) -> list[dict]:
    url = boto3.client("sqs", region_name="us-east-1").list_queues()["QueueUrls"]
    queue = next(u for u in url if u.endswith("/scrape.fifo"))
    messages: list[dict] = []
    while len(messages) < count:
        answer = stack["queue"].receive_message(QueueUrl=queue, MaxNumberOfMessages=10, AttributeNames=["All"])
        assert answer.get("Messages"), f"{len(messages)} of {count} messages queued"
        messages += answer["Messages"]
    return messages


def records(messages: list[dict]) -> dict:
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m["Attributes"],
            }
            for m in messages
        ]
    }


def test_a_refresh_runs_through_the_queue_to_a_publish_reporting_progress(aws, handlers, stack):
    status, run, headers = api(handlers, "POST", "/boards/backend/refresh", '{"force": false}')
    assert status == 202, run
    run_id = run["run_id"]
    assert headers["Location"] == f"/boards/backend/refresh/{run_id}"
    # Every enabled unit: the list's three companies and the single source (not the disabled one).
    assert (run["status"], run["units"]) == ("scraping", {"total": 4, "done": 0, "failed": 0, "pending": 4})
    assert api(handlers, "GET", f"/boards/backend/refresh/{run_id}")[1]["units"]["pending"] == 4

    messages = receive(stack, 4)
    bodies = [json.loads(m["Body"]) for m in messages]
    assert sorted(b["source_id"] for b in bodies) == ["ats/acme", "ats/globex", "ats/initech", "solo"]
    assert {(b["board_id"], b["run_id"]) for b in bodies} == {("backend", run_id)}
    by_unit = {b["source_id"]: m for b, m in zip(bodies, messages, strict=True)}

    # Two units done: counted, nothing published yet.
    first = [by_unit["ats/acme"], by_unit["ats/initech"]]
    assert handlers["scrape"](records(first), scrape_context("scrape"))["batchItemFailures"] == []
    progress = api(handlers, "GET", f"/boards/backend/refresh/{run_id}")[1]
    assert progress["units"] == {"total": 4, "done": 2, "failed": 1, "pending": 2}
    assert progress["failed_units"] == ["ats/initech"] and progress["status"] == "scraping"
    assert stack["invocations"].take() == []

    # The last two: the run is claimed and its publish started, once, even if a message comes twice.
    rest = [by_unit["ats/globex"], by_unit["solo"]]
    assert handlers["scrape"](records(rest), scrape_context("scrape"))["batchItemFailures"] == []
    assert handlers["scrape"](records(rest[:1]), scrape_context("scrape"))["batchItemFailures"] == []  # redelivered
    progress = api(handlers, "GET", f"/boards/backend/refresh/{run_id}")[1]
    assert progress["units"] == {"total": 4, "done": 4, "failed": 1, "pending": 0}
    assert progress["status"] == "publishing" and progress["publish"] is None
    ((function, event),) = stack["invocations"].take()
    assert (function, event) == (
        "PublishFunction",
        {"board_id": "backend", "run_id": run_id, "force": False, "dry_run": False},
    )
    assert stack["github"].count() == 0  # nothing published before the publish function runs

    # The publish waits for the stats (the stream mapping runs alongside, a moment late).
    stop = threading.Event()

    def stream_mapping():
        while not stop.wait(0.3):
            if batch := aws.pump.read():
                handlers["stats"]({"Records": batch}, context("stats"))

    mapping = threading.Thread(target=stream_mapping, daemon=True)
    mapping.start()
    try:
        published = handlers["publish"](event, context("publish"))
    finally:
        stop.set()
        mapping.join()
    assert [(b["board"], b["status"], b["jobs"]) for b in published["boards"]] == [("backend", "published", 3)]
    readme = stack["github"].file_at("example/backend-jobs", "main", "README.md").decode("utf-8")
    assert "Platform Engineer" in readme and "Staff Engineer" in readme and "Designer" not in readme

    progress = api(handlers, "GET", f"/boards/backend/refresh/{run_id}")[1]
    assert progress["status"] == "finished"
    assert progress["publish"]["status"] == "published" and progress["publish"]["jobs"] == 3
    assert progress["publish"]["commit"] == stack["github"].log("example/backend-jobs", "main")[0].sha
    assert progress["publish"]["stats_settled"] is True


def test_unknown_runs_and_boards_answer_404_and_bad_options_400(aws, handlers, stack):
    status, body, _ = api(handlers, "GET", "/boards/backend/refresh/20261123T120000Z-00000000")
    assert status == 404 and "no refresh run '20261123T120000Z-00000000'" in body["message"]
    status, body, _ = api(handlers, "GET", "/boards/frontend/refresh/x")
    assert status == 404 and "no board 'frontend'" in body["message"]
    status, body, _ = api(handlers, "POST", "/boards/backend/refresh", '{"dry_run": "yes"}')
    assert status == 400 and body["message"].startswith("body.dry_run: must be true or false")
    status, body, _ = api(handlers, "POST", "/boards/idle/refresh")
    assert status == 409 and body["message"] == "board 'idle' has no enabled source to scrape"
    assert stack["github"].count() == 0


def test_a_unit_that_cannot_finish_on_its_last_receive_is_counted_failed_so_the_run_ends(
    aws, handlers, stack, monkeypatch
):
    run = api(handlers, "POST", "/boards/backend/refresh", '{"dry_run": true}')[1]
    messages = receive(stack, 4)
    real = consume.scrape_source

    def crash_on_globex(source, *args, **kwargs):
        if source.id == "ats/globex":
            raise RuntimeError("DynamoDB unavailable")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(consume, "scrape_source", crash_on_globex)
    globex = next(m for m in messages if json.loads(m["Body"])["source_id"] == "ats/globex")
    others = [m for m in messages if m is not globex]
    handlers["scrape"](records(others), scrape_context("scrape"))
    first = handlers["scrape"](records([globex]), scrape_context("scrape"))
    assert first["batchItemFailures"] == [{"itemIdentifier": globex["MessageId"]}]  # retried: not counted yet
    assert api(handlers, "GET", f"/boards/backend/refresh/{run['run_id']}")[1]["units"]["pending"] == 1

    last = records([globex])
    last["Records"][0]["attributes"]["ApproximateReceiveCount"] = "3"  # then the dead-letter queue
    assert handlers["scrape"](last, scrape_context("scrape"))["batchItemFailures"] == [
        {"itemIdentifier": globex["MessageId"]}
    ]
    progress = api(handlers, "GET", f"/boards/backend/refresh/{run['run_id']}")[1]
    assert progress["units"] == {"total": 4, "done": 4, "failed": 2, "pending": 0}
    assert progress["failed_units"] == ["ats/globex", "ats/initech"] and progress["status"] == "publishing"
    ((_, event),) = stack["invocations"].take()
    assert event["dry_run"] is True
