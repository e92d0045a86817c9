"""Dispatcher -> FIFO scrape queue -> scrape function, against moto SQS and DynamoDB.

Company lists: each company is its own unit (own partition, own failure, own closing), keyed by
the company so equal job ids of two companies never collide.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import boto3
import pytest
import yaml

from jobboard import consume
from jobboard.config import load_config
from jobboard.consume import scrape_unit
from jobboard.events import EventError
from jobboard_local.invoke import LambdaContext, load_handler
from jobboard_local.template import functions, load_template

from tests.conftest import NOW
from tests.integration.helpers import greenhouse_job

TICK = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def company_routes(jobs_by_company: dict[str, list[dict] | int]) -> dict:
    routes = []
    for slug, jobs in jobs_by_company.items():
        if isinstance(jobs, int):
            routes.append({"path": f"/v1/boards/{slug}/jobs", "status": jobs, "json": {"error": "gone"}})
        else:
            routes.append({"path": f"/v1/boards/{slug}/jobs", "json": {"jobs": jobs, "meta": {"total": len(jobs)}}})
    return {"settings": {}, "routes": routes}


@pytest.fixture
def handlers():
    specs = functions(load_template())
    return {name: load_handler(specs[f"{name.title()}Function"]) for name in ("dispatch", "scrape")}


@pytest.fixture
def stack(aws, source_server, tmp_path, monkeypatch):
    """A deployed stack's view: config with a company list, the FIFO queue and its DLQ."""
    config = {
        "sources": [
            {
                "id": "ats",
                "type": "greenhouse",
                "base_url": source_server.base_url("greenhouse"),
                "companies": ["acme", {"slug": "globex", "name": "Globex"}, "initech"],
                "schedule": "rate(6 hours)",
            },
            {
                "id": "solo",
                "type": "greenhouse",
                "board": "acme",
                "base_url": source_server.base_url("greenhouse"),
                "schedule": "rate(1 day)",
            },
        ],
        "boards": [
            {
                "id": "backend",
                "title": "Backend",
                "github": {"repo": "o/backend"},
                "sources": ["ats", "solo"],
                "filters": {"title_keywords": ["engineer"]},
            }
        ],
    }
    path = tmp_path / "jobboard.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.setenv("JOBBOARD_CONFIG", str(path))
    monkeypatch.setenv("JOBBOARD_NOW", NOW.isoformat())
    sqs = boto3.client("sqs", region_name="us-east-1")
    dlq = sqs.create_queue(QueueName="scrape-dlq.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = sqs.create_queue(
        QueueName="scrape.fifo",
        Attributes={
            "FifoQueue": "true",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3}),
        },
    )["QueueUrl"]
    monkeypatch.setenv("SCRAPE_QUEUE_URL", queue)
    return {"sqs": sqs, "queue": queue, "config_path": path, "server": source_server}


def context(name: str, seconds: int = 900) -> LambdaContext:
    return LambdaContext(
        function_name=name,
        memory_limit_in_mb=512,
        timeout_seconds=seconds,
        aws_request_id="test",
        invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
    )


def receive_all(stack) -> list[dict]:
    messages = []
    while (
        batch := stack["sqs"]
        .receive_message(QueueUrl=stack["queue"], MaxNumberOfMessages=10, AttributeNames=["MessageGroupId"])
        .get("Messages")
    ):
        messages += batch
        for m in batch:
            stack["sqs"].delete_message(QueueUrl=stack["queue"], ReceiptHandle=m["ReceiptHandle"])
    return messages


def as_records(messages: list[dict]) -> dict:
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
            }
            for m in messages
        ]
    }


def test_full_pass_sends_every_unit_grouped_by_host(handlers, stack):
    summary = handlers["dispatch"]({"all": True}, context("dispatch"))
    assert sorted(summary["sources"]) == ["ats/acme", "ats/globex", "ats/initech", "solo"]
    messages = receive_all(stack)
    assert sorted(json.loads(m["Body"])["source_id"] for m in messages) == sorted(summary["sources"])
    assert {m["Attributes"]["MessageGroupId"] for m in messages} == {stack["server"].url.split("//")[1]}


def test_a_tick_sends_only_what_is_due_and_a_retried_tick_sends_nothing_twice(handlers, stack):
    config = load_config(stack["config_path"])
    sent = []
    for minutes in range(5, 24 * 60 + 1, 5):  # a day of ticks
        tick = (TICK + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
        sent += handlers["dispatch"]({"scheduled_time": tick}, context("dispatch"))["sources"]
        if minutes == 5:
            handlers["dispatch"]({"scheduled_time": tick}, context("dispatch"))  # the Scheduler's retry
    assert sorted(sent) == sorted([u.id for u in config.units if u.entry] * 4 + ["solo"])
    # a list's companies share their entry's tick: their changes reach the board together
    assert len(receive_all(stack)) == len(sent)


def test_each_company_is_scraped_failed_and_closed_on_its_own(handlers, stack):
    job = greenhouse_job(7, "Backend Engineer")  # the same id at two companies
    stack["server"].add(
        "greenhouse",
        company_routes({"acme": [job, greenhouse_job(8, "Platform Engineer")], "globex": [job], "initech": [job]}),
    )
    handlers["dispatch"]({"all": True}, context("dispatch"))
    result = handlers["scrape"](as_records(receive_all(stack)), context("scrape"))
    assert result["batchItemFailures"] == []
    by_unit = {o["source"]: o for o in result["outcomes"]}
    assert {k: (o["status"], o["new"]) for k, o in by_unit.items()} == {
        "ats/acme": ("ok", 2),
        "ats/globex": ("ok", 1),
        "ats/initech": ("ok", 1),
        "solo": ("ok", 2),
    }

    # initech's board is gone, acme dropped a job: initech fails and keeps its job; acme closes one.
    stack["server"].add("greenhouse", company_routes({"acme": [job], "globex": [job], "initech": 404}))
    handlers["dispatch"]({"all": True}, context("dispatch"))
    result = handlers["scrape"](as_records(receive_all(stack)), context("scrape"))
    assert result["batchItemFailures"] == []  # a source failure is an outcome, not a retry
    by_unit = {o["source"]: o for o in result["outcomes"]}
    assert by_unit["ats/initech"]["status"] == "failed" and "404" in by_unit["ats/initech"]["error"]
    assert (by_unit["ats/acme"]["missed"], by_unit["ats/acme"]["closed"], by_unit["ats/globex"]["closed"]) == (1, 0, 0)
    handlers["dispatch"]({"all": True}, context("dispatch"))  # a second scrape without it confirms the close
    by_unit = {
        o["source"]: o for o in handlers["scrape"](as_records(receive_all(stack)), context("scrape"))["outcomes"]
    }
    assert (by_unit["ats/acme"]["closed"], by_unit["ats/globex"]["closed"]) == (1, 0)

    from jobboard.store.postings import PostingsStore

    items = PostingsStore("test-postings").scan_all()
    keys = {(i["pk"], i["sk"]): i["status"] for i in items}
    assert keys[("ats/acme", "8")] == "closed" and keys[("ats/initech", "7")] == "open"
    assert {k for k in keys if k[1] == "7"} == {
        ("ats/acme", "7"),
        ("ats/globex", "7"),
        ("ats/initech", "7"),
        ("solo", "7"),
    }
    company = {(i["pk"]): i["company"] for i in items if i["sk"] == "7"}
    assert company["ats/globex"] == "Acme"  # the API's company_name wins over the list's display name


def test_only_the_message_whose_scrape_cannot_finish_fails_and_it_comes_back_soon(handlers, stack, monkeypatch):
    stack["server"].add("greenhouse", company_routes({"acme": [], "globex": [], "initech": []}))
    handlers["dispatch"]({"all": True}, context("dispatch"))
    messages = [
        m
        for m in stack["sqs"].receive_message(QueueUrl=stack["queue"], MaxNumberOfMessages=10)["Messages"]
        if json.loads(m["Body"])["source_id"].startswith("ats/")
    ]
    real = consume.scrape_source

    def crash_on_globex(source, *args, **kwargs):
        if source.id == "ats/globex":
            raise RuntimeError("DynamoDB unavailable")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(consume, "scrape_source", crash_on_globex)
    globex = next(m for m in messages if json.loads(m["Body"])["source_id"] == "ats/globex")
    result = handlers["scrape"](as_records(messages), context("scrape"))
    assert result["batchItemFailures"] == [{"itemIdentifier": globex["MessageId"]}]  # the others go on
    assert sorted(o["source"] for o in result["outcomes"]) == ["ats/acme", "ats/initech"]

    # The failed message is retried in a minute (its host's group waits while it is in flight) ...
    config = load_config(stack["config_path"])
    retried: list[list[str]] = []
    batch = consume.ScrapeBatch(config, None, None, lambda: NOW, lambda: 900_000)  # type: ignore[arg-type]
    consume.scrape_records(as_records([globex])["Records"], batch, retried.append)
    assert retried == [[globex["ReceiptHandle"]]]
    # ... and with too little time left a unit is not started: its message goes back untouched.
    result = handlers["scrape"](as_records(messages[:1]), context("scrape", seconds=60))
    assert result == {"batchItemFailures": [{"itemIdentifier": messages[0]["MessageId"]}], "outcomes": []}


def test_a_message_for_a_removed_source_is_dropped_not_retried(handlers, stack):
    record = {"messageId": "m1", "body": json.dumps({"source_id": "gone/acme", "slot": "x"})}
    result = handlers["scrape"]({"Records": [record]}, context("scrape"))
    assert result["batchItemFailures"] == [] and result["outcomes"][0]["status"] == "unknown"


def test_a_sources_terms_are_checked_against_its_last_scrape(aws):
    from jobboard.config import parse_config

    config = parse_config(
        {
            "sources": [{"id": "remotive", "type": "remotive", "schedule": "rate(12 hours)"}],
            "boards": [{"id": "b", "title": "B", "github": {"repo": "o/b"}, "sources": ["remotive"]}],
        }
    )
    assert aws.boards.claim_scrape("remotive", NOW, timedelta(minutes=360))
    # A second delivery (or a local full pass) an hour later: skipped, with no request made.
    outcome = scrape_unit(config.source("remotive"), config, aws.postings, aws.boards, NOW + timedelta(hours=1))
    assert (outcome.status, outcome.requests) == ("skipped", 0)
    assert "remotive's terms" in outcome.error
    assert aws.boards.claim_scrape("remotive", NOW + timedelta(hours=6), timedelta(minutes=360))


@pytest.mark.parametrize(
    "event, field",
    [
        ({"all": "true"}, "all"),
        ({"scheduled_time": 1737000000}, "scheduled_time"),
        ({"scheduled_time": "yesterday"}, "scheduled_time"),
        ({"everything": True}, "everything"),
    ],
)
def test_dispatch_rejects_wrong_types_naming_the_field(handlers, stack, event, field):
    with pytest.raises(EventError, match=field):
        handlers["dispatch"](event, context("dispatch"))
