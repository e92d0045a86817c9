from datetime import datetime, timezone

import pytest
from conftest import recording

from jobboard.http import FetchError
from jobboard.model import Salary, SalaryPeriod, WorkMode


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_one_call_with_content_returns_the_board(scrape_fixture):
    result = scrape_fixture("greenhouse")
    assert result.requests == ["/v1/boards/nimbus/jobs?content=true"]
    assert len(result.postings) == 6
    assert result.skipped == {"missing title": 1}
    # a javascript: absolute_url is replaced by the board's own page of the job
    assert by_id(result)["4012345683"].url == "https://boards.greenhouse.io/nimbus/jobs/4012345683"


def test_concrete_normalised_posting(scrape_fixture):
    posting = by_id(scrape_fixture("greenhouse"))["4012345678"]  # above 2^31, kept exact
    assert posting.source == "greenhouse-test"
    assert posting.company == "Nimbus Cloud GmbH"  # company_name wins over the setting
    assert posting.title == "Senior Backend Engineer (Go)"
    assert posting.url == "https://nimbus.example.com/careers/open-roles?gh_jid=4012345678"
    assert posting.posted_at == datetime(2026, 11, 20, 14, 15, tzinfo=timezone.utc)  # -05:00 -> UTC
    assert posting.location == "Berlin, Germany"  # trailing space gone
    assert posting.country == "DE"
    assert posting.work_mode is WorkMode.HYBRID  # from the "Workplace Type" metadata
    assert posting.skills == ("go", "postgresql", "kafka", "kubernetes", "grpc")
    assert posting.tags == ("Engineering",)


def test_escaped_content_and_double_escaped_entities_become_plain_text(scrape_fixture):
    postings = by_id(scrape_fixture("greenhouse"))
    assert postings["4012345678"].description == (
        "About the role\n\nYou will build our billing APIs in Go and PostgreSQL. We run on Kubernetes.\n\n"
        "- 5+ years backend\n- gRPC & Kafka a plus"
    )
    assert postings["4012345681"].description == "Vous maîtrisez Docker, Ansible et Linux. Café offert."
    assert all("&lt;" not in p.description and "&amp;" not in p.description for p in postings.values())


def test_work_mode_from_location_when_metadata_is_absent_or_null(scrape_fixture):
    postings = by_id(scrape_fixture("greenhouse"))
    assert postings["4012345679"].work_mode is WorkMode.REMOTE  # "China - Remote", metadata null
    assert postings["4012345679"].country == "CN"
    assert postings["4012345680"].work_mode is WorkMode.REMOTE  # "Remote (US)", metadata value null
    assert postings["4012345681"].work_mode is WorkMode.ONSITE
    assert postings["4012345682"].work_mode is WorkMode.UNKNOWN
    assert "go" not in postings["4012345679"].skills  # "Go to market" is not the language


def test_never_remote_from_the_description_alone(scrape_fixture):
    data = recording("greenhouse")
    job = data["routes"][0]["json"]["jobs"][4]  # "Toronto, ON", no workplace metadata
    job["content"] = "&lt;p&gt;Remote-first culture: work from anywhere, fully remote team.&lt;/p&gt;"
    posting = by_id(scrape_fixture("greenhouse", recording=data))["4012345682"]
    assert "Remote-first" in posting.description
    assert posting.work_mode is WorkMode.UNKNOWN


def test_pay_ranges_in_cents_and_implausible_bounds_dropped(scrape_fixture):
    postings = by_id(scrape_fixture("greenhouse"))
    assert postings["4012345680"].salary == Salary(150_000, 190_000, "USD", SalaryPeriod.YEAR, 170_000)
    # min_cents 1500 ($15 a year) is dropped, not averaged in
    assert postings["4012345682"].salary == Salary(None, 210_000, "CAD", SalaryPeriod.YEAR, 210_000)
    assert postings["4012345678"].salary is None


def test_missing_first_published_falls_back_to_updated_at(scrape_fixture):
    posting = by_id(scrape_fixture("greenhouse"))["4012345681"]
    assert posting.posted_at == datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
    assert posting.company == "Nimbus Cloud"  # no company_name: the configured one
    assert posting.employment_type == "full-time"


def test_empty_board(scrape_fixture):
    data = recording("greenhouse")
    data["routes"][0]["json"] = {"jobs": [], "meta": {"total": 0}}
    result = scrape_fixture("greenhouse", recording=data)
    assert result.postings == [] and not result.skipped


@pytest.mark.parametrize("body", [[], {"jobs": None}, {"error": "not found"}, "jobs"])
def test_wrong_envelope_fails_the_fetch(scrape_fixture, body):
    data = recording("greenhouse")
    data["routes"][0]["json"] = body
    with pytest.raises(FetchError, match="'jobs' list"):
        scrape_fixture("greenhouse", recording=data)


def test_wrong_typed_fields_keep_what_is_valid(scrape_fixture):
    data = recording("greenhouse")
    job = data["routes"][0]["json"]["jobs"][0]
    job.update(
        location="Berlin",
        metadata="Hybrid",
        departments={"name": "x"},
        offices=5,
        pay_input_ranges=[{"min_cents": "lots", "max_cents": None, "currency_type": 7}],
        company_name=None,
        content=["<p>"],
        first_published=12345,
        updated_at="2026-11-21T10:00:00Z",
    )
    data["routes"][0]["json"]["jobs"] = [job]
    (posting,) = scrape_fixture("greenhouse", recording=data).postings
    assert posting.location == "" and posting.work_mode is WorkMode.UNKNOWN and posting.salary is None
    assert posting.company == "Nimbus Cloud" and posting.description == "" and posting.tags == ()
    assert posting.posted_at == datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
