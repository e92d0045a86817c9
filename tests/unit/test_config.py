"""jobboard.yaml: every mistake fails at load with the key named and what is wrong."""

from __future__ import annotations

import copy
from datetime import timedelta
from pathlib import Path

import pytest

from jobboard.config import ConfigError, load_config, parse_config

REPO = Path(__file__).resolve().parents[2]
VALID = {
    "sources": [
        {"id": "acme", "type": "greenhouse", "board": "acme", "schedule": "rate(6 hours)"},
        {"id": "remotive", "type": "remotive", "schedule": "rate(12 hours)"},
    ],
    "boards": [
        {
            "id": "backend",
            "title": "Backend",
            "github": {"repo": "o/backend"},
            "sources": ["acme", "remotive"],
            "filters": {"title_keywords": ["backend"], "max_age_days": 15},
        }
    ],
}


def with_change(path: str, value):
    data = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


def test_the_shipped_configuration_loads():
    config = load_config(REPO / "jobboard.yaml")
    assert len(config.boards) >= 3 and len({b.theme for b in config.boards}) >= 3
    assert not config.source("weworkremotely-backend").enabled  # terms: private use only


def test_a_valid_configuration_parses_with_defaults():
    config = parse_config(VALID)
    board = config.board("backend")
    assert (board.github.branch, board.github.path, board.theme, board.max_drop_percent) == (
        "main",
        "README.md",
        "default",
        50,
    )
    assert config.source("acme").settings == {"board": "acme"}
    assert config.source("acme").interval_minutes == 360
    assert board.publish_interval == timedelta(hours=1)


@pytest.mark.parametrize(
    ("written", "interval"),
    [
        ("30 minutes", timedelta(minutes=30)),
        ("1 hour", timedelta(hours=1)),
        ("1 day", timedelta(days=1)),
        ("0 minutes", timedelta(0)),
    ],
)
def test_a_board_publish_interval_reads_like_a_rate(written, interval):
    data = copy.deepcopy(VALID)
    data["boards"][0]["publish_interval"] = written
    assert parse_config(data).board("backend").publish_interval == interval


def test_board_filters_parse():
    config = parse_config(
        with_change(
            "boards.0.filters",
            {
                "terms": ["Summer 2025"],
                "min_salary": {"amount": 150000, "currency": "usd"},
                "seniority": ["Senior", "staff"],
                "employment_types": ["internship", "full-time"],
                "skills": ["Python", "Node.js"],
                "companies": {"include": ["Acme"], "exclude": ["Evil Corp"]},
            },
        )
    )
    filters = config.board("backend").filters
    assert filters.terms == ("Summer 2025",) and filters.seniority == ("senior", "staff")
    assert (filters.min_salary.amount, filters.min_salary.currency) == (150000, "USD")
    assert filters.employment_types == ("internship", "full-time") and filters.skills == ("python", "nodejs")
    assert (filters.companies.include, filters.companies.exclude) == (("Acme",), ("Evil Corp",))


@pytest.mark.parametrize(
    "path, value, message",
    [
        ("sources.0.type", "workday", "sources[0].type: unknown source type 'workday'"),
        ("sources.0.board", KeyError, "sources[0].board: required by the greenhouse adapter"),
        ("sources.0.site", "x", "sources[0].site: unknown key; greenhouse takes: board, company"),
        ("sources.0.schedule", "every day", "sources[0].schedule: expected 'rate(1 minute)', 'rate(N minutes)'"),
        ("sources.0.base_url", "ftp://mirror", "sources[0].base_url: must be an http(s) URL"),
        (
            "sources.1.schedule",
            "rate(1 hour)",
            "sources[1].schedule: rate(1 hour) is more often than remotive's terms allow",
        ),
        ("sources.1.id", "acme", "sources: id 'acme' is used twice"),
        ("sources.0.id", "Acme Jobs", "sources[0].id: lowercase letters, digits and '-' only"),
        ("boards.0.github.repo", "just-a-name", "boards[0].github.repo: expected owner/name"),
        ("boards.0.github.path", "../README.md", "boards[0].github.path: expected a relative path to a .md file"),
        ("boards.0.sources", ["nope"], "boards[0].sources[0]: no source has id 'nope'"),
        ("boards.0.filters.max_age_days", 0, "boards[0].filters.max_age_days: a whole number of days from 1 to 365"),
        ("boards.0.filters.remote_only", "yes", "boards[0].filters.remote_only: must be true or false"),
        ("boards.0.filters.title_keyword", ["x"], "boards[0].filters.title_keyword: unknown key"),
        ("boards.0.max_drop_percent", 150, "boards[0].max_drop_percent: a whole number from 0 to 100"),
        ("boards.0.publish_interval", "hourly", "boards[0].publish_interval: a duration as in rate(), from"),
        ("boards.0.publish_interval", 60, "boards[0].publish_interval: a duration as in rate(), from"),
        ("boards.0.publish_interval", "2 hour", "boards[0].publish_interval: '2 hour' should read '2 hours'"),
        ("boards.0.publish_interval", "2 days", "boards[0].publish_interval: a duration as in rate(), from"),
        ("boards.0.title", KeyError, "boards[0].title: required"),
        ("boards.0.filters.min_salary", 150000, "boards[0].filters.min_salary: a mapping like {amount: 150000"),
        (
            "boards.0.filters.min_salary",
            {"amount": -5},
            "boards[0].filters.min_salary.amount: a positive yearly amount",
        ),
        (
            "boards.0.filters.min_salary",
            {"amount": 1, "currency": "XBT"},
            "boards[0].filters.min_salary.currency: 'XBT' is not in the rate table of 2025-01-02",
        ),
        ("boards.0.filters.min_salary", {"amount": 1, "per": "year"}, "boards[0].filters.min_salary.per: unknown key"),
        (
            "boards.0.filters.seniority",
            ["senior", "ninja"],
            "boards[0].filters.seniority: 'ninja' is not one of intern",
        ),
        (
            "boards.0.filters.employment_types",
            ["full time"],
            "boards[0].filters.employment_types: 'full time' is not one of full-time",
        ),
        ("boards.0.filters.skills", "python", "boards[0].filters.skills: a list of non-empty strings"),
        ("boards.0.filters.skills", ["pyhton"], "boards[0].filters.skills: 'pyhton' is not a skill"),
        ("boards.0.filters.terms", [""], "boards[0].filters.terms: a list of non-empty strings"),
        ("boards.0.filters.companies", ["Acme"], "boards[0].filters.companies: a mapping with include and/or exclude"),
        ("boards.0.filters.companies", {"only": ["Acme"]}, "boards[0].filters.companies.only: unknown key"),
        (
            "boards.0.filters.show_closed_days",
            31,
            "boards[0].filters.show_closed_days: a whole number of days from 0 to 30",
        ),
        ("boards.0.filters.companies", {"exclude": "Acme"}, "boards[0].filters.companies.exclude: a list of non-empty"),
        ("boards.0.filters.show_inactive", "yes", "boards[0].filters.show_inactive: must be true or false"),
    ],
)
def test_mistakes_name_the_key(path, value, message):
    with pytest.raises(ConfigError) as error:
        parse_config(with_change(path, value))
    assert message in str(error.value)


@pytest.mark.parametrize(
    "path, value, message",
    [
        ("sources.0.schedule", "cron(99 99 * * ? *)", "sources[0].schedule: the minutes field '99' is outside 0-59"),
        ("sources.0.schedule", "cron(0 25 * * ? *)", "sources[0].schedule: the hours field '25'"),
        ("sources.0.schedule", "cron(0 12 32 * ? *)", "the day-of-month field '32'"),
        ("sources.0.schedule", "cron(0 12 * 13 ? *)", "the month field '13'"),
        ("sources.0.schedule", "cron(0 12 ? * 8 *)", "the day-of-week field '8'"),
        ("sources.0.schedule", "cron(0 12 1 * 2 *)", "one of day-of-month and day-of-week must be '?'"),
        ("sources.0.schedule", "cron(0 12 * * ?)", "expected cron(minutes hours day-of-month month day-of-week year)"),
        ("sources.0.schedule", "rate(0 minutes)", "sources[0].schedule: the rate must be at least 1"),
        ("sources.0.schedule", "rate(5 hour)", "'5 hour' should read '5 hours'"),
        ("sources.0.schedule", "rate(1 days)", "'1 days' should read '1 day'"),
        ("boards.0.github.repo", "../x", "boards[0].github.repo: expected owner/name as GitHub spells them"),
        ("boards.0.github.repo", "red/..", "boards[0].github.repo"),
        ("boards.0.github.repo", "-red/jobs", "boards[0].github.repo"),
        ("boards.0.github.repo", "o/jobs/extra", "boards[0].github.repo"),
        ("boards.0.github.branch", "../main", "boards[0].github.branch: not a branch name git accepts"),
        ("boards.0.github.branch", "main branch", "boards[0].github.branch"),
        ("boards.0.github.branch", "feature~1", "boards[0].github.branch"),
        ("boards.0.github.branch", "a..b", "boards[0].github.branch"),
        ("boards.0.github.branch", "x.lock", "boards[0].github.branch"),
        ("boards.0.github.branch", "", "boards[0].github.branch"),
        ("boards.0.github.path", ".git/x.md", "boards[0].github.path: expected a relative path to a .md file inside"),
        ("boards.0.github.path", "docs/.GIT/x.md", "boards[0].github.path"),
        ("boards.0.github.path", "docs//x.md", "boards[0].github.path"),
        ("boards.0.github.path", "./x.md", "boards[0].github.path"),
        ("boards.0.theme", "fancy", "boards[0].theme: no theme 'fancy' (available: awesome, default, jobr"),
    ],
)
def test_values_that_would_fail_later_are_refused_at_load(path, value, message):
    """Issue 9 item 11: each of these used to load and fail at deploy or publish time."""
    with pytest.raises(ConfigError) as error:
        parse_config(with_change(path, value))
    assert message in str(error.value)


@pytest.mark.parametrize(
    "schedule",
    [
        "rate(1 minute)",
        "rate(15 minutes)",
        "rate(1 day)",
        "cron(0 12 * * ? *)",
        "cron(0/15 8-18 ? * MON-FRI *)",
        "cron(0 12 1 * ? 2026-2030)",
        "cron(5,35 */2 15 JAN,JUL ? *)",
    ],
)
def test_valid_schedules_load(schedule):
    assert parse_config(with_change("sources.0.schedule", schedule)).source("acme").schedule == schedule


@pytest.mark.parametrize("branch", ["main", "release/2026.11", "feature/x-y_z", "gh-pages"])
def test_valid_branch_names_load(branch):
    assert parse_config(with_change("boards.0.github.branch", branch)).board("backend").github.branch == branch


def test_two_boards_with_the_same_file_are_refused():
    """Issue 9 item 3: they would overwrite each other with a commit each, every run."""
    data = copy.deepcopy(VALID)
    twin = dict(copy.deepcopy(data["boards"][0]), id="backend-2", github={"repo": "O/Backend", "branch": "main"})
    data["boards"].append(twin)
    with pytest.raises(ConfigError, match=r"boards\[1\].github: O/Backend main:README.md is already board 'backend'"):
        parse_config(data)
    twin["github"]["path"] = "other.md"  # another file in the same repository is fine
    assert len(parse_config(data).boards) == 2


def test_a_theme_beside_the_config_file_is_found(tmp_path):
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "mine.md.j2").write_text("# {{ board.title }}\n", encoding="utf-8")
    path = tmp_path / "jobboard.yaml"
    import yaml

    path.write_text(yaml.safe_dump(with_change("boards.0.theme", "mine")), encoding="utf-8")
    assert load_config(path).board("backend").theme == "mine"


def test_unreadable_files_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the configuration"):
        load_config(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken)


def test_the_config_path_comes_from_flag_then_environment(monkeypatch, tmp_path):
    from jobboard.config import config_path

    monkeypatch.setenv("JOBBOARD_CONFIG", str(tmp_path / "env.yaml"))
    assert config_path() == tmp_path / "env.yaml"
    assert config_path(tmp_path / "flag.yaml") == tmp_path / "flag.yaml"
    monkeypatch.delenv("JOBBOARD_CONFIG")
    assert config_path() == Path("jobboard.yaml")


def test_the_readme_sibling_boards_parse():
    import yaml

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```yaml")[1:] if "high-paying" in b).split("```")[0]
    shipped = yaml.safe_load((REPO / "jobboard.yaml").read_text(encoding="utf-8"))
    config = parse_config({"sources": shipped["sources"], "boards": yaml.safe_load(block)["boards"]})
    assert config.board("high-paying").filters.min_salary.amount == 150000
    assert config.board("senior").filters.seniority == ("senior", "staff", "principal", "lead")
    assert config.board("interns").filters.terms == ("Summer 2025",)


def test_an_unknown_board_names_the_boards_there_are():
    config = load_config(Path("jobboard.yaml"))
    with pytest.raises(KeyError) as unknown:
        config.board("nope")
    assert str(unknown.value) == "no board 'nope'; boards: backend, frontend, devops, remote"
