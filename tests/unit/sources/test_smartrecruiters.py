from collections import Counter
from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.http import FetchError
from jobboard.model import WorkMode
from jobboard.sources import smartrecruiters


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_postings_are_normalised(scrape_fixture):
    result = scrape_fixture("smartrecruiters")

    assert [p.external_id for p in result.postings] == ["744000012345678", "744000012345679", "744000019876543"]
    job = by_id(result)["744000012345678"]
    assert (job.company, job.title) == ("Acme Corp", "Senior Java Developer")
    assert job.url == "https://jobs.smartrecruiters.com/AcmeCorp1/744000012345678"
    assert job.posted_at == datetime(2024, 5, 3, 9, 12, 44, 120000, tzinfo=timezone.utc)
    assert (job.location, job.country) == ("Berlin, Berlin, Germany", "DE")  # country "de"
    assert job.employment_type == "full-time"
    assert job.tags == ("Mid-Senior Level",)  # department {} gives no tag
    assert job.skills == ("java",)
    assert job.salary is None and job.description == ""  # not in the list call


def test_remote_and_hybrid_booleans(scrape_fixture):
    postings = by_id(scrape_fixture("smartrecruiters"))

    assert postings["744000012345678"].work_mode is WorkMode.HYBRID  # hybrid true
    assert postings["744000012345679"].work_mode is WorkMode.REMOTE  # remote true
    assert postings["744000019876543"].work_mode is WorkMode.ONSITE  # both false


def test_location_without_full_location_is_joined(scrape_fixture):
    job = by_id(scrape_fixture("smartrecruiters"))["744000019876543"]

    assert (job.location, job.country) == ("London, England, GB", "GB")
    assert job.tags == ("Operations", "Mid-Senior Level")


def test_posting_without_name_is_skipped(scrape_fixture):
    assert scrape_fixture("smartrecruiters").skipped == Counter({"missing title": 1})


def test_pages_by_offset_until_total_found(scrape_fixture):
    assert scrape_fixture("smartrecruiters").requests == [
        "/v1/companies/AcmeCorp1/postings?limit=100&offset=0",
        "/v1/companies/AcmeCorp1/postings?limit=100&offset=2",
    ]


def test_unknown_company_is_empty_not_an_error(scrape_fixture):
    data = recording("smartrecruiters")
    data["routes"][1]["json"] = {"offset": 0, "limit": 100, "totalFound": 0, "content": []}

    result = scrape_fixture("smartrecruiters", recording=data)

    assert result.postings == [] and len(result.requests) == 1


def test_job_url_uses_the_configured_company_when_the_posting_names_none(scrape_fixture):
    data = recording("smartrecruiters")
    data["routes"][1]["json"]["content"][0]["company"] = {}

    job = by_id(scrape_fixture("smartrecruiters", recording=data))["744000012345678"]

    assert job.url == "https://jobs.smartrecruiters.com/AcmeCorp1/744000012345678"
    assert job.company == "AcmeCorp1"


def test_a_server_ignoring_offset_cannot_loop_the_scrape(scrape_fixture, monkeypatch):
    monkeypatch.setattr(smartrecruiters, "MAX_PAGES", 3)
    data = recording("smartrecruiters")
    data["routes"] = [{**data["routes"][1], "query": {}}]  # every offset answers the first page
    data["routes"][0]["json"]["totalFound"] = 1_000_000

    with pytest.raises(FetchError, match="more than 3 pages"):
        scrape_fixture("smartrecruiters", recording=data)


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("smartrecruiters", failures=[500, 500, 500])


@pytest.mark.parametrize("kind", BROKEN_BODIES)
@pytest.mark.parametrize("route", [0, 1], ids=["second-page", "first-page"])
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind, route):
    with pytest.raises(FetchError):
        scrape_fixture("smartrecruiters", recording=break_route(recording("smartrecruiters"), kind, index=route))
