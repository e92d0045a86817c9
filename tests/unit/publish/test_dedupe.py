"""One row per job: links (pages and ATS jobs, apply links included) and company + title + places."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobboard.model import Posting, WorkMode
from jobboard.publish.dedupe import dedupe

from tests.conftest import NOW

GREENHOUSE = "https://boards.greenhouse.io/corvid/jobs/4012345170"


def posting(source: str, external_id: str, url: str, **fields) -> Posting:
    values = {"company": "Corvid", "title": "Senior Data Engineer", "posted_at": NOW, **fields}
    return Posting(source=source, external_id=external_id, url=url, **values)


def shown(*postings: Posting) -> list[str]:
    return [p.key for p in dedupe(list(postings))]


def test_an_aggregators_apply_link_to_the_ats_job_is_that_job():
    ats = posting("greenhouse", "1", GREENHOUSE, location="Berlin")
    # RemoteOK's row links its own page; its apply link is the same Greenhouse job with tracking.
    aggregator = posting(
        "remoteok",
        "r1",
        "https://remoteok.com/remote-jobs/r1",
        apply_url=GREENHOUSE.replace("boards.", "job-boards.") + "?gh_src=remoteok&utm_source=remoteok",
        company="Corvid Systems GmbH",  # another spelling: the link decides, not the names
        title="Data Engineer (Senior)",
        posted_at=NOW - timedelta(days=30),
    )
    assert shown(ats, aggregator) == ["greenhouse#1"]
    assert shown(aggregator, ats) == ["remoteok#r1"]  # the first listed stays, whichever source


def test_an_employer_page_with_gh_jid_is_the_greenhouse_job():
    ats = posting("greenhouse", "1", "https://careers.corvid.example/jobs?gh_jid=4012345170")
    listing = posting("simplify", "s1", GREENHOUSE + "?utm_source=Simplify&ref=Simplify")
    assert shown(ats, listing) == ["greenhouse#1"]


def test_a_third_listing_linking_a_duplicates_page_is_the_same_job():
    ats = posting("lever", "1", "https://jobs.lever.co/corvid/0f5c7d1e-2b3a-4c5d-8e9f-a0b1c2d3e4f5")
    aggregator = posting(
        "himalayas",
        "h1",
        "https://himalayas.app/companies/corvid/jobs/h1",
        apply_url="https://jobs.lever.co/corvid/0f5c7d1e-2b3a-4c5d-8e9f-a0b1c2d3e4f5/apply?lever-source=himalayas",
    )
    echo = posting(
        "jobicy", "j1", "https://jobicy.com/jobs/j1", apply_url="https://himalayas.app/companies/corvid/jobs/h1"
    )
    assert shown(ats, aggregator, echo) == ["lever#1"]


def test_a_shared_careers_page_is_no_job():
    """Aggregators often send every job of a company to its careers page: that says nothing of which job."""
    careers = "https://corvid.example/careers"
    a = posting("remoteok", "r1", "https://remoteok.com/remote-jobs/r1", apply_url=careers, title="Data Engineer")
    b = posting("remoteok", "r2", "https://remoteok.com/remote-jobs/r2", apply_url=careers, title="SRE")
    c = posting("himalayas", "h1", "https://himalayas.app/jobs/h1", apply_url=careers, title="Designer")
    assert shown(a, b, c) == ["remoteok#r1", "remoteok#r2", "himalayas#h1"]
    # ... unless a posting's own page is that very page.
    own = posting("simplify", "s1", careers + "?utm_source=Simplify", title="Analyst")
    assert shown(own, a) == ["simplify#s1"]


def test_one_source_listing_one_ats_job_on_two_pages_keeps_both():
    """Inside one source two listings are two openings, as that source says (SimplifyJobs lists one
    Greenhouse job for two seasons, once on the board and once on the employer's page)."""
    a = posting("simplify", "1", GREENHOUSE, terms=("Summer 2025",))
    b = posting("simplify", "2", "https://corvid.example/jobs?gh_jid=4012345170", terms=("Summer 2026",))
    assert shown(a, b) == ["simplify#1", "simplify#2"]
    assert shown(a, posting("simplify", "3", GREENHOUSE + "/?utm_source=x")) == ["simplify#1"]  # the same page


@pytest.mark.parametrize(
    "ours, theirs, same",
    [
        (("Remote, Europe", WorkMode.REMOTE), ("Remote (EU)", WorkMode.REMOTE), True),
        (("Europe", WorkMode.REMOTE), ("Remote - Germany", WorkMode.UNKNOWN), True),  # a continent admits its countries
        (("USA", WorkMode.REMOTE), ("Remote (US)", WorkMode.REMOTE), True),
        (("Worldwide", WorkMode.REMOTE), ("Anywhere in the World", WorkMode.REMOTE), True),
        (("Remote", WorkMode.REMOTE), ("Remote - Canada", WorkMode.REMOTE), True),  # remote, no region: anywhere
        (("", WorkMode.REMOTE), ("USA", WorkMode.REMOTE), True),  # no place named: any
        (("Berlin", WorkMode.ONSITE), ("Berlin, Germany", WorkMode.UNKNOWN), True),
        (("Toronto, ON; New York, NY", WorkMode.UNKNOWN), ("New York, NY", WorkMode.UNKNOWN), True),
        (("USA", WorkMode.REMOTE), ("Canada", WorkMode.REMOTE), False),  # two countries of one continent
        (("USA", WorkMode.REMOTE), ("Europe", WorkMode.REMOTE), False),
        (("Berlin, Germany", WorkMode.ONSITE), ("Munich, Germany", WorkMode.ONSITE), False),
        (("Seattle; US", WorkMode.UNKNOWN), ("San Jose; US", WorkMode.UNKNOWN), False),  # the country says where
        (("Berlin, Germany", WorkMode.ONSITE), ("Remote (EU)", WorkMode.REMOTE), False),  # an office, a remote job
    ],
)
def test_company_title_and_overlapping_places_from_two_sources(ours, theirs, same):
    a = posting("remotive", "1", "https://remotive.com/1", location=ours[0], work_mode=ours[1])
    b = posting(
        "jobicy",
        "2",
        "https://jobicy.com/2",
        location=theirs[0],
        work_mode=theirs[1],
        company=" corvid ",
        title="Senior  Data Engineer",
        posted_at=NOW - timedelta(days=2),
    )
    assert shown(a, b) == (["remotive#1"] if same else ["remotive#1", "jobicy#2"])


def test_same_company_title_and_place_is_another_opening_after_seven_days_or_in_one_source():
    a = posting("remotive", "1", "https://remotive.com/1", location="Europe", work_mode=WorkMode.REMOTE)
    later = posting("jobicy", "2", "https://jobicy.com/2", location="Europe", posted_at=NOW - timedelta(days=8))
    twice = posting("remotive", "3", "https://remotive.com/3", location="Europe", work_mode=WorkMode.REMOTE)
    assert shown(a, later, twice) == ["remotive#1", "jobicy#2", "remotive#3"]


@pytest.mark.parametrize(
    "ours, theirs, same",
    [
        (("Corvid", "Senior Backend Engineer"), ("Corvid, Inc.", "Sr. Back-end Engineer"), True),
        (("Corvid GmbH", "Backend Engineer (m/w/d)"), ("CORVID", "Backend Engineer - Remote"), True),
        (("Corvid Systems", "Backend Engineer (Senior)"), ("Corvid Systems Ltd", "Senior Backend Engineer"), True),
        (("Corvid", "SWE II"), ("Corvid", "Software Engineer II"), True),
        (("Corvid", "Senior Backend Engineer"), ("Corvid", "Backend Engineer"), False),  # another level
        (("Corvid", "Backend Engineer"), ("Corvid Health", "Backend Engineer"), False),  # another company
    ],
)
def test_company_and_title_as_a_reader_tells_them_apart(ours, theirs, same):
    a = posting(
        "remotive",
        "1",
        "https://remotive.com/1",
        company=ours[0],
        title=ours[1],
        location="Europe",
        work_mode=WorkMode.REMOTE,
    )
    b = posting("jobicy", "2", "https://jobicy.com/2", company=theirs[0], title=theirs[1], location="Remote (EU)")
    assert shown(a, b) == (["remotive#1"] if same else ["remotive#1", "jobicy#2"])


def test_one_city_by_another_name_or_qualifier_is_the_same_place():
    a = posting("greenhouse", "1", "https://boards.greenhouse.io/corvid/jobs/1", location="New York, NY")
    for other in ("NYC", "New York, USA", "New York City", "New York (Hybrid)"):
        b = posting("simplify", "s", "https://simplify.example/s", location=other)
        assert shown(a, b) == ["greenhouse#1"], other
    munich = posting("arbeitnow", "m", "https://arbeitnow.com/m", location="München")
    assert shown(posting("greenhouse", "2", "https://x.example/2", location="Munich, Germany"), munich) == [
        "greenhouse#2"
    ]
