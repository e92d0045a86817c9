"""HTML and entity-escaped HTML to plain text; one-line cleaning; repair of UTF-8 read as cp1252."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p",
    "br",
    "div",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
}
_SKIPPED_TAGS = {"script", "style", "template", "noscript"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# A tag-looking sequence once entities are decoded: "&lt;p&gt;" arrives instead of "<p>".
_ESCAPED_TAG = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^&]*)?/?&gt;")
_REAL_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[\s>/]")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def looks_entity_escaped(markup: str) -> bool:
    """True when the HTML arrived escaped once: escaped tags present and no real ones."""
    return bool(_ESCAPED_TAG.search(markup)) and not _REAL_TAG.search(markup)


def html_to_text(markup, *, entity_escaped: bool | None = None) -> str:
    """Plain text of an HTML fragment.

    `entity_escaped`: the HTML itself arrived escaped once ("&lt;p&gt;"); None detects it.
    """
    if not isinstance(markup, str) or not markup.strip():
        return ""
    if entity_escaped is None:
        entity_escaped = looks_entity_escaped(markup)
    if entity_escaped:
        markup = html.unescape(markup)
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    # The parser decoded one level of entities; text escaped twice ("&amp;amp;") still holds some.
    text = _SPACES.sub(" ", repair_mojibake(decode_entities("".join(parser.parts))))
    text = "\n".join(line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_line(value) -> str:
    """One line of text: strings only, entities decoded, mojibake repaired, whitespace collapsed."""
    if not isinstance(value, str):
        return ""
    return _clean_line(value) if len(value) <= _REMEMBERED_LINE else _clean(value)


_REMEMBERED_LINE = 200  # a feed repeats its companies, locations, terms: short lines are remembered


def _clean(value: str) -> str:
    if value.isascii() and "&" not in value:  # no entity, and mojibake needs non-ASCII characters
        return " ".join(value.split())
    # Repairing mojibake can reveal an entity and decoding can reveal mojibake: until neither changes
    # anything, so cleaning a clean line changes nothing.
    while True:
        cleaned = " ".join(repair_mojibake(decode_entities(value)).split())
        if cleaned == value or ("&" not in cleaned and not _MOJIBAKE.search(cleaned)):
            return cleaned  # another pass would change nothing
        value = cleaned


def decode_entities(text: str) -> str:
    """HTML entities decoded until none is left: "&amp;amp;" (escaped twice upstream) is "&".

    Each pass shortens the text, so this ends; the result decodes to itself.
    """
    while "&" in text:
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


_clean_line = lru_cache(maxsize=16384)(_clean)


# UTF-8 bytes decoded as cp1252 (or latin-1): a lead byte 0xC2-0xF4 shown as "Â".."ô", then
# continuation bytes 0x80-0xBF shown as cp1252 punctuation or U+0080-U+00BF.
_CP1252_CONTINUATION = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u0081\u008d\u008f\u0090\u009d" + "".join(
    chr(c) for c in range(0x80, 0xC0)
)
_CONT = f"[{re.escape(_CP1252_CONTINUATION)}]"
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")


def _as_bytes(text: str) -> bytes | None:
    out = bytearray()
    for char in text:
        if ord(char) < 0x100:
            out.append(ord(char))
        else:
            try:
                out += char.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def _repair(match: re.Match) -> str:
    raw = _as_bytes(match.group(0))
    if raw is None:
        return match.group(0)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252 ("Weâ€™re" -> "We’re", "ðŸš€" -> "🚀").

    Only exact, decodable byte sequences are replaced, so correct accented text is left alone.
    """
    if not text or not _MOJIBAKE.search(text):
        return text
    return _MOJIBAKE.sub(_repair, text)


# Characters that change how text around them reads without showing themselves: zero-width
# (U+200B-U+200D, U+2060, U+FEFF), direction marks (U+200E/F) and bidi embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069). "Engineer\u202egnp.exe" would read as "...exe.png".
INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# A surrogate that is not half of a pair (valid JSON "\\ud800"): no UTF-8 encoding exists for it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_invisible(text: str) -> str:
    if text.isascii():  # known without a scan (CPython keeps it): no invisible character is ASCII
        return text
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def scrub(text: str) -> str:
    """Text safe to store and show: invisible/bidi characters dropped, lone surrogates as U+FFFD."""
    text = strip_invisible(text)
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def nfc(text: str) -> str:
    """Unicode's composed form (NFC): "é" as one character or as "e" + U+0301 is one text, so the
    two forms never make two rows or a write that changes nothing visible."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)
