"""SimplifyJobs-format listings: a JSON array published in a GitHub repository, served raw.

Each entry carries its own company, so there is no company setting. Snapshots hold closed
(`active: false`) listings, normalised as inactive (boards with `show_inactive` list them with 🔒
as SimplifyJobs' own lists do; the scrape drops them, counted, when no board shows them), hidden
(`is_visible: false`) ones, skipped with their reason counted, and sometimes the same id twice
for two different listings: one is kept.
Like SimplifyJobs' own README, a company's link is taken from any of its listings that has one.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting, Sponsorship
from jobboard.normalise import skills, text, workmode
from jobboard.normalise.dates import from_epoch
from jobboard.normalise.employment import INTERNSHIP
from jobboard.normalise.location import country_from_locations
from jobboard.normalise.raw import flag, strings
from jobboard.normalise.seniority import INTERN
from jobboard.normalise.urls import http_url
from jobboard.sources.base import (
    SkipPosting,
    SourceAdapter,
    SourceContext,
    SourceSettings,
    Text,
    page_url,
    required_date,
    required_id,
    required_title,
    required_url,
)

logger = Logger(child=True)


class SimplifySettings(SourceSettings):
    url: Text = Field(
        description="path of the listings JSON on the host, e.g. /SimplifyJobs/New-Grad-Positions/dev/.github/scripts/listings.json"
    )


class SimplifyAdapter(SourceAdapter):
    type = "simplify"
    default_base_url = "https://raw.githubusercontent.com"
    settings_model = SimplifySettings
    conditional_get = True  # one request returns the whole snapshot

    def fetch(self, ctx: SourceContext):
        path = str(ctx.settings["url"]).strip()
        data = ctx.http.get_json(f"{ctx.base_url}/{path.lstrip('/')}")
        if not isinstance(data, list):
            raise FetchError(f"expected a JSON array of listings, got {type(data).__name__}")
        kept = _one_per_id(data)
        if len(kept) < len(data):
            logger.info("duplicate ids in the snapshot", extra={"source": ctx.id, "dropped": len(data) - len(kept)})
        links = _company_links(kept)
        for entry in kept:
            if isinstance(entry, dict) and not http_url(entry.get("company_url")):
                entry = {**entry, "company_url": links.get(entry.get("company_name"))}
            yield entry

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        if flag(raw.get("is_visible")) is False:
            raise SkipPosting("hidden")
        title = required_title(raw.get("title"))  # may contain "|": the renderer escapes it
        locations = strings(raw.get("locations"))
        terms = strings(raw.get("terms"))  # "Summer 2025": internship listings only
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("id")),
            company=text.clean_line(raw.get("company_name")),
            title=title,
            # The fallbacks are worked out only when needed (most listings have both a link and a date).
            url=http_url(raw.get("url")) or required_url(_simplify_page(raw)),
            posted_at=required_date(from_epoch(raw.get("date_posted")) or from_epoch(raw.get("date_updated"))),
            location="; ".join(locations),
            work_mode=workmode.from_text(*locations),
            skills=skills.extract_skills(title),
            country=country_from_locations(*locations),
            employment_type=INTERNSHIP if terms else None,
            terms=tuple(terms),
            sponsorship=_SPONSORSHIP.get(text.clean_line(raw.get("sponsorship")).casefold()),
            company_url=http_url(raw.get("company_url")),
            seniority=INTERN if terms else None,  # else from the title ("New Grad" is junior)
            inactive=flag(raw.get("active")) is False,
        )


def _simplify_page(raw: dict) -> str | None:
    """Simplify's own page of a listing it found itself (its README links it beside the apply link)."""
    return page_url("https://simplify.jobs/p/{}", raw.get("id")) if raw.get("source") == "Simplify" else None


_SPONSORSHIP = {  # the listing's `sponsorship` values; "Other" says nothing
    "offers sponsorship": Sponsorship.OFFERED,
    "does not offer sponsorship": Sponsorship.NOT_OFFERED,
    "u.s. citizenship is required": Sponsorship.CITIZENS_ONLY,
}


def _company_links(entries: list) -> dict:
    """company_name -> a company_url one of its listings gives."""
    links = {}
    for entry in entries:
        if isinstance(entry, dict) and http_url(entry.get("company_url")):
            links[entry.get("company_name")] = entry["company_url"]
    return links


def _one_per_id(entries: list) -> list:
    """Entries with a repeated id reduced to one, in first-seen order: the open, visible,
    most recently updated one, so a stale twin never hides a live listing."""
    best: dict[object, tuple[tuple, int]] = {}
    for index, entry in enumerate(entries):
        key = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else ("#", index)
        rank = _rank(entry)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, index)
    keep = sorted(index for _, index in best.values())
    return [entries[i] for i in keep]


def _rank(entry) -> tuple:
    if not isinstance(entry, dict):
        return (False, 0)
    updated = entry.get("date_updated")
    return (
        flag(entry.get("active")) is not False and flag(entry.get("is_visible")) is not False,
        updated if isinstance(updated, (int, float)) and not isinstance(updated, bool) else 0,
    )
