"""Page rules on their own: JSON-LD validThrough, closed sentences, walls, redirects."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from jobboard.verify.fetch import Answer
from jobboard.verify.rules import ats_rule_for
from jobboard.verify.rules.page import job_posting, page_verdict, valid_through
from jobboard.verify.verdict import LinkState

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def page(body: str, *, url="https://careers.example.com/jobs/42", final=None, status=200) -> Answer:
    redirects = (final,) if final else ()
    return Answer(url, final or url, status, {}, body.encode(), redirects)


def ld(**posting) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "JobPosting", "title": "Engineer", **posting})}</script>'


@pytest.mark.parametrize(
    ("value", "expired"),
    [
        ("2026-11-22", False),  # a date alone lasts until its day has ended everywhere (UTC-12)
        ("2026-11-21", True),
        ("2026-11-23T11:00:00Z", True),
        ("2026-11-23T13:00:00+02:00", True),  # 11:00 UTC
        ("2026-11-23T13:00:00-02:00", False),  # 15:00 UTC
        ("2026-11-23T10:00:00", False),  # no offset: read at its latest (UTC-12)
        ("2026-11-22T10:00:00", True),
        ("2027-01-31T23:59:59.000Z", False),
    ],
)
def test_valid_through(value, expired):
    assert (NOW > valid_through({"validThrough": value})) is expired  # type: ignore[operator]


@pytest.mark.parametrize("value", ["31/12/2025", "soon", "", None, 20261231])
def test_an_unreadable_valid_through_is_ignored(value):
    assert valid_through({"validThrough": value}) is None


def test_job_postings_are_found_in_lists_and_graphs_and_broken_blocks_are_skipped():
    broken = '<script type="application/ld+json">{not json</script>'
    graph = json.dumps({"@graph": [{"@type": "Organization"}, {"@type": ["JobPosting"], "title": "A"}]})
    listed = json.dumps([{"@type": "BreadcrumbList"}, {"@type": "JobPosting", "title": "B"}])
    assert job_posting(broken + f'<script type="application/ld+json">{graph}</script>')["title"] == "A"
    assert job_posting(f"<script type='application/ld+json'>{listed}</script>")["title"] == "B"
    assert job_posting("<p>no data</p>") is None


def test_an_expired_posting_is_closed_and_a_live_one_open():
    assert page_verdict(page(ld(validThrough="2026-10-01")), now=NOW, rule=None).reason == "expired"
    assert page_verdict(page(ld(validThrough="2027-10-01")), now=NOW, rule=None).state is LinkState.OPEN


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("<h1>This job is no longer available.</h1>", LinkState.CLOSED),
        ("<p>This position has&nbsp;been filled.</p>", LinkState.CLOSED),
        ("<p>We&rsquo;re sorry: no longer accepting applications</p>", LinkState.CLOSED),
        ("<p>If this position has been filled, we keep your CV.</p>", LinkState.OPEN),
        ("<p>We are no longer accepting applications by email; apply below.</p>", LinkState.OPEN),
        ("<li>Status: <b>No longer accepting applications</b></li><li>Posted 3 weeks ago</li>", LinkState.CLOSED),
        ("<p>This job has expired</p>", LinkState.CLOSED),
        ("<p>Once this job has expired, the form closes.</p>", LinkState.OPEN),
        ("<script>var t = 'this job is no longer available';</script><h1>Engineer</h1>", LinkState.OPEN),
        (ld() + "<aside>Other role: no longer accepting applications</aside>", LinkState.UNKNOWN),
    ],
)
def test_closed_sentences(text, state):
    assert page_verdict(page(text), now=NOW, rule=None).state is state


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ("<title>Just a moment...</title>", 503, "bot wall (HTTP 503)"),
        ('<div class="g-recaptcha"></div><p>This job is no longer available</p>', 200, "bot wall"),
        ("<p>This domain may be for sale.</p>", 200, "parked domain"),
        ('<title>Log in</title><input type="password">', 200, "login wall"),
        ("", 401, "login wall (HTTP 401)"),
        ("", 403, "HTTP 403"),
        ("", 429, "rate limited (HTTP 429)"),
        ("", 500, "HTTP 500"),
        ("", 400, "HTTP 400"),
    ],
)
def test_walls_and_errors_are_unknown(body, status, reason):
    verdict = page_verdict(page(body, status=status), now=NOW, rule=None)
    assert (verdict.state, verdict.reason) == (LinkState.UNKNOWN, reason)


@pytest.mark.parametrize(
    ("url", "final", "state"),
    [
        ("https://careers.example.com/jobs/42", "https://careers.example.com/jobs", LinkState.CLOSED),
        ("https://careers.example.com/jobs/42", "https://careers.example.com/jobs/42/", LinkState.OPEN),
        ("https://careers.example.com/jobs/42", "https://careers.example.com/en/jobs/42", LinkState.OPEN),
        ("https://careers.example.com/jobs/42", "https://careers.example.com/", LinkState.UNKNOWN),
        ("https://careers.example.com/jobs/42", "https://careers.example.com/404", LinkState.CLOSED),
        ("https://careers.example.com/jobs/42", "https://careers.example.com/jobs?page=2", LinkState.OPEN),
        ("https://careers.example.com/jobs/42", "https://other.example.com/jobs", LinkState.OPEN),
        ("https://careers.example.com/jobs/42", "https://sso.example.com/authorize", LinkState.UNKNOWN),
        ("https://boards.greenhouse.io/acme/jobs/1", "https://boards.greenhouse.io/acme", LinkState.CLOSED),
        ("https://boards.greenhouse.io/acme/jobs/1", "https://acme.example.com/careers?gh_jid=1", LinkState.OPEN),
        (
            "https://jobs.lever.co/hooli/3f1c2a9e-5b7d-4c1e-9a2b-0d8e7f6a5b41",
            "https://jobs.lever.co/hooli",
            LinkState.CLOSED,
        ),
    ],
)
def test_redirects(url, final, state):
    verdict = page_verdict(page("<h1>Jobs</h1>", url=url, final=final), now=NOW, rule=ats_rule_for(url))
    assert verdict.state is state, verdict


@pytest.mark.parametrize(
    "unit",
    ['<script type="application/ld+json">', "<script>", "<style x", "<", "<title>", '<a href="'],
)
def test_a_hostile_page_costs_linear_time(unit):
    """Pages are untrusted: 256 KB of unclosed tags took 10-80 s with lazy regexes (quadratic);
    a single forward scan takes milliseconds. The bound is loose on purpose (a shared machine)."""
    import time

    body = (unit * (256 * 1024 // len(unit) + 1))[: 256 * 1024]
    started = time.perf_counter()
    page_verdict(page(body), now=NOW, rule=None)
    assert time.perf_counter() - started < 2.0


def test_an_ats_own_closed_sentence_says_the_ats_closed_it_even_on_a_script_shell():
    url = "https://dell.wd1.myworkdayjobs.com/en-US/External/job/Round-Rock/Intern_R276698"
    body = '<div id="root"><h2>The page you are looking for doesn\'t exist.</h2></div><script src="/cx.js"></script>'
    verdict = page_verdict(page(body, url=url), now=NOW, rule=ats_rule_for(url))
    assert (verdict.state, verdict.reason) == (LinkState.CLOSED, "the ATS says closed")
    shell = page('<div id="root"></div><script src="/cx.js"></script>', url=url)
    assert page_verdict(shell, now=NOW, rule=ats_rule_for(url)).state is LinkState.UNKNOWN
