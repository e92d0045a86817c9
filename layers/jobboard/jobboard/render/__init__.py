"""Rendering boards: Markdown themes (Jinja2), pages past GitHub's size limit, jobs.json, feed.xml, chart.svg.

The entry point is loaded on first use: the stats function imports `jobboard.render.view`
and should not pay for Jinja2 at cold start.
"""

from importlib import import_module

_EXPORTS = {
    "README_BUDGET": "board",
    "RenderError": "board",
    "RenderedBoard": "board",
    "render_board": "board",
    "commit_message": "changes",
    "ThemeError": "themes",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
