"""Workable job widget of one account: one call returns every published job (no paging)."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting
from jobboard.normalise import skills, text, workmode
from jobboard.normalise.dates import from_iso
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_code
from jobboard.normalise.raw import as_dict, as_list, flag
from jobboard.normalise.seniority import seniority
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

JOB_PAGE = "https://apply.workable.com/{}/j/{}/"
ACCOUNT_NAME = "_account_name"  # added to each raw job: the company name is only on the envelope


class WorkableSettings(SourceSettings):
    account: Text | None = Field(
        default=None,
        description="the account slug in apply.workable.com/<account>; required unless the entry lists companies",
    )


class WorkableAdapter(SourceAdapter):
    type = "workable"
    default_base_url = "https://apply.workable.com"
    company_setting = "account"
    settings_model = WorkableSettings
    conditional_get = True  # one request returns the whole feed

    def fetch(self, ctx: SourceContext):
        # An unknown account is a 404 with a text body, which get_json reports as FetchError.
        account = quote(str(ctx.settings["account"]), safe="")
        data = ctx.http.get_json(f"{ctx.base_url}/api/v1/widget/accounts/{account}", params={"details": "true"})
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise FetchError("expected an object with a 'jobs' list")
        name = data.get("name")
        for job in data["jobs"]:
            yield {**job, ACCOUNT_NAME: name} if isinstance(job, dict) else job

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        title = required_title(raw.get("title"))
        telecommuting = flag(raw.get("telecommuting"))
        first = as_dict(next(iter(as_list(raw.get("locations"))), None))
        city = text.clean_line(raw.get("city")) or text.clean_line(first.get("city"))
        region = text.clean_line(raw.get("state")) or text.clean_line(first.get("region"))
        country = text.clean_line(raw.get("country")) or text.clean_line(first.get("country"))
        location = ", ".join(dict.fromkeys(p for p in (city, region, country) if p))  # "Berlin, Berlin" once
        department = text.clean_line(raw.get("department"))
        # The job is told in two HTML fields: what it is, and what it asks for.
        description = "\n\n".join(
            t for t in (text.html_to_text(raw.get("description")), text.html_to_text(raw.get("requirements"))) if t
        )
        account = str(ctx.settings["account"])
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("shortcode")),
            company=text.clean_line(raw.get(ACCOUNT_NAME)) or account,
            title=title,
            url=required_url(
                raw.get("url"), raw.get("application_url"), page_url(JOB_PAGE, account, raw.get("shortcode"))
            ),
            # date only ("2024-05-02"): read as midnight UTC
            posted_at=required_date(from_iso(raw.get("published_on")), from_iso(raw.get("created_at"))),
            location=location or ("Remote" if telecommuting is True else ""),
            # telecommuting is the only work-mode field: false is on-site unless the location says hybrid
            work_mode=workmode.resolve(workmode.from_flag(telecommuting, texts=(location,)), texts=(location,)),
            skills=skills.extract_skills(title, description, department),
            description=description,
            country=country_code(first.get("countryCode")) or country_code(country),
            employment_type=employment_type(raw.get("employment_type")),  # can be ""
            tags=(department,) if department else (),
            seniority=seniority(title, raw.get("experience")),
        )
