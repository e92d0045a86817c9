"""What SimplifyJobs readers rely on, in every theme: sponsorship badges, company links, terms,
folded location lists, closed rows; and the `simplify` theme's own layout."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from jobboard.model import Sponsorship
from jobboard.render import render_board
from tests.unit.render.helpers import NOW, THEMES, job_rows, parse, posting, view

CITIES = ("Seattle, WA", "San Francisco, CA", "New York, NY", "Toronto, ON", "Austin, TX")
SIMPLIFY = ["Company", "Role", "Location", "Application/Link", "Date Posted"]


def readme(postings, theme, **changes) -> str:
    return render_board(view(postings, theme, **changes)).files["README.md"].decode("utf-8")


def intern(i: int, **fields):
    base = {
        "company": "Stripe",
        "title": "Software Engineer - Intern",
        "terms": ("Summer 2025",),
        "posted_at": NOW - timedelta(hours=2 + i),
        "location": CITIES[i % len(CITIES)],
        "skills": (),
    }
    return posting(i, **{**base, **fields})


@pytest.mark.parametrize("theme", THEMES)
def test_sponsorship_badges_and_their_legend(theme):
    postings = [
        intern(0, sponsorship=Sponsorship.NOT_OFFERED),
        intern(1, sponsorship=Sponsorship.CITIZENS_ONLY),
        intern(2, sponsorship=Sponsorship.OFFERED),
    ]
    text = readme(postings, theme)
    cells = " ".join(c.text for row in job_rows(text, _header(text)) for c in row)
    assert "Software Engineer - Intern 🛂" in cells and "Software Engineer - Intern 🇺🇸" in cells
    assert cells.count("🛂") == 1 and cells.count("🇺🇸") == 1
    blocks = " ".join(b[1] for b in parse(text).blocks)
    assert "Sponsorship" in blocks or "sponsorship" in blocks  # the legend says what the badges mean
    if theme != "simplify":  # SimplifyJobs' README always shows its legend; ours only when a badge is used
        assert "sponsorship" not in readme([intern(2)], theme).lower()


@pytest.mark.parametrize("theme", THEMES)
def test_company_links_where_the_source_gives_one(theme):
    postings = [intern(0, company_url="https://stripe.com"), intern(1, company="Plaid", company_url="javascript:x")]
    links = parse(readme(postings, theme)).links
    assert ("https://stripe.com", "") in links
    assert not any(href.startswith("javascript") for href, _ in links)


@pytest.mark.parametrize("theme", THEMES)
def test_long_location_lists_fold(theme):
    many = intern(0, location="; ".join(CITIES))
    few = intern(1, company="Plaid", location="; ".join(CITIES[:3]))
    text = readme([many, few], theme)
    assert text.count("<details><summary>**5 locations**</summary>") == 1
    assert "Seattle, WA</br>San Francisco, CA</br>New York, NY</br>Toronto, ON</br>Austin, TX</details>" in text
    assert "<details>" not in readme([few], theme)


@pytest.mark.parametrize("theme", THEMES)
def test_terms_shown_only_where_the_board_mixes_them(theme):
    summer = [intern(0), intern(1, company="Plaid")]
    assert "Summer 2025" not in _table_text(readme(summer, theme))
    overlapping = summer + [intern(2, company="Ramp", terms=("Summer 2025", "Fall 2025"))]  # all share a term
    assert "Fall 2025" not in _table_text(readme(overlapping, theme))
    mixed = summer + [intern(2, company="Ramp", terms=("Fall 2025",))]
    table = _table_text(readme(mixed, theme))
    assert "Summer 2025" in table and "Fall 2025" in table
    assert "Fall 2025" in _table_text(readme([intern(0, terms=("Fall 2025",)), intern(1, terms=())], theme))


@pytest.mark.parametrize("theme", THEMES)
def test_closed_rows_show_a_lock_and_no_link(theme):
    open_job, closed_job = intern(0), intern(1, company="Plaid", url="https://plaid.example/closed")
    text = readme([open_job, closed_job], theme, closed={closed_job.key: NOW - timedelta(hours=1)})
    assert "🔒" in _table_text(text)
    assert ("https://plaid.example/closed", "") not in parse(text).links
    rows = job_rows(text, _header(text))
    assert "🔒" in " ".join(c.text for c in rows[-1])  # closed rows come after the open ones
    document = json.loads(
        render_board(view([open_job, closed_job], theme, closed={closed_job.key: NOW})).files["jobs.json"]
    )
    assert [j["closed_at"] for j in document["jobs"]] == [None, "2025-03-10T12:00:00Z"]


def test_jobs_json_carries_the_new_fields():
    job = intern(0, sponsorship=Sponsorship.CITIZENS_ONLY, company_url="https://stripe.com", seniority="intern")
    record = json.loads(render_board(view([job])).files["jobs.json"])["jobs"][0]
    assert (record["terms"], record["sponsorship"], record["company_url"], record["seniority"]) == (
        ["Summer 2025"],
        "us-citizenship-required",
        "https://stripe.com",
        "intern",
    )


def test_simplify_theme_reproduces_the_readme_layout():
    postings = [
        intern(0, company_url="https://simplify.jobs/c/stripe", sponsorship=Sponsorship.NOT_OFFERED),
        intern(1),
        intern(2),
        intern(3, company="Plaid"),
        intern(4, posted_at=NOW - timedelta(days=2)),
    ]  # Stripe again, another day: named again
    text = readme(postings, "simplify")
    assert "| Company | Role | Location | Application/Link | Date Posted |" in text
    rows = job_rows(text, SIMPLIFY)
    assert [row[0].text for row in rows] == ["Plaid", "Stripe", "↳", "↳", "Stripe"]
    lines = [line for line in text.splitlines() if "Software Engineer" in line]
    assert lines[1] == (
        "| **[Stripe](https://simplify.jobs/c/stripe)** | Software Engineer - Intern 🛂 | Seattle, WA "
        '| <a href="https://jobs.example.com/0"><img src="https://i.imgur.com/u1KNU8z.png" '
        'width="118" alt="Apply"></a> | Mar 10 |'
    )
    assert "### Legend" in text and " - 🔒 - Application is closed" in text


def test_simplify_theme_adds_a_terms_column_for_mixed_seasons():
    text = readme([intern(0), intern(1, terms=("Fall 2025", "Winter 2025"))], "simplify")
    rows = job_rows(text, ["Company", "Role", "Location", "Terms", "Application/Link", "Date Posted"])
    assert [row[3].text for row in rows] == ["Summer 2025", "Fall 2025, Winter 2025"]


def _header(text: str) -> list[str]:
    return [c.text for c in parse(text).tables[0][0]]


def _table_text(text: str) -> str:
    return " ".join(c.text for row in job_rows(text, _header(text)) for c in row)
