from datetime import datetime, timezone

import pytest
from conftest import recording

from jobboard.http import FetchError
from jobboard.model import Salary, SalaryPeriod, WorkMode

UID = "7a1e9c40-3b2d-4f8a-9c61-00000000000{}"


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_one_call_with_compensation(scrape_fixture):
    result = scrape_fixture("ashby")
    assert result.requests == ["/posting-api/job-board/lumen?includeCompensation=true"]
    assert len(result.postings) == 5
    assert result.skipped == {"not listed": 1}


def test_concrete_normalised_posting(scrape_fixture):
    posting = by_id(scrape_fixture("ashby"))[UID.format(1)]
    assert posting.title == "Senior Software Engineer, Backend"  # leading spaces gone
    assert posting.company == "Lumen Analytics"
    assert posting.url == f"https://jobs.ashbyhq.com/lumen/{UID.format(1)}"
    assert posting.posted_at == datetime(2026, 11, 21, 16, 20, 11, 123000, tzinfo=timezone.utc)
    assert posting.location == "New York, NY; San Francisco, CA"  # with secondary locations
    assert posting.country == "US"  # "USA" and "United States" agree
    assert posting.work_mode is WorkMode.HYBRID
    assert posting.salary == Salary(180_000, 220_000, "USD", SalaryPeriod.YEAR, 200_000)
    assert posting.employment_type == "full-time"
    assert posting.skills == ("python", "postgresql", "aws")
    assert posting.tags == ("Engineering", "Platform")


@pytest.mark.parametrize(
    "n, expected",
    [
        (3, Salary(5_000, 6_500, "EUR", SalaryPeriod.MONTH, 69_000)),  # 1 MONTH
        (4, Salary(45, 60, "USD", SalaryPeriod.HOUR, 109_200)),  # 1 HOUR
        (5, Salary(211_400, 290_600, "USD", SalaryPeriod.YEAR, 251_000)),  # only the display text
        (6, None),  # NONE: not a recurring salary, and no guess from text
    ],
)
def test_compensation(scrape_fixture, n, expected):
    assert by_id(scrape_fixture("ashby"))[UID.format(n)].salary == expected


def test_workplace_type_wins_over_is_remote(scrape_fixture):
    postings = by_id(scrape_fixture("ashby"))
    assert postings[UID.format(3)].work_mode is WorkMode.REMOTE
    assert postings[UID.format(4)].work_mode is WorkMode.ONSITE  # OnSite, though isRemote is true
    assert postings[UID.format(5)].work_mode is WorkMode.REMOTE  # workplaceType null: isRemote
    assert postings[UID.format(4)].country == "US"  # "United States"
    assert postings[UID.format(3)].country == "FR"
    assert postings[UID.format(3)].title == "Développeur·se Full-Stack"
    assert postings[UID.format(4)].employment_type == "contract"
    assert postings[UID.format(6)].employment_type == "internship"


def test_unknown_board_404(scrape_fixture):
    data = recording("ashby")
    data["routes"][0]["status"] = 404
    with pytest.raises(FetchError, match="HTTP 404"):
        scrape_fixture("ashby", recording=data)


def test_empty_board(scrape_fixture):
    data = recording("ashby")
    data["routes"][0]["json"]["jobs"] = []
    assert scrape_fixture("ashby", recording=data).postings == []


def test_wrong_typed_fields(scrape_fixture):
    data = recording("ashby")
    job = data["routes"][0]["json"]["jobs"][0]
    job.update(
        isListed="false",
        compensation=[1],
        secondaryLocations={"location": "x"},
        address="USA",
        workplaceType=5,
        isRemote="true",
        title=None,
    )
    data["routes"][0]["json"]["jobs"] = [job, {**job, "title": "Engineer", "isListed": None}]
    result = scrape_fixture("ashby", recording=data)
    assert result.skipped == {"not listed": 1}
    (posting,) = result.postings
    assert posting.salary is None and posting.location == "New York, NY" and posting.country == "US"
    assert posting.work_mode is WorkMode.REMOTE  # the string "true"
