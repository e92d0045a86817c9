"""The shortcuts in clean_line, http_url and the place-name patterns decide exactly as the full rules do."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jobboard.normalise import location
from jobboard.normalise.text import _clean, repair_mojibake
from jobboard.normalise.urls import http_url

URLISH = st.text(alphabet="hHtTpPsS:/.-aZ09?#&;= \t\n\x00\u2003é|", max_size=30)


def full_clean(value: str) -> str:
    """Entities decoded and mojibake repaired until neither changes anything, whitespace collapsed."""
    while True:
        cleaned = " ".join(repair_mojibake(html.unescape(value)).split())
        if cleaned == value:
            return cleaned
        value = cleaned


def full_http_url(value: str) -> str | None:
    candidate = html.unescape(value.strip())
    if not candidate or any(c.isspace() or ord(c) < 0x20 for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
        parts.port  # noqa: B018 — raises ValueError for a malformed port
    except ValueError:
        return None
    return candidate if parts.scheme.lower() in ("http", "https") and parts.hostname else None


@settings(max_examples=400)
@given(st.text(alphabet="ab &;amp#x41 \t\nÂ©â€™é", max_size=20))
@example("Acme &amp; Co")
@example("Weâ€™re  hiring")
def test_clean_line_shortcut_matches_the_full_rule(value):
    assert _clean(value) == full_clean(value)


@settings(max_examples=600)
@given(st.one_of(URLISH, st.builds(lambda rest: "https://a.com" + rest, URLISH)))
@example("https://a.com/x?y=1&amp;z=2")
@example("https://a.com\u2003")
@example("HTTPS://A.COM/")
@example("https://:80")
def test_http_url_shortcut_matches_the_full_rule(value):
    assert http_url(value) == full_http_url(value)


def flat_alternation(names) -> re.Pattern:
    """The plain longest-first alternation the place-name tries stand for."""
    joined = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({joined})(?!\w)", re.I)


PLACE_LISTS = {"countries": location.COUNTRIES, "regions": location._REGIONS, "cities": location.CITIES}
PLACE_WORDS = sorted({word for names in PLACE_LISTS.values() for name in names for word in (name, name.upper())})


@pytest.mark.parametrize("kind", PLACE_LISTS)
@settings(max_examples=300)
@given(
    words=st.lists(st.one_of(st.sampled_from(PLACE_WORDS), st.text(alphabet="aNeYork .,-ü", max_size=8)), max_size=6)
)
@example(words=["New York", "New Yorker", "new york city", "st. Louis", "Hong Kongs"])
def test_place_name_tries_find_what_the_flat_alternations_find(kind, words):
    text = " ".join(words)
    trie, flat = location._alternation(PLACE_LISTS[kind]), flat_alternation(PLACE_LISTS[kind])
    assert [m.span(1) for m in trie.finditer(text)] == [m.span(1) for m in flat.finditer(text)]
