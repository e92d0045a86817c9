"""Escaping: any text stays literal text in a GitHub table cell, list item or heading."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jobboard.render.markdown import Markdown, escape, finalize, github_anchor, join, link, plain, strong
from tests.unit.render.helpers import HOSTILE_TITLES, parse, to_html


def cell_texts(cells_markdown: list[str]) -> list[str]:
    header = "| " + " | ".join(f"h{i}" for i in range(len(cells_markdown))) + " |\n"
    rule = "|" + " --- |" * len(cells_markdown) + "\n"
    row = "| " + " | ".join(cells_markdown) + " |\n"
    tables = parse(header + rule + row).tables
    assert len(tables) == 1 and len(tables[0]) == 2
    return [c.text for c in tables[0][1]]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_text_keeps_its_cell_and_shows_literally(title):
    cells = cell_texts(["before", escape(title), "after"])
    assert cells == ["before", plain(title), "after"]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_text_makes_no_link_html_or_emphasis(title):
    html = to_html(f"| h |\n| - |\n| {escape(title)} |\n")
    for tag in ("<a ", "<script", "<em>", "<strong>", "<code>", "<del>", "<img", "<b>", "<li>", "<h1>"):
        assert tag not in html


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_is_one_literal_cell(text):
    assert cell_texts([escape(text), "end"]) == [plain(text), "end"]


def assert_literal_list_item_and_heading(text):
    document = parse(f"- {escape(text)}\n- end\n\n## {escape(text)}\n")
    expected = plain(text)
    assert [tuple(b) for b in document.blocks] == [("li", expected), ("li", "end"), ("h2", expected)]
    assert set(document.tags) <= {"ul", "li", "h2", "a"}  # "a": GitHub links bare e-mail addresses


@pytest.mark.parametrize("text", HOSTILE_TITLES + ("Engineer #", "+ plus", "=== under", "2) two", "---"))
def test_hostile_text_is_one_literal_list_item_and_heading(text):
    assert_literal_list_item_and_heading(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_one_literal_list_item_and_heading(text):
    assert_literal_list_item_and_heading(text)


def test_plain_makes_one_line_of_printable_text():
    assert plain("  a\n\tb\r\n c\x00d\x1b \u2028e  ") == "a b cd e"
    assert plain(None) == ""
    assert plain("\ud800x") == "x"  # a lone surrogate cannot be encoded as UTF-8


def test_escape_is_idempotent_on_markdown():
    once = escape("a|b")
    assert escape(once) is once
    assert finalize(once) is once
    assert finalize("a|b") == once
    assert finalize(None) == ""
    assert finalize(12) == "12"


def test_link_only_for_http_urls():
    assert link("https://x.example/a", "A") == "[A](https://x.example/a)"
    for url in (
        "javascript:alert(1)",
        "data:text/html,x",
        "/relative",
        "//x.example/a",
        "ftp://x.example/",
        "https://",
        "https://x.example/\na",
        None,
        3,
    ):
        assert link(url, "A [b]") == "A \\[b\\]"


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikipedia.org/wiki/Go_(programming_language)",
        'https://x.example/a b?q=a|b&amp;c=`d`"e"<f>\\g',
        "https://x.example/?utm=1&copy=2&lt;",
        "http://x.example/ü/日本?名=値",
    ],
)
def test_link_href_is_exactly_the_url(url):
    md = link(url, "Apply | now")
    cells = parse(f"| h |\n| - |\n| {md} |\n").tables[0][1]
    assert [c.text for c in cells] == ["Apply | now"]
    assert [unquote(h) for h in cells[0].hrefs] == [unquote(url)]


def test_link_without_text_shows_the_url():
    cells = parse(f"| h |\n| - |\n| {link('https://x.example/a_b', '')} |\n").tables[0][1]
    assert cells[0].text == "https://x.example/a_b" and cells[0].hrefs == ["https://x.example/a_b"]


def test_strong_and_join():
    assert strong("") == ""
    assert strong("a*") == "**a\\***"
    assert "<strong>a*</strong>" in to_html(strong("a*"))
    assert join([Markdown("[a](https://x.example)"), "b|c"], ", ") == "[a](https://x.example), b\\|c"


@pytest.mark.parametrize(
    "heading, anchor",
    [
        ("Backend (12)", "backend-12"),
        ("DevOps/SRE (3)", "devopssre-3"),
        ("Full stack (1)", "full-stack-1"),
        ("Data/ML (40)", "dataml-40"),
        ("Café Numérique", "café-numérique"),
        ("snake_case-x", "snake_case-x"),
    ],
)
def test_github_anchor(heading, anchor):
    assert github_anchor(heading) == anchor


def _is_http_url_by_urlsplit(url: str) -> bool:
    """is_http_url's rules, every one applied (no shortcut)."""
    from urllib.parse import urlsplit

    if re.search(
        r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[^\S ]", url
    ) or not re.match(r"(?i)https?://[^/?#]", url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def test_is_http_url_fast_path_agrees_with_urlsplit():
    from jobboard.render.markdown import is_http_url
    from tests.unit.normalise.test_urls import TRICKY_URLS

    for url in TRICKY_URLS:
        assert is_http_url(url) == _is_http_url_by_urlsplit(url), url


# URL-like texts near the shortcuts' edges: controls, invisible and non-ASCII characters, spaces, ports,
# user info, brackets and every character a link destination encodes.
_URL_CHARS = st.text(alphabet=st.sampled_from(list('aZ0.-/?#:@[] \t\n\x7f\x85\u200bé|<>()\\`"&%_~=')), max_size=12)


@given(st.sampled_from(["http://", "HTTPS://", "https://", "ftp://", "https:/", ""]), _URL_CHARS, _URL_CHARS)
@example("https://", "x.example", "/a\x7f")
@example("https://", "x.example", "/a\u200b")
@example("https://", "x.example", "/a b")
@example("https://", "", "/a")
@settings(max_examples=3000, deadline=None)
def test_is_http_url_and_destination_agree_with_their_full_rules(scheme, host, rest):
    from jobboard.render.markdown import _DESTINATION, destination, is_http_url

    url = scheme + host + rest
    assert is_http_url(url) == _is_http_url_by_urlsplit(url)
    assert destination(url) == url.translate(_DESTINATION) and type(destination(url)) is Markdown


# What escape's shortcut for texts it leaves alone must tell apart: spaces, every escaped character,
# block markers, autolink starts, digits (ASCII and not), controls and invisible characters.
_NEAR_INERT = st.text(alphabet=st.sampled_from(list("aw W.:1٣2)( -+=#_\\`*[]<>|~$&\t\n\u200b\u00a0—🚀é")), max_size=12)


@given(_NEAR_INERT)
@example("a  b")
@example("a ")
@example(" a")
@example("WWW.example.com jobs")
@example("see wwW.example")
@example("12) list")
@example("3d")
@example("-x")
@example("a:b")
@settings(max_examples=3000, deadline=None)
def test_the_shortcut_for_text_needing_no_escape_agrees_with_every_rule(text):
    from jobboard.render.markdown import _escaped

    assert escape(text) == _escaped(text)
    assert type(escape(text)) is Markdown


@pytest.mark.parametrize("text", ["3d", "—", "Summer 2024", "aw.", "ww", "Software Engineer Intern, Fall 2025"])
def test_text_needing_no_escape_comes_back_as_it_is(text):
    assert escape(text) == text
