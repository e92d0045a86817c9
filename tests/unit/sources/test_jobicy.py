from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.config import ConfigError, parse_config
from jobboard.http import FetchError
from jobboard.model import SalaryPeriod, WorkMode
from jobboard.sources.base import Attribution
from jobboard.sources.jobicy import JobicyAdapter


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_jobs_are_normalised(scrape_fixture):
    result = scrape_fixture("jobicy")

    assert [p.external_id for p in result.postings] == ["112233", "112240", "112251"]
    assert not result.skipped
    job = by_id(result)["112233"]
    assert job.company == "Acme Payments"
    assert job.title == "Senior Python Developer – Payments"  # &#8211; decoded
    assert job.url == "https://jobicy.com/jobs/112233-senior-python-developer"
    assert job.posted_at == datetime(2024, 5, 6, 8, 15, 32, tzinfo=timezone.utc)  # +02:00 converted
    assert job.location == "USA, Canada"  # double space collapsed
    assert job.country is None  # two countries
    assert job.work_mode is WorkMode.REMOTE
    assert (job.salary.min, job.salary.max, job.salary.currency, job.salary.period, job.salary.annual) == (
        120000,
        150000,
        "USD",
        SalaryPeriod.YEAR,
        135000,
    )
    assert job.employment_type == "full-time"
    assert job.tags == ("Software & Engineering", "Fintech", "Senior")  # jobIndustry unescaped
    assert job.skills == ("python", "django", "postgresql", "aws")
    assert job.description == "Build payment APIs in Python and Django on AWS.\n\n- PostgreSQL"


def test_absent_salary_keys_false_logo_and_anywhere(scrape_fixture):
    result = scrape_fixture("jobicy")
    raw = next(r for r in result.raw if r["id"] == 112240)
    assert "salaryMin" not in raw and raw["companyLogo"] is False

    job = by_id(result)["112240"]
    assert job.salary is None
    assert (job.company, job.location, job.country) == ("Globex", "Anywhere", None)
    assert job.tags == ("DevOps & Sysadmin",)  # jobLevel "Any" is no tag


def test_monthly_salary(scrape_fixture):
    job = by_id(scrape_fixture("jobicy"))["112251"]

    assert (job.salary.min, job.salary.max, job.salary.currency, job.salary.period, job.salary.annual) == (
        4000,
        5000,
        "EUR",
        SalaryPeriod.MONTH,
        54000,
    )
    assert job.country == "DE"


def test_only_given_filters_are_sent(scrape_fixture):
    # Jobicy answers 400 to unknown parameters; empty filters are not sent either.
    assert scrape_fixture("jobicy").requests == ["/api/v2/remote-jobs?count=20&industry=dev"]


@pytest.mark.parametrize("count", [0, 201, "50", True])
def test_count_outside_1_to_200_fails_the_fetch(scrape_fixture, count):
    with pytest.raises(FetchError, match="setting count"):
        scrape_fixture("jobicy", settings={"count": count})


def test_terms_attribution_and_hourly_limit():
    assert JobicyAdapter.attribution == Attribution("Jobicy", "https://jobicy.com")
    assert JobicyAdapter.min_interval_minutes == 60
    source = {"id": "jobicy", "type": "jobicy", "schedule": "rate(30 minutes)"}
    with pytest.raises(ConfigError, match="more often than jobicy's terms allow"):
        parse_config({"sources": [source], "boards": []})
    assert parse_config({"sources": [{**source, "schedule": "rate(1 hour)"}], "boards": []}).sources[0].enabled


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("jobicy", failures=[500, 500, 500])


@pytest.mark.parametrize("kind", BROKEN_BODIES)
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind):
    with pytest.raises(FetchError):
        scrape_fixture("jobicy", recording=break_route(recording("jobicy"), kind))
