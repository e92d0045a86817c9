from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.http import FetchError
from jobboard.model import WorkMode

PAGE = "/api/public/jobs?category=Software+Engineering&page={}"


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_jobs_are_normalised(scrape_fixture):
    result = scrape_fixture("themuse")

    assert [p.external_id for p in result.postings] == ["14523991", "14523992", "14523001", "14523002"]
    job = by_id(result)["14523991"]
    assert (job.company, job.title) == ("Acme", "Senior Software Engineer")
    assert job.url == "https://www.themuse.com/jobs/acme/senior-software-engineer"
    assert job.posted_at == datetime(2024, 5, 3, 14, 22, 10, tzinfo=timezone.utc)
    assert (job.location, job.country) == ("Flexible / Remote", None)
    assert job.work_mode is WorkMode.REMOTE
    assert job.tags == ("Software Engineering", "Senior Level")
    assert job.skills == ("python", "aws")
    assert job.description == "Join Acme as a Senior Software Engineer.\n\n- Python\n- AWS"
    assert job.salary is None


def test_flexible_remote_beside_an_office(scrape_fixture):
    postings = by_id(scrape_fixture("themuse"))

    both = postings["14523992"]
    assert (both.location, both.work_mode, both.country) == ("New York, NY; Flexible / Remote", WorkMode.REMOTE, "US")
    office = postings["14523001"]
    assert (office.location, office.work_mode, office.country) == ("Berlin, Germany", WorkMode.UNKNOWN, "DE")


def test_job_without_landing_page_links_its_company_and_job_short_names(scrape_fixture):
    result = scrape_fixture("themuse")
    assert not result.skipped
    assert by_id(result)["14523002"].url == "https://www.themuse.com/jobs/vandelay/qa-engineer"


def test_pages_from_zero_until_page_count(scrape_fixture):
    assert scrape_fixture("themuse").requests == [PAGE.format(0), PAGE.format(1)]


def test_max_pages_bounds_the_requests(scrape_fixture):
    result = scrape_fixture("themuse", settings={"max_pages": 1})

    assert result.requests == [PAGE.format(0)]


def test_rate_limit_403_is_a_fetch_error_naming_the_reset(scrape_fixture):
    data = recording("themuse")
    limited = data["routes"][0]  # page 1
    limited.pop("json")
    limited.update(status=403, text="Forbidden", headers={**limited["headers"], "X-RateLimit-Remaining": "0"})

    with pytest.raises(FetchError, match=r"rate limited by The Muse \(HTTP 403\); resets in 3412 s"):
        scrape_fixture("themuse", recording=data)


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("themuse", failures=[500, 500, 500])


@pytest.mark.parametrize("kind", BROKEN_BODIES)
@pytest.mark.parametrize("route", [0, 1], ids=["second-page", "first-page"])
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind, route):
    with pytest.raises(FetchError):
        scrape_fixture("themuse", recording=break_route(recording("themuse"), kind, index=route))
