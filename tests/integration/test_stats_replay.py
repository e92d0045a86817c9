"""The stream stats under at-least-once delivery: replayed batches still equal a full recomputation."""

from __future__ import annotations

import random

import pytest

from jobboard_local.usage import observe
from jobboard.http import HttpClient
from jobboard.scrape import scrape_source
from jobboard.stats.figures import recompute
from jobboard.stats.stream import apply_batch

from tests.conftest import NOW
from tests.integration.helpers import config_for, greenhouse_job, greenhouse_recording

BOARDS = ("backend", "remote")


def make_jobs(rng: random.Random, count: int) -> list[dict]:
    titles = ["Backend Engineer", "Senior Backend Engineer", "Platform Engineer", "Data Engineer", "Designer"]
    places = ["Remote", "Berlin, Germany", "Hybrid - London", "Remote (US)", "Paris, France"]
    companies = ["Acme", "ACME", "Globex", "Initech", "Umbrella"]
    contents = [
        "&lt;p&gt;Python, Go and Kubernetes&lt;/p&gt;",
        "&lt;p&gt;Java and PostgreSQL&lt;/p&gt;",
        "&lt;p&gt;Rust&lt;/p&gt;",
    ]
    return [
        greenhouse_job(
            4_100_000_000 + i,
            f"{rng.choice(titles)} {i}",
            location=rng.choice(places),
            company=rng.choice(companies),
            content=rng.choice(contents),
            days_old=rng.randint(0, 20),
        )
        for i in range(count)
    ]


def scrape(aws, server, jobs):
    server.add("greenhouse", greenhouse_recording(jobs))
    config = config_for(server.base_url("greenhouse"))
    outcome = scrape_source(config.source("acme"), config, aws.postings, NOW, HttpClient(sleep=lambda _: None))
    assert outcome.ok, outcome.error
    return outcome


def reference(aws, board: str):
    """Figures recomputed from scratch from the postings table."""
    return recompute(i for i in aws.postings.scan_all() if i["status"] == "open" and board in i["boards"])


def assert_consistent(aws):
    for board in BOARDS:
        assert aws.boards.snapshot(board).figures == reference(aws, board), board


def evolve(rng: random.Random, jobs: list[dict]) -> list[dict]:
    """A next version of the source: some retitled, some gone, some new."""
    kept = [dict(j, title=j["title"] + " II") if rng.random() < 0.2 else j for j in jobs if rng.random() > 0.15]
    return kept + make_jobs(rng, 5 + rng.randint(0, 5))[: rng.randint(1, 5)]


def test_stats_equal_recomputation_after_each_scrape(aws, source_server):
    rng = random.Random(1)
    jobs = make_jobs(rng, 40)
    for _ in range(4):
        scrape(aws, source_server, jobs)
        aws.pump.drain(
            lambda event, ctx: {
                "batchItemFailures": [] if not apply_batch(event["Records"], aws.boards).failed_sequence else [1]
            }
        )
        assert_consistent(aws)
        jobs = evolve(rng, jobs)
    assert aws.boards.snapshot("backend").figures.jobs > 0


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_redelivered_and_partially_retried_batches_equal_recomputation(aws, source_server, seed):
    rng = random.Random(seed)
    jobs = make_jobs(rng, 30)
    for _ in range(3):
        scrape(aws, source_server, jobs)
        records = aws.pump.read()
        batches = [records[i : i + 7] for i in range(0, len(records), 7)]
        for batch in batches:
            cut = rng.randint(0, len(batch))
            apply_batch(batch[:cut], aws.boards)  # a partial batch that "failed" after its first records
            apply_batch(batch, aws.boards)  # the retry from the start
            apply_batch(batch, aws.boards)  # and a duplicate delivery
        # an old batch arriving again after newer ones must not bring old states back
        if batches:
            apply_batch(rng.choice(batches), aws.boards)
        assert_consistent(aws)
        jobs = evolve(rng, jobs)


def test_stats_handler_reports_the_first_unreadable_record(aws, source_server):
    scrape(
        aws,
        source_server,
        [greenhouse_job(4_200_000_000 + i, f"Backend Engineer {i}", location="Remote") for i in range(5)],
    )
    records = aws.pump.read()
    broken = dict(records[2], dynamodb={"SequenceNumber": records[2]["dynamodb"]["SequenceNumber"]})
    result = apply_batch(records[:2] + [broken] + records[3:], aws.boards)
    assert result.failed_sequence == records[2]["dynamodb"]["SequenceNumber"]
    assert result.applied == 4  # the 2 records before it, on both boards; Lambda resumes at the broken one
    apply_batch(records, aws.boards)
    assert_consistent(aws)


def test_ttl_delete_removes_the_posting_from_its_boards(aws, source_server):
    rng = random.Random(6)
    scrape(aws, source_server, make_jobs(rng, 6))
    apply_batch(aws.pump.read(), aws.boards)
    victim = next(i for i in aws.postings.scan_all() if i["boards"])
    aws.dynamodb.delete_item(
        TableName=aws.postings.table_name, Key={"pk": {"S": victim["pk"]}, "sk": {"S": victim["sk"]}}
    )
    apply_batch(aws.pump.read(), aws.boards)
    assert_consistent(aws)


def test_batch_cost_does_not_grow_with_table_size(aws, source_server):
    """Requests for a 10-change batch are the same with 20 or 400 postings stored."""
    calls = []
    observe(aws.dynamodb, lambda call: calls.append(call.operation))
    rng = random.Random(7)
    costs = []
    for size in (20, 400):
        jobs = make_jobs(rng, size)
        scrape(aws, source_server, jobs)
        apply_batch(aws.pump.read(), aws.boards)
        changed = [dict(j, title=j["title"] + " (new)") for j in jobs[:10]] + jobs[10:]
        scrape(aws, source_server, changed)
        records = aws.pump.read()
        assert len(records) == 10
        calls.clear()
        apply_batch(records, aws.boards)
        costs.append(len(calls))
    assert costs[0] == costs[1] <= 3, costs


def test_snapshot_reads_markers_stored_as_json_and_older_ones_stored_as_maps(aws):
    from jobboard.store import dynamo

    shown = {
        "source": "s",
        "external_id": "1",
        "title": "Backend Engineer",
        "salary": {"min": 100000, "max": 120000.5},
        "skills": ["python"],
        "remote": None,
    }
    marker = aws.boards.marker_write("b", "s#1", 1, shown, None, NOW)["Put"]["Item"]
    assert "posting_json" in marker and "posting" not in marker
    aws.dynamodb.put_item(TableName=aws.boards.table_name, Item=marker)
    older = dynamo.to_dynamo({"pk": "board#b", "sk": "job#s#2", "rev": 1, "posting": {**shown, "external_id": "2"}})
    aws.dynamodb.put_item(TableName=aws.boards.table_name, Item=older)
    tombstone = dynamo.to_dynamo({"pk": "board#b", "sk": "job#s#3", "rev": 2})
    aws.dynamodb.put_item(TableName=aws.boards.table_name, Item=tombstone)
    expected = {k: v for k, v in shown.items() if v is not None}
    assert aws.boards.snapshot("b").postings == [shown, {**expected, "external_id": "2"}]
