"""A reader's approved "Add a job" through the tables, the stats stream and a publish: one row."""

from __future__ import annotations

import json
import subprocess

from jobboard.contributions.apply import Issue, handle_issue_event
from jobboard.http import HttpClient
from jobboard.publish.board import publish_board
from jobboard.publish.localgit import LocalGitPublisher
from jobboard.scrape import scrape_source
from jobboard.stats.stream import apply_batch

from tests.conftest import NOW
from tests.integration.helpers import config_for, greenhouse_job, greenhouse_recording
from tests.unit.contributions.forms_bodies import add_body
from tests.unit.contributions.test_apply import Deps


def pump(aws):
    aws.pump.drain(
        lambda event, ctx: {
            "batchItemFailures": [] if not apply_batch(event["Records"], aws.boards).failed_sequence else [1]
        }
    )


def approved(number: int, body: str) -> Issue:
    return Issue(
        repo="example/backend-jobs",
        number=number,
        title="[backend] Add a job: x",
        body=body,
        labels=("add-job", "approved"),
        author="reader",
        state="open",
    )


def test_an_approved_add_is_one_row_of_the_next_publish(aws, source_server, tmp_path):
    source_server.add("greenhouse", greenhouse_recording([greenhouse_job(4100000001, "Backend Engineer")]))
    config = config_for(
        source_server.base_url("greenhouse"),
        boards=[
            {
                "id": "backend",
                "title": "Backend Jobs",
                "github": {"repo": "example/backend-jobs"},
                "sources": ["acme"],
                "contributions": True,
            }
        ],
    )
    scrape_source(config.source("acme"), config, aws.postings, NOW, HttpClient(sleep=lambda _: None))
    pump(aws)
    board = config.board("backend")
    publisher = LocalGitPublisher(tmp_path)
    assert publish_board(board, config, aws.boards, publisher, NOW).jobs == 1

    deps = Deps(aws.postings, aws.boards, config, permissions={"maintainer": "write"})
    body = add_body(link="https://jobs.lever.co/northwind/5f1c-backend?utm_source=reddit", salary="$140k-$160k")
    reply = handle_issue_event("labeled", approved(12, body), "maintainer", "approved", board, deps)
    assert reply.close
    # The delivery repeated (the plumbing dedupes deliveries; the row is keyed by the issue anyway),
    # and a second reader adding the same job: still one row.
    handle_issue_event("labeled", approved(12, body), "maintainer", "approved", board, deps)
    twice = handle_issue_event("labeled", approved(13, body), "maintainer", "approved", board, deps)
    assert twice.add_labels == ("already-listed",)
    pump(aws)

    outcome = publish_board(board, config, aws.boards, publisher, NOW, force=True)
    assert (outcome.status, outcome.jobs) == ("published", 2)
    readme = outcome.files["README.md"].decode()
    rows = [line for line in readme.splitlines() if "jobs.lever.co/northwind" in line]
    assert rows == [
        "| Northwind | 🆕 [Senior Backend Engineer](https://jobs.lever.co/northwind/5f1c-backend) "
        "| Berlin, Germany (hybrid) | \\$140k–\\$160k | \\<1h |"
    ]
    jobs = json.loads(outcome.files["jobs.json"])
    added = [job for job in jobs["jobs"] if job["source"] == "community"]
    assert len(added) == 1 and added[0]["key"] == "community#backend-12"
    assert added[0]["salary"]["annual"] == 150_000 and "python" not in added[0]["skills"]
    assert aws.boards.snapshot("backend").figures.jobs == 2  # the stats count it like any row

    # The forms went out with the board, in the same commit as the README that links them.
    repo = tmp_path / "example/backend-jobs"
    changed = subprocess.run(
        ["git", "log", "--format=", "--name-only", "--diff-filter=A", "-1", "--", ".github"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    first = subprocess.run(
        ["git", "log", "--format=%H", "--reverse"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    in_first = subprocess.run(
        ["git", "show", "--format=", "--name-only", first], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()
    assert ".github/ISSUE_TEMPLATE/backend-add-a-job.yml" in changed
    assert {"README.md", ".github/ISSUE_TEMPLATE/backend-add-a-job.yml"} <= set(in_first)


def test_a_reader_s_addition_is_verified_and_a_confirmed_report_stays_closed(aws, source_server):
    """The community posting is among the links the verifier checks; a source's job a reader's
    report closed is not reopened by the next scrape while the source lists it as before."""
    from jobboard.verify.run import shown_links
    from jobboard.verify.verdict import LinkState, Verdict

    from tests.unit.contributions.forms_bodies import closed_body

    job = greenhouse_job(4100000001, "Backend Engineer")
    source_server.add("greenhouse", greenhouse_recording([job]))
    config = config_for(
        source_server.base_url("greenhouse"),
        boards=[
            {
                "id": "backend",
                "title": "Backend Jobs",
                "github": {"repo": "example/backend-jobs"},
                "sources": ["acme"],
                "contributions": True,
            }
        ],
    )

    def scrape():
        outcome = scrape_source(config.source("acme"), config, aws.postings, NOW, HttpClient(sleep=lambda _: None))
        pump(aws)
        return outcome

    scrape()
    board = config.board("backend")
    deps = Deps(aws.postings, aws.boards, config, permissions={"maintainer": "write"})
    handle_issue_event("labeled", approved(12, add_body()), "maintainer", "approved", board, deps)
    pump(aws)
    links = shown_links(config, aws.boards, NOW)
    assert links["community#backend-12"].url == "https://jobs.lever.co/northwind/5f1c-backend"
    assert "acme#4100000001" in links

    gone = job["absolute_url"]
    deps.verdicts[gone] = Verdict(LinkState.CLOSED, "gone (404)", "ats-api")
    report = Issue(
        repo="example/backend-jobs",
        number=13,
        title="[backend] Report a closed job: Acme",
        body=closed_body(gone),
        labels=("closed-job",),
        author="reader",
        state="open",
    )
    assert handle_issue_event("opened", report, "reader", None, board, deps).close
    pump(aws)
    assert scrape().written == 0  # the source still lists it as before: it stays closed
    stored = aws.postings.get("acme", "4100000001")
    assert (stored["status"], stored["closed_reason"]) == ("closed", "gone (404)")
    assert [row["title"] for row in aws.boards.snapshot("backend").postings] == ["Senior Backend Engineer"]
