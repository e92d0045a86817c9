"""jobboard.yaml: every mistake fails at load with the key named and what is wrong."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from jobboard.config import ConfigError, load_config, parse_config

REPO = Path(__file__).resolve().parents[2]
VALID = {
    "sources": [
        {"id": "acme", "type": "greenhouse", "board": "acme", "schedule": "rate(6 hours)"},
        {"id": "remotive", "type": "remotive", "schedule": "rate(12 hours)"},
    ],
    "boards": [{"id": "backend", "title": "Backend", "github": {"repo": "o/backend"}, "sources": ["acme", "remotive"],
                "filters": {"title_keywords": ["backend"], "max_age_days": 15}}],
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
    assert (board.github.branch, board.github.path, board.theme, board.max_drop_percent) == ("main", "README.md", "default", 50)
    assert config.source("acme").settings == {"board": "acme"}
    assert config.source("acme").interval_minutes == 360


def test_board_filters_parse():
    config = parse_config(with_change("boards.0.filters", {
        "terms": ["Summer 2025"], "min_salary": {"amount": 150000, "currency": "usd"},
        "seniority": ["Senior", "staff"], "employment_types": ["internship", "full-time"], "skills": ["Python", "Node.js"],
        "companies": {"include": ["Acme"], "exclude": ["Evil Corp"]},
    }))
    filters = config.board("backend").filters
    assert filters.terms == ("Summer 2025",) and filters.seniority == ("senior", "staff")
    assert (filters.min_salary.amount, filters.min_salary.currency) == (150000, "USD")
    assert filters.employment_types == ("internship", "full-time") and filters.skills == ("python", "nodejs")
    assert (filters.companies, filters.exclude_companies) == (("Acme",), ("Evil Corp",))


@pytest.mark.parametrize("path, value, message", [
    ("sources.0.type", "workday", "sources[0].type: unknown source type 'workday'"),
    ("sources.0.board", KeyError, "sources[0].board: required by the greenhouse adapter"),
    ("sources.0.site", "x", "sources[0].site: unknown key; greenhouse takes: board, company"),
    ("sources.0.schedule", "every day", "sources[0].schedule: expected 'rate(N minutes|hours|days)'"),
    ("sources.0.base_url", "ftp://mirror", "sources[0].base_url: must be an http(s) URL"),
    ("sources.1.schedule", "rate(1 hour)", "sources[1].schedule: rate(1 hour) is more often than remotive's terms allow"),
    ("sources.1.id", "acme", "sources: id 'acme' is used twice"),
    ("sources.0.id", "Acme Jobs", "sources[0].id: lowercase letters, digits and '-' only"),
    ("boards.0.github.repo", "just-a-name", "boards[0].github.repo: expected owner/name"),
    ("boards.0.github.path", "../README.md", "boards[0].github.path: expected a relative path to a .md file"),
    ("boards.0.sources", ["nope"], "boards[0].sources[0]: no source has id 'nope'"),
    ("boards.0.filters.max_age_days", 0, "boards[0].filters.max_age_days: a whole number of days from 1 to 365"),
    ("boards.0.filters.remote_only", "yes", "boards[0].filters.remote_only: must be true or false"),
    ("boards.0.filters.title_keyword", ["x"], "boards[0].filters.title_keyword: unknown key"),
    ("boards.0.max_drop_percent", 150, "boards[0].max_drop_percent: a whole number from 0 to 100"),
    ("boards.0.title", KeyError, "boards[0].title: required"),
    ("boards.0.filters.min_salary", 150000, "boards[0].filters.min_salary: a mapping like {amount: 150000"),
    ("boards.0.filters.min_salary", {"amount": -5}, "boards[0].filters.min_salary.amount: a positive yearly amount"),
    ("boards.0.filters.min_salary", {"amount": 1, "currency": "XBT"},
     "boards[0].filters.min_salary.currency: 'XBT' is not in the rate table of 2025-01-02"),
    ("boards.0.filters.min_salary", {"amount": 1, "per": "year"}, "boards[0].filters.min_salary.per: unknown key"),
    ("boards.0.filters.seniority", ["senior", "ninja"], "boards[0].filters.seniority: 'ninja' is not one of intern"),
    ("boards.0.filters.employment_types", ["full time"],
     "boards[0].filters.employment_types: 'full time' is not one of full-time"),
    ("boards.0.filters.skills", "python", "boards[0].filters.skills: a list of non-empty strings"),
    ("boards.0.filters.skills", ["pyhton"], "boards[0].filters.skills: 'pyhton' is not a skill"),
    ("boards.0.filters.terms", [""], "boards[0].filters.terms: a list of non-empty strings"),
    ("boards.0.filters.companies", ["Acme"], "boards[0].filters.companies: a mapping with include and/or exclude"),
    ("boards.0.filters.companies", {"only": ["Acme"]}, "boards[0].filters.companies.only: unknown key"),
    ("boards.0.filters.show_closed_days", 31, "boards[0].filters.show_closed_days: a whole number of days from 0 to 30"),
    ("boards.0.filters.companies", {"exclude": "Acme"}, "boards[0].filters.companies.exclude: a list of non-empty"),
])
def test_mistakes_name_the_key(path, value, message):
    with pytest.raises(ConfigError) as error:
        parse_config(with_change(path, value))
    assert message in str(error.value)


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
