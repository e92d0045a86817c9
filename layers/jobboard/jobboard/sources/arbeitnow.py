"""Arbeitnow job board API (mostly Germany and Europe): paged with ?page=N.

The page size varies (100 or 250 seen), so paging stops when `data` is empty or
`links.next` is null, never on a size. Terms (in `meta.terms`): do not abuse; a link
back is appreciated, so the board credits Arbeitnow and links to its job pages.
"""

from __future__ import annotations

from typing import Annotated

import re

from aws_lambda_powertools import Logger

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Attribution, Posting
from jobboard.normalise import skills, text, workmode
from jobboard.normalise.dates import from_epoch
from jobboard.normalise.employment import first_employment_type
from jobboard.normalise.location import country_from_location
from jobboard.normalise.raw import as_dict, strings
from jobboard.sources.base import (
    SourceAdapter,
    SourceContext,
    SourceSettings,
    WholeNumber,
    int_setting,
    required_date,
    required_id,
    required_title,
    required_url,
)

logger = Logger(child=True)

DEFAULT_MAX_PAGES = 10
# German job ads must address all genders: "(m/w/d)", "(f/m/x)", "(all genders)". Noise in a list.
_GENDER_MARKER = re.compile(r"\s*[(\[]\s*(?:[mwfdxh]\s*[/|,]\s*){1,3}[mwfdxh]\s*[)\]]|\s*\(\s*all genders\s*\)", re.I)


class ArbeitnowSettings(SourceSettings):
    max_pages: Annotated[int, WholeNumber(1, 100)] = Field(
        default=DEFAULT_MAX_PAGES, description="pages to read at most, newest first"
    )


class ArbeitnowAdapter(SourceAdapter):
    type = "arbeitnow"
    default_base_url = "https://www.arbeitnow.com"
    attribution = Attribution("Arbeitnow", "https://www.arbeitnow.com")
    settings_model = ArbeitnowSettings

    def fetch(self, ctx: SourceContext):
        max_pages = int_setting(ctx.settings, "max_pages", DEFAULT_MAX_PAGES)
        for page in range(1, max_pages + 1):
            data = ctx.http.get_json(f"{ctx.base_url}/api/job-board-api", params={"page": page})
            if not isinstance(data, dict) or not isinstance(data.get("data"), list):
                raise FetchError(f"page {page}: expected an object with a 'data' list")
            yield from data["data"]
            if not data["data"] or not as_dict(data.get("links")).get("next"):
                return
        logger.info("stopped at the page limit", extra={"source": ctx.id, "max_pages": max_pages})

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        title = required_title(_GENDER_MARKER.sub("", text.clean_line(raw.get("title"))))
        description = text.html_to_text(raw.get("description"))  # some arrive entity-escaped: detected
        location = text.clean_line(raw.get("location"))
        tags = strings(raw.get("tags"))
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("slug")),
            company=text.clean_line(raw.get("company_name")),
            title=title,
            url=required_url(raw.get("url")),
            posted_at=required_date(from_epoch(raw.get("created_at"))),  # epoch seconds
            location=location,
            # remote: false is on-site unless the location says hybrid
            work_mode=workmode.resolve(workmode.from_flag(raw.get("remote"), texts=(location,)), texts=(location,)),
            skills=skills.extract_skills(title, description, tags=tags),
            description=description,
            country=country_from_location(location),
            employment_type=first_employment_type(raw.get("job_types")),  # mixed case and language
            tags=tuple(tags),
        )
