"""Scrapes against moto: conditional writes, closing, and failures that keep stored jobs."""

from __future__ import annotations

import json

from jobboard_local.usage import observe
from jobboard.http import HttpClient
from jobboard.scrape import scrape_source

from tests.conftest import NOW
from tests.integration.helpers import config_for, greenhouse_job, greenhouse_recording

JOBS = [
    greenhouse_job(4000000001, "Backend Engineer", workplace="Remote"),
    greenhouse_job(4000000002, "Senior Backend Engineer | Payments", location="Remote (US)"),
    greenhouse_job(4000000003, "Frontend Engineer", location="Hybrid - Berlin"),
]


def scrape(aws, server, jobs, status=200, boards=None):
    server.add("greenhouse", greenhouse_recording(jobs, status))
    config = config_for(server.base_url("greenhouse"), boards=boards)
    http = HttpClient(sleep=lambda _: None, max_attempts=2)
    return scrape_source(config.source("acme"), config, aws.postings, NOW, http)


def test_unchanged_rescrape_writes_nothing_and_streams_nothing(aws, source_server):
    first = scrape(aws, source_server, JOBS)
    assert (first.status, first.new, first.changed, first.closed) == ("ok", 3, 0, 0)
    assert len(aws.pump.read()) == 3

    second = scrape(aws, source_server, JOBS)
    assert (second.new, second.changed, second.closed, second.unchanged) == (0, 0, 0, 3)
    assert aws.pump.read() == []


def test_changed_posting_is_rewritten_and_missing_one_closed_on_the_second_miss(aws, source_server):
    scrape(aws, source_server, JOBS)
    aws.pump.read()
    edited = [dict(JOBS[0], title="Backend Engineer (Go)"), JOBS[1]]
    outcome = scrape(aws, source_server, edited)
    assert (outcome.new, outcome.changed, outcome.missed, outcome.closed, outcome.unchanged) == (0, 1, 1, 0, 1)
    items = {i["sk"]: i for i in aws.postings.scan_all()}
    assert items["4000000003"]["status"] == "open" and items["4000000003"]["missed"] == 1
    assert items["4000000001"]["title"] == "Backend Engineer (Go)"
    aws.pump.read()

    confirmed = scrape(aws, source_server, edited)
    assert (confirmed.changed, confirmed.missed, confirmed.closed, confirmed.unchanged) == (0, 0, 1, 2)
    assert [r["eventName"] for r in aws.pump.read()] == ["MODIFY"]
    items = {i["sk"]: i for i in aws.postings.scan_all()}
    assert items["4000000003"]["status"] == "closed" and items["4000000003"]["boards"] == []
    assert "missed" not in items["4000000003"]


def test_partial_answer_closes_nothing_and_is_suspect(aws, source_server):
    """Issue 9 item 1: a source answering 1 of its 3 jobs once must not close the other 2."""
    from jobboard.stats.stream import apply_batch

    results = []

    def stats(batch, _ctx):
        results.append(apply_batch(batch["Records"], aws.boards, NOW))
        return {}

    scrape(aws, source_server, JOBS)
    aws.pump.drain(stats)
    before = aws.boards.snapshot("backend")
    partial = scrape(aws, source_server, JOBS[:1])
    assert partial.ok and partial.suspect and (partial.missed, partial.closed) == (2, 0)
    assert sum(i["status"] == "open" for i in aws.postings.scan_all()) == 3
    # The miss is bookkeeping: the stats function has nothing to apply, the boards stay as they were.
    results.clear()
    aws.pump.drain(stats)
    assert results and all(r.applied == 0 and r.failed_sequence is None for r in results)
    after = aws.boards.snapshot("backend")
    assert (after.figures, after.postings) == (before.figures, before.postings) and before.figures.jobs == 3

    back = scrape(aws, source_server, JOBS)  # the outage is over: the misses are forgotten
    assert back.ok and not back.suspect and (back.missed, back.closed, back.unchanged) == (0, 0, 3)
    assert all("missed" not in i for i in aws.postings.scan_all())
    again = scrape(aws, source_server, JOBS[:1])
    assert (again.missed, again.closed) == (2, 0)  # counted from one again, nothing closed


def test_bad_postings_are_repaired_cut_or_skipped_never_the_source(aws, source_server):
    """Issue 9 item 4: a lone surrogate and a 450 KB title used to fail the whole source."""
    jobs = [
        greenhouse_job(4000000001, "Backend Engineer \ud800 (Go)"),
        greenhouse_job(4000000002, "Backend " + "x" * 450_000),
        greenhouse_job(4000000003, "Frontend Engineer\u202egnp.exe"),
        dict(greenhouse_job(4000000004, "Backend Engineer"), id="9" * 2000),
        greenhouse_job(4000000005, "Platform Engineer"),
    ]
    recording = greenhouse_recording(jobs)
    route = recording["routes"][0]
    route["text"] = json.dumps(route.pop("json"))  # ASCII JSON: "\\ud800" stays an escape, as a source sends it
    source_server.add("greenhouse", recording)
    config = config_for(source_server.base_url("greenhouse"))

    def scrape_bad():
        return scrape_source(config.source("acme"), config, aws.postings, NOW, HttpClient(sleep=lambda _: None))

    outcome = scrape_bad()
    assert outcome.ok, outcome.error
    assert (outcome.new, outcome.repaired, sum(outcome.skipped.values())) == (4, 3, 1)
    items = {i["sk"]: i for i in aws.postings.scan_all()}
    assert items["4000000001"]["title"] == "Backend Engineer \ufffd (Go)"
    assert len(items["4000000002"]["title"]) <= 300
    assert items["4000000003"]["title"] == "Frontend Engineergnp.exe"
    again = scrape_bad()
    assert again.ok and again.unchanged == 4 and again.written == 0


def test_one_posting_the_table_refuses_costs_only_itself(aws):
    from jobboard.store.postings import PostingsStore

    store = PostingsStore(aws.postings.table_name, aws.dynamodb)
    items = [{"pk": "s", "sk": str(i), "title": "ok"} for i in range(30)]
    items[3]["title"] = "x" * 450_000  # past DynamoDB's 400 KB item limit: the batch is refused whole
    refused = store.put_new(items)
    assert list(refused) == ["3"] and "size" in refused["3"]
    assert len(aws.postings.scan_all()) == 29


def test_board_membership_is_stored_with_the_posting(aws, source_server):
    scrape(aws, source_server, JOBS)
    items = {i["sk"]: i for i in aws.postings.scan_all()}
    assert items["4000000001"]["boards"] == ["backend", "remote"]
    assert items["4000000002"]["boards"] == ["backend", "remote"]
    assert items["4000000003"]["boards"] == ["backend"]  # matches "engineer", but hybrid: not on remote
    assert items["4000000003"]["work_mode"] == "hybrid"


def test_seniority_is_stored_and_filters_boards_at_scrape_time(aws, source_server):
    senior = {
        "id": "senior",
        "title": "Senior Tech Jobs",
        "github": {"repo": "example/senior"},
        "sources": ["acme"],
        "filters": {"seniority": ["senior", "staff", "principal", "lead"], "companies": {"exclude": ["Initech"]}},
    }
    jobs = [*JOBS, greenhouse_job(4000000004, "Staff Engineer", company="Initech")]
    scrape(aws, source_server, jobs, boards=[senior])
    items = {i["sk"]: i for i in aws.postings.scan_all()}
    assert items["4000000002"]["seniority"] == "senior"  # from the title: Greenhouse has no level field
    assert items["4000000002"]["boards"] == ["senior"]
    assert items["4000000001"].get("seniority") is None and items["4000000001"]["boards"] == []
    assert items["4000000004"]["seniority"] == "staff" and items["4000000004"]["boards"] == []  # excluded company


def test_failed_source_keeps_stored_jobs(aws, source_server):
    scrape(aws, source_server, JOBS)
    aws.pump.read()
    down = scrape(aws, source_server, JOBS, status=503)
    assert down.status == "failed" and "503" in down.error
    empty = scrape(aws, source_server, [])
    assert empty.status == "failed" and "keeping the 3 stored" in empty.error
    assert aws.pump.read() == []
    assert sum(i["status"] == "open" for i in aws.postings.scan_all()) == 3


def test_html_error_page_with_status_200_is_a_failure(aws, source_server):
    source_server.add(
        "greenhouse", {"routes": [{"path": "/v1/boards/acme/jobs", "text": "<html>Service unavailable</html>"}]}
    )
    config = config_for(source_server.base_url("greenhouse"))
    outcome = scrape_source(config.source("acme"), config, aws.postings, NOW, HttpClient(sleep=lambda _: None))
    assert outcome.status == "failed" and "HTML" in outcome.error


def test_unchanged_feed_costs_one_conditional_request(aws, source_server):
    from datetime import timedelta

    recording = greenhouse_recording(JOBS)
    recording["routes"][0]["headers"] = {"ETag": '"v1"'}
    source_server.add("greenhouse", recording)
    config = config_for(source_server.base_url("greenhouse"))

    def scrape_at(now):
        return scrape_source(
            config.source("acme"), config, aws.postings, now, HttpClient(sleep=lambda _: None), validators=aws.boards
        )

    first = scrape_at(NOW)
    assert (first.new, first.not_modified) == (3, False)
    source_server.requests.clear()
    second = scrape_at(NOW + timedelta(hours=1))
    assert second.not_modified and second.requests == 1 and second.written == 0
    assert len(source_server.requests) == 1
    # a day on, the feed is fetched in full again (ages move postings off boards)
    later = scrape_at(NOW + timedelta(hours=25))
    assert not later.not_modified and later.unchanged == 3


def test_new_postings_go_25_a_request_and_unprocessed_ones_are_retried():
    from jobboard.store.postings import PostingsStore

    class ThrottlingClient:
        """moto never returns UnprocessedItems: this stub hands back the last item once."""

        def __init__(self):
            self.calls = []

        def batch_write_item(self, RequestItems):  # noqa: N803 (boto's name)
            puts = RequestItems["t"]
            self.calls.append(len(puts))
            if len(self.calls) == 1:
                return {"UnprocessedItems": {"t": puts[-1:]}}
            return {"UnprocessedItems": {}}

    client, sleeps = ThrottlingClient(), []
    PostingsStore("t", client).put_new([{"pk": "s", "sk": str(i)} for i in range(30)], sleep=sleeps.append)
    assert client.calls == [25, 1, 5] and len(sleeps) == 1


def test_a_closed_posting_that_comes_back_reopens(aws, source_server):
    scrape(aws, source_server, JOBS)
    scrape(aws, source_server, JOBS[:2])
    assert scrape(aws, source_server, JOBS[:2]).closed == 1
    back = scrape(aws, source_server, JOBS)
    assert (back.changed, back.closed, back.missed) == (1, 0, 0)
    items = {i["sk"]: i for i in aws.postings.scan_all()}
    assert items["4000000003"]["status"] == "open" and items["4000000003"]["boards"] == ["backend"]


def test_absences_are_counted_100_a_request_and_a_posting_closed_meanwhile_costs_only_itself(aws):
    """A first miss is bookkeeping on every absent posting: 250 of them cost 3 requests, not 250.
    A transaction cancelled because one posting is no longer open is applied item by item."""
    from jobboard.store.postings import StoredState

    items = [{"pk": "s", "sk": f"{i:04d}", "status": "open", "content_hash": "h"} for i in range(250)]
    aws.postings.put_new(items)
    aws.postings.close("s", "0007", NOW)
    calls = []
    observe(aws.postings.client, lambda call: calls.append(call.operation))

    counted = aws.postings.mark_missed("s", {f"{i:04d}": 1 for i in range(250)}, "scrape-1")

    assert counted == 249 and calls.count("TransactWriteItems") == 3 and calls.count("UpdateItem") == 100
    states = aws.postings.stored_states("s")
    assert states["0008"] == StoredState("h", "open", (), 1, missed_in="scrape-1") and states["0007"].status == "closed"
    assert states["0007"].missed == 0
    calls.clear()
    assert aws.postings.clear_missed("s", [f"{i:04d}" for i in range(100, 250)]) == 150
    assert calls == ["TransactWriteItems", "TransactWriteItems"]
