"""Publishing a board from the boards table: dedupe, hold-back of mass drops, history, messages."""

from __future__ import annotations

import subprocess
from datetime import timedelta

from jobboard.http import HttpClient
from jobboard.model import Posting
from jobboard.publish.board import dedupe, publish_board
from jobboard.publish.localgit import LocalGitPublisher
from jobboard.scrape import scrape_source
from jobboard.stats.stream import apply_batch

from tests.conftest import NOW
from tests.integration.helpers import config_for, greenhouse_job, greenhouse_recording


def posting(source: str, external_id: str, title: str, url: str, company: str = "Acme") -> Posting:
    return Posting(source=source, external_id=external_id, company=company, title=title, url=url, posted_at=NOW)


def test_the_same_job_from_two_sources_shows_once():
    postings = [
        posting("greenhouse", "1", "Backend Engineer", "https://acme.example/jobs/1?utm_source=remoteok"),
        posting("remoteok", "r1", "Backend Engineer", "https://acme.example/jobs/1/"),
        posting("remotive", "m9", "backend  engineer", "https://remotive.com/x/9", company="ACME"),
        posting("lever", "l2", "Backend Engineer", "https://jobs.lever.co/other/2", company="Other Co"),
    ]
    assert [p.external_id for p in dedupe(postings)] == ["1", "l2"]


def scrape_and_settle(aws, server, jobs, now=NOW):
    server.add("greenhouse", greenhouse_recording(jobs))
    config = config_for(server.base_url("greenhouse"))
    outcome = scrape_source(config.source("acme"), config, aws.postings, now, HttpClient(sleep=lambda _: None))
    assert outcome.ok
    apply_batch(aws.pump.read(), aws.boards)
    return config


def commit_subjects(root, repo):
    return subprocess.run(["git", "-C", str(root / repo), "log", "--format=%s"], capture_output=True, text=True,
                          check=True).stdout.splitlines()


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
