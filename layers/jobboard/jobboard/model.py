"""The one posting model every source adapter normalises to."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum


class WorkMode(str, Enum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "on-site"
    UNKNOWN = "unknown"


_WORK_MODES = {mode.value: mode for mode in WorkMode}


class Sponsorship(str, Enum):
    """Whether the employer sponsors work visas (SimplifyJobs' `sponsorship` field)."""

    OFFERED = "offered"
    NOT_OFFERED = "not-offered"  # shown as 🛂
    CITIZENS_ONLY = "us-citizenship-required"  # shown as 🇺🇸


_SPONSORSHIPS = {sponsorship.value: sponsorship for sponsorship in Sponsorship}  # a lookup, not an Enum call


class SalaryPeriod(str, Enum):
    YEAR = "year"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    HOUR = "hour"


@dataclass(frozen=True)
class Salary:
    """A pay range as the source states it, in its currency and period."""

    min: float | None
    max: float | None
    currency: str  # ISO 4217 code
    period: SalaryPeriod
    annual: float | None = None  # midpoint, annualised; None when implausible or unknown

    def to_dict(self) -> dict:
        return {
            "min": self.min,
            "max": self.max,
            "currency": self.currency,
            "period": self.period.value,
            "annual": self.annual,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> Salary | None:
        if not data:
            return None
        return cls(
            min=_num(data.get("min")),
            max=_num(data.get("max")),
            currency=data["currency"],
            period=SalaryPeriod(data["period"]),
            annual=_num(data.get("annual")),
        )


def _num(value) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Attribution:
    """What a source's terms require boards to show: its name, linked (followed link)."""

    name: str
    url: str


@dataclass(frozen=True)
class Posting:
    """One job opening, normalised from any source: what is stored, counted and shown."""

    source: str  # the configured source id (not the adapter type)
    external_id: str  # the source's own id, as a string (64-bit safe)
    company: str
    title: str
    url: str
    posted_at: datetime  # UTC
    location: str = ""
    work_mode: WorkMode = WorkMode.UNKNOWN
    salary: Salary | None = None
    skills: tuple[str, ...] = ()
    description: str = ""  # plain text
    country: str | None = None  # ISO 3166-1 alpha-2 when clear
    employment_type: str | None = None
    tags: tuple[str, ...] = field(default=())
    terms: tuple[str, ...] = ()  # seasons an internship is for: ("Summer 2025",)
    sponsorship: Sponsorship | None = None  # None: the source does not say
    company_url: str | None = None  # the company's own site, where the source gives one
    seniority: str | None = None  # one of normalise.seniority.LEVELS; None when neither fields nor title say
    # The source lists it as no longer taking applications (SimplifyJobs' `active: false`): shown
    # with 🔒 on boards with show_inactive, left out of every other board and of every figure.
    inactive: bool = False

    def __post_init__(self):
        if self.posted_at.tzinfo is None or self.posted_at.utcoffset() != timezone.utc.utcoffset(None):
            raise ValueError("posted_at must be an aware UTC datetime")

    @property
    def key(self) -> str:
        return f"{self.source}#{self.external_id}"

    def to_dict(self) -> dict:
        """Plain JSON-safe dict with stable field names (also the jobs.json shape)."""
        # The instance's fields (declaration order) with the non-JSON ones converted; not
        # dataclasses.asdict, which deep-copies every value (a third of rendering a large board).
        data = dict(self.__dict__)
        data["posted_at"] = self.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        data["work_mode"] = self.work_mode.value
        data["salary"] = self.salary.to_dict() if self.salary else None
        data["skills"] = list(self.skills)
        data["tags"] = list(self.tags)
        data["terms"] = list(self.terms)
        data["sponsorship"] = self.sponsorship.value if self.sponsorship else None
        if not self.inactive:  # only when set: an open posting's stored shape and hash stay as they were
            del data["inactive"]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Posting:
        # Thousands per render: the instance's fields are given in one dict instead of one
        # object.__setattr__ each (a frozen dataclass's __init__). parse_utc gives an aware UTC
        # time: what __post_init__ checks.
        get = data.get
        salary, sponsorship = get("salary"), get("sponsorship")
        posting = _new(cls)
        _set(
            posting,
            "__dict__",
            {
                "source": data["source"],
                "external_id": str(data["external_id"]),
                "company": data["company"],
                "title": data["title"],
                "url": data["url"],
                "posted_at": parse_utc(data["posted_at"]),
                "location": get("location") or "",
                "work_mode": _WORK_MODES.get(get("work_mode") or "unknown") or WorkMode(data["work_mode"]),
                "salary": Salary.from_dict(salary) if salary else None,
                "skills": tuple(get("skills") or ()),
                "description": get("description") or "",
                "country": get("country"),
                "employment_type": get("employment_type"),
                "tags": tuple(get("tags") or ()),
                "terms": tuple(get("terms") or ()),
                "sponsorship": (_SPONSORSHIPS.get(sponsorship) or Sponsorship(sponsorship)) if sponsorship else None,
                "company_url": get("company_url") or None,
                "seniority": get("seniority") or None,
                "inactive": get("inactive") is True,
            },
        )
        return posting

    def content_hash(self, extra: dict | None = None) -> str:
        """Hash of everything that is stored, so unchanged postings are never rewritten."""
        payload = self.to_dict()
        if extra:
            payload = {**payload, "_extra": extra}
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


_new, _set = object.__new__, object.__setattr__  # looked up once: Posting.from_dict runs thousands of times


def parse_utc(text: str) -> datetime:
    """Parse an ISO 8601 timestamp; one without an offset is UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)
