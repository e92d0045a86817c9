"""The whole chain through the real handlers: schedule -> scrape -> stream -> stats -> publish -> GitHub.

Run twice on the same source data: the second run writes no item, streams no record and
makes no commit.
"""

from __future__ import annotations

import json
import uuid

import boto3
import pytest
import yaml

from jobboard_local.github_standin import GitHubStandin
from jobboard_local.invoke import LambdaContext, load_handler
from jobboard_local.template import functions, load_template

from tests.integration.helpers import greenhouse_job, greenhouse_recording

TOKEN = "ghp_e2eSECRETtoken"


@pytest.fixture
def handlers():
    specs = functions(load_template())
    return {name: load_handler(specs[f"{name.title()}Function"]) for name in ("scrape", "stats", "publish", "refresh")}


def deployment_jobs() -> list[dict]:
    return [
        greenhouse_job(4_300_000_000 + i, title, location=place)
        for i, (title, place) in enumerate(
            [
                ("Backend Engineer", "Remote"),
                ("Senior Backend Engineer | Payments", "Berlin, Germany"),
                ("Staff Backend Engineer — 日本語", "Remote (EU)"),
                ("Designer", "Paris, France"),
            ]
        )
    ]


@pytest.fixture
def deployment(aws, source_server, tmp_path, monkeypatch):
    """Config pointing at the local source, a GitHub stand-in and a token, as a deployed stack sees them."""
    source_server.add("greenhouse", greenhouse_recording(deployment_jobs()))
    config = {
        "sources": [
            {"id": "acme", "type": "greenhouse", "board": "acme", "base_url": source_server.base_url("greenhouse")}
        ],
        "boards": [
            {
                "id": "backend",
                "title": "Backend Jobs",
                "theme": "jobr",
                "github": {"repo": "example/backend-jobs"},
                "sources": ["acme"],
                "filters": {"title_keywords": ["backend"], "max_age_days": 15},
            },
            {
                "id": "remote",
                "title": "Remote Jobs",
                "theme": "awesome",
                "github": {"repo": "example/remote-jobs", "path": "boards/remote.md"},
                "sources": ["acme"],
                "filters": {"remote_only": True},
            },
        ],
    }
    path = tmp_path / "jobboard.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.setenv("JOBBOARD_CONFIG", str(path))
    monkeypatch.setenv("JOBBOARD_NOW", "2026-11-23T12:00:00Z")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("SCRAPE_QUEUE_URL", scrape_queue())
    monkeypatch.setenv("PUBLISH_FUNCTION", "PublishFunction")
    with GitHubStandin(token=TOKEN) as github:
        for repo in ("example/backend-jobs", "example/remote-jobs"):
            github.create_repo(repo)
            github.commit(repo, "main", {".gitignore": b"\n"}, "init")
        monkeypatch.setenv("GITHUB_API_URL", github.api_url)
        yield github


def scrape_queue() -> str:
    """The template's FIFO scrape queue and its dead-letter queue (3 receives), in moto."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    dlq = sqs.create_queue(QueueName="scrape-dlq.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    attributes = {"FifoQueue": "true", "RedrivePolicy": redrive}
    return sqs.create_queue(QueueName="scrape.fifo", Attributes=attributes)["QueueUrl"]


def context(name: str, request_id: str | None = None) -> LambdaContext:
    """Each invocation its own request id, as Lambda gives (a retry of an async one keeps it)."""
    return LambdaContext(
        function_name=name,
        memory_limit_in_mb=512,
        timeout_seconds=60,
        aws_request_id=request_id or uuid.uuid4().hex,
        invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
    )


def run_chain(aws, handlers) -> tuple[dict, int, dict]:
    scraped = handlers["scrape"]({"source_id": "acme"}, context("scrape"))
    records = aws.pump.read()
    for start in range(0, len(records), 100):
        assert handlers["stats"]({"Records": records[start : start + 100]}, context("stats")) == {
            "batchItemFailures": []
        }
    published = handlers["publish"]({}, context("publish"))
    return scraped, len(records), published


def test_whole_chain_twice_second_run_writes_and_commits_nothing(aws, handlers, deployment):
    github = deployment
    scraped, records, published = run_chain(aws, handlers)
    assert (scraped["status"], scraped["new"]) == ("ok", 4)
    assert records == 4
    statuses = {b["board"]: b for b in published["boards"]}
    assert statuses["backend"]["status"] == "published" and statuses["backend"]["jobs"] == 3
    assert statuses["remote"]["status"] == "published" and statuses["remote"]["jobs"] == 2
    readme = github.file_at("example/backend-jobs", "main", "README.md").decode("utf-8")
    assert "Staff Backend Engineer — 日本語" in readme and "Designer" not in readme
    assert "**Current Stats:** 3 jobs" in readme
    jobs = json.loads(github.file_at("example/backend-jobs", "main", "jobs.json"))
    assert jobs  # companion file committed in the same commit
    assert len(github.log("example/backend-jobs", "main")) == 2  # init + one publish commit
    assert github.file_at("example/remote-jobs", "main", "boards/remote.md") is not None

    github.reset_requests()
    scraped, records, published = run_chain(aws, handlers)
    assert (scraped["new"], scraped["changed"], scraped["closed"], scraped["unchanged"]) == (0, 0, 0, 4)
    assert records == 0
    assert [b["status"] for b in published["boards"]] == ["unchanged", "unchanged"]
    assert len(github.log("example/backend-jobs", "main")) == 2
    assert github.count() <= 2 * 2  # at most 2 requests per unchanged board
