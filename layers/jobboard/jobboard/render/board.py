"""render_board: a board's README (split into pages past a size budget) and its companion files.

Everything comes from the BoardView: no clock, no randomness, so the same view renders
to the same bytes (publishing is skipped when the bytes are equal).

Files, beside board.github.path (for a board file other than README.md its stem
prefixes the companions, so two boards can share a folder):

    README.md            the theme's output, at most `budget` bytes
    pages/2.md, ...      the rows that did not fit, each page also within budget
    jobs.json            every posting as data (render/jobs_json.py)
    feed.xml             Atom feed of the newest postings (render/feed.py)
    chart.svg            open jobs per day and top skills (render/chart.py)
    site/index.html, site/site.js, site/site.css
                         the search page for GitHub Pages (render/site.py; `site: false` leaves it
                         out); for a board file other than README.md, site/<stem>/; plus .nojekyll
                         at the repository root
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from datetime import datetime, timedelta
from urllib.parse import quote

from aws_lambda_powertools import Logger
from jinja2 import Template, TemplateError

from jobboard.config import BoardConfig, GitHubTarget
from jobboard.contributions.forms import contribute_links, form_files, form_paths
from jobboard.model import Posting, Salary, Sponsorship, WorkMode
from jobboard.render import formats
from jobboard.render.categories import CATEGORIES
from jobboard.render.changes import BoardChanges, board_digests, diff_digests, legacy_digests
from jobboard.render.chart import chart_svg
from jobboard.render.feed import atom_feed
from jobboard.render.jobs_json import jobs_json
from jobboard.render.markdown import Markdown, escape, github_anchor, link
from jobboard.render.site import SITE_FILES, site_files
from jobboard.render.themes import ThemeError, load_theme
from jobboard.render.view import BoardView

logger = Logger(child=True)

README_BUDGET = 400_000  # bytes; GitHub stops displaying a README at 512,000
NEW_FOR = timedelta(hours=24)
_CELL_CHARS = 300  # longer titles or locations are clipped: a row must never blow a page
# More places than this show as "5 locations" with the list folded in a <details> cell (as SimplifyJobs does).
LOCATIONS_SHOWN = 3
_LIST_CHARS = 2000  # a folded list is clipped too
SPONSORSHIP_BADGES: dict[Sponsorship | None, str] = {Sponsorship.NOT_OFFERED: "🛂", Sponsorship.CITIZENS_ONLY: "🇺🇸"}
LEGEND = {"🛂": "does not offer visa sponsorship", "🇺🇸": "requires U.S. citizenship", "🔒": "closed"}


class RenderError(ValueError):
    """The board cannot be rendered as asked (e.g. the budget cannot hold a single row)."""


@dataclass(frozen=True)
class BoardPaths:
    """Where a board's files go, relative to the repository root."""

    readme: str
    jobs_json: str
    feed: str
    chart: str
    pages_dir: str
    page_prefix: str  # "" for README boards, "<stem>-" otherwise
    site_dir: str  # the search page's folder

    def page(self, number: int) -> str:
        if number == 1:
            return self.readme
        return posixpath.join(self.pages_dir, f"{self.page_prefix}{number}.md")

    def is_page(self, path: str) -> bool:
        """Whether `path` is one of this board's extra pages (any number)."""
        folder, _, name = path.rpartition("/")
        number = name.removeprefix(self.page_prefix).removesuffix(".md")
        return (
            folder == self.pages_dir
            and name.startswith(self.page_prefix)
            and name.endswith(".md")
            and number.isdigit()
            and int(number) > 1
        )

    def is_site_file(self, path: str) -> bool:
        """One of the files of this board's search page (render/site.py)."""
        folder, _, name = path.rpartition("/")
        return folder == self.site_dir and name in SITE_FILES

    def relative(self, from_file: str, to_file: str) -> Markdown:
        """A link destination from one of the board's files to another (percent-encoded: safe as is)."""
        return Markdown(quote(posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")))


def board_paths(github: GitHubTarget) -> BoardPaths:
    folder = github.directory
    stem = posixpath.basename(github.path).removesuffix(".md")
    prefix = "" if stem.lower() == "readme" else f"{stem}."
    return BoardPaths(
        readme=github.path,
        jobs_json=posixpath.join(folder, f"{prefix}jobs.json"),
        feed=posixpath.join(folder, f"{prefix}feed.xml"),
        chart=posixpath.join(folder, f"{prefix}chart.svg"),
        pages_dir=posixpath.join(folder, "pages"),
        page_prefix=f"{stem}-" if prefix else "",
        site_dir=posixpath.join(folder, "site", stem) if prefix else posixpath.join(folder, "site"),
    )


def github_url(target: GitHubTarget, path: str | None = None) -> str:
    """Where people read a board (or another of its files, `path`) on github.com."""
    path = path or target.path
    if path == "README.md":
        return f"https://github.com/{target.repo}"
    return f"https://github.com/{target.repo}/blob/{quote(target.branch)}/{quote(path)}"


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to build, and there are thousands
class JobRow:
    """One posting as themes print it: text fields are escaped Markdown, cut to a sane length."""

    posting: Posting
    company: Markdown
    company_link: Markdown  # the company linked to its site where the source gives one, else as `company`
    title: Markdown
    url: str
    location: Markdown  # as the source gave it; past LOCATIONS_SHOWN places "N locations" with a folded list
    locations: tuple[Markdown, ...]  # each place on its own
    place: Markdown  # the location plus the work mode when the text does not say it, or "—"
    work_mode: str  # "remote", "hybrid", "on-site", "unknown"
    work_mode_label: str  # "Remote", "Hybrid", "On Site", "—"
    salary: Markdown  # "$120k–$150k", "" when not listed
    posted_at: datetime
    age: str  # "5h", "3d" before the board's time
    is_new: bool  # posted less than 24 hours before the board's time
    category: str
    terms: Markdown  # "Summer 2025, Fall 2025", "" for jobs that are not for a season
    badge: str  # "🛂" no visa sponsorship, "🇺🇸" U.S. citizenship required, ""
    closed: bool  # shown as closed (🔒) on a board with show_closed_days
    closed_reason: Markdown = Markdown("")  # what the link verifier saw, for a row it closed ("gone (404)")


class RowTexts:
    """Makes one render's JobRows, working out once what rows share: escaped companies and places,
    company links, salaries, seasons and ages repeat down a board (thousands of rows, a few hundred
    companies). One per render: it holds the board's time."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._new_after = now - NEW_FOR  # a row is new when posted after this (one comparison a row)
        self._cells: dict[str, Markdown] = {}
        self._companies: dict[tuple[str, str | None], tuple[Markdown, Markdown]] = {}
        self._places: dict[tuple[str, WorkMode], _Place] = {}
        self._salaries: dict[Salary | None, Markdown] = {}
        self._terms: dict[tuple[str, ...], Markdown] = {}
        self._ages: dict[str, str] = {}

    def row(self, posting: Posting, category: str, closed: bool = False, closed_reason: str = "") -> JobRow:
        """`category`: category_of(posting), worked out once per render (BoardJobs.categories)."""
        where = (posting.location, posting.work_mode)
        place = self._places.get(where) or self._place(where)
        who = (posting.company, posting.company_url)
        company, company_link = self._companies.get(who) or self._company(who)
        salary = self._salaries.get(posting.salary)
        if salary is None:
            salary = self._salaries[posting.salary] = escape(formats.salary_range(posting.salary))
        terms = self._terms.get(posting.terms)
        if terms is None:
            terms = self._terms[posting.terms] = escape(", ".join(posting.terms))
        age = formats.age(posting.posted_at, self.now)
        shown_age = self._ages.get(age)
        if shown_age is None:
            # Kept as Markdown when escaping leaves it as it is ("3d", not "<1h"): the same string,
            # printed without escaping it again.
            escaped = escape(age)
            shown_age = self._ages[age] = escaped if escaped == age else age
        title = posting.title
        return JobRow(
            posting=posting,
            company=company,
            company_link=company_link,
            title=escape(title if len(title) <= _CELL_CHARS else _clip(title)),
            url=posting.url,
            location=place.location,
            locations=place.locations,
            place=place.place,
            work_mode=place.work_mode,
            work_mode_label=place.work_mode_label,
            salary=salary,
            posted_at=posting.posted_at,
            age=shown_age,
            is_new=posting.posted_at > self._new_after,
            category=category,
            terms=terms,
            badge=SPONSORSHIP_BADGES.get(posting.sponsorship, ""),
            closed=closed,
            closed_reason=escape(closed_reason) if closed_reason else Markdown(""),
        )

    def cell(self, text: str) -> Markdown:
        found = self._cells.get(text)
        if found is None:
            found = self._cells[text] = escape(_clip(text))
        return found

    def _company(self, who: tuple[str, str | None]) -> tuple[Markdown, Markdown]:
        """(company, company_link) of a row."""
        name, url = who
        company = self.cell(name)
        found = self._companies[who] = (company, link(url, company) if company else company)
        return found

    def _place(self, where: tuple[str, WorkMode]) -> _Place:
        text, mode = where
        location = self.cell(text)
        places: tuple[Markdown, ...] = (location,) if location else ()
        if ";" in text:  # sources join several places with "; "
            places = tuple(self.cell(p) for p in text.split(";") if p.strip())
            if len(places) > LOCATIONS_SHOWN:
                location = folded_list(places)
        place = location
        if mode in (WorkMode.REMOTE, WorkMode.HYBRID) and mode.value not in text.lower():
            word = formats.WORK_MODE_LABELS[mode]
            place = Markdown(f"{location} ({word.lower()})") if location else Markdown(word)
        found = self._places[where] = _Place(
            location, places, place or Markdown("—"), mode.value, formats.WORK_MODE_LABELS[mode]
        )
        return found


class _Place(NamedTuple):
    """A row's fields that come from its location and work mode."""

    location: Markdown
    locations: tuple[Markdown, ...]
    place: Markdown
    work_mode: str
    work_mode_label: str


def _mixes_terms(postings: Sequence[Posting]) -> bool:
    """Whether rows must say their terms: some job has terms and not every job shares one
    (a Summer 2025 board whose co-ops also run into the fall need not say so on each row)."""
    seasons = {p.terms for p in postings}  # a few distinct ones, however many jobs
    if not any(seasons):
        return False
    return not set.intersection(*({t.casefold() for t in terms} for terms in seasons))


def _clip(text: str, limit: int = _CELL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def folded_list(places: Sequence[Markdown]) -> Markdown:
    """ "**5 locations**" that unfolds to the list, one place a line (GitHub renders it in a table cell)."""
    shown: list[str] = []
    size = 0
    for place in places:
        size += len(place) + 5
        if size > _LIST_CHARS:
            shown.append("…")
            break
        shown.append(place)
    return Markdown(f"<details><summary>**{len(places)} locations**</summary>{'</br>'.join(shown)}</details>")


@dataclass(frozen=True)
class Section:
    """One category's rows under its heading."""

    name: str
    heading: str  # "Backend (12)"
    anchor: str  # GitHub's id for that heading, for a table of contents
    jobs: tuple[JobRow, ...]


def sections(rows: Sequence[JobRow]) -> list[Section]:
    """Rows grouped by category, in CATEGORIES order, empty ones left out; rows keep their order."""
    groups: dict[str, list[JobRow]] = {name: [] for name in CATEGORIES}
    for row in rows:
        groups[row.category].append(row)
    result = []
    for name, jobs in groups.items():
        if jobs:
            heading = f"{name} ({len(jobs)})"
            result.append(Section(name=name, heading=heading, anchor=github_anchor(heading), jobs=tuple(jobs)))
    return result


@dataclass(frozen=True)
class Page:
    """Which page of how many a text is (README is page 1)."""

    number: int
    count: int

    @property
    def first(self) -> bool:
        return self.number == 1

    @property
    def last(self) -> bool:
        return self.number == self.count


@dataclass(frozen=True)
class RelatedBoard:
    """A sibling board, linked from this one."""

    title: str
    url: str


@dataclass(frozen=True)
class RenderedBoard:
    """A board's files as rendered, and what changed since the last publish."""

    files: dict[str, bytes]  # repository path -> content
    paths: BoardPaths
    pages: int
    changes: BoardChanges  # against previous_digests
    commit_message: str  # e.g. "backend: +12 new, -3 closed, 4 updated (250 jobs)"
    digests: bytes  # what this render holds, for the next render's changes (render/changes.py)
    form_paths: frozenset[str] = frozenset()  # where the board's issue forms go (contributions/forms.py)

    def is_stale_page(self, path: str) -> bool:
        """A page file of this board (left by an earlier, longer render), a file of its search page
        (the board has since turned it off: `site: false`) or one of its issue forms (it stopped
        taking contributions) that this render does not write."""
        return (
            self.paths.is_page(path) or self.paths.is_site_file(path) or path in self.form_paths
        ) and path not in self.files


def render_board(
    view: BoardView, previous_digests: bytes | None = None, *, budget: int = README_BUDGET
) -> RenderedBoard:
    board = view.board
    paths = board_paths(board.github)
    jobs = view.board_jobs
    postings = jobs.postings
    template = load_theme(board.theme)
    rows = _rows(view)
    related = [RelatedBoard(title=b.title, url=github_url(b.github)) for b in view.related]
    shared = _shared(view, rows, related)

    def render_page(page_rows: Sequence[JobRow], number: int, count: int, limit: int | None = None) -> str | None:
        return _render_page(template, shared, page_rows, Page(number, count), paths, limit)

    pages = _paginate(render_page, rows, budget)
    files = {paths.page(number): text.encode("utf-8") for number, text in enumerate(pages, start=1)}
    files[paths.jobs_json] = jobs_json(board, jobs.lines)
    open_postings = [p for p, key in zip(postings, jobs.keys) if key not in view.closed]
    files[paths.feed] = atom_feed(board, open_postings, view.generated_at, github_url(board.github))
    files[paths.chart] = chart_svg(view.history, view.figures.top_skills, board.title)
    if board.site:
        files.update(
            site_files(
                view,
                paths.site_dir,
                paths.jobs_json,
                readme_pages=[
                    ("README" if n == 1 else f"page {n}", github_url(board.github, paths.page(n)))
                    for n in range(1, len(pages) + 1)
                ],
                readme_url=github_url(board.github),
                related=[(r.title, r.url) for r in related],
            )
        )
    files.update(form_files(board))  # in the same commit as the board that links them
    digests = board_digests(jobs)
    changes = diff_digests(previous_digests, digests, lambda: legacy_digests(jobs, view.closed))
    logger.info(
        "board rendered",
        extra={
            "board": board.id,
            "theme": board.theme,
            "jobs": len(rows),
            "pages": len(pages),
            "readme_bytes": len(files[paths.readme]),
        },
    )
    return RenderedBoard(
        files=files,
        paths=paths,
        pages=len(pages),
        changes=changes,
        commit_message=f"{board.id}: {changes.describe()}",
        digests=digests,
        form_paths=form_paths(board),
    )


def _rows(view: BoardView) -> list[JobRow]:
    jobs = view.board_jobs
    texts = RowTexts(view.generated_at)
    return [
        texts.row(p, category, key in view.closed, view.closed_reasons.get(key, ""))
        for p, key, category in zip(jobs.postings, jobs.keys, jobs.categories)
    ]


def _shared(view: BoardView, rows: Sequence[JobRow], related: list[RelatedBoard]) -> dict:
    """What every page of the board's render shows alike."""
    return {
        "board": view.board,
        "figures": view.figures,
        "generated_at": view.generated_at,
        "total_jobs": view.open_jobs,
        "link_checks": view.link_checks,
        "attribution_line": _attribution_line(view),
        "contribute_line": _contribute_line(view.board),
        "history": view.history,
        "related": related,
        "show_terms": _mixes_terms(view.board_jobs.postings),
        "legend": [
            (badge, meaning)
            for badge, meaning in LEGEND.items()
            if any(r.badge == badge or (r.closed and badge == "🔒") for r in rows)
        ],
    }


def row_lines(view: BoardView) -> str:
    """The lines the board's theme prints for the view's postings, under their table's header: how
    rows appear on the board (comments on readers' contributions show them)."""
    rows = _rows(view)
    text = _render_page(
        load_theme(view.board.theme), _shared(view, rows, []), rows, Page(1, 1), board_paths(view.board.github)
    )
    assert text is not None  # None only when a limit is given
    lines = text.splitlines()
    for i, line in enumerate(lines[1:], start=1):
        if _TABLE_RULE.match(line) and lines[i - 1].startswith("|"):
            body = [row for row in lines[i + 1 :] if row.startswith("|")][: len(rows)]
            return "\n".join([lines[i - 1], line, *body])
    return "\n".join(line for line in lines if any(row.url in line for row in rows))  # a theme without a table


_TABLE_RULE = re.compile(r"^\|\s*:?-{3,}")


def _render_page(
    template: Template, shared: dict, rows: Sequence[JobRow], page: Page, paths: BoardPaths, limit: int | None = None
) -> str | None:
    """The page's text; None as soon as it is known to pass `limit` bytes (so a long board is not
    rendered whole just to learn that it does not fit)."""
    here = paths.page(page.number)
    context = {
        **shared,
        "jobs": rows,
        "sections": sections(rows),
        "page": page,
        "pager": _pager(paths, page),
        "links": {
            name: paths.relative(here, target)
            for name, target in (
                ("readme", paths.readme),
                ("chart", paths.chart),
                ("feed", paths.feed),
                ("jobs_json", paths.jobs_json),
            )
        },
    }
    try:
        if limit is None:
            text = template.render(context)
        else:
            chunks: list[str] = []
            chars = 0
            for chunk in template.generate(context):
                chunks.append(chunk)
                chars += len(chunk)
                if chars > limit:  # a character is at least one byte
                    return None
            text = "".join(chunks)
    except TemplateError as exc:
        raise ThemeError(f"theme {shared['board'].theme!r}: {exc}") from exc
    contribute = shared["contribute_line"]
    if contribute and contribute not in text:  # a theme of one's own that does not print it
        text = f"{text.rstrip()}\n\n{contribute}\n"
    credit = shared["attribution_line"]
    if credit and credit not in text:  # the sources' terms require it, whatever the theme says
        text = f"{text.rstrip()}\n\n{credit}\n"
    return text


_SAMPLE_ROWS = 200  # rows rendered to estimate a row's size on a board that needs pages
# A board estimated (from the sample) at more than this many budgets is not rendered whole to learn
# that it does not fit; its pages are checked instead (_clearly_over).
_CLEARLY_OVER = 2


def _paginate(render_page: Callable[..., str | None], rows: list[JobRow], budget: int) -> list[str]:
    """Page texts, each within budget, holding all rows in order; a board that fits is rendered once.

    Pages are filled from measured sizes, leaving a little slack because the pager on
    every page grows with the page count, which is only known at the end.
    """

    def render_whole(page_rows, number: int, count: int) -> str:
        text = render_page(page_rows, number, count)
        assert text is not None  # None only when a limit is given
        return text

    def whole_if_it_fits() -> str | None:
        whole = render_page(rows, 1, 1, limit=budget)
        return whole if whole is not None and _size(whole) <= budget else None

    if len(rows) <= _SAMPLE_ROWS:  # no dearer than the sample: tried first
        whole = whole_if_it_fits()
        if whole is not None:
            return [whole]
        if not rows:
            raise RenderError(f"the page without any job is over the {budget}-byte budget")
    empty = _size(render_whole((), 1, 1))
    sample = rows[:_SAMPLE_ROWS]
    row_bytes = max((_size(render_whole(sample, 1, 1)) - empty) / len(sample), 1.0)
    # Rendering a long board whole (up to the budget) only to learn that it does not fit costs as
    # much as a page: skipped when the estimate is far over, and checked on the pages instead.
    skipped = len(rows) > _SAMPLE_ROWS and empty + row_bytes * len(rows) > _CLEARLY_OVER * budget
    if len(rows) > _SAMPLE_ROWS and not skipped:
        whole = whole_if_it_fits()
        if whole is not None:
            return [whole]
    slack = budget // 100
    count = max(2, math.ceil(len(rows) / _rows_that_fit(budget - slack - empty, row_bytes)))
    for _ in range(10):
        bounds, texts = _plan(render_page, rows, budget - slack, count, row_bytes)
        if len(texts) != count:  # same rows per page, the pager for the real count
            count = len(texts)
            texts = [render_whole(rows[a:b], n, count) for n, (a, b) in enumerate(bounds, start=1)]
        if skipped and sum(_size(text) - empty for text in texts) <= budget * 5 // 4:
            # The sample misled (its rows far longer than the rest): the whole board may fit after all
            # (a quarter over: what pages repeat, such as section headings, counted in each).
            skipped = False
            whole = whole_if_it_fits()
            if whole is not None:
                return [whole]
        if all(_size(text) <= budget for text in texts):
            return texts
    raise RenderError(f"pagination did not settle on a page count (last tried {count})")


def _plan(
    render_page, rows: list[JobRow], budget: int, count: int, row_bytes: float
) -> tuple[list[tuple[int, int]], list[str]]:
    """Fill pages in order, each within budget, assuming `count` pages: (row ranges, texts)."""
    bounds: list[tuple[int, int]] = []
    texts: list[str] = []
    start = 0
    while start < len(rows):
        number = len(texts) + 1
        empty = _size(render_page((), number, count))
        n = min(len(rows) - start, _rows_that_fit(budget - empty, row_bytes))
        while True:
            text = render_page(rows[start : start + n], number, count)
            size = _size(text)
            if size <= budget:
                break
            if n == 1:
                raise RenderError(f"a page with one job is {size} bytes, over the {budget}-byte budget")
            row_bytes = max((size - empty) / n, 1.0)
            n = min(n - 1, _rows_that_fit(budget - empty, row_bytes))
        bounds.append((start, start + n))
        texts.append(text)
        start += n
    return bounds, texts


def _rows_that_fit(room: int, row_bytes: float) -> int:
    """An estimate a little on the safe side (rows differ in length), never below one."""
    return max(1, int(room / row_bytes * 0.98))


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _pager(paths: BoardPaths, page: Page) -> Markdown:
    """ "More jobs: [page 2](pages/2.md), [page 3](pages/3.md)" on the README; page links elsewhere."""
    if page.count == 1:
        return Markdown("")
    here = paths.page(page.number)
    if page.first:
        links = ", ".join(f"[page {n}]({paths.relative(here, paths.page(n))})" for n in range(2, page.count + 1))
        return Markdown(f"**More jobs:** {links}")
    links = " · ".join(
        f"**{n}**" if n == page.number else f"[{n}]({paths.relative(here, paths.page(n))})"
        for n in range(1, page.count + 1)
    )
    return Markdown(f"**Pages:** {links}")


def _contribute_line(board: BoardConfig) -> Markdown:
    """ "Missing a job, or one is wrong or closed? Add a job · Correct a job · Report a closed job",
    linked to the board's issue forms; "" for a board without contributions."""
    links = contribute_links(board)
    if not links:
        return Markdown("")
    forms = " · ".join(link(url, name) for name, url in links)
    return Markdown(f"Missing a job, or one is wrong or closed? {forms}")


def _attribution_line(view: BoardView) -> Markdown:
    """ "Sources: [Remote OK](https://remoteok.com), ..." as plain followed links; "" when none is owed."""
    credits = sorted({(a.name, a.url) for a in view.attributions})
    if not credits:
        return Markdown("")
    return Markdown("Sources: " + ", ".join(link(url, name) for name, url in credits))
