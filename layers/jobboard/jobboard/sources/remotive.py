"""Remotive remote jobs: one call, an envelope with a `jobs` list.

Terms: listings are delayed 24 hours; boards must link each job to its Remotive page and
name Remotive as the source; at most a few requests a day (more than 2 a minute is blocked),
hence the 6-hour minimum interval.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Attribution, Posting, WorkMode
from jobboard.normalise import salary, skills, text
from jobboard.normalise.dates import from_iso
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_from_location
from jobboard.normalise.raw import strings
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    SourceSettings,
    Text,
    WholeNumber,
    required_date,
    required_id,
    required_title,
    required_url,
)

_QUERY_SETTINGS = ("category", "search", "company_name", "limit")


class RemotiveSettings(SourceSettings):
    category: Text | None = Field(default=None, description="a Remotive category slug, e.g. software-dev")
    search: Text | None = Field(default=None, description="search words")
    company_name: Text | None = Field(default=None, description="only this company")
    limit: Annotated[int, WholeNumber(1, 10_000)] | None = Field(default=None, description="at most this many jobs")


class RemotiveAdapter(SourceAdapter):
    type = "remotive"
    default_base_url = "https://remotive.com"
    attribution = Attribution("Remotive", "https://remotive.com")
    min_interval_minutes = 360
    settings_model = RemotiveSettings
    conditional_get = True  # one request returns the whole feed

    def fetch(self, ctx: SourceContext):
        params = {k: ctx.settings[k] for k in _QUERY_SETTINGS if ctx.settings.get(k) not in (None, "")}
        data = ctx.http.get_json(f"{ctx.base_url}/api/remote-jobs", params=params or None)
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise FetchError("expected an object with a 'jobs' list")
        yield from data["jobs"]

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        title = required_title(raw.get("title"))
        description = text.html_to_text(raw.get("description"))
        # An eligibility region ("USA", "Europe", "Worldwide"), not a city.
        region = text.clean_line(raw.get("candidate_required_location"))
        tags = strings(raw.get("tags"))
        category = text.clean_line(raw.get("category"))
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("id")),
            company=text.clean_line(raw.get("company_name")),
            title=title,
            url=required_url(raw.get("url")),  # the Remotive page, as the terms require
            posted_at=required_date(from_iso(raw.get("publication_date"))),  # no offset: UTC
            location=region,
            work_mode=WorkMode.REMOTE,
            salary=salary.from_text(raw.get("salary")),  # free text: "$175k - $225k", "$14/hour"
            skills=skills.extract_skills(title, description, tags=tags),
            description=description,
            country=country_from_location(region),
            employment_type=employment_type(raw.get("job_type")),
            tags=tuple(dict.fromkeys([category, *tags]) if category else tags),
        )
