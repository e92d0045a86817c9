"""Readers' additions normalised as every source's postings are; corrections kept while the source agrees."""

from __future__ import annotations

import re

import pytest

from jobboard.config import ConfigError, parse_config
from jobboard.contributions.community import community_posting
from jobboard.contributions.corrections import apply_overrides, corrected
from jobboard.contributions.forms import ADD_FORM
from jobboard.contributions.parse import read_contribution
from jobboard.model import Posting, Sponsorship, WorkMode

from tests.conftest import NOW
from tests.unit.contributions.forms_bodies import add_body

BOARD = parse_config(
    {
        "sources": [{"id": "rok", "type": "remoteok"}],
        "boards": [
            {"id": "interns", "title": "Interns", "github": {"repo": "o/r"}, "sources": ["rok"], "contributions": True}
        ],
    }
).boards[0]


def added(**answers) -> Posting:
    return community_posting(read_contribution(add_body(**answers), ADD_FORM), BOARD, 42, NOW)


def test_an_internship_added_by_a_reader():
    posting = added(
        link="https://jobs.ashbyhq.com/northwind/1b2c?utm_source=simplify&ref=abc#apply",
        title="Software Engineering Intern - Python",
        locations="Seattle, WA\nRemote in USA",
        work_mode="",
        salary="$45/hr",
        terms="Summer 2026",
        sponsorship="U.S. citizenship is required",
    )
    assert posting.key == "community#interns-42" and posting.posted_at == NOW
    assert (
        posting.url == "https://jobs.ashbyhq.com/northwind/1b2c?utm_source=simplify&ref=abc#apply"
    )  # a fragment: as given
    assert posting.location == "Seattle, WA; Remote in USA" and posting.country == "US"
    assert posting.work_mode is WorkMode.REMOTE  # the places say it when the reader did not
    assert (posting.employment_type, posting.seniority, posting.terms) == ("internship", "intern", ("Summer 2026",))
    assert posting.salary.period.value == "hour" and posting.salary.annual == 45 * 2080
    assert posting.sponsorship is Sponsorship.CITIZENS_ONLY
    assert "python" in posting.skills


def test_tracking_parameters_leave_the_link():
    posting = added(link="https://boards.greenhouse.io/acme/jobs/123?gh_src=x&utm_campaign=y")
    assert posting.url == "https://boards.greenhouse.io/acme/jobs/123"


def test_the_reader_s_work_mode_wins_over_the_places():
    assert added(locations="Berlin, Germany", work_mode="Remote").work_mode is WorkMode.REMOTE


SOURCE = Posting(
    source="acme",
    external_id="1",
    company="Acme",
    title="Backend Engineer",
    url="https://boards.greenhouse.io/acme/jobs/1",
    posted_at=NOW,
    location="Berlin, Germany",
    work_mode=WorkMode.ONSITE,
    country="DE",
)


def test_a_correction_holds_while_the_source_says_what_it_said():
    shown, overrides = corrected(SOURCE, None, {"location": "Remote (EU)"})
    assert (shown.location, shown.work_mode, shown.country) == ("Remote (EU)", WorkMode.REMOTE, None)
    assert overrides == {"location": {"source": "Berlin, Germany", "value": "Remote (EU)"}}
    again, kept = apply_overrides(SOURCE, overrides)
    assert again.location == "Remote (EU)" and kept == overrides
    moved, kept = apply_overrides(
        Posting(**{**SOURCE.__dict__, "location": "Munich, Germany"}), overrides
    )  # the source changed the field: it knows better now
    assert moved.location == "Munich, Germany" and kept == {}


def test_a_second_correction_remembers_what_the_source_first_said():
    shown, first = corrected(SOURCE, None, {"title": "Senior Backend Engineer"})
    _, both = corrected(shown, first, {"title": "Staff Backend Engineer", "sponsorship": Sponsorship.OFFERED})
    assert both["title"] == {"source": "Backend Engineer", "value": "Staff Backend Engineer"}
    assert both["sponsorship"] == {"source": None, "value": "offered"}
    again, kept = apply_overrides(SOURCE, both)
    assert (again.title, again.sponsorship) == ("Staff Backend Engineer", Sponsorship.OFFERED) and kept == both


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", "boards[0].contributions: true, false, or a mapping with approved_label, needs_fix_label"),
        ({"approve": "ok"}, "boards[0].contributions.approve: unknown key"),
        ({"approved_label": ""}, "boards[0].contributions.approved_label: a GitHub label name (1 to 50 characters)"),
    ],
)
def test_the_contributions_key_names_its_mistakes(value, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config(
            {
                "sources": [{"id": "rok", "type": "remoteok"}],
                "boards": [
                    {"id": "b", "title": "B", "github": {"repo": "o/r"}, "sources": ["rok"], "contributions": value}
                ],
            }
        )


def test_contributions_are_off_unless_turned_on():
    def board(**extra):
        return parse_config(
            {
                "sources": [{"id": "rok", "type": "remoteok"}],
                "boards": [{"id": "b", "title": "B", "github": {"repo": "o/r"}, "sources": ["rok"], **extra}],
            }
        ).boards[0]

    assert board().contributions is None and board(contributions=False).contributions is None
    assert board(contributions=True).contributions.approved_label == "approved"
    assert board(contributions={"approved_label": "lgtm"}).contributions.needs_fix_label == "needs-fix"
