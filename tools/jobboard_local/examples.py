"""`make examples`: every built-in theme's output for an invented board, into docs/examples/<theme>/.

The postings are made up (no real employer's data), cover every work mode, salaries in
several currencies, non-ASCII text, a title with Markdown in it, company links, sponsorship
badges, an internship term, a long location list and a closed posting.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jobboard.config import BoardConfig, BoardFilters, GitHubTarget
from jobboard.model import Posting, Salary, SalaryPeriod, Sponsorship, WorkMode
from jobboard.normalise.seniority import from_title
from jobboard.render.board import render_board
from jobboard.render.view import BoardFigures, BoardView, HistoryPoint
from jobboard.sources.base import Attribution

BUILTIN = ("default", "jobr", "awesome", "simplify")
NOW = datetime(2025, 1, 7, 8, 30, tzinfo=timezone.utc)
OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "examples"

_JOBS = (
    # company, title, location, mode, hours ago, salary (min, max, currency, period) or None, skills
    (
        "Nordlicht Systems",
        "Senior Backend Engineer (Go, Kafka)",
        "Berlin, Germany",
        WorkMode.HYBRID,
        3,
        (85_000, 105_000, "EUR", SalaryPeriod.YEAR),
        ("go", "kafka", "postgresql"),
    ),
    (
        "Acme Cloud",
        "Site Reliability Engineer",
        "",
        WorkMode.REMOTE,
        20,
        (140_000, 175_000, "USD", SalaryPeriod.YEAR),
        ("kubernetes", "terraform", "aws"),
    ),
    (
        "Café Numérique",
        "Développeur Full Stack React / Node.js",
        "Lyon, France",
        WorkMode.ONSITE,
        30,
        None,
        ("react", "nodejs"),
    ),
    (
        "東京データ株式会社",
        "Machine Learning Engineer — 機械学習",
        "Tokyo, Japan",
        WorkMode.ONSITE,
        52,
        (9_000_000, 12_000_000, "JPY", SalaryPeriod.YEAR),
        ("python", "machine learning"),
    ),
    (
        "Pixel & Co",
        "Frontend Developer | Design Systems",
        "Remote (EU)",
        WorkMode.REMOTE,
        75,
        (55, 70, "GBP", SalaryPeriod.HOUR),
        ("typescript", "react"),
    ),
    (
        "شركة البرمجيات",
        "مهندس برمجيات خلفية (Python)",
        "Dubai, United Arab Emirates",
        WorkMode.ONSITE,
        100,
        None,
        ("python", "django"),
    ),
    (
        "Orbit Mobile",
        "iOS Engineer 🚀",
        "Toronto, Canada",
        WorkMode.HYBRID,
        130,
        (120_000, 150_000, "CAD", SalaryPeriod.YEAR),
        (),
    ),
    (
        "Ledger Labs",
        "Backend Developer *Payments* [Java]",
        "New York, NY",
        WorkMode.UNKNOWN,
        200,
        (160_000, None, "USD", SalaryPeriod.YEAR),
        ("java", "spring"),
    ),
    ("Helpdesk Heroes", "Customer Support Specialist", "Remote", WorkMode.REMOTE, 260, None, ()),
    (
        "Ledger Labs",
        "Backend Engineer Intern",
        "New York, NY; Austin, TX; Chicago, IL; Seattle, WA; Denver, CO",
        WorkMode.ONSITE,
        200,
        (45, 55, "USD", SalaryPeriod.HOUR),
        ("java",),
    ),
    ("Acme Cloud", "Platform Engineer", "Remote (US)", WorkMode.REMOTE, 300, None, ("go", "aws")),
)
# What some sources add (SimplifyJobs-format listings): by company, and per posting.
_COMPANY_LINKS = {"Acme Cloud": "https://acme-cloud.example.com", "Ledger Labs": "https://ledger-labs.example.com"}
_EXTRA: dict[str, dict[str, Any]] = {
    "Site Reliability Engineer": {"sponsorship": Sponsorship.CITIZENS_ONLY},
    "Backend Developer *Payments* [Java]": {"sponsorship": Sponsorship.NOT_OFFERED},
    "Backend Engineer Intern": {"terms": ("Summer 2025",), "sponsorship": Sponsorship.OFFERED},
}
_CLOSED = {"Platform Engineer": NOW - timedelta(hours=10)}


def sample_view(theme: str = "default") -> BoardView:
    board = BoardConfig(
        id="backend",
        title="Backend Jobs",
        description="Backend, platform and data roles, refreshed every few hours.",
        github=GitHubTarget(repo="example/backend-jobs"),
        sources=("examples",),
        theme=theme,
        filters=BoardFilters(max_age_days=15),
    )
    postings = tuple(
        Posting(
            source="examples",
            external_id=str(1000 + i),
            company=company,
            title=title,
            url=f"https://jobs.example.com/{1000 + i}?ref=board",
            posted_at=NOW - timedelta(hours=hours),
            location=location,
            work_mode=mode,
            skills=skills,
            salary=Salary(*pay) if pay else None,
            company_url=_COMPANY_LINKS.get(company),
            seniority=from_title(title),
            **_EXTRA.get(title, {}),
        )
        for i, (company, title, location, mode, hours, pay, skills) in enumerate(_JOBS)
    )
    open_postings = [p for p in postings if p.title not in _CLOSED]  # closed ones are shown, not counted
    figures = BoardFigures(
        jobs=len(open_postings),
        remote=sum(p.work_mode is WorkMode.REMOTE for p in open_postings),
        companies=len({p.company for p in open_postings}),
        salary_currency="USD",
        salary_average=152_000,
        top_skills=(("python", 2), ("react", 2), ("java", 2), ("go", 1), ("kafka", 1), ("kubernetes", 1)),
    )
    history = tuple(
        HistoryPoint(date(2024, 12, 24) + timedelta(days=d), jobs)
        for d, jobs in enumerate((4, 5, 5, 6, 8, 7, 7, 9, 8, 10, 11, 9, 10, 9))
    )
    related = (
        board.model_copy(
            update={"id": "frontend", "title": "Frontend Jobs", "github": GitHubTarget(repo="example/frontend-jobs")}
        ),
        board.model_copy(
            update={
                "id": "remote",
                "title": "Remote Jobs",
                "github": GitHubTarget(repo="example/jobs", path="remote/README.md"),
            }
        ),
    )
    closed = {p.key: _CLOSED[p.title] for p in postings if p.title in _CLOSED}
    return BoardView(
        board=board,
        postings=postings,
        figures=figures,
        generated_at=NOW,
        related=related,
        attributions=(Attribution("Remote OK", "https://remoteok.com"),),
        history=history,
        closed=closed,
    )


def write_examples(output: Path = OUTPUT) -> list[Path]:
    written = []
    for theme in BUILTIN:
        for path, content in render_board(sample_view(theme)).files.items():
            target = output / theme / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"folder to write into (default {OUTPUT})")
    args = parser.parse_args(argv)
    for path in write_examples(args.output):
        print(path)


if __name__ == "__main__":
    main()
