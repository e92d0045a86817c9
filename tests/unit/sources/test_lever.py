from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.http import FetchError
from jobboard.model import Salary, SalaryPeriod, WorkMode

UID = "5f3c2b1a-9d8e-4c7b-a6f5-00000000000{}"


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_pages_with_skip_and_limit_until_a_short_page(scrape_fixture):
    result = scrape_fixture("lever")
    assert result.requests == [
        "/v0/postings/orbital?mode=json&skip=0&limit=3",
        "/v0/postings/orbital?mode=json&skip=3&limit=3",
        "/v0/postings/orbital?mode=json&skip=6&limit=3",
    ]
    assert len(result.postings) == 7 and not result.skipped


def test_a_full_last_page_needs_one_more_empty_request(scrape_fixture):
    data = recording("lever")
    data["routes"][2]["json"] = []  # 3 + 3, then an empty page
    result = scrape_fixture("lever", recording=data)
    assert len(result.postings) == 6 and len(result.requests) == 3


def test_concrete_normalised_posting(scrape_fixture):
    posting = by_id(scrape_fixture("lever"))[UID.format(1)]
    assert posting.title == "Backend Engineer, Payments"  # from `text`
    assert posting.company == "Orbital Labs"  # no company field: the setting
    assert posting.url == f"https://jobs.lever.co/orbital/{UID.format(1)}"
    assert posting.posted_at == datetime(2026, 11, 20, 17, 4, tzinfo=timezone.utc)  # epoch milliseconds
    assert posting.location == "San Francisco, CA"
    assert posting.country == "US"
    assert posting.work_mode is WorkMode.HYBRID
    assert posting.employment_type == "full-time"
    assert posting.salary == Salary(160_000, 200_000, "USD", SalaryPeriod.YEAR, 180_000)
    assert posting.description == (
        "Payments moves money. We write Go and PostgreSQL.\n\n"
        "What you'll do\n- Build REST APIs\n- Own PostgreSQL schemas\n\nEqual opportunity employer."
    )
    assert posting.skills == ("go", "postgresql", "rest")
    assert posting.tags == ("Payments", "Engineering")


@pytest.mark.parametrize(
    "n, expected",
    [
        (2, Salary(6_000, 7_500, "EUR", SalaryPeriod.MONTH, 81_000)),  # per-month-salary
        (3, Salary(55, 70, "GBP", SalaryPeriod.HOUR, 130_000)),  # per-hour-wage
        (4, Salary(2_000, 2_500, "USD", SalaryPeriod.WEEK, 117_000)),  # bi-week-salary, halved to weekly
        (5, None),  # one-time is no salary
        (6, Salary(900_000, 1_200_000, "MXN", SalaryPeriod.YEAR, 1_050_000)),
        (7, None),  # an hourly interval on yearly figures: implausible
    ],
)
def test_salary_intervals(scrape_fixture, n, expected):
    assert by_id(scrape_fixture("lever"))[UID.format(n)].salary == expected


def test_workplace_type_then_location_text(scrape_fixture):
    postings = by_id(scrape_fixture("lever"))
    assert postings[UID.format(2)].work_mode is WorkMode.REMOTE
    assert postings[UID.format(3)].work_mode is WorkMode.ONSITE
    assert postings[UID.format(5)].work_mode is WorkMode.REMOTE  # "unspecified" + "Remote (US)"
    assert postings[UID.format(5)].country == "US"
    assert postings[UID.format(2)].country is None  # "Remote - Europe", country null


def test_plain_description_and_non_ascii(scrape_fixture):
    postings = by_id(scrape_fixture("lever"))
    assert postings[UID.format(4)].description == "Docker and Ansible. CI/CD with GitHub Actions."
    assert postings[UID.format(4)].employment_type == "contract"
    assert postings[UID.format(6)].title == "Ingeniero de Software Sénior 🚀"
    assert postings[UID.format(6)].description == "Node.js y TypeScript, ¡bienvenidos!"
    assert postings[UID.format(6)].country == "MX"


def test_company_defaults_to_the_site(scrape_fixture):
    data = recording("lever")
    del data["settings"]["company"]
    assert {p.company for p in scrape_fixture("lever", recording=data).postings} == {"orbital"}


@pytest.mark.parametrize("broken_body", BROKEN_BODIES)
def test_broken_second_page_fails_the_whole_fetch(scrape_fixture, broken_body):
    with pytest.raises(FetchError):
        scrape_fixture("lever", recording=break_route(recording("lever"), broken_body, index=1))


def test_a_server_ignoring_skip_cannot_loop_forever(scrape_fixture):
    data = recording("lever")
    data["routes"] = [{"path": "/v0/postings/orbital", "json": data["routes"][0]["json"]}]  # same page always
    with pytest.raises(FetchError, match="paging does not advance"):
        scrape_fixture("lever", recording=data)


def test_unknown_site_404(scrape_fixture):
    data = recording("lever")
    not_found = {"ok": False, "error": "Document not found"}
    data["routes"] = [{"path": "/v0/postings/orbital", "status": 404, "json": not_found}]
    with pytest.raises(FetchError, match="HTTP 404"):
        scrape_fixture("lever", recording=data)


def test_empty_site(scrape_fixture):
    data = recording("lever")
    data["routes"][0]["json"] = []
    result = scrape_fixture("lever", recording=data)
    assert result.postings == [] and len(result.requests) == 1


def test_object_instead_of_array_fails(scrape_fixture):
    data = recording("lever")
    data["routes"][0]["json"] = {"ok": True, "data": []}
    with pytest.raises(FetchError, match="JSON array"):
        scrape_fixture("lever", recording=data)


def test_wrong_typed_fields_keep_what_is_valid(scrape_fixture):
    data = recording("lever")
    job = data["routes"][0]["json"][0]
    job.update(
        categories=["x"],
        workplaceType=3,
        salaryRange="$100k",
        lists={"text": "x"},
        country=12,
        description=None,
        descriptionPlain=None,
        hostedUrl=None,
    )
    data["routes"][0]["json"] = [job]
    (posting,) = scrape_fixture("lever", recording=data).postings
    assert posting.url.endswith("/apply")  # hostedUrl missing: applyUrl
    assert posting.location == "" and posting.salary is None and posting.work_mode is WorkMode.UNKNOWN
    assert posting.description == "Equal opportunity employer."


@pytest.mark.parametrize("created", [None, "yesterday", 0, -1])
def test_unreadable_date_is_skipped(scrape_fixture, created):
    data = recording("lever")
    data["routes"][0]["json"][0]["createdAt"] = created
    assert scrape_fixture("lever", recording=data).skipped == {"missing or unreadable date": 1}
