from collections import Counter
from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.http import FetchError
from jobboard.model import SalaryPeriod, WorkMode
from jobboard.sources.base import Attribution
from jobboard.sources.himalayas import HimalayasAdapter

JOBS = "https://himalayas.app/companies/{}/jobs/{}"
CURSOR = "eyJvZmZzZXQiOjN9"


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_jobs_are_normalised_with_the_guid_as_id(scrape_fixture):
    result = scrape_fixture("himalayas")

    assert [p.external_id for p in result.postings] == [
        JOBS.format("acme-cloud", "senior-python-engineer"),
        JOBS.format("vandelay", "backend-developer"),
        JOBS.format("globex", "platform-engineer"),
        JOBS.format("initech", "contract-data-engineer"),
    ]
    job = by_id(result)[JOBS.format("acme-cloud", "senior-python-engineer")]
    assert job.url == job.external_id
    assert (job.company, job.title) == ("Acme Cloud", "Senior Python Engineer")
    assert job.posted_at == datetime(2024, 5, 6, 6, 0, tzinfo=timezone.utc)
    assert (job.location, job.country) == ("Worldwide", None)  # empty locationRestrictions
    assert job.work_mode is WorkMode.REMOTE
    assert (job.salary.min, job.salary.max, job.salary.currency, job.salary.period) == (
        120000,
        140000,
        "USD",
        SalaryPeriod.YEAR,
    )
    assert job.employment_type == "full-time"
    assert job.tags == ("Software-Engineering", "Python", "Senior")
    assert job.skills == ("python", "django", "postgresql")
    assert job.description == "Python, Django and PostgreSQL.\n\nAsync team across time zones."


def test_pub_date_in_seconds_or_milliseconds(scrape_fixture):
    postings = by_id(scrape_fixture("himalayas"))

    # 1714975200 (seconds) and 1714949110000 (milliseconds)
    assert postings[JOBS.format("acme-cloud", "senior-python-engineer")].posted_at == datetime(
        2024, 5, 6, 6, 0, tzinfo=timezone.utc
    )
    assert postings[JOBS.format("vandelay", "backend-developer")].posted_at == datetime(
        2024, 5, 5, 22, 45, 10, tzinfo=timezone.utc
    )


def test_location_restrictions_and_salary_periods(scrape_fixture):
    postings = by_id(scrape_fixture("himalayas"))

    vandelay = postings[JOBS.format("vandelay", "backend-developer")]
    assert (vandelay.location, vandelay.country) == ("Germany", "DE")
    assert (vandelay.salary.period, vandelay.salary.annual) == (SalaryPeriod.MONTH, 66000)
    globex = postings[JOBS.format("globex", "platform-engineer")]
    assert (globex.location, globex.country) == ("United States, Canada", None)
    initech = postings[JOBS.format("initech", "contract-data-engineer")]
    assert (initech.salary.min, initech.salary.currency, initech.salary.period) == (500, "GBP", SalaryPeriod.DAY)
    assert initech.employment_type == "contract"


def test_job_without_guid_is_skipped(scrape_fixture):
    assert scrape_fixture("himalayas").skipped == Counter({"missing id": 1})


def test_offset_envelope_then_cursor_envelope(scrape_fixture):
    assert scrape_fixture("himalayas").requests == [
        "/jobs/api?limit=20",
        "/jobs/api?limit=20&offset=2",
        f"/jobs/api?limit=20&cursor={CURSOR}",
    ]


def test_offset_envelope_stops_at_total_count(scrape_fixture):
    data = recording("himalayas")
    data["routes"][2]["json"]["totalCount"] = 2

    result = scrape_fixture("himalayas", recording=data)

    assert result.requests == ["/jobs/api?limit=20"]
    assert len(result.postings) == 2


def test_cursor_envelope_from_the_first_page(scrape_fixture):
    data = recording("himalayas")
    first = data["routes"][2]["json"]
    data["routes"][2]["json"] = {"nextCursor": CURSOR, "jobs": first["jobs"]}

    result = scrape_fixture("himalayas", recording=data)

    assert result.requests == ["/jobs/api?limit=20", f"/jobs/api?limit=20&cursor={CURSOR}"]
    assert len(result.postings) == 3


def test_max_pages_bounds_the_requests(scrape_fixture):
    result = scrape_fixture("himalayas", settings={"max_pages": 2})

    assert len(result.requests) == 2
    assert len(result.postings) == 3


def test_attribution():
    assert HimalayasAdapter.attribution == Attribution("Himalayas", "https://himalayas.app")


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("himalayas", failures=[500, 500, 500])


@pytest.mark.parametrize("kind", BROKEN_BODIES)
@pytest.mark.parametrize("route", [0, 2], ids=["last-page", "first-page"])
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind, route):
    with pytest.raises(FetchError):
        scrape_fixture("himalayas", recording=break_route(recording("himalayas"), kind, index=route))


def test_the_application_link_is_kept_beside_the_himalayas_page(scrape_fixture):
    data = recording("himalayas")
    job = data["routes"][0]["json"]["jobs"][0]
    job["applicationLink"] = (
        "https://jobs.lever.co/acme-cloud/0f5c7d1e-2b3a-4c5d-8e9f-a0b1c2d3e4f5?lever-source=himalayas"
    )
    posting = by_id(scrape_fixture("himalayas", recording=data))[job["guid"]]
    assert posting.url == job["guid"]  # the row links Himalayas
    assert posting.apply_url == job["applicationLink"]
