"""Issue 9 items 5 and 8 and the smaller ones: handlers check their input and fail loudly."""

from __future__ import annotations

import base64
import json
import logging

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


def metric_records(out: str) -> list[dict]:
    """The EMF metric records among what the functions printed."""
    return [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]


def outcome_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage() == "scrape outcome"]


def test_a_failed_scrape_fails_the_invocation_after_its_log_line_and_metric(
    aws, handlers, deployment, source_server, capsys, caplog
):
    handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    capsys.readouterr()
    source_server.add("greenhouse", greenhouse_recording([greenhouse_job(1, "Backend Engineer")], status=404))
    with pytest.raises(ScrapeFailed, match="acme.*404") as failure:
        handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    assert failure.value.outcome.status == "failed"
    metrics = metric_records(capsys.readouterr().out)
    line = outcome_lines(caplog)[-1]
    assert (line.levelname, line.unit, line.status, line.failed) == ("WARNING", "acme", "failed", 1)
    assert "404" in line.error
    # One run-level metric for the alarm, no dimension naming the source (one metric for all sources).
    (metric,) = metrics
    assert metric["ScrapesFailed"] == [1.0] and "ScrapesSuspect" not in metric and "source" not in metric
    assert [d for d in metric["_aws"]["CloudWatchMetrics"][0]["Dimensions"]] == [["service"]]
    assert sum(i["status"] == "open" for i in aws.postings.scan_all()) == 4  # jobs kept


def test_a_retried_direct_invocation_counts_one_partial_answer_once(aws, handlers, deployment, source_server):
    jobs = [greenhouse_job(i, f"Backend Engineer {i}") for i in range(1, 5)]
    source_server.add("greenhouse", greenhouse_recording(jobs))
    handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    source_server.add("greenhouse", greenhouse_recording(jobs[:2]))
    for _ in range(3):  # Lambda's async retries of one invocation keep its request id
        outcome = handlers["scrape"]({"source_id": "acme"}, context("scrape", "invocation-2"))
        assert (outcome["missed"], outcome["closed"]) == (2, 0)
    assert handlers["scrape"]({"source_id": "acme"}, context("scrape"))["closed"] == 2


def test_a_scrape_logs_one_outcome_line_per_unit_and_no_metric(aws, handlers, deployment, capsys, caplog):
    outcome = handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    assert outcome["status"] == "ok"
    # A healthy scrape sends no data point: a metric per source would be billed per source.
    assert metric_records(capsys.readouterr().out) == []
    (line,) = outcome_lines(caplog)
    assert (line.unit, line.source, line.seen, line.new, line.failed, line.suspect) == (
        "acme",
        "acme",
        4,
        4,
        0,
        0,
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
