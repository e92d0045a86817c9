"""We Work Remotely RSS feeds: for private use only, and off unless `enabled: true`.

We Work Remotely's terms forbid using its API or data to build a job advertising or job
search service. A public board fed from it would be exactly that, so this adapter exists
only for a user's own private list (a private repository) and is marked
`private_use_only`: the configuration leaves it disabled unless a source says
`enabled: true` explicitly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote

from pydantic import Field

from jobboard.http import FetchError
from jobboard.model import Posting, WorkMode
from jobboard.normalise import skills, text
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_from_location
from jobboard.sources.base import (
    SkipPosting,
    SourceAdapter,
    SourceContext,
    SourceSettings,
    Text,
    required_date,
    required_id,
    required_title,
    required_url,
)

# Entity declarations are how XML bombs expand; an RSS feed never needs them. The whole
# body is checked (not just the prolog, which a comment could disguise): descriptions
# arrive XML-escaped, so a literal declaration never occurs in a genuine feed.
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I)


class WeWorkRemotelySettings(SourceSettings):
    category: Text | None = Field(
        default=None, description="feed of one category, e.g. remote-back-end-programming-jobs (default: all jobs)"
    )


class WeWorkRemotelyAdapter(SourceAdapter):
    type = "weworkremotely"
    default_base_url = "https://weworkremotely.com"
    private_use_only = True
    settings_model = WeWorkRemotelySettings
    conditional_get = True  # one request returns the whole feed

    def fetch(self, ctx: SourceContext):
        category = ctx.settings.get("category")
        path = f"/categories/{quote(str(category), safe='')}.rss" if category else "/remote-jobs.rss"
        response = ctx.http.get(f"{ctx.base_url}{path}", headers={"Accept": "application/rss+xml, application/xml"})
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code} from {response.url}")
        yield from parse_items(response.content)

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        heading = text.clean_line(raw.get("title"))
        company, separator, job_title = heading.partition(": ")
        if not separator or not company.strip():
            raise SkipPosting("title is not 'Company: Job title'")
        title = required_title(job_title)
        region = text.clean_line(raw.get("region"))
        country = text.clean_line(raw.get("country"))
        listed_skills = [s.strip() for s in text.clean_line(raw.get("skills")).split(",") if s.strip()]
        description = text.html_to_text(raw.get("description"))
        return Posting(
            source=ctx.id,
            external_id=required_id(raw.get("guid") or raw.get("link")),
            company=company.strip(),
            title=title,
            url=required_url(raw.get("link"), raw.get("guid")),
            posted_at=required_date(rfc822_time(raw.get("pubDate"))),
            location=region or country,
            work_mode=WorkMode.REMOTE,  # the board lists remote jobs only
            skills=skills.extract_skills(title, description, *listed_skills),
            description=description,
            country=country_from_location(country) or country_from_location(region),
            employment_type=employment_type(raw.get("type")),
            tags=tuple(listed_skills),
        )


def parse_items(body: bytes) -> list[dict[str, str]]:
    """Each RSS <item> as {child tag (namespace dropped): text}; FetchError for anything but RSS."""
    # Decoded here and parsed as text, so a declared encoding cannot hide a declaration
    # from the check below (expat reads str input as UTF-8 whatever the XML header says).
    try:
        markup = body.decode("utf-8-sig")  # a BOM is dropped
    except UnicodeDecodeError as exc:
        raise FetchError(f"response is not valid UTF-8 (byte {exc.start})") from None
    if markup.lstrip()[:14].lower().startswith(("<!doctype html", "<html")):
        raise FetchError(f"expected RSS, got an HTML page: {markup.lstrip()[:60]!r}")
    if _DECLARATION.search(markup):
        raise FetchError("refusing XML with a DOCTYPE or ENTITY declaration")
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        raise FetchError(f"expected RSS, got malformed XML ({exc})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FetchError(f"expected an RSS 2.0 <rss><channel>, got <{root.tag}>")
    items = []
    for item in channel.iter("item"):
        fields: dict[str, str] = {}
        for child in item:
            # the first of a repeated tag wins (e.g. several <category>)
            fields.setdefault(child.tag.rpartition("}")[2], (child.text or "").strip())
        items.append(fields)
    return items


def rfc822_time(value) -> datetime | None:
    """RSS pubDate ("Mon, 06 May 2024 14:05:00 +0000") to UTC; no zone ("-0000") means UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)
