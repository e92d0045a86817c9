"""Greenhouse job boards: one call returns the whole board (no paging)."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting
from jobboard.normalise import salary, skills, text, workmode
from jobboard.normalise.dates import from_iso
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_from_location
from jobboard.normalise.raw import as_dict, as_list, dig, strings
from jobboard.sources.base import (
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

JOB_PAGE = "https://boards.greenhouse.io/{}/jobs/{}"  # the board's own page of a job


class GreenhouseSettings(SourceSettings):
    board: Text | None = Field(
        default=None,
        description="the board token in boards.greenhouse.io/<board>; required unless the entry lists companies",
    )
    company: Text | None = Field(default=None, description="company name when the API gives none")


class GreenhouseAdapter(SourceAdapter):
    type = "greenhouse"
    default_base_url = "https://boards-api.greenhouse.io"
    company_setting = "board"
    company_name_setting = "company"
    settings_model = GreenhouseSettings
    conditional_get = True  # one request returns the whole board

    def fetch(self, ctx: SourceContext):
        board = quote(str(ctx.settings["board"]), safe="")
        data = ctx.http.get_json(f"{ctx.base_url}/v1/boards/{board}/jobs", params={"content": "true"})
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise FetchError("expected an object with a 'jobs' list")
        yield from data["jobs"]

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        job_id = required_id(raw.get("id"))
        title = required_title(raw.get("title"))
        posted = required_date(from_iso(raw.get("first_published")), from_iso(raw.get("updated_at")))
        offices = [
            text.clean_line(o.get("location") or o.get("name"))
            for o in as_list(raw.get("offices"))
            if isinstance(o, dict)
        ]
        location = text.clean_line(dig(raw, "location", "name")) or "; ".join(o for o in offices if o)
        # `content` is HTML escaped once; the employer's own entities come double-escaped.
        description = text.html_to_text(raw.get("content"), entity_escaped=True)
        departments = strings([dig(d, "name") for d in as_list(raw.get("departments"))])
        company = text.clean_line(raw.get("company_name")) or str(ctx.settings.get("company") or ctx.settings["board"])
        return Posting(
            source=ctx.id,
            external_id=job_id,
            company=company,
            title=title,
            url=required_url(raw.get("absolute_url"), page_url(JOB_PAGE, ctx.settings["board"], job_id)),
            posted_at=posted,
            location=location,
            work_mode=workmode.resolve(
                workmode.from_label(_metadata(raw, "workplace type", "workplace", "remote type")), texts=(location,)
            ),
            salary=_pay(raw),
            skills=skills.extract_skills(title, description, *departments),
            description=description,
            country=country_from_location(location),
            employment_type=employment_type(_metadata(raw, "employment type", "job type")),
            tags=tuple(departments),
        )


def _metadata(raw: dict, *names: str):
    """The value of the first board-specific metadata field with one of these names."""
    for item in as_list(raw.get("metadata")):
        name = dig(item, "name")
        if isinstance(name, str) and name.strip().lower() in names:
            return as_dict(item).get("value")
    return None


def _pay(raw: dict):
    """Pay ranges (only on the pay-transparency detail call) are in cents."""
    pay = next((p for p in as_list(raw.get("pay_input_ranges")) if isinstance(p, dict)), None)
    if pay is None:
        return None
    cents_min, cents_max = salary.to_number(pay.get("min_cents")), salary.to_number(pay.get("max_cents"))
    return salary.from_range(
        cents_min / 100 if cents_min else None,
        cents_max / 100 if cents_max else None,
        pay.get("currency_type"),
        salary.SalaryPeriod.YEAR,
    )
