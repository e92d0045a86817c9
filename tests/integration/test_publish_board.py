"""Publishing a board from the boards table: dedupe, hold-back of mass drops, history, messages."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

from jobboard.http import HttpClient
from jobboard.model import Posting
from jobboard.publish.board import publish_board
from jobboard.publish.dedupe import dedupe
from jobboard.publish.localgit import LocalGitPublisher
from jobboard.scrape import scrape_source
from jobboard.stats.stream import apply_batch

from tests.conftest import NOW
from tests.integration.helpers import config_for, greenhouse_job, greenhouse_recording


def posting(source: str, external_id: str, title: str, url: str, company: str = "Acme", **fields) -> Posting:
    return Posting(
        source=source, external_id=external_id, company=company, title=title, url=url, **{"posted_at": NOW, **fields}
    )


def test_the_same_job_from_two_sources_shows_once():
    postings = [
        posting("greenhouse", "1", "Backend Engineer", "https://acme.example/jobs/1?utm_source=remoteok"),
        posting("remoteok", "r1", "Backend Engineer", "https://acme.example/jobs/1/"),
        posting("remotive", "m9", "backend  engineer", "https://remotive.com/x/9", company="ACME"),
        posting("lever", "l2", "Backend Engineer", "https://jobs.lever.co/other/2", company="Other Co"),
    ]
    assert [p.external_id for p in dedupe(postings)] == ["1", "l2"]


def test_the_same_title_in_another_city_is_another_opening():
    postings = [
        posting(
            "simplify",
            str(i),
            "Software Engineer - Intern",
            f"https://stripe.example/{i}",
            company="Stripe",
            location=city,
        )
        for i, city in enumerate(["Seattle, WA", "San Francisco, CA", "New York, NY", "Toronto, ON"])
    ]
    postings.append(
        posting(
            "greenhouse",
            "g1",
            "Software Engineer - Intern",
            "https://boards.example/g1",
            company="stripe",
            location="new york,  NY",
        )
    )  # the NYC one again
    postings.append(
        posting(
            "lever",
            "l1",
            "Software Engineer - Intern",
            "https://lever.example/l1",
            company="Stripe",
            location="Toronto, ON; New York, NY",
        )
    )  # the Toronto and New York ones again: their places overlap
    postings.append(
        posting(
            "lever",
            "l2",
            "Software Engineer - Intern",
            "https://lever.example/l2",
            company="Stripe",
            location="Austin, TX",
        )
    )  # another city still: another opening
    assert [p.external_id for p in dedupe(postings)] == ["0", "1", "2", "3", "l2"]


def test_same_company_title_and_place_is_one_job_only_within_seven_days():
    a = posting("greenhouse", "g1", "Data Intern", "https://a.example/1", location="Austin, TX")
    b = posting(
        "remoteok", "r1", "Data Intern", "https://b.example/1", location="Austin, TX", posted_at=NOW - timedelta(days=7)
    )
    c = posting(
        "remotive",
        "m1",
        "Data Intern",
        "https://c.example/1",
        location="Austin, TX",
        posted_at=NOW - timedelta(days=7, hours=1),
    )
    assert [p.external_id for p in dedupe([a, b])] == ["g1"]
    assert [p.external_id for p in dedupe([a, c])] == ["g1", "m1"]  # reposted a week later: another opening


def test_one_source_listing_a_title_twice_is_two_openings():
    postings = [
        posting(
            "simplify",
            "1",
            "Engine Programmer Intern",
            "https://gh.example/jobs/5285509004",
            location="Morrisville, NC",
        ),
        posting(
            "simplify",
            "2",
            "Engine Programmer Intern",
            "https://gh.example/jobs/5285503004",
            location="Morrisville, NC",
        ),
        posting("simplify", "3", "Engine Programmer Intern", "https://gh.example/jobs/5285503004/"),
    ]
    assert [p.external_id for p in dedupe(postings)] == ["1", "2"]  # the third is the second's URL


def test_another_season_is_another_opening():
    summer = posting("greenhouse", "g1", "SWE Intern", "https://a.example/1", terms=("Summer 2025",))
    fall = posting("lever", "l1", "SWE Intern", "https://b.example/1", terms=("Fall 2025",))
    assert len(dedupe([summer, fall])) == 2


def scrape_and_settle(aws, server, jobs, now=NOW, boards=None):
    server.add("greenhouse", greenhouse_recording(jobs))
    config = config_for(server.base_url("greenhouse"), boards=boards)
    outcome = scrape_source(config.source("acme"), config, aws.postings, now, HttpClient(sleep=lambda _: None))
    assert outcome.ok
    apply_batch(aws.pump.read(), aws.boards)
    return config


def commit_subjects(root, repo):
    return subprocess.run(
        ["git", "-C", str(root / repo), "log", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.splitlines()


def test_a_mass_drop_is_held_back_unless_forced(aws, source_server, tmp_path):
    publisher = LocalGitPublisher(tmp_path)
    jobs = [greenhouse_job(4_400_000_000 + i, f"Backend Engineer {i}") for i in range(10)]
    config = scrape_and_settle(aws, source_server, jobs)
    board = config.board("backend")
    first = publish_board(board, config, aws.boards, publisher, NOW)
    assert (first.status, first.jobs, first.message) == ("published", 10, "backend: first publish (10 jobs)")

    later = NOW + timedelta(hours=2)
    remaining = jobs[:3] + [greenhouse_job(4_400_000_100, "Backend Engineer new", days_old=0)]
    scrape_and_settle(aws, source_server, remaining, later - timedelta(hours=1))
    config = scrape_and_settle(aws, source_server, remaining, later)  # the second miss closes the other 7
    held = publish_board(board, config, aws.boards, publisher, later)
    assert held.status == "held" and "4 jobs would replace 10" in held.message
    assert len(commit_subjects(tmp_path, board.github.repo)) == 1

    forced = publish_board(board, config, aws.boards, publisher, later, force=True)
    assert forced.status == "published"
    assert commit_subjects(tmp_path, board.github.repo)[0] == "backend: +1 new, -7 closed (4 jobs)"


def test_publish_records_the_day_in_the_board_history(aws, source_server, tmp_path):
    config = scrape_and_settle(aws, source_server, [greenhouse_job(4_500_000_000, "Backend Engineer")])
    publish_board(config.board("backend"), config, aws.boards, LocalGitPublisher(tmp_path), NOW)
    history = aws.boards.snapshot("backend").history
    assert [(p.day, p.jobs) for p in history] == [(NOW.date(), 1)]


def test_closed_jobs_stay_listed_with_a_lock_for_show_closed_days(aws, source_server, tmp_path):
    boards = [
        {
            "id": "interns",
            "title": "Interns",
            "github": {"repo": "example/interns"},
            "sources": ["acme"],
            "theme": "simplify",
            "filters": {"show_closed_days": 3},
        },
        {"id": "plain", "title": "Plain", "github": {"repo": "example/plain"}, "sources": ["acme"]},
    ]
    jobs = [greenhouse_job(4_600_000_001, "Backend Engineer"), greenhouse_job(4_600_000_002, "Data Engineer")]
    scrape_and_settle(aws, source_server, jobs, boards=boards)
    later = NOW + timedelta(hours=6)
    scrape_and_settle(aws, source_server, jobs[:1], later - timedelta(hours=1), boards=boards)  # a first miss
    config = scrape_and_settle(aws, source_server, jobs[:1], later, boards=boards)  # the Data Engineer closed
    publisher = LocalGitPublisher(tmp_path)

    shown = publish_board(config.board("interns"), config, aws.boards, publisher, later)
    readme = shown.files["README.md"].decode()
    assert "| Data Engineer | Berlin, Germany | 🔒 |" in readme and shown.jobs == 1
    assert aws.boards.snapshot("interns").figures.jobs == 1  # listed, not counted
    records = json.loads(shown.files["jobs.json"])["jobs"]
    assert [(r["title"], r["closed_at"]) for r in records] == [
        ("Backend Engineer", None),
        ("Data Engineer", "2026-11-23T18:00:00Z"),
    ]
    assert (
        "Data Engineer"
        not in publish_board(config.board("plain"), config, aws.boards, publisher, later).files["README.md"].decode()
    )

    gone = publish_board(config.board("interns"), config, aws.boards, publisher, later + timedelta(days=3, hours=1))
    assert "Data Engineer" not in gone.files["README.md"].decode()
