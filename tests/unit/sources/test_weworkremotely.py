from collections import Counter
from datetime import datetime, timezone

import pytest
from conftest import BROKEN_BODIES, break_route, recording

from jobboard.config import parse_config
from jobboard.http import FetchError
from jobboard.model import WorkMode
from jobboard.sources import weworkremotely
from jobboard.sources.weworkremotely import WeWorkRemotelyAdapter

JOB = "https://weworkremotely.com/remote-jobs/{}"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><item><title>Acme: &lol3;</title></item></channel></rss>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>Acme: &secret;</title></item></channel></rss>"""


def by_id(result):
    return {p.external_id: p for p in result.postings}


def with_body(body: str) -> dict:
    data = recording("weworkremotely")
    data["routes"][0]["text"] = body
    return data


def test_items_are_normalised(scrape_fixture):
    result = scrape_fixture("weworkremotely")

    assert [p.external_id for p in result.postings] == [
        JOB.format("acme-cloud-senior-backend-engineer"),
        JOB.format("globex-platform-engineer-kubernetes"),
    ]
    job = by_id(result)[JOB.format("acme-cloud-senior-backend-engineer")]
    assert (job.company, job.title) == ("Acme Cloud", "Senior Backend Engineer")
    assert job.url == job.external_id
    assert job.posted_at == datetime(2024, 5, 6, 14, 5, tzinfo=timezone.utc)
    assert (job.location, job.country) == ("Anywhere in the World", None)
    assert job.work_mode is WorkMode.REMOTE
    assert job.employment_type == "full-time"
    assert job.tags == ("Python", "PostgreSQL", "AWS")
    assert job.skills == ("python", "postgresql", "aws")
    # XML-escaped HTML: tags become text structure, &amp;ndash; a dash
    assert job.description == "We run Python services on AWS.\n\nSalary: $140k–$160k"


def test_title_split_at_the_first_colon_and_offset_dates(scrape_fixture):
    job = by_id(scrape_fixture("weworkremotely"))[JOB.format("globex-platform-engineer-kubernetes")]

    assert (job.company, job.title) == ("Globex", "Platform Engineer: Kubernetes")
    assert job.posted_at == datetime(2024, 5, 6, 0, 30, tzinfo=timezone.utc)  # 20:30 -0400
    assert (job.location, job.country) == ("USA Only", "US")


def test_title_without_company_is_skipped(scrape_fixture):
    assert scrape_fixture("weworkremotely").skipped == Counter({"title is not 'Company: Job title'": 1})


def test_namespaced_and_repeated_elements(scrape_fixture):
    raw = scrape_fixture("weworkremotely").raw[0]

    assert raw["category"] == "Back-End Programming"  # the first of two
    assert "content" in raw  # media:content, namespace dropped


def test_category_feed_and_all_jobs_feed(scrape_fixture):
    assert scrape_fixture("weworkremotely").requests == ["/categories/remote-back-end-programming-jobs.rss"]
    data = recording("weworkremotely")
    data["routes"][0]["path"] = "/remote-jobs.rss"

    result = scrape_fixture("weworkremotely", recording=data, settings={"category": None})

    assert result.requests == ["/remote-jobs.rss"] and len(result.postings) == 2


def test_private_use_only_and_off_unless_enabled():
    assert WeWorkRemotelyAdapter.private_use_only is True
    assert "terms forbid" in weworkremotely.__doc__
    source = {"id": "wwr", "type": "weworkremotely"}
    assert parse_config({"sources": [source], "boards": []}).sources[0].enabled is False
    assert parse_config({"sources": [{**source, "enabled": True}], "boards": []}).sources[0].enabled is True


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity-expansion", "external-entity"])
def test_entity_declarations_are_refused(scrape_fixture, body):
    with pytest.raises(FetchError, match="refusing XML with a DOCTYPE or ENTITY declaration"):
        scrape_fixture("weworkremotely", recording=with_body(body))


def test_declared_encoding_cannot_hide_a_declaration():
    # UTF-16 bytes would slip "<!DOCTYPE" past a byte search; the body must be UTF-8.
    with pytest.raises(FetchError, match="not valid UTF-8"):
        weworkremotely.parse_items(
            BILLION_LAUGHS.replace('version="1.0"', 'version="1.0" encoding="UTF-16"', 1).encode("utf-16")
        )


def test_not_rss_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="expected an RSS 2.0"):
        scrape_fixture("weworkremotely", recording=with_body('<feed xmlns="http://www.w3.org/2005/Atom"/>'))


def test_persistent_server_error_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 500"):
        scrape_fixture("weworkremotely", failures=[500, 500, 500])


def test_not_found_is_a_fetch_error(scrape_fixture):
    with pytest.raises(FetchError, match="HTTP 404"):
        scrape_fixture("weworkremotely", settings={"category": "no-such-category"})


@pytest.mark.parametrize(
    "kind, message",
    [
        ("truncated_json", "malformed XML"),
        ("html_error_page", "an HTML page"),
        ("invalid_utf8", "not valid UTF-8"),
    ],
)
def test_broken_bodies_are_fetch_errors(scrape_fixture, kind, message):
    assert kind in BROKEN_BODIES
    with pytest.raises(FetchError, match=message):
        scrape_fixture("weworkremotely", recording=break_route(recording("weworkremotely"), kind))
