from datetime import datetime, timezone

import pytest
from conftest import recording

from jobboard.http import FetchError
from jobboard.model import Sponsorship, WorkMode

PATH = "/SimplifyJobs/New-Grad-Positions/dev/.github/scripts/listings.json"
ID = "0b7c9f7e-1f52-4a51-9d0e-6a7e5d2c1a0{}"


def by_id(result):
    return {p.external_id: p for p in result.postings}


def test_reads_the_configured_path(scrape_fixture):
    result = scrape_fixture("simplify")
    assert result.requests == [PATH]
    assert len(result.raw) == 9  # 10 rows, one id twice
    assert len(result.postings) == 7  # 6 open, 1 inactive


def test_hidden_and_linkless_listings_are_counted(scrape_fixture):
    assert scrape_fixture("simplify").skipped == {"hidden": 1, "missing or non-http url": 1}


def test_a_closed_listing_is_kept_as_inactive(scrape_fixture):
    postings = by_id(scrape_fixture("simplify"))
    closed = postings[ID.format(3)]  # "active": false
    assert closed.inactive and (closed.company, closed.title) == ("Lynx Systems", "Backend Engineer I")
    assert closed.seniority is None  # the adapter leaves it to the title, read after it (collect_postings)
    assert [p.external_id for p in postings.values() if p.inactive] == [ID.format(3)]


def test_duplicate_id_keeps_the_live_listing(scrape_fixture):
    result = scrape_fixture("simplify")
    assert [r["id"] for r in result.raw].count(ID.format(5)) == 1
    posting = by_id(result)[ID.format(5)]
    assert posting.title == "Software Engineer I"
    assert posting.posted_at == datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)


def test_duplicates_both_live_keep_the_latest_update(scrape_fixture):
    data = recording("simplify")
    rows = data["routes"][0]["json"]
    rows[4]["active"] = True
    rows[4]["date_updated"] = rows[6]["date_updated"] + 60
    assert by_id(scrape_fixture("simplify", recording=data))[ID.format(5)].title == "Software Engineer I (2025)"


def test_concrete_normalised_posting(scrape_fixture):
    posting = by_id(scrape_fixture("simplify"))[ID.format(1)]
    assert posting.company == "Marmot Robotics"
    assert posting.title == "Software Engineer, New Grad"
    assert posting.url == "https://careers.marmot-robotics.example/jobs/1a01"
    assert posting.posted_at == datetime(2026, 11, 21, 18, 0, tzinfo=timezone.utc)  # epoch seconds
    assert posting.location == "San Francisco, CA; Seattle, WA"
    assert posting.country == "US"
    assert posting.work_mode is WorkMode.UNKNOWN
    assert posting.employment_type is None and posting.tags == () and posting.terms == ()
    assert posting.company_url == "https://simplify.jobs/c/marmot-robotics"
    assert posting.sponsorship is None  # "Other"


def test_pipes_terms_remote_and_non_ascii(scrape_fixture):
    postings = by_id(scrape_fixture("simplify"))
    intern = postings[ID.format(2)]
    assert intern.title == "Data Scientist Intern | Software Engineer Intern - Summer 2026"  # kept whole
    assert intern.employment_type == "internship" and intern.terms == ("Summer 2026",)
    assert intern.seniority == "intern" and intern.sponsorship is Sponsorship.OFFERED
    assert postings[ID.format(6)].work_mode is WorkMode.REMOTE and postings[ID.format(6)].country == "US"
    assert postings[ID.format(6)].title == "Backend Engineer – New Grad 🇺🇸"
    assert postings[ID.format(7)].company == "Érable Logiciel" and postings[ID.format(7)].country == "CA"
    assert postings[ID.format(9)].skills == ("react",)


def test_path_without_leading_slash(scrape_fixture):
    assert scrape_fixture("simplify", settings={"url": PATH.lstrip("/")}).requests == [PATH]


def test_empty_snapshot(scrape_fixture):
    data = recording("simplify")
    data["routes"][0]["json"] = []
    assert scrape_fixture("simplify", recording=data).postings == []


def test_object_instead_of_array_fails(scrape_fixture):
    data = recording("simplify")
    data["routes"][0]["json"] = {"listings": []}
    with pytest.raises(FetchError, match="JSON array"):
        scrape_fixture("simplify", recording=data)


def test_wrong_typed_fields(scrape_fixture):
    data = recording("simplify")
    rows = data["routes"][0]["json"]
    rows[0].update(locations="NYC", terms=None, active="true", date_posted="x", company_name=None)
    rows[1].update(id=None)
    rows[2] = ["not", "an", "object"]
    result = scrape_fixture("simplify", recording=data)
    posting = by_id(result)[ID.format(1)]
    assert posting.location == "NYC" and posting.company == ""
    assert posting.posted_at == datetime(2026, 11, 21, 18, 0, tzinfo=timezone.utc)  # date_updated
    assert result.skipped["missing id"] == 1 and result.skipped["not an object"] == 1


def test_sponsorship_values(scrape_fixture):
    data = recording("simplify")
    rows = data["routes"][0]["json"]
    rows[0]["sponsorship"] = "Does Not Offer Sponsorship"
    postings = by_id(scrape_fixture("simplify", recording=data))
    assert postings[ID.format(1)].sponsorship is Sponsorship.NOT_OFFERED  # shown as 🛂
    assert postings[ID.format(6)].sponsorship is Sponsorship.CITIZENS_ONLY  # shown as 🇺🇸
    assert postings[ID.format(2)].to_dict()["sponsorship"] == "offered"


def test_company_link_from_another_listing_of_the_company(scrape_fixture):
    data = recording("simplify")
    rows = data["routes"][0]["json"]
    rows[1]["company_url"] = ""
    rows[7]["company_url"], rows[7]["company_name"] = "javascript:alert(1)", "Marmot Robotics"
    postings = by_id(scrape_fixture("simplify", recording=data))
    assert postings[ID.format(2)].company_url is None  # Otter Finance gives none anywhere
    assert postings[ID.format(7)].company_url == "https://simplify.jobs/c/marmot-robotics"  # never javascript:
