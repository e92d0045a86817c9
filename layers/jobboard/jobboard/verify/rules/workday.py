"""Workday (myworkdayjobs.com), the most linked host after Greenhouse in SimplifyJobs' lists (a fifth
of the active links in the 2024-10-22 snapshot in ../shared/data).

Job pages: {tenant}.wd{N}.myworkdayjobs.com/[{locale}/]{site}/job/{location}/{title}_{requisition}.
The page is a script application: what a browser shows (the job, or "The page you are looking for
doesn't exist", as readers of an internship list quote a closed Dell posting: vanshb03/Summer2027-
Internships#4287) is drawn by JavaScript, so a 200 page says nothing unless it carries a JobPosting
(JSON-LD) or that sentence. Its JSON API (/wday/cxs/{tenant}/{site}/job/...) is undocumented: not used, and no
per-job API verdict is claimed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jobboard.verify.rules.base import AtsRule, Verdict

if TYPE_CHECKING:
    from jobboard.verify.fetch import LinkFetcher


def api_verdict(url: str, fetcher: LinkFetcher) -> Verdict | None:
    return None


def board_root(url: str) -> str | None:
    return None  # sites and locales vary: a redirect is judged by the page rules alone


RULE = AtsRule(
    name="workday",
    hosts=("*.myworkdayjobs.com",),
    api_verdict=api_verdict,
    board_root=board_root,
    closed_texts=("the page you are looking for doesn't exist",),
    page_tells=False,
)
