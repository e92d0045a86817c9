"""Each source type is declared once, in its adapter module: its settings (a pydantic model), its
terms and its host; the configuration's `sources` entries are built from those modules."""

from __future__ import annotations

import pkgutil

import pytest

import jobboard.sources
from jobboard.config import ConfigError, json_schema, parse_source
from jobboard.sources import adapter_class, adapter_types
from jobboard.sources.base import SourceSettings


def test_every_adapter_module_is_a_source_type_with_its_declaration():
    modules = {info.name for info in pkgutil.iter_modules(jobboard.sources.__path__)} - {"base"}
    assert set(adapter_types()) == modules
    for source_type in adapter_types():
        adapter = adapter_class(source_type)
        assert adapter.type == source_type and adapter.__module__ == f"jobboard.sources.{source_type}"
        assert adapter.default_base_url.startswith("https://")
        assert issubclass(adapter.settings_model, SourceSettings)
        own = adapter.settings_model.model_fields
        for key in (adapter.company_setting, adapter.company_name_setting):
            assert key is None or key in own, (source_type, key)
        # editors show these descriptions while a user writes the entry
        assert all(field.description for field in own.values()), source_type


def test_the_config_schema_has_one_entry_per_source_type():
    schema = json_schema()
    entries = schema["properties"]["sources"]["items"]["oneOf"]
    types = {schema["$defs"][e["$ref"].rpartition("/")[2]]["properties"]["type"]["const"] for e in entries}
    assert types == set(adapter_types())


@pytest.mark.parametrize("source_type", adapter_types())
def test_each_type_takes_its_own_settings_and_refuses_others(source_type):
    adapter = adapter_class(source_type)
    entry = {"id": "s", "type": source_type, "schedule": "rate(1 day)"}
    required = {k: "acme" for k, f in adapter.settings_model.model_fields.items() if f.is_required()}
    if adapter.company_setting:
        required[adapter.company_setting] = "acme"
    source = parse_source({**entry, **required})
    assert source.settings == required and source.enabled is not adapter.private_use_only
    with pytest.raises(ConfigError, match=rf"sources\[0\]\.colour: unknown key; {source_type} takes"):
        parse_source({**entry, **required, "colour": "blue"})


def test_a_setting_outside_its_bounds_is_refused_at_load():
    with pytest.raises(ConfigError, match=r"sources\[0\]\.count: a whole number from 1 to 200, got 500"):
        parse_source({"id": "j", "type": "jobicy", "count": 500, "schedule": "rate(1 hour)"})
    with pytest.raises(ConfigError, match=r"sources\[0\]\.max_pages: a whole number from 1 to 100, got '5'"):
        parse_source({"id": "m", "type": "themuse", "max_pages": "5"})
    with pytest.raises(ConfigError, match=r"sources\[0\]\.category: a non-empty string or a list of them"):
        parse_source({"id": "m", "type": "themuse", "category": ["Data", " "]})
    assert parse_source({"id": "m", "type": "themuse", "category": ["Data", "Design"]}).settings == {
        "category": ["Data", "Design"]
    }
