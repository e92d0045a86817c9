"""Issue 9 item 6: invisible and direction-control characters never reach a published file."""

from __future__ import annotations

import re

import pytest

from jobboard.normalise.text import scrub
from jobboard.render import render_board
from tests.unit.render.helpers import THEMES, board, posting, view

HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
HIDDEN_RE = re.compile(f"[{HIDDEN}]")


def tricky(i: int):
    return posting(
        i,
        title=f"Backend Engineer \u202egnp.exe {i}",
        company=f"Ac\u200bme\u2066 {i}\u2069",
        location="Berlin\ufeff",
        skills=("py\u200dthon",),
        url=f"https://jobs.example.com/{i}\u200e",
    )


@pytest.mark.parametrize("theme", THEMES)
def test_no_rendered_file_or_commit_message_carries_them(theme):
    postings = [tricky(i) for i in range(300)]
    rendered = render_board(view(postings, theme, board=board(theme, title="Backend\u202e Jobs")), budget=12_000)
    assert rendered.pages > 1  # pages/N.md are checked too
    for path, data in rendered.files.items():
        text = data.decode("utf-8")
        assert not HIDDEN_RE.search(text), (path, HIDDEN_RE.search(text))
    assert "Backend Engineer gnp.exe 7" in rendered.files["jobs.json"].decode()
    assert not HIDDEN_RE.search(rendered.commit_message)


def test_scrub_drops_them_and_repairs_lone_surrogates():
    assert scrub("Backend Engineer \u202egnp.exe") == "Backend Engineer gnp.exe"
    assert scrub(f"a{HIDDEN}b") == "ab"
    assert scrub("broken \ud800 title") == "broken \ufffd title"
    assert scrub("Señor Ingeniero 🚀 東京") == "Señor Ingeniero 🚀 東京"
