"""Jobicy remote jobs: one call returns up to 200 newest jobs (no paging).

Terms: credit Jobicy and keep its job URLs; sync at most hourly.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Attribution, Posting, WorkMode
from jobboard.normalise import salary, skills, text
from jobboard.normalise.dates import from_iso
from jobboard.normalise.employment import first_employment_type
from jobboard.normalise.location import country_from_location
from jobboard.normalise.raw import strings
from jobboard.normalise.seniority import seniority
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    SourceSettings,
    Text,
    WholeNumber,
    int_setting,
    page_url,
    required_company,
    required_date,
    required_id,
    required_title,
    required_url,
)

DEFAULT_COUNT = 100
MAX_COUNT = 200
JOB_PAGE = "https://jobicy.com/jobs/{}"


class JobicySettings(SourceSettings):
    count: Annotated[int, WholeNumber(1, MAX_COUNT)] = Field(
        default=DEFAULT_COUNT, description="how many newest jobs to fetch"
    )
    geo: Text | None = Field(default=None, description="region filter, e.g. usa, europe")
    industry: Text | None = Field(default=None, description="industry filter, e.g. dev, data-science")
    tag: Text | None = Field(default=None, description="search term")


class JobicyAdapter(SourceAdapter):
    type = "jobicy"
    default_base_url = "https://jobicy.com"
    attribution = Attribution("Jobicy", "https://jobicy.com")
    min_interval_minutes = 60
    settings_model = JobicySettings
    conditional_get = True  # one request returns the whole feed

    def fetch(self, ctx: SourceContext):
        count = int_setting(ctx.settings, "count", DEFAULT_COUNT, maximum=MAX_COUNT)
        # Jobicy answers 400 to unknown parameters, so only the given filters are sent.
        params = {"count": count, **{k: ctx.settings[k] for k in ("geo", "industry", "tag") if ctx.settings.get(k)}}
        data = ctx.http.get_json(f"{ctx.base_url}/api/v2/remote-jobs", params=params)
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise FetchError("expected an object with a 'jobs' list")
        yield from data["jobs"]

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        title = required_title(raw.get("jobTitle"))
        description = text.html_to_text(raw.get("jobDescription")) or text.html_to_text(raw.get("jobExcerpt"))
        # jobIndustry entries arrive HTML-escaped ("Software &amp; Engineering"); clean_line decodes them.
        industries = strings(raw.get("jobIndustry"))
        location = text.clean_line(raw.get("jobGeo"))
        level = text.clean_line(raw.get("jobLevel"))
        # The salary keys are absent (not null) when the employer gives none.
        pay = salary.from_range(
            raw.get("salaryMin"),
            raw.get("salaryMax"),
            raw.get("salaryCurrency"),
            raw.get("salaryPeriod") or "year",
        )
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("id")),
            company=required_company(raw.get("companyName")),
            title=title,
            url=required_url(raw.get("url"), page_url(JOB_PAGE, raw.get("jobSlug"))),
            posted_at=required_date(from_iso(raw.get("pubDate"))),
            location=location,
            work_mode=WorkMode.REMOTE,  # Jobicy lists remote jobs only
            salary=pay,
            skills=skills.extract_skills(title, description, *industries),
            description=description,
            country=country_from_location(location),
            employment_type=first_employment_type(raw.get("jobType")),
            tags=(*industries, *([level] if level and level.lower() != "any" else [])),
            seniority=seniority(title, level),
        )
