"""Issue 19's "Done when", through the real CLI (`jobboard run`, `jobboard invoke contributions`) on
one local state, with the GitHub stand-in as the board repository (its issues, labels, comments,
collaborators) and a local Greenhouse-shaped source.

Deliveries are what GitHub would send about the stand-in's issues as they stand, signed with the
local webhook secret; a reader opens an issue from the form the first publish wrote, a maintainer
or a passer-by labels it.
"""

from __future__ import annotations

import json
import uuid

import pytest
import yaml

from jobboard_local.cli import main
from jobboard_local.link_pages import LinkPagesServer
from jobboard_local.environment import LOCAL_WEBHOOK_SECRET
from jobboard_local.github_standin import GitHubStandin
from jobboard_local.webhook_events import api_event, form_body
from jobboard.contributions.forms import ADD_FORM, CLOSED_FORM

from tests.integration.helpers import greenhouse_job, greenhouse_recording

TOKEN = "ghp_endToEndTOKEN"
REPO = "example/backend-jobs"
NORTHWIND = "https://jobs.lever.co/northwind/5f1c-backend"


class Board:
    """The CLI on one local state and config, and the stand-in GitHub it publishes to."""

    def __init__(self, tmp_path, capsys, github: GitHubStandin, config_path):
        self.tmp_path, self.capsys, self.github, self.config = tmp_path, capsys, github, str(config_path)
        self.out = str(tmp_path / "out")

    def run(self) -> str:
        assert main(["--config", self.config, "--out", self.out, "run"]) == 0
        return self.readme()

    def readme(self) -> str:
        return (self.github.file_at(REPO, "main", "README.md") or b"").decode("utf-8")

    def deliver(self, payload: dict, *, secret: str | None = LOCAL_WEBHOOK_SECRET, delivery: str | None = None):
        """One delivery through `jobboard invoke contributions --state`: (HTTP status, answer)."""
        path = self.tmp_path / f"delivery-{uuid.uuid4().hex}.json"
        path.write_text(json.dumps(api_event(payload, secret=secret, delivery=delivery)), encoding="utf-8")
        self.capsys.readouterr()
        code = main(["--config", self.config, "--out", self.out, "invoke", "contributions", "--state", "-e", str(path)])
        result = json.loads(self.capsys.readouterr().out)
        assert code == 0, result
        return result["statusCode"], json.loads(result["body"])

    def open_add_issue(self, **answers: str) -> int:
        filled = {
            "url": NORTHWIND,
            "company": "Northwind",
            "title": "Senior Backend Engineer",
            "locations": "Berlin, Germany",
            "work_mode": "Hybrid",
            "salary": "€80,000 - €95,000 a year",
            **answers,
        }
        title = f"[backend] Add a job: {filled['title']} at {filled['company']}"
        number = self.github.open_issue(REPO, title, form_body(ADD_FORM, filled), "a-reader", labels=(ADD_FORM.label,))
        status, _ = self.deliver(self.github.issue_event(REPO, number, "opened", "a-reader"))
        assert status == 200
        return number


@pytest.fixture
def board(tmp_path, capsys, monkeypatch, source_server):
    source_server.add(
        "greenhouse",
        greenhouse_recording(
            [
                greenhouse_job(4012345001, "Senior Backend Engineer", location="Remote - US"),
                greenhouse_job(4012345010, "Backend Engineer, Platform"),
                {  # a job whose page now redirects to the board's error page: closed
                    **greenhouse_job(4012345002, "Backend Engineer, Data"),
                    "absolute_url": "https://job-boards.greenhouse.io/acme/jobs/4012345002",
                },
            ]
        ),
    )
    config = {
        "sources": [
            {"id": "acme", "type": "greenhouse", "board": "acme", "base_url": source_server.base_url("greenhouse")}
        ],
        "boards": [
            {
                "id": "backend",
                "title": "Backend Jobs",
                "github": {"repo": REPO},
                "sources": ["acme"],
                "filters": {"title_keywords": ["backend"]},
                "publish_interval": "0 minutes",
                "contributions": True,
            }
        ],
    }
    path = tmp_path / "jobboard.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("JOBBOARD_NOW", "2026-11-23T12:00:00Z")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with GitHubStandin(token=TOKEN) as github:
        github.create_repo(REPO, files={".gitignore": b"\n"})
        github.set_permission(REPO, "maintainer", "maintain")
        github.set_permission(REPO, "helper", "triage")
        monkeypatch.setenv("GITHUB_API_URL", github.api_url)
        made = Board(tmp_path, capsys, github, path)
        readme = made.run()
        assert "Senior Backend Engineer" in readme and "Northwind" not in readme
        # The first publish wrote the forms readers open issues from, and the README links them.
        assert github.file_at(REPO, "main", ".github/ISSUE_TEMPLATE/backend-add-a-job.yml")
        assert "backend-add-a-job.yml" in readme
        yield made


def test_an_approved_add_appears_as_one_row_and_its_issue_is_closed_with_a_comment(board):
    github = board.github
    number = board.open_add_issue()
    assert len(github.comment_bodies(REPO, number)) == 1  # how the row will read, waiting for approval
    assert github.issue(REPO, number)["state"] == "open"

    status, answer = board.deliver(github.label_issue(REPO, number, "approved", "maintainer"))
    assert status == 200 and answer["board"] == "backend", answer
    assert github.issue(REPO, number)["state"] == "closed"
    assert github.comment_bodies(REPO, number)[-1].startswith("Added"), github.comment_bodies(REPO, number)
    assert NORTHWIND in github.comment_bodies(REPO, number)[-1]  # the row as the board will print it

    readme = board.run()
    assert readme.count(NORTHWIND) == 1, readme
    assert readme.count("Northwind") >= 1 and "Senior Backend Engineer" in readme


def test_a_label_by_someone_without_write_access_changes_nothing_and_says_why(board):
    github = board.github
    number = board.open_add_issue()
    before = len(github.comment_bodies(REPO, number))
    for labeller in ("helper", "passer-by"):  # triage access; no access at all
        status, answer = board.deliver(github.label_issue(REPO, number, "approved", labeller))
        assert status == 200, answer
        reply = github.comment_bodies(REPO, number)[-1]
        assert f"@{labeller}" in reply and "write" in reply, reply
    assert len(github.comment_bodies(REPO, number)) == before + 2
    assert github.issue(REPO, number)["state"] == "open"
    assert NORTHWIND not in board.run()


@pytest.mark.parametrize("secret", [None, "guessed-secret"], ids=["unsigned", "forged"])
def test_an_unsigned_or_forged_delivery_is_refused_with_401_and_changes_nothing(board, secret):
    github = board.github
    number = board.open_add_issue()
    comments = github.comment_bodies(REPO, number)
    payload = github.label_issue(REPO, number, "approved", "maintainer")
    github.reset_requests()
    status, answer = board.deliver(payload, secret=secret)
    assert status == 401, answer
    assert github.count() == 0  # not even the labeller's permission was asked
    assert github.comment_bodies(REPO, number) == comments and github.issue(REPO, number)["state"] == "open"
    assert NORTHWIND not in board.run()


def test_a_delivery_repeated_three_times_is_applied_once(board):
    github = board.github
    number = board.open_add_issue()
    payload = github.label_issue(REPO, number, "approved", "maintainer")
    delivery = str(uuid.uuid4())
    answers = [board.deliver(payload, delivery=delivery) for _ in range(3)]
    assert [status for status, _ in answers] == [200, 200, 200]
    assert [answer["repeated"] for _, answer in answers] == [False, True, True]
    added = [c for c in github.comment_bodies(REPO, number) if c.startswith("Added")]
    assert len(added) == 1 and github.count("PATCH issue") == 1
    assert board.run().count(NORTHWIND) == 1


def test_a_malformed_form_gets_needs_fix_and_a_comment_naming_the_field(board):
    github = board.github
    number = board.open_add_issue(company="")
    assert "needs-fix" in github.label_names(REPO, number)
    (reply,) = github.comment_bodies(REPO, number)
    assert "Company" in reply, reply
    assert github.issue(REPO, number)["state"] == "open"


@pytest.fixture
def recorded_links(board):
    """The verifier's real checks, against the recorded job pages and ATS answers served locally: the
    config's `verify: host_overrides` (and allow_loopback), as a local setup points the verifier."""
    with LinkPagesServer() as pages:
        config = yaml.safe_load(open(board.config, encoding="utf-8"))
        config["verify"] = {"host_overrides": pages.host_overrides(), "allow_loopback": True}
        with open(board.config, "w", encoding="utf-8") as file:
            yaml.safe_dump(config, file, allow_unicode=True)
        yield pages


def rows(board: Board) -> dict[str, str]:
    """Title -> link of the rows the board's published jobs.json lists."""
    jobs = json.loads(board.github.file_at(REPO, "main", "jobs.json"))["jobs"]
    return {job["title"]: job["url"] for job in jobs}


def report_closed(board: Board, link: str) -> int:
    body = form_body(CLOSED_FORM, {"url": link, "details": "The page says the job is gone."})
    number = board.github.open_issue(
        REPO, "[backend] Report a closed job: a job", body, "a-reader", labels=("closed-job",)
    )
    status, answer = board.deliver(board.github.issue_event(REPO, number, "opened", "a-reader"))
    assert status == 200, answer
    return number


def test_a_report_of_a_closed_link_removes_the_row_without_a_maintainer(board, recorded_links):
    link = rows(board)["Backend Engineer, Data"]
    number = report_closed(board, link)
    assert recorded_links.requests  # the link was checked at once
    assert board.github.issue(REPO, number)["state"] == "closed", board.github.comment_bodies(REPO, number)
    assert board.github.comment_bodies(REPO, number)
    readme = board.run()  # the source still lists the job: the scrape keeps the report's close
    assert link not in readme and "Backend Engineer, Data" not in readme
    assert "Senior Backend Engineer" in readme  # the other rows stay


def test_a_report_of_a_live_link_waits_for_a_maintainer(board, recorded_links):
    link = rows(board)["Senior Backend Engineer"]
    number = report_closed(board, link)
    assert recorded_links.requests  # the link was checked at once
    issue = board.github.issue(REPO, number)
    assert issue["state"] == "open" and "approved" in board.github.comment_bodies(REPO, number)[-1]
    assert link in board.run()
