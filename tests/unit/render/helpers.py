"""Building views and reading rendered Markdown back the way GitHub does (cmark-gfm)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

from jobboard.config import BoardConfig, BoardFilters, GitHubTarget
from jobboard.model import Posting, Salary, SalaryPeriod, WorkMode
from jobboard.render.view import BoardFigures, BoardView, HistoryPoint
from jobboard.sources.base import Attribution

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
THEMES = ("default", "jobr", "awesome", "simplify")

HOSTILE_TITLES = (
    "a | b",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "`rm -rf /` and ``double``",
    "line one\nline two\r\nline three",
    "*bold* _em_ **strong** ~~gone~~",
    "Rocket Engineer 🚀 👩‍💻",
    "مهندس برمجيات خلفية",
    "\\|",
    "ends with a backslash \\",
    "# not a heading #",
    "- not a list",
    "1. not numbered",
    "&amp; &copy; &#124;",
    "$120k-$150k engineer",
    "see http://evil.example/x or www.evil.example",
    "> not a quote",
    "![img](http://evil.example/i.png)",
    "footnote[^1] and [ ] box",
    "trailing star *",
    "C# / .NET Engineer",
    "tab\there\x00nul\x1b[31mansi",
    "Señor Ingeniero — Zürich 東京",
)


def posting(i: int, **changes) -> Posting:
    base = Posting(
        source="fixture",
        external_id=str(i),
        company=f"Company {i}",
        title=f"Engineer {i}",
        url=f"https://jobs.example.com/{i}",
        posted_at=NOW - timedelta(hours=5 * i + 1),
        location=f"City {i}",
        work_mode=(WorkMode.REMOTE, WorkMode.HYBRID, WorkMode.ONSITE, WorkMode.UNKNOWN)[i % 4],
        salary=Salary(100_000 + i, 120_000 + i, "USD", SalaryPeriod.YEAR) if i % 3 == 0 else None,
        skills=("python",) if i % 2 else ("react", "java"),
    )
    return dataclasses.replace(base, **changes)


def hostile_postings() -> list[Posting]:
    postings = [posting(i, title=title) for i, title in enumerate(HOSTILE_TITLES)]
    n = len(postings)
    postings += [
        posting(n, company="Pipe | Co <b>", location="Remote | [EU]", title="Backend Engineer"),
        posting(n + 1, url="javascript:alert(1)", title="No link for me"),
        posting(n + 2, url="https://example.com/wiki/Go_(lang) a|b?x=1&amp;y=`2`", title="Odd URL"),
        posting(n + 3, company="", location="", title="Bare", work_mode=WorkMode.UNKNOWN),
    ]
    return postings


def board(theme: str = "default", **changes) -> BoardConfig:
    base = BoardConfig(
        id="backend",
        title="Backend Jobs",
        github=GitHubTarget(repo="owner/backend-jobs"),
        sources=("fixture",),
        theme=theme,
        description="Backend roles.",
        filters=BoardFilters(max_age_days=21),
    )
    return base.model_copy(update=changes)


def view(postings, theme: str = "default", **changes) -> BoardView:
    postings = tuple(postings)
    base = BoardView(
        board=board(theme),
        postings=postings,
        figures=BoardFigures(
            jobs=len(postings),
            remote=sum(p.work_mode is WorkMode.REMOTE for p in postings),
            companies=len({p.company for p in postings}),
            salary_currency="USD",
            salary_average=181_000,
            top_skills=(("python", 12), ("react", 7), ("<b>&x", 1)),
        ),
        generated_at=NOW,
        related=(board(id="frontend", title="Frontend [Jobs]", github=GitHubTarget(repo="owner/frontend-jobs")),),
        attributions=(Attribution("Remote OK", "https://remoteok.com"),),
        history=tuple(HistoryPoint((NOW - timedelta(days=d)).date(), 40 + d) for d in range(6, -1, -1)),
    )
    return dataclasses.replace(base, **changes)


def to_html(markdown: str) -> str:
    # Raw HTML kept (GitHub renders its safe subset: <details>, <a>, <img>), so escaping that failed shows as tags.
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


@dataclasses.dataclass
class Cell:
    text: str = ""
    hrefs: list[str] = dataclasses.field(default_factory=list)


_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6")


class _Document(HTMLParser):
    """Tables as lists of rows of Cells; text blocks as (tag, text); every tag and link seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Cell]]] = []
        self.blocks: list[list[str]] = []  # [tag, text]
        self.tags: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, rel)
        self._cell: Cell | None = None
        self._block: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag in _BLOCKS:
            self._block = [tag, ""]
            self.blocks.append(self._block)
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = Cell()
            self.tables[-1][-1].append(self._cell)
        elif tag == "a":
            self.links.append((attrs.get("href", ""), attrs.get("rel", "")))
            if self._cell is not None:
                self._cell.hrefs.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag in _BLOCKS:
            self._block = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.text += data
        if self._block is not None:
            self._block[1] += data


def parse(markdown: str) -> _Document:
    parser = _Document()
    parser.feed(to_html(markdown))
    parser.close()
    return parser


def job_rows(markdown: str, header: list[str]) -> list[list[Cell]]:
    """Body rows of every table whose header is `header`, in document order."""
    rows = []
    for table in parse(markdown).tables:
        if [c.text for c in table[0]] == header:
            rows.extend(table[1:])
    return rows
