"""Where the configuration file and the board themes are found. Apart from jobboard.config so that
rendering (and the build compiling the built-in themes) needs none of the config's models."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_ENV = "JOBBOARD_CONFIG"
DEFAULT_CONFIG = "jobboard.yaml"
THEMES_ENV = "JOBBOARD_THEMES_DIR"
THEME_SUFFIX = ".md.j2"
BUILTIN_THEMES = Path(__file__).resolve().parent / "render" / "themes"


def config_path(explicit: str | os.PathLike | None = None) -> Path:
    """--config flag, else $JOBBOARD_CONFIG, else ./jobboard.yaml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def theme_dirs(config_file: str | os.PathLike | None = None) -> tuple[Path, ...]:
    """Where themes are looked up: $JOBBOARD_THEMES_DIR, else themes/ beside the config; then the built-in ones."""
    override = os.environ.get(THEMES_ENV)
    user = Path(override) if override else config_path(config_file).resolve().parent / "themes"
    return (user.resolve(), BUILTIN_THEMES)


def theme_names(folders: tuple[Path, ...]) -> list[str]:
    return sorted(
        {p.name.removesuffix(THEME_SUFFIX) for d in folders if d.is_dir() for p in d.glob(f"*{THEME_SUFFIX}")}
    )
