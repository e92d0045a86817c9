"""Defensive readers for raw source values: a missing or wrong-typed value reads as absent."""

from __future__ import annotations

from collections.abc import Mapping

from jobboard.normalise.text import clean_line


def as_dict(value) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def as_list(value) -> list:
    return value if isinstance(value, list) else []


def dig(value, *keys):
    """value[k1][k2]... through mappings only; None as soon as a level is missing or not a mapping."""
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def strings(value) -> list[str]:
    """The non-empty cleaned strings of a list (a lone string counts as a one-item list)."""
    items = [value] if isinstance(value, str) else as_list(value)
    return [s for item in items if (s := clean_line(item))]


def flag(value) -> bool | None:
    """A real boolean, else None (the strings "true"/"false" some feeds send count too)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None
