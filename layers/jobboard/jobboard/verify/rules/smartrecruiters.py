"""SmartRecruiters.

Researched behaviour (SmartRecruiters Posting API; career-ops-hq/career-ops#2046):
- Job pages: jobs.smartrecruiters.com/{company}/{id}[-title-slug] (also careers.smartrecruiters.com);
  the page is found by id alone (the slug is cosmetic); "/postings/" belongs to the API, not pages.
- Per-job API: GET https://api.smartrecruiters.com/v1/companies/{company}/postings/{id} answers 200
  with the posting while it is published and 404 once it is not: authoritative (the API serves every
  public posting; there is no "open but unlisted" public posting).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jobboard.verify.rules.base import ATS_SAYS_CLOSED, AtsRule, Verdict, asked, closed, open_, path_parts

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher

API = "https://api.smartrecruiters.com/v1/companies/{company}/postings/{id}"
_JOB = re.compile(r"(\d{6,})(?:-.*)?")
_COMPANY = re.compile(r"[A-Za-z0-9_.-]+")


def job_of(url: str) -> tuple[str, str] | None:
    path = path_parts(url)
    if len(path) >= 2 and _COMPANY.fullmatch(path[0]):
        found = _JOB.fullmatch(path[1])
        if found:
            return path[0], found[1]
    return None


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    job = job_of(url)
    if job is None:
        return None
    answer = asked(fetcher, API.format(company=job[0], id=job[1]))
    if answer is None:
        return None
    data = answer.json()
    if answer.status == 200 and isinstance(data, dict) and str(data.get("id")) == job[1]:
        return open_("the ATS lists it", "ats-api")
    if answer.status in (404, 410):
        return closed(ATS_SAYS_CLOSED, "ats-api")
    return None


def board_root(url: str) -> str | None:
    path = path_parts(url)
    return f"https://{(urlsplit(url).hostname or '').lower()}/{path[0]}" if len(path) >= 2 else None


RULE = AtsRule(
    name="smartrecruiters",
    hosts=("jobs.smartrecruiters.com", "careers.smartrecruiters.com"),
    api_verdict=api_verdict,
    board_root=board_root,
)
