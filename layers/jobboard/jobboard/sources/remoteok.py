"""Remote OK: one JSON array of the ~100 newest jobs, all remote; no paging.

Terms: boards must name Remote OK as the source and link each job to its Remote OK page
(not the employer's apply link), or API access is suspended.
"""

from __future__ import annotations

import re

from jobboard.http import FetchError
from jobboard.model import Attribution, Posting, SalaryPeriod, WorkMode
from jobboard.normalise import salary, skills, text
from jobboard.normalise.dates import from_epoch, from_iso
from jobboard.normalise.location import country_from_location
from jobboard.normalise.raw import strings
from jobboard.normalise.urls import http_url, with_lowercase_host
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    required_date,
    required_id,
    required_title,
    required_url,
)

PUBLIC_SITE = "https://remoteok.com"
# Appended to every description for applicants ("Please mention the word **X** and tag ...").
_ANTI_SPAM = re.compile(r"\s*Please mention the word\b.*\Z", re.S | re.I)


class RemoteOkAdapter(SourceAdapter):
    type = "remoteok"
    default_base_url = "https://remoteok.com"
    attribution = Attribution("Remote OK", "https://remoteok.com")
    conditional_get = True  # one request returns the whole feed

    def fetch(self, ctx: SourceContext):
        data = ctx.http.get_json(f"{ctx.base_url}/api")
        if not isinstance(data, list):
            raise FetchError(f"expected a JSON array, got {type(data).__name__}")
        for item in data:
            if isinstance(item, dict) and "legal" in item and "position" not in item:
                continue  # element 0: the API terms notice, not a job
            yield item

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        job_id = required_id(raw.get("id"))  # a string, sometimes a number
        title = required_title(raw.get("position"))
        description = _ANTI_SPAM.sub("", text.html_to_text(raw.get("description")))
        location = text.clean_line(raw.get("location"))
        tags = strings(raw.get("tags"))
        return Posting(
            source=ctx.id,
            external_id=job_id,
            company=text.clean_line(raw.get("company")),
            title=title,
            url=required_url(_job_page(raw)),
            posted_at=required_date(from_epoch(raw.get("epoch")), from_iso(raw.get("date"))),
            location=location,
            work_mode=WorkMode.REMOTE,
            # Implicitly USD per year; 0 means unknown (read as absent).
            salary=salary.from_range(raw.get("salary_min"), raw.get("salary_max"), "USD", SalaryPeriod.YEAR),
            skills=skills.extract_skills(title, description, tags=tags),
            description=description,
            country=country_from_location(location),
            tags=tuple(tags),
        )


def _job_page(raw: dict) -> str | None:
    """The Remote OK page of the job (host sent as "remoteOK.com"), rebuilt from the slug if absent."""
    url = http_url(raw.get("url"))
    if url:
        return with_lowercase_host(url)
    slug = raw.get("slug")
    if isinstance(slug, str) and re.fullmatch(r"[\w-]+", slug.strip()):
        return f"{PUBLIC_SITE}/remote-jobs/{slug.strip()}"
    return None
