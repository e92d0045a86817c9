"""jobboard.schema.json: generated from the models that validate jobboard.yaml, shipped beside it
and named on its first line, so editors complete and check the file as loading it does."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from jobboard.config import SCHEMA_FILE, ConfigError, parse_config
from jobboard_local.cli import main, schema_text

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
VALID = {
    "sources": [
        {"id": "acme", "type": "greenhouse", "board": "acme", "schedule": "rate(6 hours)"},
        {"id": "ats", "type": "lever", "companies": ["stripe", {"slug": "figma", "name": "Figma"}]},
        {"id": "remotive", "type": "remotive", "category": "software-dev", "schedule": "rate(12 hours)"},
    ],
    "boards": [
        {
            "id": "backend",
            "title": "Backend",
            "github": {"repo": "o/backend"},
            "sources": ["acme", "ats", "remotive"],
            "filters": {
                "title_keywords": ["backend"],
                "max_age_days": 15,
                "min_salary": {"amount": 150000, "currency": "EUR"},
                "seniority": ["senior", "staff"],
                "companies": {"exclude": ["Acme"]},
            },
        }
    ],
}


def test_the_shipped_schema_is_the_one_the_models_generate():
    assert (REPO / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), "run `make schema`"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_bundled_config_names_the_schema_on_its_first_line_and_validates():
    text = (REPO / "jobboard.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=./{SCHEMA_FILE}"
    assert list(VALIDATOR.iter_errors(yaml.safe_load(text))) == []


def test_the_readme_examples_validate():
    """Each jobboard.yaml example of the README; one showing only boards borrows the bundled sources."""
    shipped = yaml.safe_load((REPO / "jobboard.yaml").read_text(encoding="utf-8"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    examples = [yaml.safe_load(block.split("```")[0]) for block in readme.split("```yaml")[1:]]
    examples = [e for e in examples if isinstance(e, dict) and {"sources", "boards"} & set(e)]
    assert len(examples) >= 3
    for example in examples:
        assert list(VALIDATOR.iter_errors({**shipped, **example})) == [], example


def test_every_field_is_described_for_editors():
    def undescribed(properties: dict, where: str):
        for key, spec in properties.items():
            if not spec.get("description"):
                yield f"{where}.{key}"

    missing = [
        key
        for name, definition in SCHEMA["$defs"].items()
        for key in undescribed(definition.get("properties", {}), name)
    ]
    assert missing == [] and all(p.get("description") for p in SCHEMA["properties"].values()), missing


def changed(path: str, value):
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


def test_the_example_is_valid_for_both():
    assert list(VALIDATOR.iter_errors(VALID)) == []
    assert parse_config(VALID).board("backend").filters.min_salary.currency == "EUR"


@pytest.mark.parametrize(
    "path, value",
    [
        ("sources.0.colour", "blue"),  # a key no source type has
        ("sources.0.type", "workday"),  # no such adapter
        ("sources.0.board", KeyError),  # greenhouse needs its board (or a company list)
        ("sources.0.site", "acme"),  # lever's setting on a greenhouse entry
        ("sources.0.id", "Acme Jobs"),
        ("sources.0.schedule", "every day"),
        ("sources.0.enabled", "no"),
        ("sources.0.base_url", "ftp://mirror"),
        ("sources.1.companies", []),
        ("sources.1.companies", ["bad slug"]),
        ("sources.1.companies", [{"slug": "a", "title": "A"}]),
        ("sources.2.companies", ["acme"]),  # remotive takes no company list
        ("sources.2.limit", 0),
        ("boards.0.title", KeyError),
        ("boards.0.github", "o/backend"),
        ("boards.0.github.branch", 5),
        ("boards.0.github.owner", "o"),
        ("boards.0.sources", []),
        ("boards.0.max_drop_percent", 150),
        ("boards.0.publish_interval", "hourly"),
        ("boards.0.publish_interval", 60),
        ("boards.0.filters.max_age_days", 0),
        ("boards.0.filters.max_age_days", "15"),
        ("boards.0.filters.remote_only", "yes"),
        ("boards.0.filters.title_keyword", ["x"]),
        ("boards.0.filters.seniority", ["ninja"]),
        ("boards.0.filters.employment_types", ["full time"]),
        ("boards.0.filters.min_salary", 150000),
        ("boards.0.filters.min_salary", {"amount": -5}),
        ("boards.0.filters.min_salary", {"amount": 1, "currency": "XBT"}),
        ("boards.0.filters.companies", ["Acme"]),
        ("boards.0.filters.show_closed_days", 31),
        ("boards.0.filters.terms", [""]),
        ("extra", True),
    ],
)
def test_a_mistake_is_refused_by_the_schema_and_at_load(path, value):
    data = changed(path, value)
    assert list(VALIDATOR.iter_errors(data)), f"the schema let {path}={value!r} through"
    with pytest.raises(ConfigError):
        parse_config(data)


def test_jobboard_schema_prints_writes_and_checks(tmp_path, capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA
    target = tmp_path / "schema.json"
    assert main(["schema", "--output", str(target), "--check"]) == 1  # not there yet
    assert main(["schema", "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert main(["schema", "--output", str(target), "--check"]) == 0
