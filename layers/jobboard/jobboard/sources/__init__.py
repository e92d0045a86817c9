"""Source adapters: module `jobboard.sources.<type>` holds the adapter of that type, with its
settings model and terms; the configuration's `sources` entries are built from them."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobboard.sources.base import SourceAdapter

_NOT_ADAPTERS = {"base"}


@cache
def adapter_types() -> tuple[str, ...]:
    """Every source type: the adapter modules of this package."""
    return tuple(sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name not in _NOT_ADAPTERS))


@cache
def adapter_class(source_type: str) -> type[SourceAdapter]:
    """The adapter class for a type (its settings, terms, fetch and normalisation)."""
    if source_type not in adapter_types():
        raise KeyError(f"unknown source type {source_type!r}; known: {', '.join(adapter_types())}")
    from jobboard.sources.base import SourceAdapter

    module = importlib.import_module(f"{__name__}.{source_type}")
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, SourceAdapter) and value.__module__ == module.__name__:
            if value.type != source_type:
                raise KeyError(f"module {module.__name__} defines the adapter of type {value.type!r}")
            return value
    raise KeyError(f"module {module.__name__} defines no SourceAdapter subclass")
