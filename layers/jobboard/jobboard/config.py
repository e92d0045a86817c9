"""The jobboard.yaml file: sources and boards, validated at load with messages naming the key."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from jobboard.model import Posting, WorkMode
from jobboard.normalise import currency, employment, seniority, skills
from jobboard.schedule import interval_minutes, parse_cron

CONFIG_ENV = "JOBBOARD_CONFIG"
DEFAULT_CONFIG = "jobboard.yaml"
# Beside a bundled config, the build writes its data as JSON with the YAML text's digest
# (write_parsed_config): a cold start then reads JSON instead of importing a YAML parser (~9 ms).
PARSED_SUFFIX = ".parsed.json"
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
THEMES_ENV = "JOBBOARD_THEMES_DIR"
THEME_SUFFIX = ".md.j2"
BUILTIN_THEMES = Path(__file__).resolve().parent / "render" / "themes"


class ConfigError(ValueError):
    """The configuration is invalid; the message names the key and what is wrong."""


class UnknownBoard(KeyError):
    """No board has the id asked for; the message lists the ones there are."""

    def __str__(self) -> str:  # the message as written (a KeyError's would be quoted)
        return str(self.args[0])


@dataclass(frozen=True)
class Company:
    """One company of a source's company list: its slug on the ATS and, optionally, its display name."""

    slug: str
    name: str | None = None


@dataclass(frozen=True)
class SourceConfig:
    """One configured source: its adapter type, settings, schedule and, for ATS types, companies."""

    id: str
    type: str
    settings: dict[str, Any]
    schedule: str = "rate(6 hours)"
    base_url: str | None = None
    enabled: bool = True
    companies: tuple[Company, ...] = ()  # a company list: each company is scraped on its own
    entry: str | None = None  # for one company of a list: the id of the entry that lists it

    def units(self) -> tuple[SourceConfig, ...]:
        """What is scraped for this entry: the entry itself, or one unit per listed company.

        A company's unit id is "<entry id>/<slug>": its postings are stored (and keyed) under it,
        so two companies' job ids never collide and each company is closed and reported alone.
        """
        if not self.companies:
            return (self,)
        from jobboard.sources import declaration

        adapter = declaration(self.type)
        slug_setting = adapter.company_setting
        assert slug_setting, "parse_source refuses a company list for an adapter without company_setting"
        name_setting = adapter.company_name_setting or ""  # "": the adapter takes no display name
        return tuple(
            replace(
                self,
                id=f"{self.id}/{company.slug}",
                companies=(),
                entry=self.id,
                settings={
                    **self.settings,
                    slug_setting: company.slug,
                    **({name_setting: company.name} if company.name and name_setting else {}),
                },
            )
            for company in self.companies
        )

    @property
    def interval_minutes(self) -> int | None:
        """Minutes between runs for rate() schedules; None for cron()."""
        return interval_minutes(self.schedule)


@dataclass(frozen=True)
class SalaryFloor:
    """A board's min_salary: it takes only postings whose stated annual pay reaches this amount."""

    amount: float
    currency: str  # a key of normalise.currency.UNITS_PER_USD

    def admits(self, posting: Posting) -> bool:
        """A posting whose annual salary (its range's midpoint) reaches the floor, compared in USD
        through the dated rate table; one without a comparable salary does not."""
        pay = posting.salary
        if pay is None or pay.annual is None:
            return False
        annual, floor = currency.to_usd(pay.annual, pay.currency), currency.to_usd(self.amount, self.currency)
        return annual is not None and floor is not None and annual >= floor


@dataclass(frozen=True)
class BoardFilters:
    """Which postings a board takes (decided at scrape time) and how long it keeps them."""

    title_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    remote_only: bool = False
    locations: tuple[str, ...] = ()  # substrings of location text or ISO country codes
    max_age_days: int = 30
    terms: tuple[str, ...] = ()  # internship seasons, "Summer 2025" (case and spacing ignored)
    min_salary: SalaryFloor | None = None
    seniority: tuple[str, ...] = ()  # normalise.seniority.LEVELS
    employment_types: tuple[str, ...] = ()  # normalise.employment types
    skills: tuple[str, ...] = ()  # any of them (lower-case skill names)
    companies: tuple[str, ...] = ()  # only these companies (case and spacing ignored)
    exclude_companies: tuple[str, ...] = ()
    show_closed_days: int = 0  # closed jobs stay listed (🔒) this many days; 0: they leave at once

    def accepts(self, posting: Posting, now: datetime) -> bool:
        if now - posting.posted_at > timedelta(days=self.max_age_days):
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
        if self.companies and company not in {_folded(c) for c in self.companies}:
            return False
        return company not in {_folded(c) for c in self.exclude_companies}


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def _has_word(text: str, keyword: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(keyword.lower())}(?!\w)", text) is not None


@dataclass(frozen=True)
class GitHubTarget:
    """Where a board is published: repository, branch and file."""

    repo: str
    branch: str = "main"
    path: str = "README.md"

    @property
    def directory(self) -> str:
        """Folder of the board's README inside the repo ("" for the root); companions go beside it."""
        return self.path.rpartition("/")[0]


@dataclass(frozen=True)
class BoardConfig:
    """One board: its sources, filters, theme and GitHub file."""

    id: str
    title: str
    github: GitHubTarget
    sources: tuple[str, ...]
    filters: BoardFilters = field(default_factory=BoardFilters)
    theme: str = "default"
    description: str = ""
    # A publish that would drop more than this share of the board's jobs at once is held back.
    max_drop_percent: int = 50
    # Changes wait at least this long after the board's last commit (the refresh API and force do not).
    publish_interval: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class Config:
    """The whole configuration, validated: sources and boards."""

    sources: tuple[SourceConfig, ...]
    boards: tuple[BoardConfig, ...]

    @cached_property
    def units(self) -> tuple[SourceConfig, ...]:
        """Every scrape unit: sources as written, company lists expanded to one unit per company."""
        return tuple(unit for source in self.sources for unit in source.units())

    @property
    def enabled_units(self) -> tuple[SourceConfig, ...]:
        return tuple(u for u in self.units if u.enabled)

    @cached_property
    def _by_id(self) -> dict[str, SourceConfig]:
        return {**{u.id: u for u in self.units}, **{s.id: s for s in self.sources}}

    def source(self, source_id: str) -> SourceConfig:
        """A source entry by its id, or one company of a list by its unit id ("<entry>/<slug>")."""
        return self._by_id[source_id]

    def board(self, board_id: str) -> BoardConfig:
        for board in self.boards:
            if board.id == board_id:
                return board
        raise UnknownBoard(f"no board {board_id!r}; boards: {', '.join(b.id for b in self.boards)}")

    def boards_fed_by(self, source_id: str) -> tuple[BoardConfig, ...]:
        """Boards that list the source (for a company of a list: that list's entry)."""
        found = self._by_id.get(source_id)
        entry = found.entry if found and found.entry else source_id
        return tuple(b for b in self.boards if entry in b.sources)

    @property
    def enabled_sources(self) -> tuple[SourceConfig, ...]:
        return tuple(s for s in self.sources if s.enabled)


def config_path(explicit: str | os.PathLike | None = None) -> Path:
    """--config flag, else $JOBBOARD_CONFIG, else ./jobboard.yaml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


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
    data = _parsed(text, None if source else Path(f"{target}{PARSED_SUFFIX}"))
    if data is None:
        data = _yaml(text, target)
    try:
        # A ConfigSource's relative names (companies_file, themes) are found beside the bundled config.
        local = config_path() if source else Path(target)
        return parse_config(data, base_dir=local.parent, themes=theme_dirs(local))
    except ConfigError as exc:
        raise ConfigError(f"{target}: {exc}") from None


def _yaml(text: str, target: str | Path) -> Any:
    import yaml  # here, not at module level: handlers that never load a config skip its import

    try:
        # libyaml's loader where PyYAML has it (the wheels do): the pure-Python one is most of a load.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe loaders)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{target}: not valid YAML: {exc}") from None


def _parsed(text: str, parsed: Path | None) -> Any:
    """The data the build stored for exactly this text, else None (no file, or the text changed since)."""
    if parsed is None:
        return None
    try:
        stored = json.loads(parsed.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("yaml_sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        return None
    return stored.get("data")


def write_parsed_config(path: Path) -> bool:
    """Store the YAML config at `path` as JSON beside it (the build calls this); False, and nothing
    written, when its data is not plain JSON (YAML dates, non-string keys: those load from YAML)."""
    text = path.read_text(encoding="utf-8")
    data = _yaml(text, path)
    try:
        faithful = json.loads(json.dumps(data)) == data
    except (TypeError, ValueError):
        faithful = False
    if faithful:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        Path(f"{path}{PARSED_SUFFIX}").write_text(json.dumps({"yaml_sha256": digest, "data": data}), encoding="utf-8")
    return faithful


def parse_config(data: Any, base_dir: Path | None = None, themes: tuple[Path, ...] | None = None) -> Config:
    """`base_dir`: where relative file names in the config (companies_file) are found; `themes`:
    folders holding <name>.md.j2 files (default: theme_dirs() of the current config)."""
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping with 'sources' and 'boards'")
    _no_unknown_keys(data, {"sources", "boards"}, "")
    sources = tuple(
        _parse_source(item, f"sources[{i}]", base_dir or Path(".")) for i, item in enumerate(_list(data, "sources", ""))
    )
    _unique([s.id for s in sources], "sources")
    boards = tuple(_parse_board(item, f"boards[{i}]") for i, item in enumerate(_list(data, "boards", "")))
    _unique([b.id for b in boards], "boards")
    known = {s.id for s in sources}
    targets: dict[tuple[str, str, str], str] = {}
    themes = theme_dirs() if themes is None else themes
    for i, board in enumerate(boards):
        for j, source_id in enumerate(board.sources):
            if source_id not in known:
                raise ConfigError(f"boards[{i}].sources[{j}]: no source has id {source_id!r}")
        if not any((folder / f"{board.theme}{THEME_SUFFIX}").is_file() for folder in themes):
            raise ConfigError(
                f"boards[{i}].theme: no theme {board.theme!r} (available: {', '.join(theme_names(themes))})"
            )
        target = (board.github.repo.lower(), board.github.branch, board.github.path)  # GitHub ignores case in names
        if target in targets:
            raise ConfigError(
                f"boards[{i}].github: {board.github.repo} {board.github.branch}:{board.github.path} "
                f"is already board {targets[target]!r}'s file (they would overwrite each other)"
            )
        targets[target] = board.id
    return Config(sources=sources, boards=boards)


def theme_dirs(config_file: str | os.PathLike | None = None) -> tuple[Path, ...]:
    """Where themes are looked up: $JOBBOARD_THEMES_DIR, else themes/ beside the config; then the built-in ones."""
    override = os.environ.get(THEMES_ENV)
    user = Path(override) if override else config_path(config_file).resolve().parent / "themes"
    return (user.resolve(), BUILTIN_THEMES)


def theme_names(folders: tuple[Path, ...]) -> list[str]:
    return sorted(
        {p.name.removesuffix(THEME_SUFFIX) for d in folders if d.is_dir() for p in d.glob(f"*{THEME_SUFFIX}")}
    )


def _inside_repo(path: str) -> bool:
    parts = path.split("/")
    return all(
        part not in ("", ".", "..") and part.lower() != ".git" and not re.search(r"[\x00-\x1f\\]", part)
        for part in parts
    )


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


_SOURCE_KEYS = {"id", "type", "schedule", "base_url", "enabled", "companies", "companies_file"}


def _parse_source(item: Any, where: str, base_dir: Path) -> SourceConfig:
    from jobboard.sources import declaration

    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a mapping")
    source_id = _id(item, where)
    source_type = _str(item, "type", where)
    try:
        adapter = declaration(source_type)
    except KeyError as exc:
        raise ConfigError(f"{where}.type: {exc.args[0]}") from None
    settings = {k: v for k, v in item.items() if k not in _SOURCE_KEYS}
    allowed = set(adapter.required_settings) | set(adapter.optional_settings)
    for key in settings:
        if key not in allowed:
            hint = (
                f"; {source_type} takes: {', '.join(sorted(allowed))}"
                if allowed
                else f"; {source_type} takes no settings"
            )
            raise ConfigError(f"{where}.{key}: unknown key{hint}")
    companies = _parse_companies(item, where, adapter, base_dir)
    if companies and adapter.company_setting in settings:
        raise ConfigError(
            f"{where}.{adapter.company_setting}: not with a company list "
            f"(each company's slug fills {adapter.company_setting})"
        )
    for key, meaning in adapter.required_settings.items():
        if settings.get(key) in (None, "") and not (companies and key == adapter.company_setting):
            raise ConfigError(f"{where}.{key}: required by the {source_type} adapter ({meaning})")
    schedule = item.get("schedule", "rate(6 hours)")
    problem = schedule_problem(schedule)
    if problem:
        raise ConfigError(f"{where}.schedule: {problem}")
    base_url = item.get("base_url")
    if base_url is not None and (not isinstance(base_url, str) or not re.match(r"^https?://[^\s/]+", base_url)):
        raise ConfigError(f"{where}.base_url: must be an http(s) URL, got {base_url!r}")
    enabled = item.get("enabled", not adapter.private_use_only)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where}.enabled: must be true or false")
    source = SourceConfig(
        id=source_id,
        type=source_type,
        settings=settings,
        schedule=schedule,
        base_url=base_url.rstrip("/") if base_url else None,
        enabled=enabled,
        companies=companies,
    )
    interval = source.interval_minutes
    if adapter.min_interval_minutes and enabled and interval is not None and interval < adapter.min_interval_minutes:
        raise ConfigError(
            f"{where}.schedule: {schedule} is more often than {source_type}'s terms allow "
            f"(at most every {adapter.min_interval_minutes} minutes)"
        )
    if adapter.min_interval_minutes and enabled and interval is None:
        raise ConfigError(
            f"{where}.schedule: {source_type} needs a rate() schedule so its request limit can be checked"
        )
    return source


def _parse_companies(item: dict, where: str, adapter, base_dir: Path) -> tuple[Company, ...]:
    """`companies: [slug | {slug, name}, ...]` or `companies_file: <csv with slug,name columns>`."""
    if "companies" not in item and "companies_file" not in item:
        return ()
    if adapter.company_setting is None:
        from jobboard.sources import adapter_types, declaration

        with_lists = [t for t in adapter_types() if declaration(t).company_setting]
        key = "companies" if "companies" in item else "companies_file"
        raise ConfigError(
            f"{where}.{key}: {item['type']} sources take no company list (types that do: {', '.join(with_lists)})"
        )
    if "companies" in item and "companies_file" in item:
        raise ConfigError(f"{where}.companies_file: give either companies or companies_file, not both")
    if "companies" in item:
        listed = item["companies"]
        if not isinstance(listed, list) or not listed:
            raise ConfigError(f"{where}.companies: a non-empty list of company slugs (or {{slug, name}} mappings)")
        rows = [(f"{where}.companies[{i}]", entry) for i, entry in enumerate(listed)]
    else:
        rows = _companies_file(item["companies_file"], f"{where}.companies_file", base_dir)
    companies: list[Company] = []
    seen: set[str] = set()
    for place, entry in rows:
        if isinstance(entry, dict):
            _no_unknown_keys(entry, {"slug", "name"}, place)
            slug, name = entry.get("slug"), entry.get("name")
        else:
            slug, name = entry, None
        if not isinstance(slug, str) or not _SLUG.match(slug.strip()):
            raise ConfigError(f"{place}: a company slug (letters, digits, '.', '_', '-'; up to 60), got {slug!r}")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ConfigError(f"{place}.name: must be a non-empty string, got {name!r}")
        slug = slug.strip()
        if slug in seen:
            raise ConfigError(f"{place}: company {slug!r} is listed twice")
        seen.add(slug)
        companies.append(Company(slug, name.strip() if name else None))
    return tuple(companies)


def _companies_file(value: Any, where: str, base_dir: Path) -> list[tuple[str, dict]]:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: the name of a CSV file with a slug column (and optionally name)")
    path = base_dir / value
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read {path} ({exc.strerror})") from None
    reader = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "slug" not in columns or not set(columns) <= {"slug", "name"}:
        raise ConfigError(
            f"{where}: {value} needs a header line 'slug,name' (name optional), got {','.join(columns)!r}"
        )
    rows = [
        (f"{where}: {value} company {n}", {k.strip(): (v or "").strip() or None for k, v in row.items() if k})
        for n, row in enumerate(reader, start=1)
    ]
    if not rows:
        raise ConfigError(f"{where}: {value} lists no companies")
    return rows


def _parse_board(item: Any, where: str) -> BoardConfig:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a mapping")
    _no_unknown_keys(
        item,
        {"id", "title", "description", "github", "sources", "filters", "theme", "max_drop_percent", "publish_interval"},
        where,
    )
    github = item.get("github")
    if not isinstance(github, dict):
        raise ConfigError(f"{where}.github: required mapping with repo, branch, path")
    _no_unknown_keys(github, {"repo", "branch", "path"}, f"{where}.github")
    repo = _str(github, "repo", f"{where}.github")
    owner, _, name = repo.partition("/")
    if not _OWNER.match(owner) or not _REPO_NAME.match(name) or name in (".", ".."):
        raise ConfigError(f"{where}.github.repo: expected owner/name as GitHub spells them, got {repo!r}")
    branch = _str(github, "branch", f"{where}.github", "main")
    if not branch or _BAD_BRANCH.search(branch) or branch == "@":
        raise ConfigError(f"{where}.github.branch: not a branch name git accepts, got {branch!r}")
    path = github.get("path", "README.md")
    if not isinstance(path, str) or not path.endswith(".md") or not _inside_repo(path):
        raise ConfigError(
            f"{where}.github.path: expected a relative path to a .md file inside the repository "
            f"(not under .git), got {path!r}"
        )
    target = GitHubTarget(repo=repo, branch=branch, path=path)
    sources = _list(item, "sources", where)
    if not sources or not all(isinstance(s, str) for s in sources):
        raise ConfigError(f"{where}.sources: a non-empty list of source ids")
    return BoardConfig(
        id=_id(item, where),
        title=_str(item, "title", where),
        description=_str(item, "description", where, ""),
        github=target,
        sources=tuple(sources),
        filters=_parse_filters(item.get("filters") or {}, f"{where}.filters"),
        theme=_str(item, "theme", where, "default"),
        max_drop_percent=_percent(item, "max_drop_percent", where, 50),
        publish_interval=_publish_interval(item.get("publish_interval", "1 hour"), f"{where}.publish_interval"),
    )


def _publish_interval(value: Any, where: str) -> timedelta:
    """'1 hour', '30 minutes', '0 minutes' (every publish tick): a rate()'s words, from 0 to 1 day
    (the daily publish comes whatever the interval)."""
    hint = "a duration as in rate(), from '0 minutes' to '1 day' (e.g. '1 hour', '30 minutes')"
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise ConfigError(f"{where}: {hint}, got {value!r}")
    amount, unit = int(match.group(1)), match.group(2)
    if amount != 0 and (amount == 1) == unit.endswith("s"):
        right = unit.rstrip("s") if amount == 1 else unit + "s"
        raise ConfigError(f"{where}: '{amount} {unit}' should read '{amount} {right}', got {value!r}")
    interval = amount * _DURATION_UNITS[unit.rstrip("s")]
    if interval > timedelta(days=1):
        raise ConfigError(f"{where}: {hint}, got {value!r} (longer than the daily publish)")
    return interval


def _percent(data: dict, key: str, where: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ConfigError(f"{where}.{key}: a whole number from 0 to 100, got {value!r}")
    return value


_FILTER_KEYS = {
    "title_keywords",
    "exclude_keywords",
    "remote_only",
    "locations",
    "max_age_days",
    "terms",
    "min_salary",
    "seniority",
    "employment_types",
    "skills",
    "companies",
    "show_closed_days",
}
_EMPLOYMENT_TYPES = (
    employment.FULL_TIME,
    employment.PART_TIME,
    employment.CONTRACT,
    employment.INTERNSHIP,
    employment.TEMPORARY,
    employment.FREELANCE,
)


def _parse_filters(data: Any, where: str) -> BoardFilters:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping")
    _no_unknown_keys(data, _FILTER_KEYS, where)
    max_age = data.get("max_age_days", 30)
    if isinstance(max_age, bool) or not isinstance(max_age, int) or not 1 <= max_age <= 365:
        raise ConfigError(f"{where}.max_age_days: a whole number of days from 1 to 365, got {max_age!r}")
    remote_only = data.get("remote_only", False)
    if not isinstance(remote_only, bool):
        raise ConfigError(f"{where}.remote_only: must be true or false")
    show_closed = data.get("show_closed_days", 0)
    if isinstance(show_closed, bool) or not isinstance(show_closed, int) or not 0 <= show_closed <= 30:
        # closed postings are kept 30 days (store/postings.py RETENTION)
        raise ConfigError(f"{where}.show_closed_days: a whole number of days from 0 to 30, got {show_closed!r}")
    companies = data.get("companies") or {}
    if not isinstance(companies, dict):
        raise ConfigError(f"{where}.companies: a mapping with include and/or exclude lists of company names")
    _no_unknown_keys(companies, {"include", "exclude"}, f"{where}.companies")
    return BoardFilters(
        title_keywords=_strings(data, "title_keywords", where),
        exclude_keywords=_strings(data, "exclude_keywords", where),
        remote_only=remote_only,
        locations=_strings(data, "locations", where),
        max_age_days=max_age,
        terms=_strings(data, "terms", where),
        min_salary=_salary_floor(data.get("min_salary"), f"{where}.min_salary"),
        seniority=_choices(data, "seniority", where, seniority.LEVELS),
        employment_types=_choices(data, "employment_types", where, _EMPLOYMENT_TYPES),
        skills=_skill_ids(data, "skills", where),
        companies=_strings(companies, "include", f"{where}.companies"),
        exclude_companies=_strings(companies, "exclude", f"{where}.companies"),
        show_closed_days=show_closed,
    )


def _salary_floor(value: Any, where: str) -> SalaryFloor | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: a mapping like {{amount: 150000, currency: USD}}")
    _no_unknown_keys(value, {"amount", "currency"}, where)
    amount = value.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not amount > 0:
        raise ConfigError(f"{where}.amount: a positive yearly amount, got {amount!r}")
    code = value.get("currency", "USD")
    if not isinstance(code, str) or code.upper() not in currency.UNITS_PER_USD:
        raise ConfigError(
            f"{where}.currency: {code!r} is not in the rate table of {currency.RATES_AS_OF} "
            f"(known: {', '.join(sorted(currency.UNITS_PER_USD))})"
        )
    return SalaryFloor(amount=float(amount), currency=code.upper())


def _skill_ids(data: dict, key: str, where: str) -> tuple[str, ...]:
    """Skills as postings carry them (vocabulary ids), from an id, label or alias ("Node.js" -> nodejs)."""
    known = {}
    for skill_id, skill in reversed(skills.vocabulary().items()):  # the earlier entry wins a shared alias
        for name in (*skill.words, *skill.cased, skill.label, skill_id):
            known[name.lower()] = skill_id
    ids = []
    for value in _strings(data, key, where):
        if value.lower() not in known:
            raise ConfigError(f"{where}.{key}: {value!r} is not a skill in normalise/skills.json")
        ids.append(known[value.lower()])
    return tuple(ids)


def _choices(data: dict, key: str, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = tuple(v.lower() for v in _strings(data, key, where))
    for value in values:
        if value not in allowed:
            raise ConfigError(f"{where}.{key}: {value!r} is not one of {', '.join(allowed)}")
    return values


def _no_unknown_keys(data: dict, allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            prefix = f"{where}." if where else ""
            raise ConfigError(f"{prefix}{key}: unknown key (expected one of: {', '.join(sorted(allowed))})")


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key)
    prefix = f"{where}." if where else ""
    if not isinstance(value, list):
        raise ConfigError(f"{prefix}{key}: required list")
    return value


def _strings(data: dict, key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}.{key}: a list of non-empty strings")
    return tuple(v.strip() for v in value)


_MISSING = object()


def _str(data: dict, key: str, where: str, default: Any = _MISSING) -> str:
    value = data.get(key, default)
    if value is _MISSING:
        raise ConfigError(f"{where}.{key}: required")
    if not isinstance(value, str) or (default is _MISSING and not value.strip()):
        raise ConfigError(f"{where}.{key}: must be a non-empty string, got {value!r}")
    return value


def _id(data: dict, where: str) -> str:
    value = _str(data, "id", where)
    if not _ID.match(value):
        raise ConfigError(f"{where}.id: lowercase letters, digits and '-' only, got {value!r}")
    return value


def _unique(ids: list[str], where: str) -> None:
    seen = set()
    for value in ids:
        if value in seen:
            raise ConfigError(f"{where}: id {value!r} is used twice")
        seen.add(value)
