"""Ashby job boards: one call returns the whole board, compensation included."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting
from jobboard.normalise import salary, skills, text, workmode
from jobboard.normalise.dates import from_iso
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_code, country_from_location
from jobboard.normalise.raw import as_dict, as_list, dig, flag, strings
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

JOB_PAGE = "https://jobs.ashbyhq.com/{}/{}"


class AshbySettings(SourceSettings):
    board: Text | None = Field(
        default=None,
        description="the job board name in jobs.ashbyhq.com/<board>; required unless the entry lists companies",
    )
    company: Text | None = Field(default=None, description="company name (Ashby sends none; default: the board name)")


class AshbyAdapter(SourceAdapter):
    type = "ashby"
    default_base_url = "https://api.ashbyhq.com"
    company_setting = "board"
    company_name_setting = "company"
    settings_model = AshbySettings
    conditional_get = True  # one request returns the whole board

    def fetch(self, ctx: SourceContext):
        board = quote(str(ctx.settings["board"]), safe="")
        data = ctx.http.get_json(
            f"{ctx.base_url}/posting-api/job-board/{board}",
            params={"includeCompensation": "true"},
        )
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise FetchError("expected an object with a 'jobs' list")
        yield from data["jobs"]

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        if flag(raw.get("isListed")) is False:
            raise SkipPosting("not listed")
        title = required_title(raw.get("title"))  # can have leading spaces: cleaned
        location = text.clean_line(raw.get("location"))
        secondary = strings([dig(s, "location") for s in as_list(raw.get("secondaryLocations"))])
        description = text.html_to_text(raw.get("descriptionHtml")) or text.clean_line(raw.get("descriptionPlain"))
        teams = strings([raw.get("department"), raw.get("team")])
        board = str(ctx.settings["board"])
        places = list(dict.fromkeys(p for p in (location, *secondary) if p))
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("id")),
            company=str(ctx.settings.get("company") or board),
            title=title,
            url=required_url(
                raw.get("jobUrl"),
                raw.get("applyUrl"),
                page_url(JOB_PAGE, board, raw.get("id")),
            ),
            posted_at=required_date(from_iso(raw.get("publishedAt"))),
            location="; ".join(places),
            # workplaceType is the more precise field; isRemote can disagree with it (Hybrid + isRemote).
            work_mode=workmode.resolve(
                workmode.from_label(raw.get("workplaceType")),
                workmode.from_flag(flag(raw.get("isRemote")), texts=(location,)),
                texts=(location,),
            ),
            salary=_salary(as_dict(raw.get("compensation"))),
            skills=skills.extract_skills(title, description, *teams),
            description=description,
            country=_country(raw, places),
            employment_type=employment_type(raw.get("employmentType")),
            tags=tuple(teams),
        )


def _country(raw: dict, places: list[str]) -> str | None:
    """The postal address's country (spelled "USA" or "United States") for a one-place job;
    with secondary locations, only a country they all agree on."""
    if len(places) > 1:
        return country_from_location("; ".join(places))
    return country_code(dig(raw, "address", "postalAddress", "addressCountry")) or country_from_location(
        places[0] if places else None
    )


def _salary(compensation):
    """The "Salary" summary component; only without one, the display text ("$211.4K – $290.6K")."""
    components = [as_dict(c) for c in as_list(compensation.get("summaryComponents"))]
    pay = next((c for c in components if c.get("compensationType") == "Salary"), None)
    if pay is not None:
        return salary.from_range(
            pay.get("minValue"),
            pay.get("maxValue"),
            pay.get("currencyCode"),
            pay.get("interval"),  # "1 YEAR"...
        )
    return salary.from_text(compensation.get("compensationTierSummary"))
