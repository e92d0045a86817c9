"""A posting whose own link is unsafe or missing gets the source's canonical job page; with
neither it is a counted skip."""

import pytest

from jobboard.sources import adapter_class
from jobboard.sources.base import SkipPosting, SourceContext, page_url, required_url

UNSAFE = "javascript:alert(1)"

# type, settings, base_url, a raw posting without a usable own link, the canonical page, the id field
CASES = [
    (
        "greenhouse",
        {"board": "nimbus"},
        "https://boards-api.greenhouse.io",
        {
            "id": 4012345699,
            "title": "Backend Engineer",
            "first_published": "2026-11-20T10:00:00Z",
            "absolute_url": UNSAFE,
        },
        "https://boards.greenhouse.io/nimbus/jobs/4012345699",
        "id",
    ),
    (
        "lever",
        {"site": "orbital"},
        "https://api.lever.co",
        {
            "id": "5f1c2a9e-0d3b-4c1e-9a77-2b6f0e4d8c31",
            "text": "Data Engineer",
            "createdAt": 1795000000000,
            "hostedUrl": "",
            "applyUrl": UNSAFE,
        },
        "https://jobs.lever.co/orbital/5f1c2a9e-0d3b-4c1e-9a77-2b6f0e4d8c31",
        "id",
    ),
    (
        "lever",
        {"site": "orbital"},
        "https://api.eu.lever.co",
        {"id": "7a2b", "text": "Data Engineer", "createdAt": 1795000000000},
        "https://jobs.eu.lever.co/orbital/7a2b",
        "id",
    ),
    (
        "ashby",
        {"board": "lumen"},
        "https://api.ashbyhq.com",
        {"id": "0c8e41d2", "title": "ML Engineer", "publishedAt": "2026-11-20T10:00:00.000+00:00", "jobUrl": UNSAFE},
        "https://jobs.ashbyhq.com/lumen/0c8e41d2",
        "id",
    ),
    (
        "jobicy",
        {},
        "https://jobicy.com",
        {
            "id": 118822,
            "jobSlug": "118822-senior-python-developer",
            "jobTitle": "Senior Python Developer",
            "companyName": "Brightloop",
            "pubDate": "2026-11-20T10:00:00+00:00",
            "url": "",
        },
        "https://jobicy.com/jobs/118822-senior-python-developer",
        "jobSlug",
    ),
    (
        "themuse",
        {},
        "https://www.themuse.com",
        {
            "id": 9911,
            "name": "Software Engineer",
            "short_name": "software-engineer-9911",
            "publication_date": "2026-11-20T10:00:00Z",
            "company": {"name": "Canopy", "short_name": "canopy"},
            "refs": {"landing_page": UNSAFE},
        },
        "https://www.themuse.com/jobs/canopy/software-engineer-9911",
        "short_name",
    ),
    (
        "workable",
        {"account": "acme-analytics"},
        "https://apply.workable.com",
        {"shortcode": "9F3A1B2C4D", "title": "Analyst", "published_on": "2026-11-20", "url": UNSAFE},
        "https://apply.workable.com/acme-analytics/j/9F3A1B2C4D/",
        "shortcode",
    ),
    (
        "recruitee",
        {"account": "acmehealth"},
        "https://{account}.recruitee.com",
        {
            "id": 77,
            "slug": "backend-engineer-2",
            "title": "Backend Engineer",
            "status": "published",
            "published_at": "2026-11-20 10:00:00 UTC",
            "careers_url": None,
        },
        "https://acmehealth.recruitee.com/o/backend-engineer-2",
        "slug",
    ),
    (
        "simplify",
        {"url": "/listings.json"},
        "https://raw.githubusercontent.com",
        {
            "id": "4a7e9c1b-55d2-4f0e-9b3a-0c6d2e8f1a77",
            "source": "Simplify",
            "company_name": "Stripe",
            "title": "Software Engineer Intern",
            "url": "javascript:void(0)",
            "locations": ["Seattle, WA"],
            "date_posted": 1795000000,
        },
        "https://simplify.jobs/p/4a7e9c1b-55d2-4f0e-9b3a-0c6d2e8f1a77",
        "id",
    ),
]


def _run(source_type, settings, base_url, raw):
    adapter = adapter_class(source_type)()
    return adapter.to_posting(raw, SourceContext(id=f"{source_type}-test", settings=settings, base_url=base_url))


@pytest.mark.parametrize(
    "source_type, settings, base_url, raw, expected, id_field", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_unsafe_or_missing_own_url_falls_back_to_the_canonical_page(
    source_type, settings, base_url, raw, expected, id_field
):
    assert _run(source_type, settings, base_url, raw).url == expected


# Where the canonical page needs more than the posting's id (a missing id is skipped as such).
WITHOUT_ID = [c for c in CASES if c[5] not in ("id", "shortcode")]


@pytest.mark.parametrize(
    "source_type, settings, base_url, raw, expected, id_field", WITHOUT_ID, ids=[c[0] for c in WITHOUT_ID]
)
def test_neither_own_url_nor_canonical_page_is_a_counted_skip(source_type, settings, base_url, raw, expected, id_field):
    with pytest.raises(SkipPosting, match="missing or non-http url"):
        _run(source_type, settings, base_url, {**raw, id_field: None})


def test_the_own_safe_url_wins_over_the_canonical_page():
    source_type, settings, base_url, raw, _, _ = CASES[0]
    own = "https://nimbus.example.com/careers?gh_jid=4012345699"
    assert _run(source_type, settings, base_url, {**raw, "absolute_url": own}).url == own


def test_page_url_encodes_each_part_and_needs_every_part():
    assert page_url("https://x.example/{}/{}", "a b", "../etc") == "https://x.example/a%20b/..%2Fetc"
    assert page_url("https://x.example/{}/{}", "acme", "") is None
    assert page_url("https://x.example/{}", True) is None
    assert required_url(None, UNSAFE, "https://x.example/1") == "https://x.example/1"
    with pytest.raises(SkipPosting):
        required_url(None, UNSAFE, "")


def test_a_listing_simplify_did_not_find_itself_has_no_simplify_page():
    source_type, settings, base_url, raw, _, _ = CASES[-1]
    with pytest.raises(SkipPosting, match="missing or non-http url"):
        _run(source_type, settings, base_url, {**raw, "source": "workday"})


@pytest.mark.parametrize(
    "source_type, raw, expected",
    [
        (
            "himalayas",
            {
                "guid": "javascript:alert(1)",
                "title": "Designer",
                "companyName": "Brightwave",
                "pubDate": 1795500000,
                "applicationLink": "https://apply.brightwave.example/designer",
            },
            "https://apply.brightwave.example/designer",
        ),
        (
            "weworkremotely",
            {
                "title": "Acme: Engineer",
                "link": "javascript:alert(1)",
                "pubDate": "Mon, 23 Nov 2026 10:00:00 +0000",
                "guid": "https://weworkremotely.com/remote-jobs/acme-engineer",
            },
            "https://weworkremotely.com/remote-jobs/acme-engineer",
        ),
    ],
)
def test_an_unsafe_first_link_falls_back_to_the_next_one(source_type, raw, expected):
    assert _run(source_type, {}, "https://example.invalid", raw).url == expected
