"""Recruitee.

Researched behaviour (Recruitee Careers Site API; reference/sources.md):
- Job pages: {company}.recruitee.com/o/{offer-slug} and .../c/new (the application form).
- Per-offer API: GET https://{company}.recruitee.com/api/offers/{offer-slug} answers 200
  {"offer": {...}} while the offer is published and 404 when it is not: authoritative.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jobboard.verify.fetch import FetchProblem
from jobboard.verify.rules.base import ATS_SAYS_CLOSED, AtsRule, Verdict, closed, open_, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

_SLUG = re.compile(r"[A-Za-z0-9_-]+")


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    host = (urlsplit(url).hostname or "").lower()
    path = path_parts(url)
    if len(path) < 2 or path[0] != "o" or not _SLUG.fullmatch(path[1]):
        return None
    try:
        answer = fetcher.get_json(f"https://{host}/api/offers/{path[1]}")
    except FetchProblem:
        return None
    data = answer.json()
    offer = data.get("offer") if isinstance(data, dict) else None
    if answer.status == 200 and isinstance(offer, dict) and path[1] in (str(offer.get("slug")), str(offer.get("id"))):
        return open_("the ATS lists it", "ats-api")
    if answer.status in (404, 410):
        return closed(ATS_SAYS_CLOSED, "ats-api")
    return None


def board_root(url: str) -> str | None:
    return f"https://{(urlsplit(url).hostname or '').lower()}/" if len(path_parts(url)) >= 2 else None


RULE = AtsRule(
    name="recruitee",
    hosts=("*.recruitee.com",),
    api_verdict=api_verdict,
    board_root=board_root,
)
