"""Recruitee.

Researched behaviour (Recruitee Careers Site API; reference/sources.md):
- Job pages: {company}.recruitee.com/o/{offer-slug} and .../c/new (the application form).
- The company's published offers: GET https://{company}.recruitee.com/api/offers/ answers
  {"offers": [{"id", "slug", "careers_url", "status": "published", ...}]} (an unknown company: 404).
  An offer missing from a list read whole is closed. The list is read once per pass per company.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jobboard.verify.rules.base import AtsRule, Verdict, list_verdict, listed, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

_SLUG = re.compile(r"[A-Za-z0-9_-]+")


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    host = (urlsplit(url).hostname or "").lower()
    path = path_parts(url)
    if len(path) < 2 or path[0] != "o" or not _SLUG.fullmatch(path[1]):
        return None
    return list_verdict(listed(fetcher, f"https://{host}/api/offers/", "offers", "slug"), path[1])


def board_root(url: str) -> str | None:
    return f"https://{(urlsplit(url).hostname or '').lower()}/" if len(path_parts(url)) >= 2 else None


RULE = AtsRule(
    name="recruitee",
    hosts=("*.recruitee.com",),
    api_verdict=api_verdict,
    board_root=board_root,
)
