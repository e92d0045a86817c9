"""The common-case shortcuts in clean_line and http_url decide exactly as the full rules do."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jobboard.normalise.text import _clean, repair_mojibake
from jobboard.normalise.urls import http_url

URLISH = st.text(alphabet="hHtTpPsS:/.-aZ09?#&;= \t\n\x00\u2003é|", max_size=30)


def full_clean(value: str) -> str:
    return " ".join(repair_mojibake(html.unescape(value)).split())


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
