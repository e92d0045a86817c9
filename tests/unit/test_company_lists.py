"""Company lists: one source entry, many companies of one ATS, each its own scrape unit."""

from __future__ import annotations

import pytest

from jobboard.config import Company, ConfigError, load_config, parse_config


def config_with(source: dict, **extra):
    return parse_config(
        {
            "sources": [
                {"id": "ats", "type": "greenhouse", **source},
                {"id": "remotive", "type": "remotive", "schedule": "rate(12 hours)"},
            ],
            "boards": [{"id": "b", "title": "B", "github": {"repo": "o/b"}, "sources": ["ats", "remotive"]}],
        },
        **extra,
    )


def test_each_company_is_a_unit_keyed_by_entry_and_slug():
    config = config_with({"companies": ["stripe", {"slug": "figma", "name": "Figma"}]})
    units = config.units
    assert [u.id for u in units] == ["ats/stripe", "ats/figma", "remotive"]
    stripe, figma = config.source("ats/stripe"), config.source("ats/figma")
    assert stripe.settings == {"board": "stripe"} and figma.settings == {"board": "figma", "company": "Figma"}
    assert stripe.entry == "ats" and stripe.companies == ()
    assert [b.id for b in config.boards_fed_by("ats/figma")] == ["b"]  # the entry's boards
    assert config.source("ats").companies == (Company(slug="stripe"), Company(slug="figma", name="Figma"))


@pytest.mark.parametrize(
    "source_type, slug_setting, name_setting",
    [
        ("greenhouse", "board", "company"),
        ("lever", "site", "company"),
        ("ashby", "board", "company"),
        ("workable", "account", None),
        ("smartrecruiters", "company", None),
        ("recruitee", "account", None),
    ],
)
def test_every_ats_type_takes_a_company_list(source_type, slug_setting, name_setting):
    config = parse_config(
        {
            "sources": [{"id": "ats", "type": source_type, "companies": [{"slug": "Acme", "name": "Acme Inc"}]}],
            "boards": [{"id": "b", "title": "B", "github": {"repo": "o/b"}, "sources": ["ats"]}],
        }
    )
    (unit,) = config.units
    assert unit.settings[slug_setting] == "Acme"
    assert unit.settings.get(name_setting or "-") == ("Acme Inc" if name_setting else None)


def test_companies_file_is_read_beside_the_config(tmp_path):
    (tmp_path / "companies.csv").write_text(
        "slug,name\n# comments and blank lines are skipped\n\nstripe,Stripe\nfigma,\n", encoding="utf-8"
    )
    (tmp_path / "jobboard.yaml").write_text(
        "sources:\n  - {id: ats, type: lever, companies_file: companies.csv}\n"
        "boards:\n  - {id: b, title: B, github: {repo: o/b}, sources: [ats]}\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path / "jobboard.yaml")
    assert [(u.id, u.settings) for u in config.units] == [
        ("ats/stripe", {"site": "stripe", "company": "Stripe"}),
        ("ats/figma", {"site": "figma"}),
    ]


@pytest.mark.parametrize(
    "source, message",
    [
        ({"companies": []}, "sources[0].companies: a non-empty list of company slugs"),
        ({"companies": ["ok", "bad slug"]}, "sources[0].companies[1]: a company slug"),
        ({"companies": ["a", "a"]}, "sources[0].companies[1]: company 'a' is listed twice"),
        ({"companies": [{"slug": "a", "title": "A"}]}, "sources[0].companies[0].title: unknown key"),
        ({"companies": [{"slug": "a", "name": ""}]}, "sources[0].companies[0].name: must be a non-empty string"),
        ({"companies": ["a"], "board": "a"}, "sources[0].board: not with a company list"),
        (
            {"companies": ["a"], "companies_file": "x.csv"},
            "sources[0].companies_file: give either companies or companies_file",
        ),
        ({"companies_file": "missing.csv"}, "sources[0].companies_file: cannot read"),
        ({"type": "remoteok", "companies": ["a"]}, "sources[0].companies: remoteok sources take no company list"),
    ],
)
def test_company_list_mistakes_name_the_key(source, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[").replace("]", r"\]")):
        config_with(source)


def test_companies_file_without_the_header_names_the_file(tmp_path):
    (tmp_path / "c.csv").write_text("stripe,Stripe\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\[0\].companies_file: c.csv needs a header line 'slug,name'"):
        config_with({"companies_file": "c.csv"}, base_dir=tmp_path)
    (tmp_path / "c.csv").write_text("slug,name\nok,Ok\nnot ok,X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\[0\].companies_file: c.csv company 2: a company slug"):
        config_with({"companies_file": "c.csv"}, base_dir=tmp_path)
