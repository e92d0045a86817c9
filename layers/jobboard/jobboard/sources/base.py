"""The small interface every source adapter implements.

An adapter module defines one subclass of `SourceAdapter`, with what the configuration may say
about its type (its settings, a pydantic model) and the terms its data comes with; the registry
in `jobboard.sources` finds it by its `type`. Adding a source is one module plus its fixture
(tests/fixtures/sources/<type>.*) and its test.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote

from jobboard.http import FetchError, HttpClient
from jobboard.model import Attribution, Posting
from jobboard.normalise.text import clean_line
from jobboard.normalise.urls import http_url
from jobboard.validation import ConfigModel, Text, Texts, WholeNumber


class SkipPosting(Exception):
    """Raised by `to_posting` to drop one raw posting; the message is the counted reason."""


# Text, Texts and WholeNumber: the types of settings, their mistakes worded for the config's messages.
__all__ = [
    "Attribution",
    "SkipPosting",
    "SourceAdapter",
    "SourceContext",
    "SourceSettings",
    "Text",
    "Texts",
    "WholeNumber",
]


class SourceSettings(ConfigModel):
    """A source type's own settings (the keys of its jobboard.yaml entry beside id, type, schedule...);
    each adapter module subclasses it. A field without a default is required; a company-list type's
    `company_setting` has None as its default and is required unless the entry lists companies."""

    @classmethod
    def unknown_key_hint(cls) -> str:
        return f"; takes: {', '.join(sorted(cls.model_fields))}" if cls.model_fields else "; takes no settings"


@dataclass(frozen=True)
class SourceContext:
    """What an adapter knows about the configured source it is fetching."""

    id: str  # configured source id, stored as Posting.source
    settings: Mapping[str, Any]  # the adapter's own settings from the config
    base_url: str  # the service's host (or the configured replacement), without trailing slash
    http: HttpClient = field(default_factory=HttpClient)


class SourceAdapter:
    """A source type: what the config may say about it, the terms its data comes with, and how
    it is fetched and normalised. Subclasses set `type`, `default_base_url` and what differs."""

    type: ClassVar[str]
    default_base_url: ClassVar[str]  # the service's host; a configured base_url replaces it
    settings_model: ClassVar[builtins.type[SourceSettings]] = (
        SourceSettings  # the type's own settings (`type` is taken)
    )
    attribution: ClassVar[Attribution | None] = None  # what the source's terms require boards to show
    # smallest allowed interval between scheduled scrapes, in minutes (terms of use)
    min_interval_minutes: ClassVar[int] = 0
    # sources whose terms forbid public boards are off unless explicitly enabled
    private_use_only: ClassVar[bool] = False
    # ATS adapters take company lists: the setting each company's slug fills, and the one its
    # display name fills (None: the API names the company itself)
    company_setting: ClassVar[str | None] = None
    company_name_setting: ClassVar[str | None] = None
    # one request returns the whole feed, so a 304 to a conditional GET means nothing changed
    conditional_get: ClassVar[bool] = False

    def fetch(self, ctx: SourceContext) -> Iterator[dict]:
        """Yield the source's raw postings, following its paging. Raise FetchError on failure."""
        raise NotImplementedError

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        """Normalise one raw posting, or raise SkipPosting with the reason."""
        raise NotImplementedError


def int_setting(
    settings: Mapping[str, Any], name: str, default: int, minimum: int = 1, maximum: int | None = None
) -> int:
    """A whole-number adapter setting within bounds; a bad value fails the fetch, naming the setting."""
    value = settings.get(name, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < minimum
        or (maximum is not None and value > maximum)
    ):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
        raise FetchError(f"setting {name} must be a whole number {bounds}, got {value!r}")
    return value


# Checks shared by adapters: a posting needs an id, a title, an http(s) url and a date
# (and a company, where the source names one per posting).


def required_id(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip():
        raise SkipPosting("missing id")
    return str(value).strip()


def required_title(value) -> str:
    title = clean_line(value)
    if not title:
        raise SkipPosting("missing title")
    return title


def required_company(value) -> str:
    company = clean_line(value)
    if not company:
        raise SkipPosting("missing company")
    return company


def required_url(*candidates) -> str:
    """The first http(s) URL among the candidates: the posting's own links first, then the
    canonical job page the source defines (see `page_url`); none is a counted skip."""
    for candidate in candidates:
        url = http_url(candidate)
        if url is not None:
            return url
    raise SkipPosting("missing or non-http url")


def page_url(template: str, *parts) -> str | None:
    """A source's canonical job page built from ids ("https://jobs.lever.co/{}/{}"), each part
    percent-encoded so an id can never leave its path segment; None when a part is missing."""
    values = [str(p).strip() if isinstance(p, (str, int)) and not isinstance(p, bool) else "" for p in parts]
    if not all(values):
        return None
    return template.format(*(v if _UNRESERVED.fullmatch(v) else quote(v, safe="") for v in values))


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")  # what quote() never encodes: most ids, kept without the call


def required_date(*candidates: datetime | None) -> datetime:
    for candidate in candidates:
        if candidate is not None:
            return candidate
    raise SkipPosting("missing or unreadable date")
