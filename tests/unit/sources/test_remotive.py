from datetime import datetime, timezone

import pytest
from conftest import recording

from jobboard.config import ConfigError, parse_config
from jobboard.http import FetchError
from jobboard.model import Salary, SalaryPeriod, WorkMode
from jobboard.sources.base import Attribution
from jobboard.sources.remotive import RemotiveAdapter


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_one_call_with_the_configured_category(scrape_fixture):
    result = scrape_fixture("remotive")
    assert result.requests == ["/api/remote-jobs?category=software-dev"]
    assert len(result.postings) == 6 and not result.skipped


def test_concrete_normalised_posting(scrape_fixture):
    posting = by_id(scrape_fixture("remotive"))["1987001"]
    assert posting.company == "Pelican Pay"
    assert posting.title == "Staff Backend Engineer (Go)"
    assert posting.url == "https://remotive.com/remote-jobs/software-dev/staff-backend-engineer-go-1987001"
    assert posting.posted_at == datetime(2026, 11, 21, 14, 2, 11, tzinfo=timezone.utc)  # no offset: UTC
    assert posting.location == "USA" and posting.country == "US"  # an eligibility region
    assert posting.work_mode is WorkMode.REMOTE
    assert posting.salary == Salary(175_000, 225_000, "USD", SalaryPeriod.YEAR, 200_000)
    assert posting.employment_type == "full-time"
    assert posting.skills == ("go", "kubernetes", "grpc")
    assert posting.description == "Design Go services behind gRPC.\n\nWe go the extra mile."
    assert posting.tags == ("Software Development", "go", "kubernetes", "grpc")


@pytest.mark.parametrize(
    "job_id, expected",
    [
        ("1987002", Salary(14, 14, "USD", SalaryPeriod.HOUR, 29_120)),
        ("1987003", None),  # ""
        ("1987004", Salary(60_000, 75_000, "EUR", SalaryPeriod.YEAR, 67_500)),
        ("1987005", None),  # "competitive"
        ("1987006", Salary(120_000, 150_000, "USD", SalaryPeriod.YEAR, 135_000)),
    ],
)
def test_free_text_salaries(scrape_fixture, job_id, expected):
    assert by_id(scrape_fixture("remotive"))[job_id].salary == expected


def test_regions_job_types_and_non_ascii(scrape_fixture):
    postings = by_id(scrape_fixture("remotive"))
    assert postings["1987003"].company == "Colibrí Tech"
    assert postings["1987003"].employment_type is None  # job_type ""
    assert postings["1987003"].country is None  # "Latin America"
    assert postings["1987005"].country == "GB" and postings["1987005"].employment_type == "part-time"
    assert postings["1987006"].country is None  # "Canada, USA": two countries
    assert postings["1987004"].title == "Machine Learning Engineer | LLMs"


def test_terms_attribution_and_a_few_requests_a_day():
    assert RemotiveAdapter.attribution == Attribution("Remotive", "https://remotive.com")
    assert RemotiveAdapter.min_interval_minutes == 360
    source = {"id": "remotive", "type": "remotive", "schedule": "rate(1 hour)"}
    board = {"id": "b", "title": "B", "github": {"repo": "o/r"}, "sources": ["remotive"]}
    with pytest.raises(ConfigError, match="more often than remotive's terms allow"):
        parse_config({"sources": [source], "boards": [board]})
    assert parse_config({"sources": [{**source, "schedule": "rate(6 hours)"}], "boards": [board]})


def test_no_settings_no_query(scrape_fixture):
    data = recording("remotive")
    data["settings"] = {}
    del data["routes"][0]["query"]
    assert scrape_fixture("remotive", recording=data).requests == ["/api/remote-jobs"]


def test_empty_jobs(scrape_fixture):
    data = recording("remotive")
    data["routes"][0]["json"]["jobs"] = []
    assert scrape_fixture("remotive", recording=data).postings == []


def test_list_instead_of_envelope_fails(scrape_fixture):
    data = recording("remotive")
    data["routes"][0]["json"] = data["routes"][0]["json"]["jobs"]
    with pytest.raises(FetchError, match="'jobs' list"):
        scrape_fixture("remotive", recording=data)


def test_wrong_typed_fields(scrape_fixture):
    data = recording("remotive")
    jobs = data["routes"][0]["json"]["jobs"]
    jobs[0].update(salary=175000, tags={"go": 1}, candidate_required_location=["USA"], job_type=None, category=3)
    jobs[1].update(publication_date="2026-13-01T00:00:00")
    jobs[2].update(url="remotive.com/remote-jobs/x")
    result = scrape_fixture("remotive", recording=data)
    assert result.skipped == {"missing or unreadable date": 1, "missing or non-http url": 1}
    posting = by_id(result)["1987001"]
    assert posting.salary is None and posting.location == "" and posting.tags == ()
    assert posting.skills == ("go", "grpc")  # title and description; no "kubernetes" from the broken tags
