"""The issue-form files a board with contributions gets, and the README's links to them."""

from __future__ import annotations

import yaml

from jobboard.config import parse_config
from jobboard.contributions.forms import ADD_FORM, FORMS, form_files
from jobboard.contributions.parse import read_contribution
from jobboard.publish.board import build_view
from jobboard.render.board import render_board
from jobboard.store.boards import BoardSnapshot
from jobboard.render.view import BoardFigures

from tests.conftest import NOW

_ELEMENT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def config(contributions=True, repo="example/backend-jobs", **extra):
    return parse_config(
        {
            "sources": [{"id": "rok", "type": "remoteok"}],
            "boards": [
                {
                    "id": "backend",
                    "title": "Backend Jobs",
                    "github": {"repo": repo},
                    "sources": ["rok"],
                    "contributions": contributions,
                    **extra,
                }
            ],
        }
    )


def test_each_form_is_a_valid_github_issue_form():
    board = config().boards[0]
    files = form_files(board)
    assert sorted(files) == [
        ".github/ISSUE_TEMPLATE/backend-add-a-job.yml",
        ".github/ISSUE_TEMPLATE/backend-correct-a-job.yml",
        ".github/ISSUE_TEMPLATE/backend-report-a-closed-job.yml",
    ]
    for path, content in files.items():
        form = yaml.safe_load(content)
        # GitHub's form schema: these top-level keys, a body of typed elements with unique ids and labels.
        assert set(form) == {"name", "description", "title", "labels", "body"}, path
        assert form["name"] and form["description"] and form["title"].startswith("[backend] ")
        questions = [e for e in form["body"] if e["type"] != "markdown"]
        assert {e["type"] for e in form["body"]} <= _ELEMENT_TYPES
        assert len({e["id"] for e in questions}) == len(questions)
        assert len({e["attributes"]["label"] for e in questions}) == len(questions)
        for element in questions:
            assert isinstance(element["validations"]["required"], bool)
            if element["type"] == "dropdown":
                assert element["attributes"]["options"]
        assert questions[0]["id"] == "url" and questions[0]["validations"]["required"] is True


def test_the_add_form_asks_what_a_row_shows():
    form = yaml.safe_load(form_files(config().boards[0])[".github/ISSUE_TEMPLATE/backend-add-a-job.yml"])
    labels = [e["attributes"]["label"] for e in form["body"] if e["type"] != "markdown"]
    assert labels == [
        "Link to the job",
        "Company",
        "Job title",
        "Locations",
        "Work mode",
        "Salary",
        "Terms",
        "Visa sponsorship",
    ]
    assert form["name"] == "Add a job to Backend Jobs"


def test_an_issue_written_from_the_form_reads_back():
    """The body GitHub writes from the form file's own labels parses into the reader's answers."""
    form = yaml.safe_load(form_files(config().boards[0])[".github/ISSUE_TEMPLATE/backend-add-a-job.yml"])
    reader = {
        "url": "https://jobs.ashbyhq.com/northwind/1b2c",
        "company": "Northwind",
        "title": "Platform Engineer",
        "locations": "Remote (US)",
        "work_mode": "Remote",
        "salary": "$150k - $180k",
        "terms": "",
        "sponsorship": "Offers sponsorship",
    }
    body = "\n\n".join(
        f"### {e['attributes']['label']}\n\n{reader[e['id']] or '_No response_'}"
        for e in form["body"]
        if e["type"] != "markdown"
    )
    found = read_contribution(body, ADD_FORM)
    assert found.url == reader["url"] and found.fields["title"] == "Platform Engineer"
    assert found.fields["salary"].max == 180_000


def test_no_forms_without_contributions():
    assert form_files(config(contributions=None).boards[0]) == {}


def render(cfg):
    board = cfg.boards[0]
    snapshot = BoardSnapshot(postings=[], figures=BoardFigures(), history=[], published={})
    return render_board(build_view(board, cfg, snapshot, NOW))


def test_the_board_commit_carries_the_forms_and_its_readme_links_them():
    rendered = render(config())
    assert set(form_files(config().boards[0])) <= set(rendered.files)
    readme = rendered.files["README.md"].decode()
    for form in FORMS.values():
        url = f"https://github.com/example/backend-jobs/issues/new?template=backend-{form.slug}.yml"
        assert f"[{form.name}]({url})" in readme


def test_every_built_in_theme_links_the_forms_once():
    for theme in ("default", "awesome", "jobr", "simplify"):
        readme = render(config(theme=theme)).files["README.md"].decode()
        assert readme.count("issues/new?template=backend-add-a-job.yml") == 1, theme


def test_a_board_that_stops_taking_contributions_deletes_its_forms():
    rendered = render(config(contributions=None))
    assert not any(path.startswith(".github/") for path in rendered.files)
    assert "issues/new" not in rendered.files["README.md"].decode()
    assert rendered.is_stale_page(".github/ISSUE_TEMPLATE/backend-add-a-job.yml")
    assert not rendered.is_stale_page(".github/ISSUE_TEMPLATE/bug.yml")  # the repository's own forms stay


def test_a_row_as_each_built_in_theme_prints_it_for_a_comment():
    from jobboard.model import Posting, WorkMode
    from jobboard.render.board import row_lines
    from jobboard.render.view import BoardView

    job = Posting(
        source="community",
        external_id="backend-7",
        company="Northwind",
        title="Platform Engineer",
        url="https://jobs.lever.co/northwind/5f1c",
        posted_at=NOW,
        location="Remote (EU)",
        work_mode=WorkMode.REMOTE,
    )
    for theme in ("default", "awesome", "jobr", "simplify"):
        board = config(theme=theme).boards[0]
        lines = row_lines(
            BoardView(board=board, postings=(job,), figures=BoardFigures(), generated_at=NOW)
        ).splitlines()
        assert len(lines) == 3, theme  # the table's header, its rule, the row
        assert lines[0].startswith("| Company") and set(lines[1]) <= set("|-: ")
        assert "Northwind" in lines[2] and "Platform Engineer" in lines[2], theme
