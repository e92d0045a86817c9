"""Workable.

Researched behaviour (reference/sources.md; Workable's public account endpoints as ATS integrations
use them):
- Job pages: apply.workable.com/{account}/j/{shortcode} and .../apply.
- The account's published jobs: GET https://apply.workable.com/api/v1/widget/accounts/{account}
  answers {"name", "jobs": [{"shortcode", "title", ...}]} (an unknown account: 404). The list is
  what the scraper reads, so a shortcode missing from a list read whole is closed; it serves every
  job of the account and is read once per pass. (A per-job endpoint, /api/v1/accounts/{account}/jobs/{shortcode},
  exists too, but only the list's shape is confirmed here: a per-job URL of the wrong shape would
  answer 404 for live jobs.)
- The job page is a script shell (the same 200 HTML for live and closed jobs): it cannot tell.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jobboard.verify.rules.base import AtsRule, Verdict, list_verdict, listed, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

API = "https://apply.workable.com/api/v1/widget/accounts/{account}"
_PART = re.compile(r"[A-Za-z0-9_-]+")


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    path = path_parts(url)
    if len(path) < 3 or path[1] != "j" or not (_PART.fullmatch(path[0]) and _PART.fullmatch(path[2])):
        return None
    return list_verdict(listed(fetcher, API.format(account=path[0]), "jobs", "shortcode"), path[2])


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
