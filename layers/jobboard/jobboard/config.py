"""The jobboard.yaml file: sources and boards as pydantic models, validated at load with messages
naming the key; the same models give the file's JSON Schema (jobboard.schema.json, `jobboard schema`)."""

from __future__ import annotations

import csv
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args

from annotated_types import Gt, GroupedMetadata, MinLen
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)

from jobboard.model import Posting, WorkMode
from jobboard.normalise import currency, employment, seniority, skills
from jobboard.paths import THEME_SUFFIX, config_path, theme_dirs, theme_names
from jobboard.schedule import interval_minutes, parse_cron
from jobboard.sources import adapter_class, adapter_types
from jobboard.validation import (
    ConfigModel,
    WholeNumber,
    expect,
    expect_shape,
    messages,
    problem,
    valid_if,
)

SCHEMA_FILE = "jobboard.schema.json"  # beside the bundled jobboard.yaml, which names it on its first line
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# GitHub's rules: an owner is 1-39 letters, digits and single inner hyphens; a repository name
# is up to 100 of letters, digits, '.', '_', '-' (but not "." or "..").
_OWNER = re.compile(r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$")
_REPO_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.*)\)$")
_DURATION = re.compile(r"^(\d+) (minute|minutes|hour|hours|day|days)$")  # what rate() holds
_DURATION_UNITS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "day": timedelta(days=1)}
# A company slug as the ATS spells it (SmartRecruiters identifiers keep their capitals).
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
# Branch names as `git check-ref-format --branch` accepts them (what GitHub accepts).
_BAD_BRANCH = re.compile(r"(?:^[-/.]|\.\.|//|@\{|[\x00-\x20\x7f~^:?*\[\\]|/\.|\.lock(?:/|$)|[/.]$)")


class ConfigError(ValueError):
    """The configuration is invalid; the message names the key and what is wrong."""


class UnknownBoard(KeyError):
    """No board has the id asked for; the message lists the ones there are."""

    def __str__(self) -> str:  # the message as written (a KeyError's would be quoted)
        return str(self.args[0])


def _blank_as_empty(value: Any) -> Any:
    """`filters:` or `companies:` written with nothing after it means none."""
    return {} if value is None else value


_RATE_HINT = (
    "expected 'rate(1 minute)', 'rate(N minutes)' (hour/hours, day/days) or 'cron(min hour day month weekday year)'"
)


def schedule_problem(schedule: Any) -> str | None:
    """Why the schedule expression cannot be used, or None when it is valid."""
    if not isinstance(schedule, str):
        return f"{_RATE_HINT}, got {schedule!r}"
    rate = _RATE.match(schedule)
    if rate:
        amount, unit = int(rate.group(1)), rate.group(2)
        if amount < 1:
            return f"the rate must be at least 1, got {schedule!r}"
        if (amount == 1) == unit.endswith("s"):
            right = unit.rstrip("s") if amount == 1 else unit + "s"
            return f"'{amount} {unit}' should read '{amount} {right}', got {schedule!r}"
        return None
    if not _CRON.match(schedule):
        return f"{_RATE_HINT}, got {schedule!r}"
    try:
        parse_cron(schedule)  # the dispatcher evaluates it: fail now, not at the first tick
    except ValueError as exc:
        return f"{exc} in {schedule!r}"
    return None


def _checked_schedule(value: Any) -> Any:
    found = schedule_problem(value)
    if found:
        raise problem(found)
    return value


Id = Annotated[str, StringConstraints(pattern=_ID.pattern), expect("lowercase letters, digits and '-' only")]
NonBlank = Annotated[str, valid_if(lambda v: bool(v.strip())), expect("must be a non-empty string")]
Strings = Annotated[
    tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...],
    expect("a list of non-empty strings"),
]
Schedule = Annotated[
    str,
    BeforeValidator(_checked_schedule),
    Field(
        description="rate(N minutes|hours|days) or cron(min hour day-of-month month day-of-week year), in UTC",
        json_schema_extra={"pattern": r"^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$"},
    ),
]
HttpUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s/]+"),
    expect("must be an http(s) URL"),
]


Slug = Annotated[str, StringConstraints(pattern=_SLUG.pattern)]


class Company(ConfigModel):
    """One company of a source's company list: its slug on the ATS and, optionally, its display name."""

    slug: Slug = Field(description="the company's slug as in the ATS's URL (letters, digits, '.', '_', '-'; up to 60)")
    name: NonBlank | None = Field(
        default=None,
        description="display name (fills the adapter's company setting where it has one; otherwise labels reports)",
    )


def _company(value: Any) -> Any:
    """A slug alone stands for {slug: <slug>}; the slug's mistake is the entry's."""
    if isinstance(value, Company):
        return value
    slug = value.get("slug") if isinstance(value, dict) else value
    if not isinstance(slug, str) or not _SLUG.match(slug.strip()):
        raise problem(f"a company slug (letters, digits, '.', '_', '-'; up to 60), got {slug!r}")
    return {**value, "slug": slug.strip()} if isinstance(value, dict) else {"slug": slug.strip()}


CompanyEntry = Annotated[Company, BeforeValidator(_company, json_schema_input_type=Slug | Company)]


def _company_list(value: Any) -> Any:
    if isinstance(value, tuple):  # read from companies_file
        return value
    if not isinstance(value, list) or not value:
        raise problem("a non-empty list of company slugs (or {slug, name} mappings)")
    return value


class SourceConfig(ConfigModel):
    """One configured source: its adapter type, settings, schedule and, for ATS types, companies.
    Each source type's entry is this plus the adapter's own settings (`settings_model`)."""

    id: Id = Field(
        description="your name for the source (lowercase letters, digits and '-'); boards list it in `sources`"
    )
    type: str = Field(description="the adapter")
    schedule: Schedule = "rate(6 hours)"
    base_url: HttpUrl | None = Field(
        default=None,
        description="replaces the service's host (a mirror, a proxy, a local stand-in); its terms are then not checked",
    )
    enabled: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=True, description="false: the source is not scraped"
    )
    verify: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=True, description="false: its postings' links are never checked by the link verifier"
    )
    companies: Annotated[
        tuple[CompanyEntry, ...], BeforeValidator(_company_list), Field(json_schema_extra={"minItems": 1})
    ] = Field(
        default=(),
        description="many companies of this ATS in one entry, each scraped on its own: slugs or {slug, name}",
    )
    companies_file: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = Field(
        default=None,
        description="a CSV file beside jobboard.yaml with a header line `slug,name` (name optional), one company a line",
    )
    _entry: str | None = PrivateAttr(None)  # for one company of a list: the id of the entry that lists it

    @property
    def entry(self) -> str | None:
        return self._entry

    @property
    def settings(self) -> dict[str, Any]:
        """The adapter's own settings as written (for a company's unit: its slug and name filled in)."""
        own = adapter_class(self.type).settings_model.model_fields
        return {k: getattr(self, k) for k in own if k in self.model_fields_set and getattr(self, k) is not None}

    @classmethod
    def unknown_key_hint(cls) -> str:
        own = sorted(set(cls.model_fields) - set(SourceConfig.model_fields))
        kind = get_args(cls.model_fields["type"].annotation)[0]
        return f"; {kind} takes: {', '.join(own)}" if own else f"; {kind} takes no settings"

    @model_validator(mode="before")
    @classmethod
    def _companies_from_file(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict) or "companies_file" not in data:
            return data
        if "companies" in data:
            raise problem("give either companies or companies_file, not both", "companies_file")
        if not adapter_class(data.get("type", "")).company_setting:
            return data  # refused, naming the key, after validation
        base_dir = (info.context or {}).get("base_dir") or Path(".")
        return {**data, "companies": _companies_file(data["companies_file"], base_dir)}

    @model_validator(mode="after")
    def _fits_the_adapter(self) -> SourceConfig:
        adapter = adapter_class(self.type)
        listed = "companies_file" if self.companies_file else "companies"
        if (self.companies or self.companies_file) and not adapter.company_setting:
            with_lists = [t for t in adapter_types() if adapter_class(t).company_setting]
            raise problem(f"{self.type} sources take no company list (types that do: {', '.join(with_lists)})", listed)
        seen: set[str] = set()
        for i, company in enumerate(self.companies):
            if company.slug in seen:
                if self.companies_file:
                    raise problem(
                        f"{self.companies_file} company {i + 1}: company {company.slug!r} is listed twice", listed
                    )
                raise problem(f"company {company.slug!r} is listed twice", "companies", i)
            seen.add(company.slug)
        slug_setting = adapter.company_setting
        if slug_setting and self.companies and getattr(self, slug_setting) is not None:
            raise problem(f"not with a company list (each company's slug fills {slug_setting})", slug_setting)
        if slug_setting and not self.companies and getattr(self, slug_setting) is None:
            meaning = adapter.settings_model.model_fields[slug_setting].description or ""
            raise problem(f"required by the {self.type} adapter ({meaning.split(';')[0]})", slug_setting)
        limit, interval = adapter.min_interval_minutes, self.interval_minutes
        if limit and self.enabled and interval is not None and interval < limit:
            raise problem(
                f"{self.schedule} is more often than {self.type}'s terms allow (at most every {limit} minutes)",
                "schedule",
            )
        if limit and self.enabled and interval is None:
            raise problem(f"{self.type} needs a rate() schedule so its request limit can be checked", "schedule")
        return self

    @field_validator("base_url")
    @classmethod
    def _without_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    def units(self) -> tuple[SourceConfig, ...]:
        """What is scraped for this entry: the entry itself, or one unit per listed company.

        A company's unit id is "<entry id>/<slug>": its postings are stored (and keyed) under it,
        so two companies' job ids never collide and each company is closed and reported alone.
        """
        if not self.companies:
            return (self,)
        adapter = adapter_class(self.type)
        slug_setting = adapter.company_setting
        assert slug_setting, "validation refuses a company list for an adapter without company_setting"
        name_setting = adapter.company_name_setting
        units = []
        for company in self.companies:
            filled = {
                slug_setting: company.slug,
                **({name_setting: company.name} if company.name and name_setting else {}),
            }
            unit = self.model_copy(update={"id": f"{self.id}/{company.slug}", "companies": (), **filled})
            unit._entry = self.id
            units.append(unit)
        return tuple(units)

    @property
    def interval_minutes(self) -> int | None:
        """Minutes between runs for rate() schedules; None for cron()."""
        return interval_minutes(self.schedule)


def _companies_file(value: Any, base_dir: Path) -> tuple[Company, ...]:
    if not isinstance(value, str) or not value.strip():
        raise problem("the name of a CSV file with a slug column (and optionally name)", "companies_file")
    path = base_dir / value
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise problem(f"cannot read {path} ({exc.strerror})", "companies_file") from None
    reader = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "slug" not in columns or not set(columns) <= {"slug", "name"}:
        raise problem(
            f"{value} needs a header line 'slug,name' (name optional), got {','.join(columns)!r}", "companies_file"
        )
    companies = []
    for n, row in enumerate(reader, start=1):
        fields = {k.strip(): (v or "").strip() or None for k, v in row.items() if k}
        try:
            companies.append(Company.model_validate(_company({k: v for k, v in fields.items() if v is not None})))
        except (ValidationError, ValueError) as exc:
            reason = messages(exc)[0] if isinstance(exc, ValidationError) else str(exc)
            raise problem(f"{value} company {n}: {reason}", "companies_file") from None
    if not companies:
        raise problem(f"{value} lists no companies", "companies_file")
    return tuple(companies)


def _source_entry(source_type: str) -> type[SourceConfig]:
    """A `sources` entry of one type: the common keys, the adapter's settings and its terms' defaults."""
    adapter = adapter_class(source_type)
    doc = (sys.modules[adapter.__module__].__doc__ or source_type).strip().split("\n")[0]
    fields: dict[str, Any] = {
        "type": (Literal[source_type], Field(description=doc)),
        "enabled": (
            Annotated[bool, Strict(), expect("must be true or false")],
            Field(
                not adapter.private_use_only,
                description="false: the source is not scraped"
                + ("; its terms allow private use only, so it is off unless true" if adapter.private_use_only else ""),
            ),
        ),
    }
    without = set() if adapter.company_setting else {"companies", "companies_file"}
    lists = adapter.company_setting

    def schema(entry: dict[str, Any]) -> None:
        for key in without:  # no company list for this type: editors do not offer one
            entry["properties"].pop(key, None)
        if lists:  # its company setting, or a company list
            entry["anyOf"] = [{"required": [lists]}, {"required": ["companies"]}, {"required": ["companies_file"]}]

    name = adapter.__name__.removesuffix("Adapter") + "Source"
    return create_model(
        name,
        __base__=(SourceConfig, adapter.settings_model),  # type: ignore[arg-type]
        __module__=__name__,
        __doc__=f"A source of type {source_type}: {doc}",
        __cls_kwargs__={"json_schema_extra": schema},
        **fields,
    )


if TYPE_CHECKING:
    SourceEntry = SourceConfig
else:
    SourceEntry = Annotated[
        Union[tuple(_source_entry(t) for t in adapter_types())],  # noqa: UP007 (a Union of a built tuple)
        Field(discriminator="type"),
        expect_shape((dict, SourceConfig), "must be a mapping with id and type"),
    ]


_CURRENCIES = sorted(currency.UNITS_PER_USD)  # module level: a field below is named currency


class SalaryFloor(ConfigModel):
    """A board's min_salary: it takes only postings whose stated annual pay reaches this amount."""

    amount: Annotated[float, Strict(), Gt(0), expect("a positive yearly amount")] = Field(
        description="yearly amount, compared with the midpoint of a posting's salary range"
    )
    currency: Annotated[str, Field(json_schema_extra={"enum": _CURRENCIES})] = Field(
        default="USD", description="ISO code; other currencies are compared through the dated rate table"
    )

    @field_validator("currency", mode="before")
    @classmethod
    def _known_currency(cls, code: Any) -> str:
        if not isinstance(code, str) or code.upper() not in currency.UNITS_PER_USD:
            raise problem(
                f"{code!r} is not in the rate table of {currency.RATES_AS_OF} "
                f"(known: {', '.join(sorted(currency.UNITS_PER_USD))})"
            )
        return code.upper()

    def admits(self, posting: Posting) -> bool:
        """A posting whose annual salary (its range's midpoint) reaches the floor, compared in USD
        through the dated rate table; one without a comparable salary does not."""
        pay = posting.salary
        if pay is None or pay.annual is None:
            return False
        annual, floor = currency.to_usd(pay.annual, pay.currency), currency.to_usd(self.amount, self.currency)
        return annual is not None and floor is not None and annual >= floor


_EMPLOYMENT_TYPES = (
    employment.FULL_TIME,
    employment.PART_TIME,
    employment.CONTRACT,
    employment.INTERNSHIP,
    employment.TEMPORARY,
    employment.FREELANCE,
)


@dataclass(frozen=True)
class Choices(GroupedMetadata):
    """`Annotated[Strings, Choices(allowed)]`: values from `allowed` (case ignored), stored lower-case."""

    allowed: tuple[str, ...]

    def __iter__(self) -> Iterator[Any]:
        yield AfterValidator(self.check)
        yield Field(json_schema_extra={"items": {"enum": list(self.allowed), "type": "string"}})

    def check(self, values: tuple[str, ...]) -> tuple[str, ...]:
        folded = tuple(v.lower() for v in values)
        for value in folded:
            if value not in self.allowed:
                raise problem(f"{value!r} is not one of {', '.join(self.allowed)}")
        return folded


_LEVELS = seniority.LEVELS  # module level: a field below is named seniority


def _skill_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """Skills as postings carry them (vocabulary ids), from an id, label or alias ("Node.js" -> nodejs)."""
    known = {}
    for skill_id, skill in reversed(skills.vocabulary().items()):  # the earlier entry wins a shared alias
        for name in (*skill.words, *skill.cased, skill.label, skill_id):
            known[name.lower()] = skill_id
    ids = []
    for value in values:
        if value.lower() not in known:
            raise problem(f"{value!r} is not a skill in normalise/skills.json")
        ids.append(known[value.lower()])
    return tuple(ids)


class CompanyFilter(ConfigModel):
    """Companies a board takes or leaves out, by whole name (case and spacing ignored)."""

    include: Strings = Field(default=(), description="only these companies")
    exclude: Strings = Field(default=(), description="never these companies")


class BoardFilters(ConfigModel):
    """Which postings a board takes (decided at scrape time) and how long it keeps them; a job
    must pass every filter that is set."""

    title_keywords: Strings = Field(default=(), description="any of these words in the title")
    exclude_keywords: Strings = Field(default=(), description="none of these words in the title")
    remote_only: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=False, description="only fully remote jobs"
    )
    locations: Strings = Field(default=(), description="location text (substring) or ISO country code, any of them")
    max_age_days: Annotated[int, WholeNumber(1, 365, "days")] = Field(
        default=30, description="jobs posted longer ago than this are removed"
    )
    terms: Strings = Field(
        default=(), description='internships for any of these seasons, e.g. "Summer 2025" (case and spacing ignored)'
    )
    min_salary: Annotated[
        SalaryFloor | None,
        expect_shape((dict, SalaryFloor, type(None)), "a mapping like {amount: 150000, currency: USD}"),
    ] = Field(
        default=None,
        description="the yearly midpoint of the listed range reaches this; a job without a salary is left out",
    )
    seniority: Annotated[Strings, Choices(_LEVELS)] = Field(
        default=(), description="any of these levels (from the source's level field, else the title)"
    )
    employment_types: Annotated[Strings, Choices(_EMPLOYMENT_TYPES)] = Field(
        default=(), description="any of these employment types"
    )
    skills: Annotated[Strings, AfterValidator(_skill_ids)] = Field(
        default=(), description="any of these recognised skills (id, label or alias from normalise/skills.json)"
    )
    companies: Annotated[
        CompanyFilter,
        expect_shape((dict, CompanyFilter), "a mapping with include and/or exclude lists of company names"),
        BeforeValidator(_blank_as_empty),  # outermost: runs first
    ] = Field(default=CompanyFilter(), description="companies to include and/or exclude, by whole name")
    show_closed_days: Annotated[int, WholeNumber(0, 30, "days")] = Field(
        default=0, description="list jobs closed in the last N days with 🔒 (0: they leave at once)"
    )  # closed postings are kept 30 days
    show_inactive: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=False,
        description="list what the source marks inactive (SimplifyJobs' active: false) with 🔒 and no apply link, "
        "as SimplifyJobs' own lists do, while max_age_days keeps it (false: left out)",
    )

    def accepts(self, posting: Posting, now: datetime) -> bool:
        if now - posting.posted_at > timedelta(days=self.max_age_days):
            return False
        if posting.inactive and not self.show_inactive:
            return False
        title = posting.title.lower()
        if self.title_keywords and not any(_has_word(title, k) for k in self.title_keywords):
            return False
        if any(_has_word(title, k) for k in self.exclude_keywords):
            return False
        if self.remote_only and posting.work_mode is not WorkMode.REMOTE:
            return False
        if self.locations:
            where = posting.location.lower()
            country = (posting.country or "").lower()
            if not any(loc.lower() in where or loc.lower() == country for loc in self.locations):
                return False
        if self.terms and not {_folded(t) for t in posting.terms} & {_folded(t) for t in self.terms}:
            return False
        if self.min_salary and not self.min_salary.admits(posting):
            return False
        if self.seniority and posting.seniority not in self.seniority:
            return False
        if self.employment_types and posting.employment_type not in self.employment_types:
            return False
        if self.skills and not set(posting.skills) & set(self.skills):
            return False
        company = _folded(posting.company)
        if self.companies.include and company not in {_folded(c) for c in self.companies.include}:
            return False
        return company not in {_folded(c) for c in self.companies.exclude}


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def _has_word(text: str, keyword: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(keyword.lower())}(?!\w)", text) is not None


def _is_repo(repo: str) -> bool:
    owner, _, name = repo.partition("/")
    return bool(_OWNER.match(owner) and _REPO_NAME.match(name)) and name not in (".", "..")


def _inside_repo(path: str) -> bool:
    parts = path.split("/")
    return path.endswith(".md") and all(
        part not in ("", ".", "..") and part.lower() != ".git" and not re.search(r"[\x00-\x1f\\]", part)
        for part in parts
    )


class GitHubTarget(ConfigModel):
    """Where a board is published: repository, branch and file."""

    repo: Annotated[str, valid_if(_is_repo), expect("expected owner/name as GitHub spells them")] = Field(
        description="owner/name of the board's repository"
    )
    branch: Annotated[
        str,
        valid_if(lambda b: bool(b) and b != "@" and not _BAD_BRANCH.search(b)),
        expect("not a branch name git accepts"),
    ] = Field(default="main", description="the branch committed to")
    path: Annotated[
        str,
        valid_if(_inside_repo),
        expect("expected a relative path to a .md file inside the repository (not under .git)"),
    ] = Field(
        default="README.md", description="the board's Markdown file; jobs.json, feed.xml and chart.svg go beside it"
    )

    @property
    def directory(self) -> str:
        """Folder of the board's README inside the repo ("" for the root); companions go beside it."""
        return self.path.rpartition("/")[0]


def _publish_interval(value: Any) -> timedelta:
    """'1 hour', '30 minutes', '0 minutes' (every publish tick): a rate()'s words, from 0 to 1 day
    (the daily publish comes whatever the interval)."""
    if isinstance(value, timedelta):
        return value
    hint = "a duration as in rate(), from '0 minutes' to '1 day' (e.g. '1 hour', '30 minutes')"
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise problem(f"{hint}, got {value!r}")
    amount, unit = int(match.group(1)), match.group(2)
    if amount != 0 and (amount == 1) == unit.endswith("s"):
        right = unit.rstrip("s") if amount == 1 else unit + "s"
        raise problem(f"'{amount} {unit}' should read '{amount} {right}', got {value!r}")
    interval = amount * _DURATION_UNITS[unit.rstrip("s")]
    if interval > timedelta(days=1):
        raise problem(f"{hint}, got {value!r} (longer than the daily publish)")
    return interval


_LABEL = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=50),
    expect("a GitHub label name (1 to 50 characters)"),
]


class Contributions(ConfigModel):
    """Readers' contributions through issue forms in the board's repository (issue 19)."""

    approved_label: _LABEL = Field(
        default="approved",
        description="the label a maintainer (write access or above) adds to apply an added or corrected job",
    )
    needs_fix_label: _LABEL = Field(default="needs-fix", description="the label of a form that cannot be applied")


def _contributions(value: Any) -> Any:
    """`contributions: true` turns them on with the defaults; false or nothing leaves them off."""
    if value is True:
        return {}
    if value is False or value is None:
        return None
    return value


class BoardConfig(ConfigModel):
    """One board: its sources, filters, theme and GitHub file."""

    id: Id = Field(
        description="the board's name (lowercase letters, digits and '-'), e.g. for `POST /boards/{id}/refresh`"
    )
    title: NonBlank = Field(description="the board's heading")
    github: Annotated[GitHubTarget, expect_shape((dict, GitHubTarget), "required mapping with repo, branch, path")] = (
        Field(description="where the board is published")
    )
    sources: Annotated[tuple[str, ...], MinLen(1), expect("a non-empty list of source ids")] = Field(
        description="ids of the sources whose jobs the board lists (a company list's entry id covers its companies)"
    )
    filters: Annotated[
        BoardFilters, expect_shape((dict, BoardFilters), "must be a mapping"), BeforeValidator(_blank_as_empty)
    ] = Field(default=BoardFilters(), description="which jobs the board takes; every filter is optional")
    theme: NonBlank = Field(
        default="default",
        description="jobr, awesome, default, simplify, or any themes/<name>.md.j2 beside jobboard.yaml",
    )
    description: Annotated[str, Strict(), expect("must be a string")] = Field(
        default="", description="a line under the title"
    )
    site: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=True,
        description="publish a search page for GitHub Pages beside the README (site/index.html reading jobs.json)",
    )
    max_drop_percent: Annotated[int, WholeNumber(0, 100)] = Field(
        default=50,
        description="a publish that would drop more than this share of the board's jobs at once is held back",
    )
    verify: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=True,
        description="false: the link verifier checks no posting for this board (postings another board shows "
        "are still checked) and its stats line leaves out the links checked",
    )
    contributions: Annotated[
        Contributions | None,
        expect_shape(
            (dict, Contributions, type(None)), "true, false, or a mapping with approved_label, needs_fix_label"
        ),
        BeforeValidator(_contributions, json_schema_input_type=bool | Contributions | None),
    ] = Field(
        default=None,
        description="readers add, correct and report jobs through issue forms the publisher writes to "
        ".github/ISSUE_TEMPLATE/ (true, or a mapping of labels); off when absent",
    )
    publish_interval: Annotated[
        timedelta,
        BeforeValidator(_publish_interval),
        WithJsonSchema({"type": "string", "pattern": r"^\d+ (minute|minutes|hour|hours|day|days)$"}),
    ] = Field(
        default=timedelta(hours=1),
        description="changes wait at least this long after the board's last commit, e.g. '1 hour', '30 minutes', "
        "'0 minutes' (every publish tick), up to '1 day'; a refresh or a forced publish goes at once",
        json_schema_extra={"default": "1 hour"},
    )


def _host(value: Any) -> Any:
    if not isinstance(value, str) or not re.match(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$", value):
        raise problem(f"a lowercase host name such as boards-api.greenhouse.io, got {value!r}")
    return value


Host = Annotated[str, BeforeValidator(_host)]


class VerifyConfig(ConfigModel):
    """The link verifier: every shown posting's apply link checked once per interval (issue 18)."""

    enabled: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=True, description="false: no link is checked (postings close only when their source drops them)"
    )
    interval_hours: Annotated[int, WholeNumber(6, 168, "hours")] = Field(
        default=24,
        description="each shown posting's link is checked once in this many hours, spread evenly over them; "
        "two 'closed' answers at least 6 hours apart close a posting",
    )
    host_overrides: Annotated[
        dict[Host, HttpUrl], expect_shape((dict,), "a mapping of host name to http(s) base URL")
    ] = Field(
        default_factory=dict,
        description="local testing: requests for a host go to this base URL instead (a recorded-page server)",
    )
    allow_loopback: Annotated[bool, Strict(), expect("must be true or false")] = Field(
        default=False,
        description="local testing only: let links reach loopback addresses (private, link-local and metadata "
        "addresses stay refused)",
    )

    @property
    def interval(self) -> timedelta:
        return timedelta(hours=self.interval_hours)


class Config(ConfigModel):
    """jobboard.yaml: the sources to scrape and the boards to publish."""

    sources: Annotated[tuple[SourceEntry, ...], expect_shape((list, tuple), "required list")] = Field(
        description="the sources, their settings and schedules"
    )
    boards: Annotated[tuple[BoardConfig, ...], expect_shape((list, tuple), "required list")] = Field(
        description="the boards, each published to a GitHub repository"
    )
    verify: Annotated[
        VerifyConfig, expect_shape((dict, VerifyConfig), "must be a mapping"), BeforeValidator(_blank_as_empty)
    ] = Field(
        default_factory=VerifyConfig, description="the link verifier: how often shown postings' links are checked"
    )

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        if not isinstance(data, (dict, Config)):
            raise problem("the top level must be a mapping with 'sources' and 'boards'")
        return data

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Config:
        _unique([s.id for s in self.sources], "sources")
        _unique([b.id for b in self.boards], "boards")
        known = {s.id for s in self.sources}
        targets: dict[tuple[str, str, str], str] = {}
        themes = (info.context or {}).get("themes") or theme_dirs()
        for i, board in enumerate(self.boards):
            for j, source_id in enumerate(board.sources):
                if source_id not in known:
                    raise problem(f"no source has id {source_id!r}", "boards", i, "sources", j)
            if not any((folder / f"{board.theme}{THEME_SUFFIX}").is_file() for folder in themes):
                raise problem(
                    f"no theme {board.theme!r} (available: {', '.join(theme_names(themes))})", "boards", i, "theme"
                )
            target = (board.github.repo.lower(), board.github.branch, board.github.path)  # GitHub ignores case
            if target in targets:
                raise problem(
                    f"{board.github.repo} {board.github.branch}:{board.github.path} "
                    f"is already board {targets[target]!r}'s file (they would overwrite each other)",
                    "boards",
                    i,
                    "github",
                )
            targets[target] = board.id
        return self

    @cached_property
    def units(self) -> tuple[SourceConfig, ...]:
        """Every scrape unit: sources as written, company lists expanded to one unit per company."""
        return tuple(unit for source in self.sources for unit in source.units())

    @property
    def enabled_units(self) -> tuple[SourceConfig, ...]:
        return tuple(u for u in self.units if u.enabled)

    @cached_property
    def sources_by_id(self) -> dict[str, SourceConfig]:
        return {**{u.id: u for u in self.units}, **{s.id: s for s in self.sources}}

    def source(self, source_id: str) -> SourceConfig:
        """A source entry by its id, or one company of a list by its unit id ("<entry>/<slug>")."""
        return self.sources_by_id[source_id]

    def board(self, board_id: str) -> BoardConfig:
        for board in self.boards:
            if board.id == board_id:
                return board
        raise UnknownBoard(f"no board {board_id!r}; boards: {', '.join(b.id for b in self.boards)}")

    def boards_fed_by(self, source_id: str) -> tuple[BoardConfig, ...]:
        """Boards that list the source (for a company of a list: that list's entry)."""
        found = self.sources_by_id.get(source_id)
        entry = found.entry if found and found.entry else source_id
        return tuple(b for b in self.boards if entry in b.sources)

    @property
    def enabled_sources(self) -> tuple[SourceConfig, ...]:
        return tuple(s for s in self.sources if s.enabled)


def _unique(ids: list[str], where: str) -> None:
    seen = set()
    for value in ids:
        if value in seen:
            raise problem(f"id {value!r} is used twice", where)
        seen.add(value)


def load_config(path: str | os.PathLike | None = None) -> Config:
    """The configuration at `path`, else the deployed ConfigSource (S3/SSM), else config_path()."""
    from jobboard.config_source import configured_source, read_source

    source = None if path else configured_source()
    target: str | Path = source or config_path(path)
    if source:
        text = read_source(source)
    else:
        try:
            text = Path(target).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{target}: cannot read the configuration ({exc.strerror})") from None
    data = _yaml(text, target)
    try:
        # A ConfigSource's relative names (companies_file, themes) are found beside the bundled config.
        local = config_path() if source else Path(target)
        return parse_config(data, base_dir=local.parent, themes=theme_dirs(local))
    except ConfigError as exc:  # each mistake on its own line, naming the file
        raise ConfigError("\n".join(f"{target}: {line}" for line in str(exc).splitlines())) from None


def _yaml(text: str, target: str | Path) -> Any:
    import yaml  # here, not at module level: handlers that never load a config skip its import

    try:
        # libyaml's loader where PyYAML has it (the wheels do): the pure-Python one is most of a load.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe loaders)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{target}: not valid YAML: {exc}") from None


def parse_config(data: Any, base_dir: Path | None = None, themes: tuple[Path, ...] | None = None) -> Config:
    """`base_dir`: where relative file names in the config (companies_file) are found; `themes`:
    folders holding <name>.md.j2 files (default: theme_dirs() of the current config)."""
    try:
        return Config.model_validate(data, context={"base_dir": base_dir, "themes": themes})
    except ValidationError as exc:
        raise ConfigError("\n".join(messages(exc))) from None


def parse_source(data: Any) -> SourceConfig:
    """One `sources` entry, validated alone (tests and tools build sources this way)."""
    try:
        return Config.model_validate({"sources": [data], "boards": []}).sources[0]
    except ValidationError as exc:
        raise ConfigError("\n".join(messages(exc))) from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of jobboard.yaml, from the models that validate it (jobboard.schema.json)."""
    schema = Config.model_json_schema()
    return {**schema, "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "jobboard.yaml"}
