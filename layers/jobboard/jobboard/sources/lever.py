"""Lever postings: a bare JSON array, paged with skip/limit until a short page.

Lever's README states published postings may be scraped by third parties. There is no
company field: the configured `company` (else the site slug) names the employer. EU
accounts live on https://api.eu.lever.co (set `base_url`).
"""

from __future__ import annotations

from typing import Annotated

from urllib.parse import quote

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting
from jobboard.normalise import salary, skills, text, workmode
from jobboard.normalise.dates import from_epoch
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_code, country_from_location
from jobboard.normalise.raw import as_dict, as_list, strings
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    SourceSettings,
    Text,
    WholeNumber,
    page_url,
    required_date,
    required_id,
    required_title,
    required_url,
)

DEFAULT_PAGE_SIZE = 100
MAX_PAGES = 100  # 10,000 postings: far beyond any real board, so a server ignoring `skip` cannot loop us


class LeverSettings(SourceSettings):
    site: Text | None = Field(
        default=None, description="the site name in jobs.lever.co/<site>; required unless the entry lists companies"
    )
    company: Text | None = Field(default=None, description="company name (Lever sends none; default: the site name)")
    page_size: Annotated[int, WholeNumber(1, 500)] = Field(
        default=DEFAULT_PAGE_SIZE, description="postings per request"
    )


class LeverAdapter(SourceAdapter):
    type = "lever"
    default_base_url = "https://api.lever.co"
    company_setting = "site"
    company_name_setting = "company"
    settings_model = LeverSettings

    def fetch(self, ctx: SourceContext):
        site = quote(str(ctx.settings["site"]), safe="")
        limit = _page_size(ctx.settings.get("page_size"))
        seen: set[str] = set()
        for page in range(MAX_PAGES):
            batch = ctx.http.get_json(
                f"{ctx.base_url}/v0/postings/{site}",
                params={"mode": "json", "skip": page * limit, "limit": limit},
            )
            if not isinstance(batch, list):
                raise FetchError(f"expected a JSON array of postings, got {type(batch).__name__}")
            ids = {p["id"] for p in batch if isinstance(p, dict) and isinstance(p.get("id"), str)}
            if ids and ids <= seen:
                raise FetchError(f"paging does not advance: page {page + 1} repeats earlier postings")
            seen |= ids
            yield from batch
            if len(batch) < limit:
                return
        raise FetchError(f"more than {MAX_PAGES} pages of {limit}; stopping")

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        title = required_title(raw.get("text"))  # Lever's title key is `text`
        categories = as_dict(raw.get("categories"))
        location = text.clean_line(categories.get("location"))
        all_locations = strings(categories.get("allLocations"))
        description = "\n\n".join(
            part
            for part in (
                text.html_to_text(raw.get("description")) or text.clean_line(raw.get("descriptionPlain")),
                *(_list_text(item) for item in as_list(raw.get("lists"))),
                text.html_to_text(raw.get("additional")),
            )
            if part
        )
        team_names = strings([categories.get("team"), categories.get("department")])
        pay = as_dict(raw.get("salaryRange"))
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("id")),
            company=str(ctx.settings.get("company") or ctx.settings["site"]),
            title=title,
            url=required_url(raw.get("hostedUrl"), raw.get("applyUrl"), _hosted_page(ctx, raw.get("id"))),
            posted_at=required_date(from_epoch(raw.get("createdAt"))),  # epoch milliseconds
            location=location or "; ".join(all_locations),
            work_mode=workmode.resolve(workmode.from_label(raw.get("workplaceType")), texts=(location, *all_locations)),
            salary=salary.from_range(pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("interval")),
            skills=skills.extract_skills(title, description, *team_names),
            description=description,
            country=country_code(raw.get("country")) or country_from_location(location),
            employment_type=employment_type(categories.get("commitment")),
            tags=tuple(team_names),
        )


def _hosted_page(ctx: SourceContext, posting_id) -> str | None:
    """The hosted job page, on jobs.eu.lever.co for accounts served by the EU API."""
    host = "jobs.eu.lever.co" if "eu.lever.co" in ctx.base_url else "jobs.lever.co"
    return page_url(f"https://{host}/{{}}/{{}}", ctx.settings["site"], posting_id)


def _page_size(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 500 else DEFAULT_PAGE_SIZE


def _list_text(item) -> str:
    """One of Lever's `lists`: a heading and `<li>` items without a surrounding `<ul>`."""
    item = as_dict(item)
    heading = text.clean_line(item.get("text"))
    body = text.html_to_text(item.get("content"))
    return "\n".join(part for part in (heading, body) if part)
