"""Himalayas remote jobs, newest first, 20 a page.

The feed has two envelopes: the older {totalCount, offset, limit, jobs} paged by offset
and the newer {nextCursor, jobs} paged by cursor; each response says which applies. The
whole feed is ~100k jobs, so only the newest `max_pages` pages are read.
Terms: show Himalayas as the source, linking to it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Attribution, Posting, WorkMode
from jobboard.normalise import salary, skills, text
from jobboard.normalise.dates import from_epoch
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_from_location
from jobboard.normalise.raw import strings
from jobboard.normalise.seniority import seniority
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    SourceSettings,
    WholeNumber,
    int_setting,
    required_company,
    required_date,
    required_id,
    required_title,
    required_url,
)

PAGE_SIZE = 20  # the API's maximum
DEFAULT_MAX_PAGES = 10


class HimalayasSettings(SourceSettings):
    max_pages: Annotated[int, WholeNumber(1, 100)] = Field(
        default=DEFAULT_MAX_PAGES, description="pages of 20 newest jobs to read"
    )


class HimalayasAdapter(SourceAdapter):
    type = "himalayas"
    default_base_url = "https://himalayas.app"
    attribution = Attribution("Himalayas", "https://himalayas.app")
    settings_model = HimalayasSettings

    def fetch(self, ctx: SourceContext):
        max_pages = int_setting(ctx.settings, "max_pages", DEFAULT_MAX_PAGES)
        params: dict = {"limit": PAGE_SIZE}
        for _ in range(max_pages):
            data = ctx.http.get_json(f"{ctx.base_url}/jobs/api", params=params)
            if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
                raise FetchError("expected an object with a 'jobs' list")
            jobs = data["jobs"]
            yield from jobs
            following = _next_page(data, params, len(jobs))
            if following is None:
                return
            params = following

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        title = required_title(raw.get("title"))
        description = text.html_to_text(raw.get("description")) or text.clean_line(raw.get("excerpt"))
        # Country names the candidate must live in; none means anywhere.
        restrictions = strings(raw.get("locationRestrictions"))
        categories = strings(raw.get("categories"))
        pay = salary.from_range(
            raw.get("minSalary"),
            raw.get("maxSalary"),
            raw.get("currency"),
            raw.get("salaryPeriod") or "year",
        )
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("guid")),  # no id field: the guid is the job's URL
            company=required_company(raw.get("companyName")),
            title=title,
            url=required_url(raw.get("guid"), raw.get("applicationLink")),  # the job page, else the apply link
            posted_at=required_date(from_epoch(raw.get("pubDate"))),  # seconds or ms, by magnitude
            location=", ".join(restrictions) or "Worldwide",
            work_mode=WorkMode.REMOTE,  # Himalayas lists remote jobs only
            salary=pay,
            skills=skills.extract_skills(title, description, *categories),
            description=description,
            country=country_from_location(restrictions[0]) if len(restrictions) == 1 else None,
            employment_type=employment_type(raw.get("employmentType")),
            tags=(*categories, *strings(raw.get("seniority"))),
            seniority=seniority(title, *strings(raw.get("seniority"))),
        )


def _next_page(data: dict, params: dict, count: int) -> dict | None:
    """Query for the page after `data`, or None when it was the last."""
    if not count:
        return None
    if "nextCursor" in data:
        cursor = data["nextCursor"]
        return {"limit": PAGE_SIZE, "cursor": cursor} if isinstance(cursor, str) and cursor else None
    total, offset = data.get("totalCount"), data.get("offset", params.get("offset", 0))
    if not isinstance(total, int) or not isinstance(offset, int) or offset + count >= total:
        return None
    return {"limit": PAGE_SIZE, "offset": offset + count}
