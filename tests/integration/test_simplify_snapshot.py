"""SimplifyJobs' own README, row by row, against ours from the same listings.json.

The snapshot (../shared/data, 6,000 listings) is the file behind SimplifyJobs' Summer 2025
README at that commit. Their README shows every visible Summer 2025 listing posted after
their cut-off; the open ones (active) link to the job, the rest show 🔒. We scrape it
through a `simplify` source (over local HTTP), put it on one unfiltered board, dedupe as a
publish does and render the `simplify` theme: every open row of theirs must be one of ours,
with the same company, role, link and date, and "Other" must stay a small category.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from jobboard.config import BoardConfig, BoardFilters, GitHubTarget, parse_source
from jobboard.http import HttpClient
from jobboard.publish.board import dedupe
from jobboard.render import render_board
from jobboard.render.categories import OTHER, category_of
from jobboard.render.formats import format_date
from jobboard.render.view import BoardFigures, BoardView
from jobboard.scrape import collect_postings, source_context
from jobboard_local.recorded import RecordedSourceServer
from tests.unit.render.helpers import job_rows

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "data" / "simplify-summer2025" / "daily-2024-10-24.json.gz"
COMMITTED_AT = datetime(2024, 10, 25, 1, 30, 38, tzinfo=timezone.utc)  # index.json: 2024-10-24T18:30:38-07:00
EARLIEST = 1710797957  # .github/scripts/update_readmes.py: filterSummer(listings, "2025", earliest_date=...)
HEADER = ["Company", "Role", "Location", "Terms", "Application/Link", "Date Posted"]
BADGES = {"Does Not Offer Sponsorship": " 🛂", "U.S. Citizenship is Required": " 🇺🇸"}


def simplify_open_rows(listings: list[dict]) -> list[dict]:
    """The rows SimplifyJobs' README shows with an Apply link (util.py filterSummer, getLink)."""
    return [
        item
        for item in listings
        if item["is_visible"]
        and item["active"]
        and item["date_posted"] > EARLIEST
        and any("Summer 2025" in term for term in item["terms"])
    ]


def scrape_snapshot(listings: list[dict], terms: tuple[str, ...] = ()):
    source = parse_source({"id": "simplify", "type": "simplify", "url": "/listings.json"})
    with RecordedSourceServer() as server:
        server.add("simplify", {"routes": [{"path": "/listings.json", "json": listings}]})
        ctx = source_context(
            source.model_copy(update={"base_url": server.base_url("simplify")}), HttpClient(sleep=lambda _: None)
        )
        postings, _ = collect_postings(source, ctx)
    board = BoardConfig(
        id="simplify",
        title="Summer 2025 Tech Internships",
        github=GitHubTarget(repo="o/interns"),
        sources=("simplify",),
        theme="simplify",
        filters=BoardFilters(max_age_days=365, terms=terms),
    )
    on_board = [p for p in postings.values() if board.filters.accepts(p, COMMITTED_AT)]
    on_board.sort(key=lambda p: (p.posted_at, p.key), reverse=True)  # as build_view orders them for dedupe
    shown = dedupe(on_board)
    return board, on_board, shown


def rendered_rows(board, shown) -> list[dict]:
    view = BoardView(
        board=board, postings=tuple(shown), figures=BoardFigures(jobs=len(shown)), generated_at=COMMITTED_AT
    )
    files = render_board(view).files
    rows, company = [], None
    for path in sorted(p for p in files if p.endswith(".md")):
        text = files[path].decode("utf-8")
        header = HEADER if "| Terms |" in text else [h for h in HEADER if h != "Terms"]
        for cells in job_rows(text, header):
            named = dict(zip(header, cells))
            if named["Company"].text != "↳":
                company = named["Company"].text
            rows.append(
                {
                    "company": company,
                    "role": named["Role"].text,
                    "hrefs": named["Application/Link"].hrefs,
                    "date": named["Date Posted"].text,
                }
            )
    return rows


@pytest.fixture(scope="module")
def listings() -> list[dict]:
    if not SNAPSHOT.exists():
        pytest.skip(f"real listing data not found at {SNAPSHOT} (see ../shared/data/README.md)")
    return json.loads(gzip.decompress(SNAPSHOT.read_bytes()))


@pytest.mark.slow
def test_every_open_summer_2025_row_of_simplifyjobs_is_shown(listings):
    expected = simplify_open_rows(listings)
    board, on_board, shown = scrape_snapshot(listings)
    rows = rendered_rows(board, shown)
    by_link = {}
    for row in rows:
        for href in row["hrefs"]:
            by_link.setdefault(href, []).append(row)
    missing, different = [], []
    for item in expected:
        ours = by_link.get(item["url"].strip())
        if not ours:
            missing.append(item)
            continue
        theirs = {
            "company": item["company_name"].strip(),
            "role": " ".join(item["title"].split()) + BADGES.get(item["sponsorship"], ""),
            "date": format_date(datetime.fromtimestamp(item["date_posted"], timezone.utc), "%b %d"),
        }
        if not any({k: row[k] for k in theirs} == theirs for row in ours):
            different.append((theirs, ours))
    other = Counter(category_of(p) for p in shown)[OTHER]
    print(
        f"\nSimplifyJobs shows {len(expected)} open Summer 2025 rows; ours: {len(rows)} rows "
        f"({len(on_board)} on the board before dedupe); missing {len(missing)}, different {len(different)}; "
        f"Other {other} of {len(shown)} ({100 * other / len(shown):.1f}%)"
    )
    assert len(expected) == 446  # the README at that commit has 446 rows with an Apply link
    assert missing == [] and different == []
    assert other < 0.15 * len(shown)


@pytest.mark.slow
def test_a_summer_2025_board_holds_only_that_term(listings):
    board, _, shown = scrape_snapshot(listings, terms=("Summer 2025",))
    assert all("Summer 2025" in p.terms for p in shown)
    assert {item["id"] for item in simplify_open_rows(listings)} <= {p.external_id for p in shown}
    other = Counter(category_of(p) for p in shown)[OTHER]
    print(f"\nSummer 2025 board: {len(shown)} rows, Other {other} ({100 * other / len(shown):.1f}%)")
    assert other < 0.15 * len(shown)
