"""Recruitee careers site of one company: one call returns every offer (no paging).

Each company has its own host, {account}.recruitee.com (or its own careers domain, given
as base_url), so the default base URL carries an {account} placeholder.
"""

from __future__ import annotations

import re

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting, WorkMode
from jobboard.normalise import salary, skills, text, workmode
from jobboard.normalise.dates import from_iso
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_code
from jobboard.normalise.raw import as_dict, flag
from jobboard.normalise.seniority import seniority
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


class RecruiteeSettings(SourceSettings):
    account: Text | None = Field(
        default=None,
        description="the company's subdomain in <account>.recruitee.com; required unless the entry lists companies",
    )


class RecruiteeAdapter(SourceAdapter):
    type = "recruitee"
    default_base_url = "https://{account}.recruitee.com"
    company_setting = "account"
    settings_model = RecruiteeSettings
    conditional_get = True  # one request returns the whole feed

    def fetch(self, ctx: SourceContext):
        account = str(ctx.settings["account"])
        if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", account):
            raise FetchError(f"setting account must be a subdomain name, got {account!r}")
        data = ctx.http.get_json(f"{_site(ctx)}/api/offers/")
        if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
            raise FetchError("expected an object with an 'offers' list")
        yield from data["offers"]

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        if raw.get("status") != "published":
            raise SkipPosting("not published")
        title = required_title(raw.get("title"))
        location = text.clean_line(raw.get("location")) or ", ".join(
            p for p in (text.clean_line(raw.get("city")), text.clean_line(raw.get("country"))) if p
        )
        description = "\n\n".join(
            t for t in (text.html_to_text(raw.get("description")), text.html_to_text(raw.get("requirements"))) if t
        )
        department = text.clean_line(raw.get("department"))
        pay = as_dict(raw.get("salary"))
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("id")),
            company=text.clean_line(raw.get("company_name")) or str(ctx.settings["account"]),
            title=title,
            url=required_url(raw.get("careers_url"), page_url(f"{_site(ctx)}/o/{{}}", raw.get("slug"))),
            # "2024-05-02 09:30:00 UTC", not ISO 8601; from_iso reads it
            posted_at=required_date(from_iso(raw.get("published_at")), from_iso(raw.get("created_at"))),
            location=location,
            work_mode=workmode.resolve(_work_mode(raw), texts=(location,)),
            # min/max are strings ("50000"), or every field is null
            salary=salary.from_range(pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("period") or "year"),
            skills=skills.extract_skills(title, description, department),
            description=description,
            country=country_code(raw.get("country_code")) or country_code(raw.get("country")),
            employment_type=employment_type(raw.get("employment_type_code")),
            tags=(department,) if department else (),
            seniority=seniority(title, raw.get("experience_code")),
        )


def _site(ctx: SourceContext) -> str:
    """The careers site: API and offer pages (/o/<slug>) share it."""
    return ctx.base_url.replace("{account}", str(ctx.settings["account"]))


def _work_mode(raw: dict) -> WorkMode | None:
    """The offer's booleans; all three can be false, which says nothing."""
    for key, mode in (("hybrid", WorkMode.HYBRID), ("remote", WorkMode.REMOTE), ("on_site", WorkMode.ONSITE)):
        if flag(raw.get(key)) is True:
            return mode
    return None
