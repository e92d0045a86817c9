from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.http import FetchError
from jobboard.model import WorkMode
from jobboard.sources.arbeitnow import ArbeitnowAdapter
from jobboard.sources.base import Attribution


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_pages_until_links_next_is_null(scrape_fixture):
    result = scrape_fixture("arbeitnow")
    # page 3 exists in the recording but links.next on page 2 is null
    assert result.requests == ["/api/job-board-api?page=1", "/api/job-board-api?page=2"]
    assert len(result.postings) == 6
    assert result.skipped == {"missing id": 1}


def test_pages_until_an_empty_page(scrape_fixture):
    data = recording("arbeitnow")
    data["routes"][1]["json"]["links"]["next"] = "https://www.arbeitnow.com/api/job-board-api?page=3"
    result = scrape_fixture("arbeitnow", recording=data)
    assert result.requests[-1] == "/api/job-board-api?page=3"
    assert len(result.postings) == 6


def test_page_limit(scrape_fixture):
    result = scrape_fixture("arbeitnow", settings={"max_pages": 1})
    assert result.requests == ["/api/job-board-api?page=1"] and len(result.postings) == 4


def test_concrete_normalised_posting(scrape_fixture):
    posting = by_id(scrape_fixture("arbeitnow"))["senior-backend-developer-berlin-451233"]
    assert posting.company == "Kiezwerk GmbH"
    assert posting.title == "Senior Backend Developer"  # "(m/w/d)" removed
    assert posting.url == (
        "https://www.arbeitnow.com/jobs/companies/kiezwerk-gmbh/senior-backend-developer-berlin-451233"
    )
    assert posting.posted_at == datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)  # epoch seconds
    assert posting.location == "Berlin" and posting.country == "DE"
    assert posting.work_mode is WorkMode.ONSITE  # remote: false, and the location does not say hybrid
    assert posting.employment_type == "full-time"  # "Vollzeit"
    assert posting.salary is None
    assert posting.skills == ("php", "laravel", "mysql")
    assert posting.tags == ("Software Development", "PHP")


@pytest.mark.parametrize(
    "slug, title",
    [
        ("devops-engineer-kubernetes-munich-451234", "DevOps Engineer – Kubernetes"),
        ("werkstudent-frontend-react-hamburg-451235", "Werkstudent Frontend (React)"),
        ("data-engineer-python-remote-451236", "Data Engineer | Python"),
        ("cloud-architect-wien-451238", "Cloud Architect 🚀"),
    ],
)
def test_gender_markers_removed_from_titles(scrape_fixture, slug, title):
    assert by_id(scrape_fixture("arbeitnow"))[slug].title == title


def test_remote_flag_escaped_description_and_job_types(scrape_fixture):
    postings = by_id(scrape_fixture("arbeitnow"))
    devops = postings["devops-engineer-kubernetes-munich-451234"]
    assert devops.work_mode is WorkMode.REMOTE and devops.country == "DE"  # "München"
    assert devops.description == "Kubernetes, Terraform & AWS.\n\n- CI/CD"  # was entity-escaped
    assert postings["werkstudent-frontend-react-hamburg-451235"].employment_type == "part-time"
    assert postings["softwareentwickler-net-koeln-451237"].employment_type is None  # "berufserfahren"
    assert postings["softwareentwickler-net-koeln-451237"].skills == ("c#", ".net", "azure")
    assert postings["cloud-architect-wien-451238"].country == "AT"


def test_attribution():
    assert ArbeitnowAdapter.attribution == Attribution("Arbeitnow", "https://www.arbeitnow.com")


def test_empty_first_page(scrape_fixture):
    data = recording("arbeitnow")
    data["routes"][0]["json"]["data"] = []
    result = scrape_fixture("arbeitnow", recording=data)
    assert result.postings == [] and len(result.requests) == 1


@pytest.mark.parametrize("broken_body", BROKEN_BODIES)
def test_broken_second_page_fails_the_whole_fetch(scrape_fixture, broken_body):
    with pytest.raises(FetchError):
        scrape_fixture("arbeitnow", recording=break_route(recording("arbeitnow"), broken_body, index=1))


def test_wrong_envelope_fails(scrape_fixture):
    data = recording("arbeitnow")
    data["routes"][1]["json"] = {"data": {"jobs": []}}
    with pytest.raises(FetchError, match="page 2"):
        scrape_fixture("arbeitnow", recording=data)


def test_wrong_typed_fields(scrape_fixture):
    data = recording("arbeitnow")
    jobs = data["routes"][0]["json"]["data"]
    jobs[0].update(remote="yes", job_types="Vollzeit", tags=None, location={"city": "Berlin"}, created_at="soon")
    jobs[1].update(remote=None, created_at="1795270000", title="(m/w/d)")
    result = scrape_fixture("arbeitnow", recording=data)
    assert result.skipped == {"missing id": 1, "missing or unreadable date": 1, "missing title": 1}
