"""Issue 9 items 5 and 8 and the smaller ones: handlers check their input and fail loudly."""

from __future__ import annotations

import base64
import json

import pytest

from jobboard.events import EventError
from jobboard.scrape import ScrapeFailed

from tests.integration.helpers import greenhouse_job, greenhouse_recording
from tests.integration.test_end_to_end import context, deployment, handlers  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    "event, field",
    [
        ({"force": "false"}, "force"),
        ({"dry_run": "false"}, "dry_run"),
        ({"dry_run": 0}, "dry_run"),
        ({"board_id": 3}, "board_id"),
        ({"forse": True}, "forse"),
        (["backend"], "JSON object"),
    ],
)
def test_publish_rejects_wrong_types_naming_the_field(aws, handlers, deployment, event, field):
    with pytest.raises(EventError, match=field):
        handlers["publish"](event, context("publish"))
    assert deployment.count() == 0  # nothing rendered or published


def refresh_event(body: str | None) -> dict:
    event = json.loads(open("events/refresh-api.json", encoding="utf-8").read())
    event.update(pathParameters={"id": "backend"}, path="/boards/backend/refresh", body=body, isBase64Encoded=False)
    return event


@pytest.mark.parametrize(
    "body, says",
    [
        ('{"force": "false"}', "body.force: must be true or false"),
        ('{"dry_run": "false"}', "body.dry_run: must be true or false"),
        ('{"colour": 1}', "body.colour: unknown field"),
        ("[1]", "JSON object"),
        ("{not json", "must be JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_refresh_answers_400_naming_the_problem(aws, handlers, deployment, body, says):
    response = handlers["refresh"](refresh_event(body), context("refresh"))
    assert response["statusCode"] == 400, response
    assert says in json.loads(response["body"])["message"]


def test_refresh_reads_a_base64_body_and_answers_404_for_an_unknown_board(aws, handlers, deployment):
    event = refresh_event(base64.b64encode(b'{"dry_run": "no"}').decode())
    event["isBase64Encoded"] = True  # API Gateway encodes bodies of binary media types
    response = handlers["refresh"](event, context("refresh"))
    assert response["statusCode"] == 400 and "body.dry_run" in json.loads(response["body"])["message"]
    event["body"] = "not base64!"
    assert "base64" in json.loads(handlers["refresh"](event, context("refresh"))["body"])["message"]

    event = refresh_event(None)
    event.update(pathParameters={"id": "frontend"}, path="/boards/frontend/refresh")
    response = handlers["refresh"](event, context("refresh"))
    assert response["statusCode"] == 404 and response["multiValueHeaders"]["Content-Type"] == ["application/json"]
    assert "no board 'frontend'; boards: backend" in json.loads(response["body"])["message"]
    event.update(pathParameters=None, path="/boards/backend")  # no such route
    assert handlers["refresh"](event, context("refresh"))["statusCode"] == 404
    assert deployment.count() == 0  # nothing scraped, rendered or published


def test_a_failed_scrape_fails_the_invocation_after_its_metrics(aws, handlers, deployment, source_server, capsys):
    handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    capsys.readouterr()
    source_server.add("greenhouse", greenhouse_recording([greenhouse_job(1, "Backend Engineer")], status=404))
    with pytest.raises(ScrapeFailed, match="acme.*404") as failure:
        handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    assert failure.value.outcome.status == "failed"
    metrics = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert len(metrics) == 2 and metrics[0]["source"] == "acme"
    assert (metrics[0]["failed"], metrics[0]["suspect"], metrics[0]["new"]) == ([1.0], [0.0], [0.0])
    assert "source" not in metrics[1] and metrics[1]["ScrapesFailed"] == [1.0]  # for one alarm over all sources
    assert sum(i["status"] == "open" for i in aws.postings.scan_all()) == 4  # jobs kept


def test_a_scrape_reports_per_source_metrics(aws, handlers, deployment, capsys):
    outcome = handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    assert outcome["status"] == "ok"
    metrics = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    names = {m["Name"] for m in metrics[0]["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert names == {"seen", "new", "closed", "skipped", "failed", "suspect"}
    assert (metrics[0]["source"], metrics[0]["seen"], metrics[0]["new"], metrics[0]["failed"]) == (
        "acme",
        [4.0],
        [4.0],
        [0.0],
    )


@pytest.mark.parametrize("event", [{"source_id": 7}, {"source_id": "acme", "extra": 1}, "acme"])
def test_scrape_rejects_a_malformed_event(aws, handlers, deployment, event):
    with pytest.raises(EventError):
        handlers["scrape"](event, context("scrape"))


@pytest.mark.parametrize(
    "record",
    [
        None,
        "text",
        {"eventID": "1"},
        {"eventID": "2", "dynamodb": "x"},
        {"eventID": "3", "dynamodb": {"SequenceNumber": "300", "NewImage": ["not", "a", "map"]}},
        {"eventID": "4", "dynamodb": {"SequenceNumber": "400", "NewImage": {"pk": {"S": "a"}}}},
        {"eventID": "5", "dynamodb": {"NewImage": {"pk": {"S": "a"}, "sk": {"S": "1"}, "rev": {"N": "1"}}}},
    ],
)
def test_stats_reports_a_malformed_record_as_a_batch_item_failure(aws, handlers, deployment, record):
    response = handlers["stats"]({"Records": [record]}, context("stats"))
    failures = response["batchItemFailures"]
    assert len(failures) == 1
    sequence = (
        record.get("dynamodb", {}).get("SequenceNumber")
        if isinstance(record, dict) and isinstance(record.get("dynamodb"), dict)
        else None
    )
    assert failures[0]["itemIdentifier"] == (sequence or "")


def test_a_long_rate_limit_ends_the_scrape_within_its_time_keeping_the_jobs(aws, handlers, deployment, source_server):
    """Issue 9 item 12: Retry-After longer than the invocation has left fails at once, clearly."""
    import time

    handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    recording = greenhouse_recording([], status=429)
    recording["routes"][0]["headers"] = {"Retry-After": "50"}  # under the 60 s cap, over what is left
    source_server.add("greenhouse", recording)
    short = context("scrape")
    short.get_remaining_time_in_millis = lambda: 30_000
    started = time.monotonic()
    with pytest.raises(ScrapeFailed, match=r"rate limited until \d{4}-\d\d-\d\dT[\d:]+Z"):
        handlers["scrape"]({"source_id": "acme"}, short)
    assert time.monotonic() - started < 5
    assert sum(i["status"] == "open" for i in aws.postings.scan_all()) == 4
