"""Workable.

Researched behaviour (Workable's public account API as used by ATS integrations; reference/sources.md):
- Job pages: apply.workable.com/{account}/j/{shortcode} and .../apply.
- Per-job API: GET https://apply.workable.com/api/v1/accounts/{account}/jobs/{shortcode} answers 200
  with the job (shortcode, title, ...) while it is published and 404 when it is not: authoritative.
- The job page is a script shell (the same 200 HTML for live and closed jobs): it cannot tell.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jobboard.verify.fetch import FetchProblem
from jobboard.verify.rules.base import ATS_SAYS_CLOSED, AtsRule, Verdict, closed, open_, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

API = "https://apply.workable.com/api/v1/accounts/{account}/jobs/{shortcode}"
_PART = re.compile(r"[A-Za-z0-9_-]+")


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    path = path_parts(url)
    if len(path) < 3 or path[1] != "j" or not (_PART.fullmatch(path[0]) and _PART.fullmatch(path[2])):
        return None
    try:
        answer = fetcher.get_json(API.format(account=path[0], shortcode=path[2]))
    except FetchProblem:
        return None
    data = answer.json()
    if answer.status == 200 and isinstance(data, dict) and str(data.get("shortcode", "")).upper() == path[2].upper():
        return open_("the ATS lists it", "ats-api")
    if answer.status in (404, 410):
        return closed(ATS_SAYS_CLOSED, "ats-api")
    return None


def board_root(url: str) -> str | None:
    path = path_parts(url)
    return f"https://apply.workable.com/{path[0]}" if len(path) >= 3 else None


RULE = AtsRule(
    name="workable",
    hosts=("apply.workable.com",),
    api_verdict=api_verdict,
    board_root=board_root,
    page_tells=False,
)
