"""Finding a board's theme: a Jinja2 template `<name>.md.j2`.

Searched in order: $JOBBOARD_THEMES_DIR if set, else the `themes/` folder beside
jobboard.yaml; then the built-in themes (default, jobr, awesome). A user theme may
`{% include %}` or `{% import %}` built-in files too.

Autoescaping is off (the output is Markdown, not HTML), but the finalize hook escapes
every printed value that is not already `Markdown` (see render/markdown.py), so a theme
cannot print raw user data by mistake. Undefined names raise, so a typo fails loudly.
See docs/examples/README.md for the variables and filters a theme gets.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
)

from jobboard.paths import BUILTIN_THEMES, THEME_SUFFIX, theme_dirs, theme_names
from jobboard.render import formats, markdown

__all__ = ["BUILTIN_THEMES", "THEME_SUFFIX", "ThemeError", "available_themes", "load_theme", "theme_dirs"]
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
COMPILED_THEMES = BUILTIN_THEMES / "__bytecode__"  # written by `make build` (tools/compile_build.py)


class ThemeError(ValueError):
    """No such theme, or its template is broken; the message says which and where it looked."""


def available_themes() -> list[str]:
    return theme_names(theme_dirs())


def load_theme(name: str) -> Template:
    dirs = theme_dirs()
    if not _NAME.match(name or ""):
        raise ThemeError(f"theme {name!r}: letters, digits, '-' and '_' only")
    try:
        return _environment(dirs).get_template(name + THEME_SUFFIX)
    except TemplateNotFound:
        raise ThemeError(
            f"theme {name!r}: no {name}{THEME_SUFFIX} in {', '.join(map(str, dirs))} "
            f"(available: {', '.join(available_themes())})"
        ) from None
    except TemplateSyntaxError as exc:
        raise ThemeError(f"theme {name!r}: {exc}") from exc


class ShippedBytecode(BytecodeCache):
    """The built-in themes compiled once, at build time, into the layer: Lambda cannot write beside
    read-only code, and compiling the default boards' themes would take ~20 ms of every cold start.

    Keyed by template name alone (the build's paths are not Lambda's). Jinja2 compares the source's
    checksum and the Python version, so a user theme of the same name, an edited theme or another
    Python compiles as it did without a cache. Written only when `writable` (by the build).
    """

    def __init__(self, directory: Path, writable: bool = False):
        self.directory = directory
        self.writable = writable

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(name.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket) -> None:
        try:
            with open(self.directory / f"{bucket.key}.cache", "rb") as f:
                bucket.load_bytecode(f)
        except FileNotFoundError:
            pass

    def dump_bytecode(self, bucket) -> None:
        if self.writable:
            self.directory.mkdir(exist_ok=True)
            with open(self.directory / f"{bucket.key}.cache", "wb") as f:
                bucket.write_bytecode(f)


def compile_builtin_themes(directory: Path = COMPILED_THEMES) -> list[str]:
    """Compile every built-in theme into `directory` (the build calls this with Lambda's Python)."""
    names = theme_names((BUILTIN_THEMES,))
    environment = _environment((BUILTIN_THEMES,), ShippedBytecode(directory, writable=True))
    for name in names:
        environment.get_template(name + THEME_SUFFIX)
    return names


@lru_cache(maxsize=8)
def _environment(dirs: tuple[Path, ...], bytecode: BytecodeCache | None = None) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d), encoding="utf-8") for d in dirs]),
        autoescape=False,
        finalize=markdown.finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode or ShippedBytecode(COMPILED_THEMES),
    )
    env.filters.update(markdown.FILTERS)
    env.filters.update(formats.FILTERS)
    return env
