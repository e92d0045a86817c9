from datetime import datetime, timezone

import pytest
from conftest import recording

from jobboard.http import FetchError
from jobboard.model import Salary, SalaryPeriod, WorkMode
from jobboard.sources.base import Attribution
from jobboard.sources.remoteok import RemoteOkAdapter


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_legal_notice_is_not_a_job(scrape_fixture):
    result = scrape_fixture("remoteok")
    assert result.requests == ["/api"]
    assert len(result.raw) == 8  # 9 elements minus the notice
    assert all("legal" not in raw for raw in result.raw)
    assert len(result.postings) == 7
    assert result.skipped == {"missing or non-http url": 1}


def test_concrete_normalised_posting(scrape_fixture):
    posting = by_id(scrape_fixture("remoteok"))["1098765"]
    assert posting.company == "Quokka Labs"
    assert posting.title == "Senior Python Engineer"
    # the Remote OK page (their terms), host lower-cased; not the apply link
    assert posting.url == "https://remoteok.com/remote-jobs/remote-senior-python-engineer-quokka-labs-1098765"
    assert posting.posted_at == datetime(2026, 11, 22, 14, 0, tzinfo=timezone.utc)
    assert posting.work_mode is WorkMode.REMOTE
    assert posting.salary == Salary(120_000, 160_000, "USD", SalaryPeriod.YEAR, 140_000)
    assert posting.skills == ("python", "django", "postgresql", "aws")
    assert posting.description == "Build Django services on AWS."  # anti-spam text removed
    assert posting.location == "" and posting.country is None


def test_numeric_id_is_a_string(scrape_fixture):
    posting = by_id(scrape_fixture("remoteok"))["1098766"]
    assert posting.title == "Full-Stack Developer | React & Node"
    assert posting.skills == ("javascript", "typescript", "nodejs", "react")  # tags "ts", "node"
    assert posting.salary is None  # 0 and 0 mean unknown


@pytest.mark.parametrize(
    "job_id, expected",
    [
        ("1098767", Salary(90_000, None, "USD", SalaryPeriod.YEAR, 90_000)),  # salary_max missing
        ("1098768", Salary(None, 150_000, "USD", SalaryPeriod.YEAR, 150_000)),  # salary_min 0
        ("1098772", None),  # 5-9 a year: implausible
    ],
)
def test_salary_is_usd_per_year_with_zero_unknown(scrape_fixture, job_id, expected):
    assert by_id(scrape_fixture("remoteok"))[job_id].salary == expected


def test_mojibake_repaired_and_non_ascii_kept(scrape_fixture):
    postings = by_id(scrape_fixture("remoteok"))
    assert postings["1098767"].description == "We’re hiring 🚀 to build our node software in Rust."
    assert postings["1098769"].company == "東京テック"
    assert postings["1098769"].country == "JP"
    assert postings["1098768"].country == "US"


def test_date_when_epoch_missing_and_url_from_slug(scrape_fixture):
    postings = by_id(scrape_fixture("remoteok"))
    assert postings["1098771"].posted_at == datetime(2026, 11, 16, 12, 0, tzinfo=timezone.utc)
    data = recording("remoteok")
    data["routes"][0]["json"][1]["url"] = None
    posting = by_id(scrape_fixture("remoteok", recording=data))["1098765"]
    assert posting.url == "https://remoteok.com/remote-jobs/remote-senior-python-engineer-quokka-labs-1098765"


def test_attribution_required_by_the_terms():
    assert RemoteOkAdapter.attribution == Attribution("Remote OK", "https://remoteok.com")


def test_only_the_notice(scrape_fixture):
    data = recording("remoteok")
    data["routes"][0]["json"] = data["routes"][0]["json"][:1]
    assert scrape_fixture("remoteok", recording=data).postings == []
    data["routes"][0]["json"] = []
    assert scrape_fixture("remoteok", recording=data).postings == []


def test_object_instead_of_array_fails(scrape_fixture):
    data = recording("remoteok")
    data["routes"][0]["json"] = {"error": "rate limited"}
    with pytest.raises(FetchError, match="JSON array"):
        scrape_fixture("remoteok", recording=data)


def test_wrong_typed_fields(scrape_fixture):
    data = recording("remoteok")
    jobs = data["routes"][0]["json"]
    jobs[1].update(tags="python", salary_min="lots", salary_max=[1], location=None, company=5, description={})
    jobs[2].update(id=None)
    jobs[3].update(id=True)
    jobs[4].update(position=["x"])
    jobs[5] = "not an object"
    result = scrape_fixture("remoteok", recording=data)
    assert result.skipped == {"missing id": 2, "missing title": 1, "not an object": 1, "missing or non-http url": 1}
    posting = by_id(result)["1098765"]
    assert posting.salary is None and posting.company == "" and posting.description == ""
    assert posting.tags == ("python",)  # a lone string reads as one tag


def test_the_employers_apply_link_is_kept_beside_the_remote_ok_page(scrape_fixture):
    data = recording("remoteok")
    data["routes"][0]["json"][1]["apply_url"] = "https://boards.greenhouse.io/quokka/jobs/4012345678?gh_src=remoteok"
    postings = by_id(scrape_fixture("remoteok", recording=data))
    quokka = postings["1098765"]
    assert quokka.url == "https://remoteok.com/remote-jobs/remote-senior-python-engineer-quokka-labs-1098765"
    assert quokka.apply_url == "https://boards.greenhouse.io/quokka/jobs/4012345678?gh_src=remoteok"
    # An apply link back to the Remote OK page itself (as most are) says nothing more.
    assert postings["1098766"].apply_url is None
