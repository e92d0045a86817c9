"""Never an older render over a newer one; an unchanged board costs one small read and no GitHub call.

Against moto (the template's tables) and the GitHub stand-in: two publishers of one board (the
scheduled one and a refresh), a ref update that hangs while the other publishes, the board
version the stats function keeps, and what a publish run costs when nothing changed.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from datetime import timedelta

import pytest

from jobboard_local.github_standin import GitHubStandin
from jobboard_local.usage import observe
from jobboard.publish.board import Lease, publish_board
from jobboard.publish.github import GitHubPublisher

from tests.conftest import NOW
from tests.integration.helpers import config_for, greenhouse_job
from tests.integration.test_publish_board import scrape_and_settle

REPO = "example/backend-jobs"


@pytest.fixture
def github():
    with GitHubStandin() as standin:
        standin.create_repo(REPO, files={"CONTRIBUTING.md": b"Send a pull request.\n"})
        yield standin


@pytest.fixture
def publisher(github):
    return GitHubPublisher(github.api_url, github.token, sleep=lambda _: None)


def jobs(n: int, start: int = 0) -> list[dict]:
    return [greenhouse_job(4_600_000_000 + i, f"Backend Engineer {i}") for i in range(start, start + n)]


def published_jobs(github) -> int:
    return json.loads(github.file_at(REPO, "main", "jobs.json"))["count"]


def subjects(github) -> list[str]:
    return [c.message for c in github.log(REPO, "main")]


class DynamoCalls:
    """Operation names the client sends, in order."""

    def __init__(self, client):
        self.names: list[str] = []
        observe(client, self._note)

    def _note(self, call):
        self.names.append(call.operation)


def no_publisher():
    pytest.fail("an unchanged board must not need a publisher (token, GitHub)")


def refresh_during(github, route, aws, source_server, publisher, board) -> dict:
    """When the next `route` request reaches GitHub, a refresh (B) scrapes 35 jobs and publishes
    the board in another thread; the request goes on once B waits for the board or is done."""
    b_waits, b_done, results = threading.Event(), threading.Event(), {}

    def refresh_b():
        newer = scrape_and_settle(aws, source_server, jobs(35))

        def sleep(seconds):
            b_waits.set()  # B found the board's lease taken
            time.sleep(0.02)

        results["b"] = publish_board(board, newer, aws.boards, publisher, NOW, lease=Lease(sleep=sleep))
        b_done.set()

    def start_b():
        results["thread"] = threading.Thread(target=refresh_b)
        results["thread"].start()
        assert b_waits.wait(10) or b_done.is_set()

    github.run_before_next(route, start_b)
    return results


@pytest.mark.parametrize("route", ["PATCH git/refs", "GET git/ref"])
def test_a_refresh_during_a_slow_publish_waits_and_then_publishes_the_newer_board(
    aws, source_server, github, publisher, route
):
    """Issue 9 item 2: A renders 30 jobs and its ref update is slow; B (a refresh) has 35 to publish.
    Before the fix B committed 35 and A, refused as not a fast forward, rebuilt its 30 on top; and
    had B landed before A read the branch, A's 30 would have gone on top as a fast forward."""
    config = scrape_and_settle(aws, source_server, jobs(30))
    board = config.board("backend")
    results = refresh_during(github, route, aws, source_server, publisher, board)

    a = publish_board(board, config, aws.boards, publisher, NOW)
    results["thread"].join(30)

    assert (a.status, a.jobs) == ("published", 30)
    assert (results["b"].status, results["b"].jobs) == ("published", 35)
    assert published_jobs(github) == 35
    assert subjects(github) == ["backend: +5 new (35 jobs)", "backend: first publish (30 jobs)", "Initial commit"]


def test_a_branch_moved_under_a_publish_is_re_rendered_from_the_current_state(aws, source_server, github, publisher):
    """A's lease ran out while its ref update hung (or someone else committed): it must not rebuild
    its old files on the new head but render again from the boards table."""
    config = scrape_and_settle(aws, source_server, jobs(30))
    board = config.board("backend")
    results = {}

    def newer_publish_lands():
        newer = scrape_and_settle(aws, source_server, jobs(35))
        results["b"] = publish_board(board, newer, aws.boards, publisher, NOW)

    github.run_before_next("PATCH git/refs", newer_publish_lands)
    a = publish_board(board, config, aws.boards, publisher, NOW, lease=Lease(seconds=0))

    assert (results["b"].status, results["b"].jobs) == ("published", 35)
    assert (a.status, a.jobs) == ("unchanged", 35)  # re-rendered: the same files B committed
    assert published_jobs(github) == 35
    assert subjects(github) == ["backend: first publish (35 jobs)", "Initial commit"]
    state = aws.boards.publish_state("backend")
    assert state.published_version == state.version and state.jobs == 35 and not state.lease_owner


def test_a_board_whose_lease_stays_taken_is_a_failed_publish_that_touches_nothing(
    aws, source_server, github, publisher
):
    config = scrape_and_settle(aws, source_server, jobs(3))
    assert aws.boards.acquire_lease("backend", "someone-else", now=time.time(), seconds=600)
    waits = []

    ticks = itertools.count(time.time(), 0.02)  # a clock of its own: a loaded machine's slow calls wait no less
    lease = Lease(wait_seconds=0.05, sleep=waits.append, clock=lambda: next(ticks))

    outcome = publish_board(config.board("backend"), config, aws.boards, publisher, NOW, lease=lease)

    assert outcome.status == "failed" and "another publish of backend" in outcome.message and waits
    assert subjects(github) == ["Initial commit"]
    assert aws.boards.publish_state("backend").lease_owner == "someone-else"  # not taken, not released


def test_an_older_version_is_never_recorded_over_a_newer_one(aws):
    marks = {"render_key": "k", "fresh_until": "2999-01-01T00:00:00Z", "jobs": 1, "commit": "c"}
    assert aws.boards.acquire_lease("backend", "a", now=100.0, seconds=60)
    assert not aws.boards.acquire_lease("backend", "b", now=101.0, seconds=60)  # A holds it
    assert aws.boards.record_publish("backend", "a", {**marks, "published_version": 7})
    assert aws.boards.acquire_lease("backend", "b", now=102.0, seconds=60)  # released by the record
    assert not aws.boards.record_publish("backend", "b", {**marks, "published_version": 5})
    assert not aws.boards.record_publish("backend", "a", {**marks, "published_version": 9})  # not A's lease
    assert aws.boards.publish_state("backend").published_version == 7
    assert aws.boards.acquire_lease("backend", "c", now=200.0, seconds=60)  # B's lease expired at 162


def test_an_unchanged_board_costs_one_small_read_and_no_github_request(aws, source_server, github, publisher):
    config = scrape_and_settle(aws, source_server, jobs(3))
    board = config.board("backend")
    assert publish_board(board, config, aws.boards, publisher, NOW).status == "published"
    scrape_and_settle(aws, source_server, jobs(3), NOW + timedelta(hours=1))  # the same jobs again
    github.reset_requests()
    calls = DynamoCalls(aws.dynamodb)

    again = publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(hours=2))

    assert (again.status, again.jobs, again.github_requests) == ("unchanged", 3, 0)
    assert calls.names == ["BatchGetItem"] and github.count() == 0


def test_a_change_the_board_does_not_show_keeps_it_unchanged(aws, source_server, github, publisher):
    config = scrape_and_settle(aws, source_server, jobs(3))
    board = config.board("backend")
    publish_board(board, config, aws.boards, publisher, NOW)
    version = aws.boards.publish_state("backend").version
    reworded = [dict(job, content="&lt;p&gt;Python, AWS and a longer description&lt;/p&gt;") for job in jobs(3)]
    # Descriptions are not shown: the markers are rewritten, the version stays.
    scrape_and_settle(aws, source_server, reworded, NOW + timedelta(hours=1))
    assert aws.boards.publish_state("backend").version == version
    assert publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(hours=1)).status == "unchanged"

    retitled = jobs(2) + [dict(jobs(1, start=2)[0], title="Backend Engineer (Platform)")]
    scrape_and_settle(aws, source_server, retitled, NOW + timedelta(hours=2))
    assert aws.boards.publish_state("backend").version > version
    changed = publish_board(board, config, aws.boards, publisher, NOW + timedelta(hours=2))
    assert changed.status == "published" and changed.github_requests <= 5


def test_an_aged_out_posting_alone_waits_for_the_daily_publish_and_a_new_config_publishes_again(
    aws, source_server, github, publisher
):
    ageing = dict(jobs(1, start=9)[0], first_published=(NOW - timedelta(days=15, hours=-2)).isoformat())
    config = scrape_and_settle(aws, source_server, jobs(3) + [ageing])
    board = config.board("backend")
    assert publish_board(board, config, aws.boards, publisher, NOW).jobs == 4
    assert publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(hours=1)).status == "unchanged"
    version = aws.boards.publish_state("backend").version

    # 15 days passed: the posting ages out. Scraped again, it leaves the board without a version bump,
    # and nothing else changed: no render, no commit until the next UTC day.
    scrape_and_settle(aws, source_server, jobs(3) + [ageing], NOW + timedelta(hours=3))
    assert aws.boards.publish_state("backend").version == version
    for hours in (3, 6, 11):
        aged = publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(hours=hours, minutes=45))
        assert (aged.status, aged.jobs) == ("unchanged", 4)
    assert published_jobs(github) == 4 and len(subjects(github)) == 2  # CONTRIBUTING.md's commit and ours

    github.reset_requests()
    next_day = publish_board(board, config, aws.boards, publisher, NOW + timedelta(days=1))
    assert (next_day.status, next_day.jobs) == ("published", 3) and next_day.github_requests <= 5
    assert published_jobs(github) == 3  # the day's first publish rewrites jobs.json too
    assert (
        publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(days=1, hours=1)).status == "unchanged"
    )

    retitled = config_for(
        source_server.base_url("greenhouse"),
        boards=[
            {
                "id": "backend",
                "title": "Backend Jobs (EU)",
                "github": {"repo": REPO},
                "sources": ["acme"],
                "filters": {"title_keywords": ["backend", "engineer"], "max_age_days": 15},
            }
        ],
    )
    renamed = publish_board(
        retitled.board("backend"), retitled, aws.boards, publisher, NOW + timedelta(days=1, hours=2)
    )
    assert renamed.status == "published" and "Backend Jobs (EU)" in github.file_at(REPO, "main", "README.md").decode()


def test_changes_wait_for_the_publish_interval_then_one_commit_takes_them_all(aws, source_server, github, publisher):
    config = scrape_and_settle(aws, source_server, jobs(3))
    board = config.board("backend")  # publish_interval: 1 hour (the default)
    assert publish_board(board, config, aws.boards, publisher, NOW).status == "published"
    scrape_and_settle(aws, source_server, jobs(4), NOW + timedelta(minutes=10))
    github.reset_requests()

    for minutes in (15, 30, 45):  # the publish schedule's ticks inside the hour: one small read each
        pending = publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(minutes=minutes))
        assert pending.status == "pending" and pending.jobs == 3
        assert pending.message.endswith("published at the first run from 2026-11-23T13:00:00Z")
    scrape_and_settle(aws, source_server, jobs(5), NOW + timedelta(minutes=50))
    assert github.count() == 0 and len(subjects(github)) == 2

    hour = publish_board(board, config, aws.boards, publisher, NOW + timedelta(hours=1))
    assert (hour.status, hour.jobs, hour.message) == ("published", 5, "backend: +2 new (5 jobs)")
    assert len(subjects(github)) == 3  # both changes in one commit
    readme = github.file_at(REPO, "main", "README.md").decode()
    assert "Backend Engineer 3" in readme and "Backend Engineer 4" in readme
    # The same UTC day: jobs.json stays as the day's first publish wrote it, and is not re-sent.
    assert "jobs.json" not in github.uploaded_paths and "README.md" in github.uploaded_paths
    assert published_jobs(github) == 3
    assert publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(hours=1, minutes=15)).status == (
        "unchanged"
    )


def test_an_unchanged_posting_is_not_re_uploaded(aws, source_server, github, publisher):
    config = scrape_and_settle(aws, source_server, jobs(40))
    board = config.board("backend")
    publish_board(board, config, aws.boards, publisher, NOW)
    full = github.uploaded_paths["jobs.json"]
    assert full > 40 * 300  # every posting's line, the first time

    scrape_and_settle(aws, source_server, jobs(41), NOW + timedelta(hours=1))
    github.reset_requests()
    assert publish_board(board, config, aws.boards, publisher, NOW + timedelta(hours=1)).status == "published"
    # the search page's index.html carries the README's stats line, so it changes with it (its list is jobs.json)
    assert "README.md" in github.uploaded_paths and set(github.uploaded_paths) <= {
        "README.md",
        "feed.xml",
        "chart.svg",
        "site/index.html",
    }
    assert "jobs.json" not in github.uploaded_paths  # 40 unchanged postings: none of their lines sent again

    github.reset_requests()
    assert publish_board(board, config, aws.boards, publisher, NOW + timedelta(days=1)).status == "published"
    assert github.uploaded_paths["jobs.json"] > full  # the daily publish: the day's one jobs.json
    assert published_jobs(github) == 41


def test_a_refresh_or_a_forced_publish_does_not_wait_for_the_interval(aws, source_server, github, publisher):
    config = scrape_and_settle(aws, source_server, jobs(3))
    board = config.board("backend")
    publish_board(board, config, aws.boards, publisher, NOW)
    scrape_and_settle(aws, source_server, jobs(4), NOW + timedelta(minutes=5))
    assert publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(minutes=15)).status == "pending"

    refreshed = publish_board(board, config, aws.boards, publisher, NOW + timedelta(minutes=16), at_once=True)
    assert (refreshed.status, refreshed.jobs) == ("published", 4)
    assert published_jobs(github) == 4  # asked for: jobs.json is current too

    scrape_and_settle(aws, source_server, jobs(5), NOW + timedelta(minutes=20))
    forced = publish_board(board, config, aws.boards, publisher, NOW + timedelta(minutes=25), force=True)
    assert (forced.status, forced.jobs) == ("published", 5)


def test_an_aged_out_posting_that_closes_changes_nothing_a_reader_sees(aws, source_server, github, publisher):
    ageing = dict(jobs(1, start=9)[0], first_published=(NOW - timedelta(days=15, hours=-2)).isoformat())
    config = scrape_and_settle(aws, source_server, jobs(3) + [ageing])
    board = config.board("backend")
    assert publish_board(board, config, aws.boards, publisher, NOW).jobs == 4
    version = aws.boards.publish_state("backend").version
    for hours in (3, 4):  # absent from two scrapes in a row: closed, after it aged out
        scrape_and_settle(aws, source_server, jobs(3), NOW + timedelta(hours=hours))
    assert aws.boards.publish_state("backend").version == version
    assert publish_board(board, config, aws.boards, no_publisher, NOW + timedelta(hours=5)).status == "unchanged"

    scrape_and_settle(aws, source_server, jobs(2), NOW + timedelta(hours=6))
    scrape_and_settle(aws, source_server, jobs(2), NOW + timedelta(hours=7))  # a job a reader sees closes
    assert aws.boards.publish_state("backend").version > version
    closed = publish_board(board, config, aws.boards, publisher, NOW + timedelta(hours=7))
    assert (closed.status, closed.jobs) == ("published", 2)
