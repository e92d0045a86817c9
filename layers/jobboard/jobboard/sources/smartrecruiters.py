"""SmartRecruiters public postings of one company, paged by offset until totalFound.

The list call has no description and no salary (only the per-posting call has a
description; one request per job is not worth it for a list).
"""

from __future__ import annotations

from urllib.parse import quote

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting, WorkMode
from jobboard.normalise import skills, text, workmode
from jobboard.normalise.dates import from_iso
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_code
from jobboard.normalise.raw import as_dict, dig, flag
from jobboard.normalise.seniority import seniority
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    SourceSettings,
    Text,
    required_date,
    required_id,
    required_title,
    required_url,
)

PAGE_SIZE = 100  # the API's maximum
MAX_PAGES = 100  # 10,000 postings: beyond any real company, so a server ignoring `offset` cannot loop us
JOB_URL = "https://jobs.smartrecruiters.com/{}/{}"


class SmartRecruitersSettings(SourceSettings):
    company: Text | None = Field(
        default=None,
        description="the company identifier in jobs.smartrecruiters.com/<company>; required unless the entry lists companies",
    )


class SmartRecruitersAdapter(SourceAdapter):
    type = "smartrecruiters"
    default_base_url = "https://api.smartrecruiters.com"
    company_setting = "company"
    settings_model = SmartRecruitersSettings

    def fetch(self, ctx: SourceContext):
        company = quote(str(ctx.settings["company"]), safe="")
        offset = 0
        for _ in range(MAX_PAGES):
            data = ctx.http.get_json(
                f"{ctx.base_url}/v1/companies/{company}/postings",
                params={"limit": PAGE_SIZE, "offset": offset},
            )
            if not isinstance(data, dict) or not isinstance(data.get("content"), list):
                raise FetchError("expected an object with a 'content' list")
            page = data["content"]
            yield from page
            offset += len(page)
            total = data.get("totalFound")
            # An unknown company is a 200 with totalFound 0, not an error.
            if not page or not isinstance(total, int) or offset >= total:
                return
        raise FetchError(f"more than {MAX_PAGES} pages of {PAGE_SIZE}; stopping")

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        job_id = required_id(raw.get("id"))
        title = required_title(raw.get("name"))
        company = as_dict(raw.get("company"))
        place = as_dict(raw.get("location"))
        # The job page lives under the posting's own company identifier when it has one.
        identifier = text.clean_line(company.get("identifier")) or str(ctx.settings["company"])
        country = country_code(place.get("country"))  # lowercase ISO-2 ("de")
        location = text.clean_line(place.get("fullLocation")) or ", ".join(
            part for part in (text.clean_line(place.get("city")), text.clean_line(place.get("region")), country) if part
        )
        department = text.clean_line(dig(raw, "department", "label"))  # `department` may be {}
        level = text.clean_line(dig(raw, "experienceLevel", "label"))
        return Posting(
            source=ctx.id,
            external_id=job_id,
            company=text.clean_line(company.get("name")) or identifier,
            title=title,
            url=required_url(JOB_URL.format(quote(identifier, safe=""), quote(job_id, safe=""))),
            posted_at=required_date(from_iso(raw.get("releasedDate"))),
            location=location,
            work_mode=workmode.resolve(_work_mode(place), texts=(location,)),
            skills=skills.extract_skills(title, department),
            country=country,
            employment_type=employment_type(dig(raw, "typeOfEmployment", "label")),
            tags=tuple(t for t in (department, level) if t),
            seniority=seniority(title, level),
        )


def _work_mode(place) -> WorkMode | None:
    """The location's remote/hybrid booleans; both false means on-site, both absent means unknown."""
    remote, hybrid = flag(place.get("remote")), flag(place.get("hybrid"))
    if hybrid is True:
        return WorkMode.HYBRID
    if remote is True:
        return WorkMode.REMOTE
    if remote is False:
        return WorkMode.ONSITE
    return None
