"""Source adapters: module `jobboard.sources.<type>` holds the adapter of that type, and
`declarations` what is known of each type without importing that module."""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

from jobboard.sources.declarations import DECLARATIONS, Declaration

if TYPE_CHECKING:
    from jobboard.sources.base import SourceAdapter


@cache
def adapter_types() -> tuple[str, ...]:
    return tuple(sorted(DECLARATIONS))


def declaration(source_type: str) -> Declaration:
    """What the configuration needs of a type (settings, terms, attribution): no adapter import."""
    if source_type not in DECLARATIONS:
        raise KeyError(f"unknown source type {source_type!r}; known: {', '.join(adapter_types())}")
    return DECLARATIONS[source_type]


@cache
def adapter_class(source_type: str) -> type[SourceAdapter]:
    """The adapter class for a type; only its own module is imported (cold start)."""
    declaration(source_type)  # an unknown type is refused, naming the known ones
    from jobboard.sources.base import SourceAdapter

    module = importlib.import_module(f"{__name__}.{source_type}")
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, SourceAdapter) and value.__module__ == module.__name__:
            return value
    raise KeyError(f"module {module.__name__} defines no SourceAdapter subclass")
