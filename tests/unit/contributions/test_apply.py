"""Contribution issues applied to a board's rows, on moto's tables: what changes and what is said."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from jobboard.config import Config, parse_config
from jobboard.contributions.apply import Issue, contributing_board, handle_issue_event
from jobboard.http import HttpClient
from jobboard.model import Posting
from jobboard.scrape import scrape_source
from jobboard.stats.stream import apply_batch
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore, posting_item
from jobboard.verify.verdict import LinkState, Verdict

from tests.conftest import NOW
from tests.integration.helpers import greenhouse_job, greenhouse_recording
from tests.unit.contributions.forms_bodies import add_body, closed_body, correct_body

ROW_URL = "https://boards.greenhouse.io/acme/jobs/4100000001"
LIVE = Verdict(LinkState.OPEN, "the ATS lists it", "ats-api")


@dataclass
class Deps:
    """The GitHub side and the verifier as a test sets them; the tables are moto's."""

    postings: PostingsStore
    boards: BoardsStore
    config: Config
    now: datetime = NOW
    permissions: dict[str, str] = field(default_factory=lambda: {"maintainer": "maintain", "owner": "admin"})
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)

    def permission(self, user: str) -> str:
        return self.permissions.get(user, "read")

    def check_link(self, url: str) -> Verdict:
        self.checked.append(url)
        return self.verdicts.get(url, LIVE)


def make_config(base_url: str) -> Config:
    return parse_config(
        {
            "sources": [{"id": "acme", "type": "greenhouse", "board": "acme", "base_url": base_url}],
            "boards": [
                {
                    "id": "backend",
                    "title": "Backend Jobs",
                    "github": {"repo": "example/backend-jobs"},
                    "sources": ["acme"],
                    "filters": {"max_age_days": 15},
                    "contributions": True,
                },
                {
                    "id": "remote",
                    "title": "Remote Jobs",
                    "github": {"repo": "example/remote-jobs"},
                    "sources": ["acme"],
                    "filters": {"remote_only": True},
                    "contributions": {"approved_label": "lgtm"},
                },
            ],
        }
    )


JOBS = [
    greenhouse_job(4100000001, "Backend Engineer", location="Berlin, Germany"),
    greenhouse_job(4100000002, "Site Reliability Engineer", location="Remote (EU)", company="Acme"),
]


@pytest.fixture
def board_state(aws, source_server):
    """Acme's Greenhouse jobs scraped and on the boards; returns (deps, scrape again)."""
    source_server.add("greenhouse", greenhouse_recording(JOBS))
    config = make_config(source_server.base_url("greenhouse"))
    deps = Deps(aws.postings, aws.boards, config)

    def scrape(jobs=JOBS):
        source_server.add("greenhouse", greenhouse_recording(jobs))
        outcome = scrape_source(config.source("acme"), config, aws.postings, NOW, HttpClient(sleep=lambda _: None))
        assert outcome.ok, outcome.error
        pump(aws)
        return outcome

    scrape()
    return deps, scrape


def pump(aws):
    aws.pump.drain(
        lambda event, ctx: {
            "batchItemFailures": [] if not apply_batch(event["Records"], aws.boards).failed_sequence else [1]
        }
    )


def issue(body: str, title: str = "[backend] Add a job: Northwind", labels=("add-job",), number: int = 7) -> Issue:
    return Issue(
        repo="example/backend-jobs",
        number=number,
        title=title,
        body=body,
        labels=tuple(labels),
        author="reader",
        state="open",
    )


def event(deps, action, the_issue, sender="reader", label=None, board="backend"):
    return handle_issue_event(action, the_issue, sender, label, deps.config.board(board), deps)


def shown(aws, board="backend"):
    return {p["url"]: p for p in aws.boards.snapshot(board).postings}


# Add a job


def test_an_opened_add_form_shows_the_row_it_would_add_and_changes_nothing(aws, board_state):
    deps, _ = board_state
    reply = event(deps, "opened", issue(add_body()))
    assert reply is not None and not reply.close
    assert "once a maintainer adds the `approved` label" in reply.comment
    assert "| Northwind | 🆕 [Senior Backend Engineer](https://jobs.lever.co/northwind/5f1c-backend) |" in reply.comment
    assert "€80k–€95k" in reply.comment  # the salary as the row shows it
    assert "| Company | Position | Location | Salary | Age |" in reply.comment  # under the theme's header
    assert not [i for i in aws.postings.scan_all() if i["pk"] == "community"]


def test_an_add_approved_by_a_maintainer_becomes_a_row(aws, board_state):
    deps, _ = board_state
    reply = event(deps, "labeled", issue(add_body(), labels=("add-job", "approved")), "maintainer", "approved")
    assert reply.close and reply.add_labels == ("applied",)
    assert "Added" in reply.comment and "Senior Backend Engineer" in reply.comment
    pump(aws)
    row = shown(aws)["https://jobs.lever.co/northwind/5f1c-backend"]
    assert row["source"] == "community" and row["company"] == "Northwind"
    assert row["work_mode"] == "hybrid" and row["country"] == "DE" and row["seniority"] == "senior"
    assert row["salary"]["currency"] == "EUR" and row["salary"]["min"] == 80_000
    assert "https://jobs.lever.co/northwind/5f1c-backend" not in shown(aws, "remote")  # added to its own board only


def test_an_add_labelled_by_a_reader_without_write_access_changes_nothing(aws, board_state):
    deps, _ = board_state
    reply = event(deps, "labeled", issue(add_body(), labels=("add-job", "approved")), "passer-by", "approved")
    assert not reply.close and reply.remove_labels == ("approved",)
    assert "takes write access to example/backend-jobs" in reply.comment and "`read`" in reply.comment
    assert "Nothing was changed" in reply.comment
    assert not [i for i in aws.postings.scan_all() if i["pk"] == "community"]


def test_triage_is_not_enough_to_approve(aws, board_state):
    deps, _ = board_state
    deps.permissions["helper"] = "triage"
    reply = event(deps, "labeled", issue(add_body(), labels=("add-job", "approved")), "helper", "approved")
    assert "Nothing was changed" in reply.comment


def test_another_label_or_the_board_s_own_approved_label_name(aws, board_state):
    deps, _ = board_state
    assert event(deps, "labeled", issue(add_body()), "maintainer", "good first issue") is None
    remote = issue(add_body(locations="Remote (EU)", work_mode="Remote"), title="[remote] Add a job: x")
    assert event(deps, "labeled", remote, "maintainer", "approved", board="remote") is None  # its label is lgtm
    assert event(deps, "labeled", remote, "maintainer", "lgtm", board="remote").close


def test_a_link_already_listed_gets_a_reply_linking_the_row(aws, board_state):
    deps, _ = board_state
    body = add_body(link=f"{ROW_URL}?gh_src=twitter&utm_source=hn", company="Acme", title="Backend Engineer")
    reply = event(deps, "labeled", issue(body, labels=("add-job", "approved")), "maintainer", "approved")
    assert reply.close and reply.add_labels == ("already-listed",)
    assert f"already lists this job (<{ROW_URL}>)" in reply.comment
    assert "[Backend Jobs](https://github.com/example/backend-jobs)" in reply.comment
    assert not [i for i in aws.postings.scan_all() if i["pk"] == "community"]


def test_the_same_job_under_another_link_is_already_listed(aws, board_state):
    deps, _ = board_state
    body = add_body(link="https://acme.example/careers/backend", company="Acme Inc.", title="Backend Engineer")
    reply = event(deps, "opened", issue(body))
    assert reply.close and reply.add_labels == ("already-listed",) and ROW_URL in reply.comment


def test_a_job_outside_the_board_s_filters_names_the_filter(aws, board_state):
    deps, _ = board_state
    onsite = issue(add_body(locations="Paris, France", work_mode="On site"), title="[remote] Add a job: x")
    reply = event(deps, "opened", onsite, board="remote")
    assert reply.add_labels == ("needs-fix",) and not reply.close
    assert "does not pass remote_only (only fully remote jobs)" in reply.comment


def test_a_malformed_form_gets_needs_fix_and_the_field_named(aws, board_state):
    deps, _ = board_state
    reply = event(deps, "opened", issue(add_body(salary="competitive")))
    assert reply.add_labels == ("needs-fix",) and not reply.close
    assert "**Salary**: could not read `competitive` as pay" in reply.comment
    # Approved before the fix: still nothing added, and the label comes off to be added again later.
    approved = issue(add_body(salary="competitive"), labels=("add-job", "approved"))
    reply = event(deps, "labeled", approved, "maintainer", "approved")
    assert reply.add_labels == ("needs-fix",) and reply.remove_labels == ("approved",)
    assert not [i for i in aws.postings.scan_all() if i["pk"] == "community"]


def test_a_fixed_form_loses_needs_fix(aws, board_state):
    deps, _ = board_state
    fixed = issue(add_body(salary="€80k a year"), labels=("add-job", "needs-fix"))
    reply = event(deps, "edited", fixed)
    assert reply.remove_labels == ("needs-fix",) and "will appear" in " ".join(reply.comment.split())
    # An edit of a form that was fine says nothing more.
    assert event(deps, "edited", issue(add_body())) is None


def test_what_is_no_contribution_is_left_alone(aws, board_state):
    deps, _ = board_state
    bug = issue("### What happened\n\nThe README has a typo.", title="Typo", labels=())
    assert event(deps, "opened", bug) is None
    closed = Issue(**{**issue(add_body()).__dict__, "state": "closed"})
    assert event(deps, "labeled", closed, "maintainer", "approved") is None
    plain = parse_config(
        {
            "sources": [{"id": "rok", "type": "remoteok"}],
            "boards": [{"id": "b", "title": "B", "github": {"repo": "o/r"}, "sources": ["rok"]}],
        }
    )
    assert handle_issue_event("opened", issue(add_body()), "reader", None, plain.boards[0], deps) is None


def test_applying_the_same_issue_twice_adds_one_row(aws, board_state):
    deps, _ = board_state
    approved = issue(add_body(), labels=("add-job", "approved"))
    event(deps, "labeled", approved, "maintainer", "approved")
    pump(aws)
    again = event(deps, "labeled", approved, "maintainer", "approved")
    assert again.add_labels == ("already-listed",)
    assert len([i for i in aws.postings.scan_all() if i["pk"] == "community"]) == 1


# Report a closed job


def test_a_report_the_verifier_confirms_closes_the_row_with_no_maintainer(aws, board_state):
    deps, _ = board_state
    deps.verdicts[ROW_URL] = Verdict(LinkState.CLOSED, "gone (404)", "ats-api")
    report = issue(closed_body(ROW_URL), title="[backend] Report a closed job: Acme", labels=("closed-job",))
    reply = event(deps, "opened", report)
    assert deps.checked == [ROW_URL]
    assert reply.close and reply.add_labels == ("applied",) and "Closed (gone (404))" in reply.comment
    pump(aws)
    assert ROW_URL not in shown(aws)


def test_a_confirmed_report_closes_the_job_s_other_listings_too(aws, board_state):
    """An aggregator's listing of the same job (its apply link is the row's) would take the row's place."""
    deps, _ = board_state
    aggregated = Posting(
        source="community",
        external_id="backend-3",
        company="Acme",
        title="Backend Engineer",
        url="https://jobs.example/acme-backend-engineer",
        apply_url=ROW_URL,
        posted_at=NOW,
        location="Berlin, Germany",
    )
    aws.postings.put_if_changed(
        posting_item(aggregated, boards=["backend"], content_hash="x", now=NOW, max_age_days=30)
    )
    pump(aws)
    assert len(aws.boards.snapshot("backend").postings) == 3  # two listings, one row
    deps.verdicts[ROW_URL] = Verdict(LinkState.CLOSED, "the ATS says closed", "ats-api")
    report = issue(closed_body(ROW_URL), title="[backend] Report a closed job: Acme", labels=("closed-job",))
    assert event(deps, "opened", report).close
    pump(aws)
    assert [p["title"] for p in aws.boards.snapshot("backend").postings] == ["Site Reliability Engineer"]


def test_a_report_of_a_live_link_waits_for_a_maintainer(aws, board_state):
    deps, _ = board_state
    report = issue(closed_body(ROW_URL), title="[backend] Report a closed job: Acme", labels=("closed-job",))
    reply = event(deps, "opened", report)
    assert not reply.close and "it looks open" in reply.comment and "`approved`" in reply.comment
    pump(aws)
    assert ROW_URL in shown(aws)
    unsure = Verdict(LinkState.UNKNOWN, "HTTP 503", "http-status")
    deps.verdicts[ROW_URL] = unsure
    assert "could not tell (HTTP 503)" in event(deps, "opened", report).comment
    # A maintainer's approval applies it whatever the link says.
    approved = issue(
        closed_body(ROW_URL), title="[backend] Report a closed job: Acme", labels=("closed-job", "approved")
    )
    reply = event(deps, "labeled", approved, "maintainer", "approved")
    assert reply.close and "reported closed by a reader" in reply.comment
    pump(aws)
    assert ROW_URL not in shown(aws)


def test_a_report_of_a_link_the_board_does_not_show_names_the_field(aws, board_state):
    deps, _ = board_state
    report = issue(closed_body("https://jobs.example/unknown/1"), title="[backend] Report a closed job: x", labels=())
    reply = event(deps, "opened", report)
    assert reply.add_labels == ("needs-fix",) and "**Link of the closed job**: no open job on" in reply.comment
    assert deps.checked == []


# Correct a job


def correction(**fields):
    return issue(
        correct_body(ROW_URL, **fields),
        title="[backend] Correct a job: Acme",
        labels=("correct-job", "approved"),
    )


def test_a_correction_shows_the_row_before_and_after(aws, board_state):
    deps, _ = board_state
    reply = event(deps, "opened", correction(locations="Remote (EU)"))
    before, after = reply.comment.split("will read:")
    assert "Berlin, Germany" in before and "Remote (EU)" in after and not reply.close


def test_an_approved_correction_overrides_the_field_until_the_source_changes_it(aws, board_state):
    deps, scrape = board_state
    reply = event(deps, "labeled", correction(locations="Remote (EU)"), "maintainer", "approved")
    assert reply.close and "stays until the job's source changes" in reply.comment
    pump(aws)
    row = shown(aws)[ROW_URL]
    assert row["location"] == "Remote (EU)" and row["work_mode"] == "remote"
    assert ROW_URL in shown(aws, "remote")  # now remote: the remote board takes it too
    assert "overrides" not in row  # bookkeeping, not shown

    # The source still says Berlin: the correction stays and nothing is written.
    again = scrape()
    assert (again.changed, again.new) == (0, 0)
    assert shown(aws)[ROW_URL]["location"] == "Remote (EU)"

    # The source changes the title: the location correction still stands, the new title shows.
    retitled = [dict(JOBS[0], title="Backend Engineer (Go)"), JOBS[1]]
    scrape(retitled)
    assert (shown(aws)[ROW_URL]["title"], shown(aws)[ROW_URL]["location"]) == ("Backend Engineer (Go)", "Remote (EU)")

    # The source changes the location itself: it knows better now.
    moved = [dict(retitled[0], location={"name": "Munich, Germany"}), JOBS[1]]
    scrape(moved)
    assert shown(aws)[ROW_URL]["location"] == "Munich, Germany"
    assert ROW_URL not in shown(aws, "remote")
    assert "overrides" not in aws.postings.get("acme", "4100000001")


def test_a_correction_of_a_link_the_board_does_not_show_names_the_field(aws, board_state):
    deps, _ = board_state
    wrong = issue(
        correct_body("https://jobs.example/nope", title="Go Developer"), title="[backend] Correct a job: x", labels=()
    )
    reply = event(deps, "opened", wrong)
    assert reply.add_labels == ("needs-fix",) and "**Link of the row**" in reply.comment


def test_the_board_an_issue_is_for():
    config = parse_config(
        {
            "sources": [{"id": "rok", "type": "remoteok"}],
            "boards": [
                {"id": "a", "title": "A", "github": {"repo": "o/jobs"}, "sources": ["rok"], "contributions": True},
                {
                    "id": "b",
                    "title": "B",
                    "github": {"repo": "o/jobs", "path": "b.md"},
                    "sources": ["rok"],
                    "contributions": True,
                },
                {"id": "c", "title": "C", "github": {"repo": "o/other"}, "sources": ["rok"]},
            ],
        }
    )
    assert contributing_board(config, "O/Jobs", "[b] Add a job: x").id == "b"
    assert contributing_board(config, "o/jobs", "Add a job") is None  # two boards there: the title must say
    assert contributing_board(config, "o/other", "[c] Add a job: x") is None  # no contributions there


def test_a_company_written_as_a_mention_notifies_no_one(aws, board_state):
    deps, _ = board_state
    reply = event(deps, "opened", issue(add_body(company="@octocat")))
    assert "| @\u200boctocat |" in reply.comment and "| @octocat" not in reply.comment


def test_a_correction_to_what_the_row_already_says_closes_with_nothing_changed(aws, board_state):
    deps, _ = board_state
    reply = event(deps, "labeled", correction(locations="Berlin, Germany"), "maintainer", "approved")
    assert reply.close and "nothing to correct" in reply.comment
    assert "overrides" not in aws.postings.get("acme", "4100000001")
