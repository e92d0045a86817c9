"""Links: only http(s) URLs are kept; canonical forms drop tracking parameters (for dedup)."""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "ref", "source", "src", "gh_src", "lever-", "trk", "fbclid", "gclid")


def http_url(value) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    candidate = html.unescape(value.strip())
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in candidate):
        return None
    return candidate


def canonical_url(url: str) -> str:
    """Lowercase host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", parts.netloc.lower().removeprefix("www."), path, urlencode(sorted(query)), ""))
