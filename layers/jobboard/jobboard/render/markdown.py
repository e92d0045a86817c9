"""Escaping user data for GitHub-flavoured Markdown: the one place it happens.

Every piece of data a theme prints goes through `escape` (the Jinja finalize hook
applies it to any `{{ value }}` that is not already `Markdown`), so a title like
`a | b`, `[x](javascript:...)`, `<script>` or `*bold*` shows as that text and keeps
its table cell. Only absolute http(s) links are emitted; anything else is plain text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, urlsplit

from jobboard.normalise.text import INVISIBLE


class Markdown(str):
    """Text already in Markdown form (escaped data or markup we built): emitted as is."""

    __slots__ = ()


# Characters that would break a line, a table or XML (C0/C1 controls, lone surrogates,
# non-characters) or change how the text around them reads (invisible and bidi controls).
_UNPRINTABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{INVISIBLE}]")
# Backslash escapes for everything inline Markdown (and GitHub's $math$) gives meaning to;
# '#' everywhere, since a heading drops a trailing " #".
_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~$&#"})
# Block markers at the start of the text (a list item would otherwise nest one).
_LEADING = re.compile(r"^(?:([+=-])|(\d{1,9})([.)]))")
_LEADING_CHARS = frozenset("+=-0123456789")
# GitHub turns bare URLs into links; an escaped ':' or '.' keeps them text.
_AUTOLINK = re.compile(r"(?i)(https?|ftp)(:)|(www)(\.)")
_HTTP = re.compile(r"(?i)https?://[^/?#]")
# A host of plain letters, digits, dots and dashes ending at the path, query, fragment or the end:
# urlsplit would read exactly that http(s) scheme and that host (the common case, decided without it).
_PLAIN_HOST = re.compile(r"(?i)https?://[a-z0-9.-]+(?:[/?#]|\Z)")
# Most of what escape leaves as it is: no block marker at the start (nor a space) and none of the _ESCAPES
# characters or ':' (where _AUTOLINK looks) anywhere; escape checks the rest (spaces, "ww.") itself.
_INERT = re.compile(r"(?![ +=-]|\d{1,9}[.)])[^\\`*_\[\]<>|~$&#:]*")
_LINE_BREAKING = re.compile(r"[^\S ]")  # whitespace other than a plain space
# Link destinations: what would end or confuse the destination or the table cell around it.
_DESTINATION = str.maketrans(
    {
        " ": "%20",
        "(": "%28",
        ")": "%29",
        "<": "%3C",
        ">": "%3E",
        "|": "%7C",
        "\\": "%5C",
        "`": "%60",
        '"': "%22",
        "&": "&amp;",  # entities are decoded in destinations: keep '&' literal
    }
)
_DESTINATION_CHARS = re.compile("[" + re.escape("".join(map(chr, _DESTINATION))) + "]")


def plain(text) -> str:
    """One line of printable text: controls dropped, any whitespace run (newlines too) one space."""
    if text is None:
        return ""
    text = str(text)
    # Printable (no control, invisible or separator character but ' ') and single-spaced already: as is.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(_UNPRINTABLE.sub("", text).split())


def escape(text) -> Markdown:
    """Data as literal inline Markdown text, safe in a table cell, list item, heading or paragraph."""
    if isinstance(text, Markdown):
        return text
    if (  # most texts: printable, single-spaced, nothing to escape, no "www." (any case) to keep from linking
        type(text) is str
        and text.isprintable()
        and _INERT.fullmatch(text)
        and "  " not in text
        and text[-1:] != " "
        and "w." not in text
        and "W." not in text
    ):
        return Markdown(text)
    return _escaped(text)


def _escaped(text) -> Markdown:
    """escape, the long way: every rule applied in turn."""
    line = plain(text).translate(_ESCAPES)
    if line[:1] in _LEADING_CHARS:
        line = _LEADING.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), line, 1)
    if ":" in line or "ww." in line.lower():
        line = _AUTOLINK.sub(lambda m: f"{m.group(1)}\\:" if m.group(2) else f"{m.group(3)}\\.", line)
    return Markdown(line)


def is_http_url(url) -> bool:
    """An absolute http(s) URL with a host, taken exactly as given (spaces are encoded when emitted)."""
    if not isinstance(url, str):
        return False
    # Printable ASCII holds nothing _UNPRINTABLE or _LINE_BREAKING finds, and a _PLAIN_HOST match is an
    # _HTTP match: most job URLs are decided by this one match (every row's link, every render).
    if url.isascii() and url.isprintable() and _PLAIN_HOST.match(url):
        return True
    if not _HTTP.match(url) or _UNPRINTABLE.search(url) or _LINE_BREAKING.search(url):
        return False
    if _PLAIN_HOST.match(url):
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def uri(url: str) -> str:
    """The URL with what a URI may not contain (spaces, quotes, '|', non-ASCII...) percent-encoded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def destination(url: str) -> Markdown:
    """A link destination for an http(s) URL, so the href is exactly `url`."""
    if _DESTINATION_CHARS.search(url) is None:  # most URLs: a search costs a sixth of translate
        return Markdown(url)
    return Markdown(url.translate(_DESTINATION))


def link(url, text=None) -> Markdown:
    """`[text](url)` for an http(s) URL; the text alone otherwise (never a javascript: or relative link)."""
    label = escape(text)
    if not is_http_url(url):
        return label
    return Markdown(f"[{label or escape(url)}]({destination(url)})")


def image_link(url, image: str, alt: str, width: int) -> Markdown:
    """An HTML image button linking to an http(s) URL (SimplifyJobs' "Apply" buttons); the alt text
    alone for any other URL. Both URLs are percent-encoded where a table cell or attribute needs it."""
    if not isinstance(url, str) or not is_http_url(url) or not is_http_url(image):
        return escape(alt)
    src, label = _image_attributes(image, "" if alt is None else str(alt))
    return Markdown(f'<a href="{_attribute_url(url)}"><img src="{src}" width="{int(width)}" alt="{label}"></a>')


def _attribute_url(url: str) -> str:
    return html.escape(uri(url), quote=True)  # uri() encodes '|' too


@lru_cache(maxsize=64)  # a theme's own button image and text, the same on every row
def _image_attributes(image: str, alt: str) -> tuple[str, str]:
    return _attribute_url(image), html.escape(plain(alt), quote=True).replace("|", "&#124;")


def strong(text) -> Markdown:
    """Bold, or nothing for empty text (`****` would show as stars)."""
    inner = escape(text)
    return Markdown(f"**{inner}**") if inner else inner


def join(items: Iterable, separator: str = "") -> Markdown:
    """Jinja's `join`, keeping Markdown items as they are and escaping the rest (the separator is the theme's)."""
    return Markdown(separator.join(escape(item) for item in items))


def finalize(value) -> str:
    """The Jinja finalize hook: anything printed that is not Markdown yet is escaped."""
    if value is None:
        return ""
    return value if isinstance(value, Markdown) else escape(value)


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lowercase, punctuation dropped, spaces as '-'."""
    kept = []
    for char in plain(heading).lower():
        if char == " ":
            kept.append("-")
        elif char in "-_" or unicodedata.category(char)[0] in "LNM":
            kept.append(char)
    return "".join(kept)


FILTERS = {"md": escape, "link": link, "strong": strong, "join": join, "image_link": image_link}
