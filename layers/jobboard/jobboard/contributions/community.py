"""The `community` source: jobs readers added through a board's "Add a job" form.

Not a scraped source (nothing to fetch: its postings arrive one by one, approved on GitHub), so
it is no adapter module and no jobboard.yaml entry; its postings are stored under the source id
`community` with the board that took them, and from there are counted, deduplicated, published
and verified like any other. Each is normalised as the adapters normalise theirs: the same salary
reading, work mode from the places, country, skills from the title, internships from terms,
seniority and the rest from normalise.completion, the link without tracking parameters.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from jobboard.config import BoardConfig
from jobboard.contributions.parse import Contribution
from jobboard.model import Posting, WorkMode
from jobboard.normalise import skills, workmode
from jobboard.normalise.completion import complete
from jobboard.normalise.employment import INTERNSHIP
from jobboard.normalise.location import country_from_locations
from jobboard.normalise.seniority import INTERN
from jobboard.normalise.urls import canonical_url
from jobboard.store.postings import fit_for_storage

COMMUNITY_SOURCE = "community"


def job_link(url: str) -> str:
    """The link as the row shows it: tracking parameters and the like dropped (canonical_url),
    unless it has a fragment, which single-page job boards route with ("#/jobs/123")."""
    return url if urlsplit(url).fragment else canonical_url(url)


def external_id(board: BoardConfig, issue_number: int) -> str:
    """One posting per board and issue: applying the same issue twice finds the row it added."""
    return f"{board.id}-{issue_number}"


def community_posting(contribution: Contribution, board: BoardConfig, issue_number: int, now: datetime) -> Posting:
    """The posting an approved "Add a job" form becomes (posted when approved)."""
    fields = contribution.fields
    places = fields["location"].split("; ")
    terms = fields.get("terms", ())
    stated = fields.get("work_mode", WorkMode.UNKNOWN)
    posting = Posting(
        source=COMMUNITY_SOURCE,
        external_id=external_id(board, issue_number),
        company=fields["company"],
        title=fields["title"],
        url=job_link(contribution.url),
        posted_at=now.replace(microsecond=0),
        location=fields["location"],
        work_mode=workmode.resolve(stated, texts=places),
        salary=fields.get("salary"),
        skills=skills.extract_skills(fields["title"]),
        country=country_from_locations(*places),
        employment_type=INTERNSHIP if terms else None,
        terms=terms,
        sponsorship=fields.get("sponsorship"),
        seniority=INTERN if terms else None,
    )
    shown, _ = fit_for_storage(complete(posting))
    return shown
