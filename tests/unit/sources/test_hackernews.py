from collections import Counter
from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.http import FetchError
from jobboard_local.recorded import RECORDINGS_DIR
from jobboard.model import SalaryPeriod, WorkMode
from jobboard.sources.hackernews import EMAIL_PLACEHOLDER, parse_header, scrub_emails

STORY = "40224213"


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_top_level_comments_of_the_newest_thread_become_postings(scrape_fixture):
    result = scrape_fixture("hackernews")

    assert [p.external_id for p in result.postings] == ["40224310", "40224401", "40224620", "40224688"]
    acme = by_id(result)["40224310"]
    assert acme.source == "hackernews-test"
    assert acme.company == "Acme Robotics"
    assert acme.title == "Senior Backend Engineer (Python)"
    assert acme.url == "https://news.ycombinator.com/item?id=40224310"
    assert acme.posted_at == datetime(2024, 5, 1, 15, 4, 11, tzinfo=timezone.utc)
    assert acme.location == "Berlin, Germany"
    assert acme.country == "DE"
    assert acme.work_mode is WorkMode.ONSITE
    assert (acme.salary.min, acme.salary.max, acme.salary.currency, acme.salary.period) == (
        80000,
        100000,
        "EUR",
        SalaryPeriod.YEAR,
    )
    assert acme.employment_type == "full-time"
    assert acme.skills == ("python", "postgresql", "kafka", "aws")
    # <p> separators become paragraphs; &#x2F; entities are decoded
    assert "\nWe build warehouse robots." in acme.description
    assert "https://acme-robotics.example/jobs" in acme.description


def test_thread_is_the_newest_who_is_hiring_story_and_comments_are_paged(scrape_fixture):
    result = scrape_fixture("hackernews")

    assert result.requests == [
        "/api/v1/search_by_date?tags=story%2Cauthor_whoishiring",
        f"/api/v1/search_by_date?tags=comment%2Cstory_{STORY}&hitsPerPage=1000&page=0",
        f"/api/v1/search_by_date?tags=comment%2Cstory_{STORY}&hitsPerPage=1000&page=1",
    ]


def test_replies_are_not_postings(scrape_fixture):
    result = scrape_fixture("hackernews")

    assert {raw["objectID"] for raw in result.raw}.isdisjoint({"40224355", "40224701"})
    assert all(str(raw["parent_id"]) == STORY for raw in result.raw)


def test_deleted_and_unconventional_comments_are_skipped_with_reasons(scrape_fixture):
    result = scrape_fixture("hackernews")

    assert result.skipped == Counter(
        {
            "deleted comment": 1,
            "first line is not 'Company | Role | Location | ...'": 1,
        }
    )


def test_first_line_variants(scrape_fixture):
    postings = by_id(scrape_fixture("hackernews"))

    globex = postings["40224401"]  # no city: the work-mode field is the location
    assert (globex.company, globex.title, globex.location) == (
        "Globex (YC W21)",
        "Staff Platform Engineer",
        "REMOTE (US only)",
    )
    assert globex.work_mode is WorkMode.REMOTE and globex.country == "US"
    assert (globex.salary.min, globex.salary.max, globex.salary.currency) == (180000, 220000, "USD")

    initech = postings["40224620"]  # a URL field is dropped, "Hybrid (...)" read as the work mode
    assert (initech.title, initech.location, initech.country) == ("Frontend Engineer", "London, UK", "GB")
    assert initech.work_mode is WorkMode.HYBRID
    assert (initech.salary.min, initech.salary.max, initech.salary.currency) == (70000, 85000, "GBP")

    hooli = postings["40224688"]  # &amp; decoded, trailing pipe, no salary
    assert (hooli.company, hooli.title, hooli.location) == (
        "Hooli & Partners",
        "Machine Learning Engineer, Data Engineer",
        "Remote",
    )
    assert hooli.work_mode is WorkMode.REMOTE and hooli.salary is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Acme | Engineer", ("Acme", "Engineer", "", WorkMode.UNKNOWN, None)),
        ("Acme|Engineer|NYC|Onsite|Full Time", ("Acme", "Engineer", "NYC", WorkMode.ONSITE, "full-time")),
        ("Acme | REMOTE | Data Engineer", ("Acme", "Data Engineer", "REMOTE", WorkMode.REMOTE, None)),
        (
            "Acme (https://acme.example) | SRE | Remote or Onsite | Austin, TX | Contract",
            ("Acme", "SRE", "Austin, TX", WorkMode.REMOTE, "contract"),
        ),
        ("Acme | Engineer | Berlin | Salary: competitive", ("Acme", "Engineer", "Berlin", WorkMode.UNKNOWN, None)),
    ],
)
def test_parse_header_tolerates_field_order_and_extra_fields(line, expected):
    company, title, location, mode, _pay, employment = parse_header(line)
    assert (company, title, location, mode, employment) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Acme · Backend Engineer · Berlin · Hybrid", ("Acme", "Backend Engineer", "Berlin", WorkMode.HYBRID, None)),
        (
            "Acme • Data Engineer • Remote (EU) • Full-time",
            ("Acme", "Data Engineer", "Remote (EU)", WorkMode.REMOTE, "full-time"),
        ),
        ("Acme - Senior SRE - New York, NY - Onsite", ("Acme", "Senior SRE", "New York, NY", WorkMode.ONSITE, None)),
        (
            "Acme – Frontend Engineer – REMOTE – $140k-$170k",
            ("Acme", "Frontend Engineer", "REMOTE", WorkMode.REMOTE, None),
        ),
        (
            "Acme / Platform Engineer / London, UK / Full Time",
            ("Acme", "Platform Engineer", "London, UK", WorkMode.UNKNOWN, "full-time"),
        ),
        ("Acme | Full-Stack Engineer · Remote", ("Acme", "Full-Stack Engineer", "Remote", WorkMode.REMOTE, None)),
    ],
)
def test_parse_header_reads_every_common_separator(line, expected):
    company, title, location, mode, _pay, employment = parse_header(line)
    assert (company, title, location, mode, employment) == expected


def test_company_money_in_a_header_is_no_salary():
    header = parse_header("Acme (YC S22) | Backend Engineer | Series B, $1.2M ARR | Remote (US)")
    assert (header.company, header.title, header.location, header.salary) == (
        "Acme (YC S22)",
        "Backend Engineer",
        "Remote (US)",
        None,
    )
    assert parse_header("Acme | Backend Engineer | Remote | up to $160k").salary.max == 160_000


def test_a_dash_separated_header_keeps_its_salary():
    header = parse_header("Acme – Frontend Engineer – REMOTE – $140k-$170k")
    assert (header.salary.min, header.salary.max, header.salary.currency) == (140_000, 170_000, "USD")


@pytest.mark.parametrize(
    "line",
    [
        "We are hiring!",
        "Acme |",
        "| | Engineer",
        "Acme | REMOTE | $150k",
        "We are a small team - we build tools - come say hi",  # a sentence with dashes is no header
        "Acme - Backend Engineer",  # two dash-separated parts: a title like any other
    ],
)
def test_parse_header_refuses_lines_without_company_and_role(line):
    assert parse_header(line) is None


def test_emails_are_stripped_from_everything_kept(scrape_fixture):
    data = recording("hackernews")
    acme = data["routes"][2]["json"]["hits"][0]
    assert acme["objectID"] == "40224310"
    acme["comment_text"] = (
        "Acme Robotics | Backend Engineer | Berlin | jobs@example.com<p>Write to hiring.team+hn@example.com, "
        "or hr [at] example [dot] com, or hr at example dot com.<p>Python shop."
    )

    posting = by_id(scrape_fixture("hackernews", recording=data))["40224310"]

    assert posting.location == "Berlin"  # the email field is not taken for a location
    assert "@" not in posting.description and "example" not in posting.description
    assert posting.description.count(EMAIL_PLACEHOLDER) == 4
    assert "Python shop." in posting.description


def test_recording_holds_no_email_addresses():
    text = (RECORDINGS_DIR / "hackernews.json").read_text(encoding="utf-8")
    assert scrub_emails(text) == text


def test_no_who_is_hiring_thread_is_a_fetch_error(scrape_fixture):
    data = recording("hackernews")
    stories = data["routes"][0]["json"]
    stories["hits"] = [h for h in stories["hits"] if not h["title"].startswith("Ask HN: Who is hiring?")]

    with pytest.raises(FetchError, match="no 'Ask HN: Who is hiring"):
        scrape_fixture("hackernews", recording=data)


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("hackernews", failures=[500, 500, 500])


@pytest.mark.parametrize("kind", BROKEN_BODIES)
@pytest.mark.parametrize("route", [0, 2], ids=["stories", "comments"])
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind, route):
    with pytest.raises(FetchError):
        scrape_fixture("hackernews", recording=break_route(recording("hackernews"), kind, index=route))
