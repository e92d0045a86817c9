"""The Muse public jobs API, pages numbered from 0 up to page_count.

Without an API key it allows 500 requests an hour and answers 403 (not 429) past that.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from jobboard.http import FetchError, decode_json
from jobboard.model import Posting, WorkMode
from jobboard.normalise import skills, text, workmode
from jobboard.normalise.dates import from_iso
from jobboard.normalise.location import country_from_locations
from jobboard.normalise.raw import as_dict, as_list, dig, strings
from jobboard.normalise.seniority import seniority
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    SourceSettings,
    Texts,
    WholeNumber,
    int_setting,
    page_url,
    required_company,
    required_date,
    required_id,
    required_title,
    required_url,
)

DEFAULT_MAX_PAGES = 10
FILTERS = ("category", "level", "location", "company")
JOB_PAGE = "https://www.themuse.com/jobs/{}/{}"  # company and job short names


class TheMuseSettings(SourceSettings):
    category: Texts | None = Field(
        default=None, description="category name or list of names, e.g. Software Engineering"
    )
    level: Texts | None = Field(default=None, description="level name or list, e.g. Senior Level")
    location: Texts | None = Field(default=None, description="location name or list, e.g. Flexible / Remote")
    company: Texts | None = Field(default=None, description="company name or list")
    max_pages: Annotated[int, WholeNumber(1, 100)] = Field(
        default=DEFAULT_MAX_PAGES, description="pages of 20 jobs to read at most"
    )


class TheMuseAdapter(SourceAdapter):
    type = "themuse"
    default_base_url = "https://www.themuse.com"
    settings_model = TheMuseSettings

    def fetch(self, ctx: SourceContext):
        max_pages = int_setting(ctx.settings, "max_pages", DEFAULT_MAX_PAGES)
        filters = {k: ctx.settings[k] for k in FILTERS if ctx.settings.get(k)}  # a list repeats the parameter
        for page in range(max_pages):
            response = ctx.http.get(f"{ctx.base_url}/api/public/jobs", params={**filters, "page": page})
            if response.status_code == 403:
                reset = response.headers.get("X-RateLimit-Reset")
                raise FetchError("rate limited by The Muse (HTTP 403)" + (f"; resets in {reset} s" if reset else ""))
            data = decode_json(response)
            if not isinstance(data, dict) or not isinstance(data.get("results"), list):
                raise FetchError("expected an object with a 'results' list")
            yield from data["results"]
            page_count = data.get("page_count")
            if not data["results"] or not isinstance(page_count, int) or page + 1 >= page_count:
                return

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        title = required_title(raw.get("name"))
        places = _names(raw.get("locations"))  # "Flexible / Remote" is one of them
        categories = _names(raw.get("categories"))
        levels = _names(raw.get("levels"))
        description = text.html_to_text(raw.get("contents"))
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("id")),
            company=required_company(dig(raw, "company", "name")),
            title=title,
            url=required_url(
                dig(raw, "refs", "landing_page"),
                page_url(JOB_PAGE, dig(raw, "company", "short_name"), raw.get("short_name")),
            ),
            posted_at=required_date(from_iso(raw.get("publication_date"))),
            location="; ".join(places),
            work_mode=workmode.from_text(*places),
            skills=skills.extract_skills(title, description, *categories),
            description=description,
            # "Flexible / Remote" names no country; the offices must agree on one
            country=country_from_locations(*(p for p in places if workmode.from_text(p) is not WorkMode.REMOTE)),
            tags=(*categories, *levels),
            seniority=seniority(title, *levels),
        )


def _names(value) -> list[str]:
    """The `name` of each entry of a list of {name: ...} objects."""
    return strings([as_dict(item).get("name") for item in as_list(value)])
