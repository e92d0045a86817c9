"""Source adapters: module `jobboard.sources.<type>` holds the adapter of that type."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from jobboard.sources.base import SourceAdapter


@cache
def adapter_types() -> tuple[str, ...]:
    return tuple(sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name != "base"))


@cache
def adapter_class(source_type: str) -> type[SourceAdapter]:
    """The adapter class for a type; only its own module is imported (cold start)."""
    if source_type not in adapter_types():
        raise KeyError(f"unknown source type {source_type!r}; known: {', '.join(adapter_types())}")
    module = importlib.import_module(f"{__name__}.{source_type}")
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, SourceAdapter) and value.__module__ == module.__name__:
            return value
    raise KeyError(f"module {module.__name__} defines no SourceAdapter subclass")
