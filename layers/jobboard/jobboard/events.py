"""Handler inputs checked before use: a wrong type is an error naming the field, never coerced.

`bool("false")` is True: an event saying {"force": "false"} must not force a publish. A small
checker instead of the Powertools parser: pydantic would more than double the layer's import
time for three flat objects.
"""

from __future__ import annotations

from typing import Any


class EventError(ValueError):
    """The event (or request body) is not what the function takes; the message names the field."""


_KINDS = {bool: "true or false", str: "a non-empty string"}


def read_fields(data: Any, fields: dict[str, type], where: str = "event") -> dict[str, Any]:
    """`data` as a dict holding only `fields` (name -> bool or str); absent or null ones are None."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise EventError(f"{where} must be a JSON object, got {type(data).__name__}")
    for name in data:
        if name not in fields:
            raise EventError(f"{where}.{name}: unknown field (expected: {', '.join(sorted(fields))})")
    values = {}
    for name, kind in fields.items():
        value = data.get(name)
        if value is not None and not (isinstance(value, kind) and (not isinstance(value, str) or value.strip())):
            raise EventError(f"{where}.{name}: must be {_KINDS[kind]}, got {value!r}")
        values[name] = value
    return values
