"""Workday (myworkdayjobs.com, and the myworkdaysite.com form), the most linked host after Greenhouse
in SimplifyJobs' lists (a fifth of the active links in the 2024-10-22 snapshot in ../shared/data).

Job pages are a script application: the HTML is the same ~7 KB shell, status 200, for a live and
a removed job (as a liveness checker measured; a JobPosting JSON-LD block, where a page serves one,
still says open), and what a browser shows is drawn from the careers site's own JSON ("CXS"), which
this rule asks directly. Researched behaviour (public scrapers and liveness
checkers; none of it is documented by Workday, so only the answers below that several independent
sources agree on decide anything):
- Job links: https://{tenant}.{pod}.myworkdayjobs.com/[{locale}/]{site}/job/[{location}/]{title}_{req}
  (pods wd1, wd5, wd12, wd103, wd501...; locales en-US, en-us, fr-FR...; "/apply..." and query
  strings are the same job), and https://{pod}.myworkdaysite.com/[{locale}/]recruiting/{tenant}/{site}/job/...
  The last segment is the posting's anchor: the detail's `jobPostingId` (brockamer/findajob#248,
  career-ops-hq/career-ops#4078). The older ".../{site}/details/{anchor}" links are left to the page.
- Per-job API: GET https://{host}/wday/cxs/{tenant}/{site}/job/{rest of the path} (the job page's
  own request; colophon-group/jobseek apps/crawler/src/core/scrapers/workday.py).
  - A live posting: 200 {"jobPostingInfo": {id, title, jobDescription, location, postedOn,
    startDate, timeType, jobReqId, jobPostingId, jobPostingSiteId, canApply, posted, externalUrl,
    [endDate, timeLeftToApply]}, "hiringOrganization": ..., "similarJobs": [...]}. `posted: false`
    is a posting taken down (two liveness checkers close on it); `canApply: false` alone is not
    closed (a live posting can pause applications), so it is `unknown`.
  - A removed posting: 404 {"errorCode": "S21", "httpStatus": 404,
    "message": "not found: Job_Posting_Anchor_ID={anchor}"} (several liveness checkers' tests): closed,
    and only when the anchor named is this link's (a wrong guess of the path says something else).
  - Ambiguous, never closes: 404 S21 "not found: Job_Posting_Site_ID=..." (no such careers site on
    this tenant: a retired site, or a link we read wrong); a bare 404 {"errorCode": "HTTP_404"}
    (public code disagrees on it); 422 {"errorCode": "HTTP_422"} (no such tenant on this pod: the
    *.myworkdayjobs.com DNS is a wildcard); 401 (a tenant closed to the public); 403 {"errorCode":
    "S22", "message": "permission denied"}: reported for delisted postings (colophon-group/jobseek#2242)
    but also for every posting, live ones included, of tenants that refuse the detail endpoint to
    non-browser clients (Boeing: 0 of 2,298 probes answered; NVIDIA), so it decides nothing; 429 and
    5xx. These fall back to the page (a JobPosting there still says open).
  - Maintenance: Workday sends its careers sites to community.workday.com/maintenance-page
    ("Workday is currently unavailable", peviitor-ro/validator-ui#680): `unknown`, page not asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from jobboard.verify.rules.base import ATS_SAYS_CLOSED, AtsRule, Verdict, asked, closed, open_, path_parts, unknown

if TYPE_CHECKING:
    from jobboard.verify.fetch import Answer, LinkFetcher

_LOCALE = re.compile(r"[a-z]{2}(?:-[a-z]{2})?", re.IGNORECASE)
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]*", re.IGNORECASE)
_ANCHOR = re.compile(r".+_[A-Za-z0-9][A-Za-z0-9._-]*")  # {title}_{requisition}
_ANCHOR_MISSING = "not found: job_posting_anchor_id="


@dataclass(frozen=True)
class WorkdayJob:
    """A Workday job link read into what its careers site's JSON is asked with."""

    host: str
    tenant: str
    site: str
    path: tuple[str, ...]  # after "job": [location,] anchor (as written in the link)

    @property
    def anchor(self) -> str:
        return self.path[-1]

    @property
    def api(self) -> str:
        return f"https://{self.host}/wday/cxs/{self.tenant}/{self.site}/job/{'/'.join(self.path)}"


def job_of(url: str) -> WorkdayJob | None:
    """The Workday job a link names, or None when it is not a job link of a shape the research covers."""
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    parts = path_parts(url)
    if "job" not in parts:
        return None
    at = parts.index("job")
    before, after = parts[:at], parts[at + 1 :]
    lowered = [part.lower() for part in after]
    if "apply" in lowered:  # .../{anchor}/apply[/applyManually]: the same job
        after = after[: lowered.index("apply")]
    if before and _LOCALE.fullmatch(before[0]) and len(before) > 1:
        before = before[1:]
    if host.endswith(".myworkdayjobs.com") and len(labels) == 4:
        tenant, rest = labels[0], before
    elif host.endswith(".myworkdaysite.com") and len(labels) == 3 and before[:1] == ["recruiting"] and len(before) == 3:
        tenant, rest = before[1], before[2:]
    else:
        return None
    if len(rest) != 1 or not 1 <= len(after) <= 2 or not _ANCHOR.fullmatch(after[-1]) or not _LABEL.fullmatch(tenant):
        return None
    return WorkdayJob(host, tenant, rest[0], tuple(after))


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    job = job_of(url)
    if job is None:
        return None
    answer = asked(fetcher, job.api)
    if answer is None:
        return None
    if _maintenance(answer, job.host):
        return unknown("Workday is down for maintenance", "ats-api")
    data = answer.json()
    info = data.get("jobPostingInfo") if isinstance(data, dict) else None
    if answer.status == 200 and isinstance(info, dict):
        if not _same_posting(info, job.anchor):
            return None
        if info.get("posted") is False:
            return closed(ATS_SAYS_CLOSED, "ats-api")
        if info.get("canApply") is False:
            return unknown("Workday shows the job but takes no applications", "ats-api")
        return open_("the ATS lists it", "ats-api")
    if answer.status == 404 and _anchor_missing(data, job.anchor):
        return closed(ATS_SAYS_CLOSED, "ats-api")
    return None  # S22, a missing site, 422, 5xx...: the page decides (a JobPosting there, else unknown)


def _maintenance(answer: Answer, host: str) -> bool:
    final = urlsplit(answer.final_url)
    return (final.hostname or "").lower() != host and "maintenance" in final.path.lower()


def _same_posting(info: dict[str, Any], anchor: str) -> bool:
    """The answer is this link's posting (its jobPostingId, when it gives one, is the link's anchor)."""
    posting_id = info.get("jobPostingId")
    return not isinstance(posting_id, str) or posting_id.lower() == unquote(anchor).lower()


def _anchor_missing(data: Any, anchor: str) -> bool:
    """Workday's own "no posting with this anchor on this site" (404 S21 naming this link's anchor)."""
    if not isinstance(data, dict) or data.get("errorCode") != "S21" or data.get("httpStatus", 404) != 404:
        return False
    message = data.get("message")
    if not isinstance(message, str) or not message.lower().startswith(_ANCHOR_MISSING):
        return False
    return message[len(_ANCHOR_MISSING) :].strip().lower() == unquote(anchor).lower()


def board_root(url: str) -> str | None:
    return None  # sites and locales vary: a redirect is judged by the page rules alone


RULE = AtsRule(
    name="workday",
    hosts=("*.myworkdayjobs.com", "*.myworkdaysite.com"),
    api_verdict=api_verdict,
    board_root=board_root,
    closed_texts=("the page you are looking for doesn't exist",),
    page_tells=False,
)
