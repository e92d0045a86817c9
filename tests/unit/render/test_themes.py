"""Every theme, rendered from fixtures and read back as GitHub would: one row per posting, right cells."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta
from urllib.parse import unquote

import pytest

from jobboard.model import WorkMode
from jobboard.render import ThemeError, render_board
from jobboard.render.categories import CATEGORIES, category_of
from jobboard.render.formats import WORK_MODE_LABELS, age, format_date, salary_range
from jobboard.render.jobs_json import board_order
from jobboard.render.markdown import is_http_url, plain
from tests.unit.render.helpers import NOW, THEMES, hostile_postings, job_rows, parse, posting, view

HEADERS = {
    "default": ["Company", "Position", "Location", "Salary", "Age"],
    "jobr": ["Company", "Position", "Location", "Type", "Date"],
    "awesome": ["Company", "Position", "Location", "Posted", "Apply"],
    "simplify": ["Company", "Role", "Location", "Application/Link", "Date Posted"],
}
LINK_COLUMN = {"default": 1, "jobr": 1, "awesome": 4, "simplify": 3}


def place(p) -> str:
    location = plain(p.location)
    if p.work_mode in (WorkMode.REMOTE, WorkMode.HYBRID) and p.work_mode.value not in p.location.lower():
        word = WORK_MODE_LABELS[p.work_mode]
        return f"{location} ({word.lower()})" if location else word
    return location or "—"


def expected_cells(theme: str, p) -> list[str]:
    title = plain(p.title) or (p.url if is_http_url(p.url) else "")
    if theme == "default":
        new = "🆕 " if NOW - p.posted_at < timedelta(hours=24) else ""
        return [plain(p.company), new + title, place(p), salary_range(p.salary) or "—", age(p.posted_at, NOW)]
    if theme == "jobr":
        return [
            plain(p.company),
            title,
            plain(p.location) or "—",
            WORK_MODE_LABELS[p.work_mode],
            format_date(p.posted_at, "%b %d"),
        ]
    if theme == "simplify":  # the Apply button is an image: no text unless the URL cannot be linked
        return [
            plain(p.company),
            plain(p.title),
            plain(p.location),
            "" if is_http_url(p.url) else "Apply",
            format_date(p.posted_at, "%b %d"),
        ]
    if p.work_mode is WorkMode.REMOTE:
        where = "🌐 " + (plain(p.location) or "Remote")
    else:
        where = "📍 " + plain(p.location) if p.location else "—"
    return [
        plain(p.company),
        plain(p.title) + (" 💰" if p.salary else ""),
        where,
        format_date(p.posted_at, "%b %d"),
        "Apply",
    ]


def expected_order(theme: str, postings) -> list:
    ordered = board_order(postings)
    if theme == "default":
        return [p for name in CATEGORIES for p in ordered if category_of(p) == name]
    return ordered


def readme(rendered) -> str:
    return rendered.files["README.md"].decode("utf-8")


@pytest.mark.parametrize("theme", THEMES)
def test_one_row_per_posting_with_the_right_cells(theme):
    postings = hostile_postings()
    random.Random(4).shuffle(postings)  # the view's order must not matter
    text = readme(render_board(view(postings, theme)))
    rows = job_rows(text, HEADERS[theme])
    expected = expected_order(theme, postings)
    assert len(rows) == len(expected)
    for row, p in zip(rows, expected):
        assert [c.text for c in row] == expected_cells(theme, p), p.title
        hrefs = [h for c in row for h in c.hrefs]
        if is_http_url(p.url):
            assert [unquote(h) for h in row[LINK_COLUMN[theme]].hrefs] == [unquote(p.url)]
            assert len(hrefs) == 1
        else:
            assert hrefs == []


@pytest.mark.parametrize("theme", THEMES)
def test_every_link_is_http_and_followed(theme):
    text = readme(render_board(view(hostile_postings(), theme)))
    links = parse(text).links
    page_links = {"chart.svg", "feed.xml", "jobs.json"}
    assert links
    for href, rel in links:
        assert href.startswith(("https://", "http://", "#")) or href in page_links, href
        assert "nofollow" not in rel
    assert "nofollow" not in text


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_links_the_feed_and_jobs_json(theme):
    hrefs = {href for href, _ in parse(readme(render_board(view([posting(1)], theme)))).links}
    assert {"feed.xml", "jobs.json"} <= hrefs


@pytest.mark.parametrize("theme", THEMES)
def test_sources_attribution_line_links_each_source(theme):
    text = readme(render_board(view([posting(1)], theme)))
    sources = [b[1] for b in parse(text).blocks if b[1].startswith("Sources:")]
    assert sources == ["Sources: Remote OK"]
    assert ("https://remoteok.com", "") in parse(text).links
    no_credit = readme(render_board(view([posting(1)], theme, attributions=())))
    assert "Sources:" not in no_credit


@pytest.mark.parametrize("theme", THEMES)
def test_output_is_utf8_text_never_mojibake(theme):
    postings = [posting(1, title="Rocket 🚀 Ingénieur 東京 مهندس", company="Zürich AG")]
    data = render_board(view(postings, theme)).files["README.md"]
    text = data.decode("utf-8")  # strict: raises on invalid UTF-8
    assert "Rocket 🚀 Ingénieur 東京 مهندس" in text and "Zürich AG" in text
    assert not data.startswith(b"\xef\xbb\xbf")
    for broken in ("Ã", "â€", "ð\x9f", "ğŸ", "\ufffd"):
        assert broken not in text


@pytest.mark.parametrize("theme", THEMES)
def test_rendering_is_deterministic(theme):
    postings = hostile_postings()
    first = render_board(view(postings, theme)).files
    shuffled = list(reversed(postings))
    second = render_board(view(shuffled, theme)).files
    assert first == second
    assert sorted(first) == [
        ".nojekyll",
        "README.md",
        "chart.svg",
        "feed.xml",
        "jobs.json",
        "site/index.html",
        "site/site.css",
        "site/site.js",
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_empty_board_renders(theme):
    rendered = render_board(view([], theme))
    assert job_rows(readme(rendered), HEADERS[theme]) == []
    assert rendered.pages == 1


def test_jobr_reproduces_the_seed_layout():
    postings = [posting(0, work_mode=WorkMode.ONSITE), posting(1, work_mode=WorkMode.REMOTE)]
    text = readme(render_board(view(postings, "jobr")))
    assert "Last updated: Mar 10, 2025 at 12:00 UTC" in text
    assert "## Current Openings" in text
    assert "| **Company 0** | **[Engineer 0](https://jobs.example.com/0)** | City 0 | On Site | Mar 10 |" in text
    assert "**Current Stats:** 2 jobs | 50% remote | 2 companies | Avg salary: 181k" in text
    assert "**Trending Skills:** python, react, \\<b\\>\\&x" in text
    assert "## Related Job Repositories" in text
    assert "- [Frontend \\[Jobs\\]](https://github.com/owner/frontend-jobs)" in text


def test_awesome_reproduces_the_seed_layout():
    postings = [posting(0, work_mode=WorkMode.REMOTE, location="")]
    text = readme(render_board(view(postings, "awesome")))
    assert "*Updated on 2025-03-10*" in text
    assert "Jobs older than 21 days are automatically removed" in text
    assert "| Company 0 | Engineer 0 💰 | 🌐 Remote | Mar 10 | [Apply](https://jobs.example.com/0) |" in text
    assert "* [Frontend \\[Jobs\\]](https://github.com/owner/frontend-jobs)" in text


def test_default_theme_sections_contents_stats_and_chart():
    postings = [
        posting(0, title="Backend Engineer"),
        posting(1, title="Frontend Developer"),
        posting(2, title="Senior Backend Developer"),
        posting(3, title="Office Manager", skills=()),
    ]
    text = readme(render_board(view(postings, "default")))
    document = parse(text)
    headings = [b[1] for b in document.blocks if b[0] == "h2"]
    assert headings[:3] == ["Backend (2)", "Frontend (1)", "Other (1)"]
    assert ("#backend-2", "") in document.links and ("#other-1", "") in document.links
    assert "![Open jobs per day and top skills](chart.svg)" in text
    assert "**4 jobs** · 25% remote · 4 companies · avg salary \\$181k" in text
    assert "**Trending skills:** python (12), react (7), \\<b\\>\\&x (1)" in text
    assert "🆕" in text  # posting 0 is an hour old


def test_a_job_is_new_for_24_hours_before_the_board_time():
    postings = [
        posting(1, title="Just new", posted_at=NOW - timedelta(hours=24) + timedelta(microseconds=1)),
        posting(2, title="No longer new", posted_at=NOW - timedelta(hours=24)),
    ]
    lines = readme(render_board(view(postings, "default"))).splitlines()
    assert [line.count("🆕") for line in lines if "new" in line.lower() and line.startswith("|")] == [1, 0]


def test_a_theme_without_the_credit_line_gets_it_appended(tmp_path, monkeypatch):
    (tmp_path / "bare.md.j2").write_text("# {{ board.title }}\n", encoding="utf-8")
    monkeypatch.setenv("JOBBOARD_THEMES_DIR", str(tmp_path))
    text = readme(render_board(view([posting(1)], "bare")))
    assert text == "# Backend Jobs\n\nSources: [Remote OK](https://remoteok.com)\n"


def test_user_theme_cannot_print_raw_data(tmp_path, monkeypatch):
    (tmp_path / "raw.md.j2").write_text(
        "{% for job in jobs %}{{ job.posting.title }}|{{ job.posting.company ~ '!' }}\n{% endfor %}", encoding="utf-8"
    )
    monkeypatch.setenv("JOBBOARD_THEMES_DIR", str(tmp_path))
    text = readme(
        render_board(view([posting(1, title="[x](javascript:1) | *", company="<b>")], "raw", attributions=()))
    )
    assert text == "\\[x\\](javascript:1) \\| \\*|\\<b\\>!\n"


def test_user_theme_beside_the_config_overrides_a_builtin(tmp_path, monkeypatch):
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "jobr.md.j2").write_text("mine: {{ total_jobs }}\n", encoding="utf-8")
    (tmp_path / "jobboard.yaml").write_text("sources: []\nboards: []\n", encoding="utf-8")
    monkeypatch.delenv("JOBBOARD_THEMES_DIR", raising=False)
    monkeypatch.setenv("JOBBOARD_CONFIG", str(tmp_path / "jobboard.yaml"))
    assert readme(render_board(view([posting(1)], "jobr", attributions=()))) == "mine: 1\n"
    assert "## Latest Jobs" in readme(render_board(view([posting(1)], "awesome")))  # still built in


def test_unknown_or_broken_theme_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBBOARD_THEMES_DIR", str(tmp_path))
    with pytest.raises(ThemeError, match=r"no nope\.md\.j2 .*available: awesome, default, jobr"):
        render_board(view([], "nope"))
    with pytest.raises(ThemeError, match="letters"):
        render_board(view([], "../etc/passwd"))
    (tmp_path / "typo.md.j2").write_text("{{ bord.title }}\n", encoding="utf-8")
    with pytest.raises(ThemeError, match="bord"):
        render_board(view([], "typo"))
    (tmp_path / "syntax.md.j2").write_text("{% for %}\n", encoding="utf-8")
    with pytest.raises(ThemeError, match="syntax"):
        render_board(view([], "syntax"))


def test_long_cells_are_clipped_not_the_table():
    p = posting(1, title="x" * 5000)
    rows = job_rows(readme(render_board(view([p], "jobr"))), HEADERS["jobr"])
    assert len(rows) == 1 and rows[0][1].text == "x" * 299 + "…"


def test_work_mode_labels_in_jobr():
    postings = [dataclasses.replace(posting(i), work_mode=mode) for i, mode in enumerate(WorkMode)]
    rows = job_rows(readme(render_board(view(postings, "jobr"))), HEADERS["jobr"])
    assert sorted(r[3].text for r in rows) == sorted(["Remote", "Hybrid", "On Site", "—"])
