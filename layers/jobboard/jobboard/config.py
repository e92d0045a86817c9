"""The jobboard.yaml file: sources and boards, validated at load with messages naming the key."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from jobboard.model import Posting, WorkMode

CONFIG_ENV = "JOBBOARD_CONFIG"
DEFAULT_CONFIG = "jobboard.yaml"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# GitHub's rules: an owner is 1-39 letters, digits and single inner hyphens; a repository name
# is up to 100 of letters, digits, '.', '_', '-' (but not "." or "..").
_OWNER = re.compile(r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$")
_REPO_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.*)\)$")
# Branch names as `git check-ref-format --branch` accepts them (what GitHub accepts).
_BAD_BRANCH = re.compile(r"(?:^[-/.]|\.\.|//|@\{|[\x00-\x20\x7f~^:?*\[\\]|/\.|\.lock(?:/|$)|[/.]$)")
THEMES_ENV = "JOBBOARD_THEMES_DIR"
THEME_SUFFIX = ".md.j2"
BUILTIN_THEMES = Path(__file__).resolve().parent / "render" / "themes"


class ConfigError(ValueError):
    """The configuration is invalid; the message names the key and what is wrong."""


@dataclass(frozen=True)
class SourceConfig:
    id: str
    type: str
    settings: dict[str, Any]
    schedule: str = "rate(6 hours)"
    base_url: str | None = None
    enabled: bool = True

    @property
    def interval_minutes(self) -> int | None:
        """Minutes between runs for rate() schedules; None for cron()."""
        match = _RATE.match(self.schedule)
        if not match:
            return None
        amount, unit = int(match.group(1)), match.group(2)
        return amount * {"minute": 1, "hour": 60, "day": 1440}[unit.rstrip("s")]


@dataclass(frozen=True)
class BoardFilters:
    title_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    remote_only: bool = False
    locations: tuple[str, ...] = ()  # substrings of location text or ISO country codes
    max_age_days: int = 30

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
        return True


def _has_word(text: str, keyword: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(keyword.lower())}(?!\w)", text) is not None


@dataclass(frozen=True)
class GitHubTarget:
    repo: str
    branch: str = "main"
    path: str = "README.md"

    @property
    def directory(self) -> str:
        """Folder of the board's README inside the repo ("" for the root); companions go beside it."""
        return self.path.rpartition("/")[0]


@dataclass(frozen=True)
class BoardConfig:
    id: str
    title: str
    github: GitHubTarget
    sources: tuple[str, ...]
    filters: BoardFilters = field(default_factory=BoardFilters)
    theme: str = "default"
    description: str = ""
    # A publish that would drop more than this share of the board's jobs at once is held back.
    max_drop_percent: int = 50


@dataclass(frozen=True)
class Config:
    sources: tuple[SourceConfig, ...]
    boards: tuple[BoardConfig, ...]

    def source(self, source_id: str) -> SourceConfig:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def board(self, board_id: str) -> BoardConfig:
        for board in self.boards:
            if board.id == board_id:
                return board
        raise KeyError(board_id)

    def boards_fed_by(self, source_id: str) -> tuple[BoardConfig, ...]:
        return tuple(b for b in self.boards if source_id in b.sources)

    @property
    def enabled_sources(self) -> tuple[SourceConfig, ...]:
        return tuple(s for s in self.sources if s.enabled)


def config_path(explicit: str | os.PathLike | None = None) -> Path:
    """--config flag, else $JOBBOARD_CONFIG, else ./jobboard.yaml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(path: str | os.PathLike | None = None) -> Config:
    target = config_path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{target}: cannot read the configuration ({exc.strerror})") from None
    import yaml  # here, not at module level: handlers that never load a config skip its import

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{target}: not valid YAML: {exc}") from None
    try:
        return parse_config(data, theme_dirs(target))
    except ConfigError as exc:
        raise ConfigError(f"{target}: {exc}") from None


def parse_config(data: Any, themes: tuple[Path, ...] | None = None) -> Config:
    """`themes`: folders holding <name>.md.j2 files (default: theme_dirs() of the current config)."""
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping with 'sources' and 'boards'")
    _no_unknown_keys(data, {"sources", "boards"}, "")
    sources = tuple(_parse_source(item, f"sources[{i}]") for i, item in enumerate(_list(data, "sources", "")))
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
            raise ConfigError(f"boards[{i}].theme: no theme {board.theme!r} (available: {', '.join(theme_names(themes))})")
        target = (board.github.repo.lower(), board.github.branch, board.github.path)  # GitHub ignores case in names
        if target in targets:
            raise ConfigError(f"boards[{i}].github: {board.github.repo} {board.github.branch}:{board.github.path} "
                              f"is already board {targets[target]!r}'s file (they would overwrite each other)")
        targets[target] = board.id
    return Config(sources=sources, boards=boards)


def theme_dirs(config_file: str | os.PathLike | None = None) -> tuple[Path, ...]:
    """Where themes are looked up: $JOBBOARD_THEMES_DIR, else themes/ beside the config; then the built-in ones."""
    override = os.environ.get(THEMES_ENV)
    user = Path(override) if override else config_path(config_file).resolve().parent / "themes"
    return (user.resolve(), BUILTIN_THEMES)


def theme_names(folders: tuple[Path, ...]) -> list[str]:
    return sorted({p.name.removesuffix(THEME_SUFFIX) for d in folders if d.is_dir() for p in d.glob(f"*{THEME_SUFFIX}")})


def _inside_repo(path: str) -> bool:
    parts = path.split("/")
    return all(part not in ("", ".", "..") and part.lower() != ".git" and not re.search(r"[\x00-\x1f\\]", part)
               for part in parts)


_RATE_HINT = "expected 'rate(1 minute)', 'rate(N minutes)' (hour/hours, day/days) or 'cron(min hour day month weekday year)'"
_MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
_WEEKDAYS = {d: i + 1 for i, d in enumerate("SUN MON TUE WED THU FRI SAT".split())}
# EventBridge cron fields: (name, lowest, highest, names)
_CRON_FIELDS = (("minutes", 0, 59, {}), ("hours", 0, 23, {}), ("day-of-month", 1, 31, {}),
                ("month", 1, 12, _MONTHS), ("day-of-week", 1, 7, _WEEKDAYS), ("year", 1970, 2199, {}))


def schedule_problem(schedule: Any) -> str | None:
    """Why EventBridge would refuse the schedule expression, or None when it is valid."""
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
    cron = _CRON.match(schedule)
    if not cron:
        return f"{_RATE_HINT}, got {schedule!r}"
    fields = cron.group(1).split(" ")
    if len(fields) != 6:
        return f"cron() takes six fields (minutes hours day-of-month month day-of-week year), got {len(fields)} in {schedule!r}"
    for value, (name, low, high, names) in zip(fields, _CRON_FIELDS):
        if not _cron_field_ok(value, name, low, high, names):
            return f"cron() {name} field {value!r} is not valid (values {low}-{high}), in {schedule!r}"
    if (fields[2] == "?") == (fields[4] == "?"):
        return f"cron() needs '?' in exactly one of day-of-month and day-of-week, got {schedule!r}"
    return None


def _cron_field_ok(value: str, name: str, low: int, high: int, names: dict[str, int]) -> bool:
    if value == "?":
        return name in ("day-of-month", "day-of-week")
    if name == "day-of-month" and (value in ("L", "LW") or re.fullmatch(r"\d{1,2}W", value)):
        return value[:1] == "L" or low <= int(value[:-1]) <= high
    if name == "day-of-week" and re.fullmatch(r"[1-7]#[1-5]|[1-7]L|L", value.upper()):
        return True

    def number(text: str) -> int | None:
        text = text.upper()
        if text in names:
            return names[text]
        return int(text) if text.isdigit() and low <= int(text) <= high else None

    for part in value.split(","):
        span, _, step = part.partition("/")
        if step and (not step.isdigit() or int(step) < 1):
            return False
        if span == "*":
            continue
        first, _, last = span.partition("-")
        if number(first) is None or (last and number(last) is None):
            return False
    return True


_SOURCE_KEYS = {"id", "type", "schedule", "base_url", "enabled"}


def _parse_source(item: Any, where: str) -> SourceConfig:
    from jobboard.sources import adapter_class

    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a mapping")
    source_id = _id(item, where)
    source_type = _str(item, "type", where)
    try:
        adapter = adapter_class(source_type)
    except KeyError as exc:
        raise ConfigError(f"{where}.type: {exc.args[0]}") from None
    settings = {k: v for k, v in item.items() if k not in _SOURCE_KEYS}
    allowed = set(adapter.required_settings) | set(adapter.optional_settings)
    for key in settings:
        if key not in allowed:
            hint = f"; {source_type} takes: {', '.join(sorted(allowed))}" if allowed else f"; {source_type} takes no settings"
            raise ConfigError(f"{where}.{key}: unknown key{hint}")
    for key, meaning in adapter.required_settings.items():
        if settings.get(key) in (None, ""):
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
        id=source_id, type=source_type, settings=settings, schedule=schedule,
        base_url=base_url.rstrip("/") if base_url else None, enabled=enabled,
    )
    interval = source.interval_minutes
    if adapter.min_interval_minutes and enabled and interval is not None and interval < adapter.min_interval_minutes:
        raise ConfigError(
            f"{where}.schedule: {schedule} is more often than {source_type}'s terms allow "
            f"(at most every {adapter.min_interval_minutes} minutes)"
        )
    if adapter.min_interval_minutes and enabled and interval is None:
        raise ConfigError(f"{where}.schedule: {source_type} needs a rate() schedule so its request limit can be checked")
    return source


def _parse_board(item: Any, where: str) -> BoardConfig:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a mapping")
    _no_unknown_keys(item, {"id", "title", "description", "github", "sources", "filters", "theme", "max_drop_percent"}, where)
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
        raise ConfigError(f"{where}.github.path: expected a relative path to a .md file inside the repository "
                          f"(not under .git), got {path!r}")
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
    )


def _percent(data: dict, key: str, where: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ConfigError(f"{where}.{key}: a whole number from 0 to 100, got {value!r}")
    return value


def _parse_filters(data: Any, where: str) -> BoardFilters:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping")
    _no_unknown_keys(data, {"title_keywords", "exclude_keywords", "remote_only", "locations", "max_age_days"}, where)
    max_age = data.get("max_age_days", 30)
    if isinstance(max_age, bool) or not isinstance(max_age, int) or not 1 <= max_age <= 365:
        raise ConfigError(f"{where}.max_age_days: a whole number of days from 1 to 365, got {max_age!r}")
    remote_only = data.get("remote_only", False)
    if not isinstance(remote_only, bool):
        raise ConfigError(f"{where}.remote_only: must be true or false")
    return BoardFilters(
        title_keywords=_strings(data, "title_keywords", where),
        exclude_keywords=_strings(data, "exclude_keywords", where),
        remote_only=remote_only,
        locations=_strings(data, "locations", where),
        max_age_days=max_age,
    )


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
