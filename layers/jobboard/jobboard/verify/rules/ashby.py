"""Ashby job boards.

Researched behaviour (Ashby posting API docs; reference/sources.md):
- Job pages: jobs.ashbyhq.com/{board}/{uuid} and .../application; employers' pages with ?ashby_jid=.
- No public per-job endpoint: the board's list GET https://api.ashbyhq.com/posting-api/job-board/{board}
  holds every published posting, unlisted ones too (isListed false), so a job missing from a list that
  was read whole is authoritative. An unknown board answers 404 (not a verdict on the job).
  One list serves every job of the board: it is read once per pass.
- The job page is a script shell: live and dead jobs both answer 200 with the same HTML ("Job not
  found" is drawn by JavaScript), so the page itself can never tell.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jobboard.verify.rules.base import AtsRule, Verdict, list_verdict, listed, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

API = "https://api.ashbyhq.com/posting-api/job-board/{board}"
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    path = path_parts(url)
    if len(path) < 2 or not _UUID.fullmatch(path[1]):
        return None
    return list_verdict(listed(fetcher, API.format(board=path[0]), "jobs", "id"), path[1])


def board_root(url: str) -> str | None:
    path = path_parts(url)
    return f"https://jobs.ashbyhq.com/{path[0]}" if len(path) >= 2 else None


RULE = AtsRule(
    name="ashby",
    hosts=("jobs.ashbyhq.com",),
    api_verdict=api_verdict,
    board_root=board_root,
    page_tells=False,
)
