from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.http import FetchError
from jobboard.model import WorkMode


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_jobs_are_normalised_with_the_account_name_as_company(scrape_fixture):
    result = scrape_fixture("workable")

    assert [p.external_id for p in result.postings] == ["9F3A1B2C4D", "7E6D5C4B3A", "1A2B3C4D5E"]
    assert not result.skipped
    assert {p.company for p in result.postings} == {"Acme Analytics"}  # from the envelope only
    job = by_id(result)["9F3A1B2C4D"]
    assert job.title == "Senior Data Engineer"
    assert job.url == "https://apply.workable.com/j/9F3A1B2C4D"
    assert job.posted_at == datetime(2024, 5, 2, tzinfo=timezone.utc)  # published_on, date only
    assert (job.location, job.country) == ("Berlin, Germany", "DE")  # city == state shown once
    assert job.work_mode is WorkMode.REMOTE  # telecommuting true
    assert job.employment_type == "full-time"
    assert job.tags == ("Data",)
    assert job.skills == ("python", "snowflake", "kafka")  # Snowflake: in the larger vocabulary
    assert job.description == "Build pipelines with Python, Kafka and Snowflake."


def test_telecommuting_false_is_on_site_unless_the_location_says_hybrid(scrape_fixture):
    # Workable cannot say "hybrid": false is on-site, except where the location text says hybrid.
    data = recording("workable")
    data["routes"][1]["json"]["jobs"][1]["city"] = "London (Hybrid)"
    jobs = by_id(scrape_fixture("workable"))
    hybrid = by_id(scrape_fixture("workable", recording=data))["7E6D5C4B3A"]
    job = jobs["7E6D5C4B3A"]

    assert job.work_mode is WorkMode.ONSITE
    assert hybrid.work_mode is WorkMode.HYBRID
    assert (job.location, job.country) == ("London, England, United Kingdom", "GB")
    assert job.employment_type is None  # ""


def test_missing_published_on_falls_back_to_created_at(scrape_fixture):
    job = by_id(scrape_fixture("workable"))["1A2B3C4D5E"]

    assert job.posted_at == datetime(2024, 4, 28, tzinfo=timezone.utc)
    assert (job.location, job.work_mode, job.country) == ("Remote", WorkMode.REMOTE, None)


def test_one_request_with_details(scrape_fixture):
    assert scrape_fixture("workable").requests == ["/api/v1/widget/accounts/acme-analytics?details=true"]


def test_unknown_account_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 404"):
        scrape_fixture("workable", settings={"account": "no-such-account"})


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("workable", failures=[500, 500, 500])


@pytest.mark.parametrize("kind", BROKEN_BODIES)
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind):
    with pytest.raises(FetchError):
        scrape_fixture("workable", recording=break_route(recording("workable"), kind, index=1))


def test_requirements_are_read_for_skills_and_kept_in_the_description(scrape_fixture):
    data = recording("workable")
    data["routes"][1]["json"]["jobs"][1]["requirements"] = "<ul><li>Prototyping in Python and SQL</li></ul>"
    job = by_id(scrape_fixture("workable", recording=data))["7E6D5C4B3A"]

    assert {"python", "sql"} <= set(job.skills)
    assert job.description.endswith("Prototyping in Python and SQL")
