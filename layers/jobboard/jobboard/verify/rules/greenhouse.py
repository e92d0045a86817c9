"""Greenhouse job boards.

Researched behaviour (Greenhouse Job Board API docs; SimplifyJobs' issue threads):
- Job pages: boards.greenhouse.io/{token}/jobs/{id} and job-boards.greenhouse.io/{token}/jobs/{id}
  (EU boards on *.eu.greenhouse.io), the embed form boards.greenhouse.io/embed/job_app?for={token}&token={id},
  and employers' own pages with ?gh_jid={id} (no token there: page rules only).
- Per-job API: GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs/{id} answers 200 with the
  post (id, title, absolute_url) while it is live, 404 {"status":404,"error":"Job not found"} when not.
- A post can be live on a board the public API does not serve (private/internal boards: "candidates
  with a direct link can still apply"), so the API's 404 alone does not close: the job page decides.
  The other way round, an employer page saying "No job found" while the API still has the post is open
  (QuentinMeow/jobs-finder-toolkit#299): the API wins.
- A closed post's page redirects to the board root with ?error=true (boards.greenhouse.io/{token}?error=true,
  job-boards.greenhouse.io/{token}?error=true), which shows "The job you are looking for is no longer
  open." (SimplifyJobs/Summer2027-Internships#77).
- EU boards (*.eu.greenhouse.io): public code disagrees on an EU API host (some call
  boards-api.eu.greenhouse.io; one report found it does not resolve and EU boards served by the
  global API). A wrong API host would answer 404 or fail for live jobs, so EU links use page rules.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from jobboard.verify.rules.base import AtsRule, Verdict, asked, open_, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

API = "https://boards-api.greenhouse.io/v1/boards/{token}/jobs/{id}"
_US_HOSTS = ("boards.greenhouse.io", "job-boards.greenhouse.io")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


def job_of(url: str) -> tuple[str, str] | None:
    """(board token, job id) of a US board's job link."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in _US_HOSTS:
        return None
    path = path_parts(url)
    if len(path) >= 3 and path[1] == "jobs" and path[2].isdigit() and _TOKEN.fullmatch(path[0]):
        return path[0], path[2]
    if path[:2] == ["embed", "job_app"]:
        query = parse_qs(parts.query)
        token, job = (query.get("for") or [""])[0], (query.get("token") or [""])[0]
        if _TOKEN.fullmatch(token) and job.isdigit():
            return token, job
    return None


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    job = job_of(url)
    if job is None:
        return None
    answer = asked(fetcher, API.format(token=job[0], id=job[1]))
    data = answer.json() if answer else None
    if answer and answer.status == 200 and isinstance(data, dict) and str(data.get("id")) == job[1]:
        return open_("the ATS lists it", "ats-api")
    return None  # 404: maybe a private board's post; the page decides


def board_root(url: str) -> str | None:
    path = path_parts(url)
    host = (urlsplit(url).hostname or "").lower()
    if len(path) >= 3 and path[1] == "jobs":
        return f"https://{host}/{path[0]}"
    return None


RULE = AtsRule(
    name="greenhouse",
    hosts=_US_HOSTS + ("boards.eu.greenhouse.io", "job-boards.eu.greenhouse.io"),
    api_verdict=api_verdict,
    board_root=board_root,
    closed_texts=("the job you are looking for is no longer open",),
)
