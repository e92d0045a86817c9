"""What every per-ATS rule module provides, and the verdicts they give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jobboard.verify.fetch import FetchProblem
from jobboard.verify.verdict import LinkState, Verdict

if TYPE_CHECKING:
    from jobboard.verify.fetch import Answer, LinkFetcher

# Reasons readers see on a closed row.
GONE = "gone ({status})"
ATS_SAYS_CLOSED = "the ATS says closed"
EXPIRED = "expired"
PAGE_SAYS_CLOSED = "the page says closed"


def closed(reason: str, rule: str) -> Verdict:
    return Verdict(LinkState.CLOSED, reason, rule)


def open_(reason: str, rule: str) -> Verdict:
    return Verdict(LinkState.OPEN, reason, rule)


def unknown(reason: str, rule: str) -> Verdict:
    return Verdict(LinkState.UNKNOWN, reason, rule)


@dataclass(frozen=True)
class AtsRule:
    """One applicant-tracking system: how to read its job links, its API and its pages."""

    name: str
    hosts: tuple[str, ...]  # its job-page hosts; "*.recruitee.com" matches any account's
    # The per-job API's verdict: open when it lists the job, closed only where its "missing" is
    # authoritative, None when it cannot decide (page rules follow).
    api_verdict: Callable[[str, LinkFetcher], Verdict | None]
    board_root: Callable[[str], str | None]  # the board's root for a job URL (a redirect there = closed)
    closed_texts: tuple[str, ...] = ()  # this ATS's own closed-page sentences (lower case)
    page_tells: bool = True  # False: a 200 page is the same script shell for live and dead jobs
    status_suffices: bool = False  # the page's status says it all: HEAD, not GET

    def owns(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or (h.startswith("*.") and host.endswith(h[1:])) for h in self.hosts)


def path_parts(url: str) -> list[str]:
    return [part for part in urlsplit(url).path.split("/") if part]


def asked(fetcher: LinkFetcher, url: str) -> Answer | None:
    """An ATS API's JSON answer, or None when it could not be had (the page decides then)."""
    try:
        return fetcher.get_json(url)
    except FetchProblem:
        return None


def listed(fetcher: LinkFetcher, url: str, entries: str, key: str) -> frozenset[str] | None:
    """The ids (each entry's `key`, lower case) in a board's whole list at `url` ({entries: [...]}),
    read once per pass; None when the list could not be read whole."""

    def ids(answer: Answer) -> frozenset[str] | None:
        data = answer.json() if answer.status == 200 else None
        items = data.get(entries) if isinstance(data, dict) else None
        if not isinstance(items, list):
            return None
        return frozenset(str(item.get(key, "")).lower() for item in items if isinstance(item, dict))

    try:
        return fetcher.kept(url, ids)
    except FetchProblem:
        return None


def list_verdict(ids: frozenset[str] | None, job: str) -> Verdict | None:
    """A job on a list read whole is open; missing from it, closed (where the list holds every
    published job); no list, no verdict."""
    if ids is None:
        return None
    return open_("the ATS lists it", "ats-api") if job.lower() in ids else closed(ATS_SAYS_CLOSED, "ats-api")
