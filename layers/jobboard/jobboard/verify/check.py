"""Checking one link: is the job behind a posting's apply link still open?

Signals, strongest first (issue 18): the ATS's own per-job API (Greenhouse, Lever, Ashby,
SmartRecruiters, Workable, Recruitee, Workday; see rules/), then the page itself (rules/page.py): HTTP 404/410,
a redirect to the board's root or an error page, a JSON-LD JobPosting whose validThrough has passed,
the closed-page sentences. Precision before recall: whatever is not clear (5xx, timeouts,
401/403/429, bot walls, captchas, login walls, DNS failures, parked domains, script shells, a page
contradicting itself) is `unknown`, which never closes a posting.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from jobboard.verify.fetch import FetchProblem, LinkFetcher
from jobboard.verify.rules import ats_rule_for
from jobboard.verify.rules.base import unknown
from jobboard.verify.rules.page import page_verdict
from jobboard.verify.verdict import Verdict

__all__ = ["LinkFetcher", "check_link"]


def check_link(url: str, fetcher: LinkFetcher, *, now: datetime) -> Verdict:
    """The verdict on one apply link (`apply_url or url`); `requests` counts the HTTP requests it made."""
    before = fetcher.requests_made
    verdict = _check(url.strip(), fetcher, now)
    return replace(verdict, requests=fetcher.requests_made - before)


def _check(url: str, fetcher: LinkFetcher, now: datetime) -> Verdict:
    if urlsplit(url).scheme not in ("http", "https"):
        return unknown("not a web link", "input")
    rule = ats_rule_for(url)
    if rule is not None:
        verdict = rule.api_verdict(url, fetcher)
        if verdict is not None:
            return verdict
    try:
        page = fetcher.head(url) if rule is not None and rule.status_suffices else fetcher.get(url)
    except FetchProblem as problem:
        return unknown(problem.reason, "fetch")
    return page_verdict(page, now=now, rule=rule)
