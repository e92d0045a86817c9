"""feed.xml: an Atom feed of a board's newest postings.

Entry ids are tag URIs built from the board's repository and the posting's key, so
they never change for a posting; `updated` is when the job was posted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from jobboard.config import BoardConfig
from jobboard.model import Posting, WorkMode
from jobboard.render.categories import category_of
from jobboard.render.formats import salary_range
from jobboard.render.markdown import is_http_url, plain, uri

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
_TAG_AUTHORITY = "tag:github.com,2008:"


def _time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = plain(text)
    return element


def atom_feed(board: BoardConfig, postings: Sequence[Posting], updated: datetime, board_url: str) -> bytes:
    """`postings` in board order; the first FEED_ENTRIES become entries."""
    feed_id = f"{_TAG_AUTHORITY}{quote(board.github.repo)}:{quote(board.github.path)}"
    feed = ET.Element("feed", {"xmlns": ATOM})
    _add(feed, "id", feed_id)
    _add(feed, "title", board.title)
    if board.description:
        _add(feed, "subtitle", board.description)
    _add(feed, "updated", _time(updated))
    _add(feed, "link", rel="alternate", type="text/html", href=uri(board_url))
    _add(_add(feed, "author"), "name", board.title)
    _add(feed, "generator", "jobboard")
    for posting in postings[:FEED_ENTRIES]:
        entry = _add(feed, "entry")
        _add(entry, "id", f"{feed_id}:{quote(posting.key, safe='')}")
        _add(entry, "title", f"{posting.title} at {posting.company}" if posting.company else posting.title)
        if is_http_url(posting.url):
            _add(entry, "link", rel="alternate", type="text/html", href=uri(posting.url))
        _add(entry, "published", _time(posting.posted_at))
        _add(entry, "updated", _time(posting.posted_at))
        if posting.company:
            _add(_add(entry, "author"), "name", posting.company)
        _add(entry, "summary", _summary(posting), type="text")
        _add(entry, "category", term=category_of(posting))
        for skill in posting.skills:
            _add(entry, "category", term=plain(skill))
    ET.indent(feed, space=" ")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def _summary(posting: Posting) -> str:
    mode = "" if posting.work_mode is WorkMode.UNKNOWN else posting.work_mode.value
    facts = [posting.company, posting.location, mode, salary_range(posting.salary)]
    if posting.skills:
        facts.append("skills: " + ", ".join(posting.skills))
    return " · ".join(f for f in facts if f)
