"""A board's static search page for GitHub Pages: index.html, site.js and site.css in the board's
site folder (render/board.py BoardPaths.site_dir), reading the board's jobs.json in the browser.

The page is served from the branch root (Pages "Deploy from a branch", folder "/ (root)"), so it
reads the one jobs.json beside the README rather than a copy; `.nojekyll` at the root makes Pages
serve the files as they are (Jekyll would otherwise try to read every README as a Liquid template).

index.html holds what the README's first page shows (title, description, stats line, trending
skills, related boards) and, for readers without JavaScript, a plain list of links to the README
pages. The exchange-rate table goes in as data so the salary filter converts as the boards do.
Everything is escaped by Jinja2's HTML autoescape; the script inserts values as text only.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from functools import cache
from importlib import resources

from jinja2 import Environment, StrictUndefined, Template

from jobboard.normalise import currency
from jobboard.normalise.text import strip_invisible
from jobboard.render import formats
from jobboard.render.view import BoardView

ASSETS = ("site.js", "site.css")
SITE_FILES = ("index.html", *ASSETS)  # in the board's site folder
NOJEKYLL = ".nojekyll"


@cache
def _asset(name: str) -> bytes:
    return resources.files("jobboard.render").joinpath("site", name).read_bytes()


@cache
def _index_template() -> Template:
    # As the Markdown themes do: no bidi override or zero-width character from a title reaches the page.
    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        finalize=lambda value: strip_invisible(value) if isinstance(value, str) else value,
    )
    return env.from_string(_asset("index.html.j2").decode("utf-8"))


def stats_line(view: BoardView) -> str:
    """The README's stats line, as text: "250 jobs · 40% remote · 80 companies · avg salary $120k · updated ..."."""
    figures = view.figures
    parts = [f"{view.open_jobs} jobs", f"{figures.remote_percent}% remote", f"{figures.companies} companies"]
    if figures.salary_average:
        parts.append(f"avg salary {formats.money(figures.salary_average, figures.salary_currency)}")
    if view.link_checks:
        parts.append(f"links checked in the last 24 h: {view.link_checks.checked}, closed: {view.link_checks.closed}")
    parts.append(f"updated {formats.format_date(view.generated_at, '%b %d, %Y at %H:%M UTC')}")
    return " · ".join(parts)


def site_files(
    view: BoardView,
    site_dir: str,
    jobs_json_path: str,
    readme_pages: Sequence[tuple[str, str]],
    readme_url: str,
    related: Sequence[tuple[str, str]],
) -> dict[str, bytes]:
    """The site's files by repository path. `readme_pages`: (label, URL) of each README page;
    `related`: (title, URL) of each related board."""
    board = view.board
    data = {
        "jobs": posixpath.relpath(jobs_json_path, site_dir or "."),
        "updated": formats.format_date(view.generated_at, "%Y-%m-%dT%H:%M:%SZ"),
        "rates": currency.UNITS_PER_USD,
        "rates_as_of": currency.RATES_AS_OF,
    }
    html = _index_template().render(
        title=board.title,
        description=board.description,
        stats=stats_line(view),
        top_skills=view.figures.top_skills[:8],
        readme_url=readme_url,
        readme_pages=readme_pages,
        related=related,
        data=json.dumps(data, separators=(",", ":"), sort_keys=True),
        jobs_href=data["jobs"],
        rates_as_of=currency.RATES_AS_OF,
    )
    files = {posixpath.join(site_dir, "index.html"): html.encode("utf-8")}
    for name in ASSETS:
        files[posixpath.join(site_dir, name)] = _asset(name)
    files[NOJEKYLL] = b""
    return files
