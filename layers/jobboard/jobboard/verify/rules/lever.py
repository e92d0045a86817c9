"""Lever job postings.

Researched behaviour (lever/postings-api README and issues):
- Job pages: jobs.lever.co/{site}/{uuid} and .../apply (EU: jobs.eu.lever.co).
- Per-job API: GET https://api.lever.co/v0/postings/{site}/{uuid}?mode=json (EU: api.eu.lever.co)
  answers 200 with the posting while it is published and listed.
- An open but *unlisted* posting is missing from that API ({"ok":false,"error":"Document not found"})
  while its page works (lever/postings-api#48): the API's "missing" alone does not close; the page's
  status decides (a closed posting's page is a 404; a redirect to the site's list is closed too).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jobboard.verify.rules.base import AtsRule, Verdict, asked, open_, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

_API_HOST = {"jobs.lever.co": "api.lever.co", "jobs.eu.lever.co": "api.eu.lever.co"}
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    host = (urlsplit(url).hostname or "").lower()
    path = path_parts(url)
    if host not in _API_HOST or len(path) < 2 or not _UUID.fullmatch(path[1]):
        return None
    answer = asked(fetcher, f"https://{_API_HOST[host]}/v0/postings/{path[0]}/{path[1]}?mode=json")
    data = answer.json() if answer else None
    if (
        answer
        and answer.status == 200
        and isinstance(data, dict)
        and str(data.get("id", "")).lower() == path[1].lower()
    ):
        return open_("the ATS lists it", "ats-api")
    return None  # missing: closed, or open and unlisted; the page's status decides


def board_root(url: str) -> str | None:
    path = path_parts(url)
    return f"https://{(urlsplit(url).hostname or '').lower()}/{path[0]}" if len(path) >= 2 else None


RULE = AtsRule(
    name="lever",
    hosts=tuple(_API_HOST),
    api_verdict=api_verdict,
    board_root=board_root,
    status_suffices=True,
)
