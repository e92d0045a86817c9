from collections import Counter
from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, ctx_for, recording

from jobboard.http import FetchError
from jobboard.model import SalaryPeriod, WorkMode
from jobboard.sources.recruitee import RecruiteeAdapter


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_published_offers_are_normalised(scrape_fixture):
    result = scrape_fixture("recruitee")

    assert [p.external_id for p in result.postings] == ["1480512", "1480533", "1480577"]
    job = by_id(result)["1480512"]
    assert (job.company, job.title) == ("Acme Health", "Backend Engineer (Python)")
    assert job.url == "https://acmehealth.recruitee.com/o/backend-engineer-python"
    assert job.posted_at == datetime(2024, 5, 2, 9, 30, tzinfo=timezone.utc)  # "2024-05-02 09:30:00 UTC"
    assert (job.location, job.country) == ("Amsterdam, Netherlands", "NL")
    assert job.work_mode is WorkMode.HYBRID
    # min/max arrive as strings
    assert (job.salary.min, job.salary.max, job.salary.currency, job.salary.period) == (
        60000,
        75000,
        "EUR",
        SalaryPeriod.YEAR,
    )
    assert job.employment_type == "full-time"  # "fulltime"
    assert job.tags == ("Engineering",)
    assert job.skills == ("python", "fastapi", "postgresql")
    # description and requirements together
    assert job.description == "Own our patient-records API.\n\n- Python and FastAPI\n- PostgreSQL"


def test_all_work_mode_flags_false_falls_back_to_the_location(scrape_fixture):
    job = by_id(scrape_fixture("recruitee"))["1480533"]

    assert job.work_mode is WorkMode.REMOTE  # location "Remote (EU)"
    assert job.salary is None  # every salary field null
    assert job.country is None


def test_on_site_flag_and_monthly_salary(scrape_fixture):
    job = by_id(scrape_fixture("recruitee"))["1480577"]

    assert job.work_mode is WorkMode.ONSITE
    assert (job.salary.min, job.salary.max, job.salary.period, job.salary.annual) == (
        4500,
        5500,
        SalaryPeriod.MONTH,
        60000,
    )
    assert (job.country, job.employment_type) == ("DE", "contract")


def test_offers_not_published_are_skipped(scrape_fixture):
    assert scrape_fixture("recruitee").skipped == Counter({"not published": 1})


def test_company_host_comes_from_the_account(recorded_server):
    # The default base URL is "https://{account}.recruitee.com"; the placeholder is filled in.
    assert RecruiteeAdapter.default_base_url == "https://{account}.recruitee.com"
    recorded_server.add("acmehealth", recording("recruitee"))
    ctx = ctx_for(recorded_server.url, "recruitee", "{account}", {"account": "acmehealth"}, [])

    raw = list(RecruiteeAdapter().fetch(ctx))

    assert len(raw) == 4
    assert ("acmehealth", "/api/offers/") in recorded_server.requests


@pytest.mark.parametrize("account", ["evil.example/x", "-acme", ""])
def test_account_must_be_a_subdomain_name(scrape_fixture, account):
    with pytest.raises(FetchError, match="setting account"):
        scrape_fixture("recruitee", settings={"account": account})


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("recruitee", failures=[500, 500, 500])


@pytest.mark.parametrize("kind", BROKEN_BODIES)
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind):
    with pytest.raises(FetchError):
        scrape_fixture("recruitee", recording=break_route(recording("recruitee"), kind))
