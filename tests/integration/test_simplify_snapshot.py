"""SimplifyJobs' own README, row by row, against ours from the same listings.json.

The snapshots (../shared/data, or $JOBBOARD_SHARED_DATA) are the files behind SimplifyJobs'
Summer 2025 and New-Grad READMEs at one commit each. Their READMEs show every visible listing
posted after their cut-off; the open ones (active) link to the job, the rest show 🔒. We scrape
each through a `simplify` source (over local HTTP), put it on one unfiltered board, dedupe as a
publish does and render the `simplify` theme: every open row of theirs must be one of ours,
with the same company, role, link and date, and "Other" must stay a small category; with
`show_inactive`, every 🔒 row of theirs must be a 🔒 row of ours (same company, role, date).
"""

from __future__ import annotations

import gzip
import json
import os
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

DATA = Path(os.environ.get("JOBBOARD_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")
SNAPSHOT = DATA / "simplify-summer2025" / "daily-2024-10-24.json.gz"
NEW_GRAD_SNAPSHOT = DATA / "simplify-newgrad" / "daily-2024-10-24.json.gz"
NEW_GRAD_COMMITTED_AT = datetime(2024, 10, 25, 1, 15, 11, tzinfo=timezone.utc)  # index.json: 2024-10-24T18:15:11-07:00
NEW_GRAD_EARLIEST = (
    1714528377  # New-Grad-Positions .github/scripts/update_readmes.py: filterListings(earliest_date=...)
)
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


def simplify_new_grad_rows(listings: list[dict]) -> list[dict]:
    """The rows SimplifyJobs' New-Grad README shows, open and 🔒 (util.py filterListings): every
    visible listing after the cut-off; Simplify's own only with a role and a new-grad word in the title."""
    roles = (
        "software eng", "software dev", "data scientist", "data engineer", "product manage", "apm", "frontend",
        "front end", "front-end", "backend", "back end", "full-stack", "full stack", "devops", "android", "ios",
        "mobile dev", "sre", "site reliability eng", "quantitative trad", "quantitative research", "quantitative dev",
        "security eng", "compiler eng", "machine learning eng", "infrastructure eng",
    )  # fmt: skip
    new_grad = (
        "new grad", "early career", "college grad", "entry level", "early in career", "university grad", "fresh grad",
        "2024 grad", "2025 grad", "engineer 0", "engineer 1", "engineer i ", "junior",
    )  # fmt: skip
    rows = []
    for item in listings:
        title = item["title"].lower()
        if not (item["is_visible"] and item["date_posted"] > NEW_GRAD_EARLIEST):
            continue
        if item["source"] != "Simplify" or (
            any(r in title for r in roles) and (any(w in title for w in new_grad) or title.endswith("engineer i"))
        ):
            rows.append(item)
    return rows


def scrape_snapshot(
    listings: list[dict], terms: tuple[str, ...] = (), show_inactive: bool = False, now: datetime = COMMITTED_AT
):
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
        filters=BoardFilters(max_age_days=365, terms=terms, show_inactive=show_inactive),
    )
    on_board = [p for p in postings.values() if board.filters.accepts(p, now)]
    # as build_view orders them for dedupe: open first, then newest
    on_board.sort(key=lambda p: (not p.inactive, p.posted_at, p.key), reverse=True)
    shown = dedupe(on_board)
    return board, on_board, shown


def rendered_rows(board, shown, now: datetime = COMMITTED_AT) -> list[dict]:
    view = BoardView(
        board=board,
        postings=tuple(shown),
        figures=BoardFigures(jobs=sum(not p.inactive for p in shown)),
        generated_at=now,
        closed={p.key: None for p in shown if p.inactive},
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
                    "closed": named["Application/Link"].text == "🔒",
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


@pytest.fixture(scope="module")
def new_grad_listings() -> list[dict]:
    if not NEW_GRAD_SNAPSHOT.exists():
        pytest.skip(f"real listing data not found at {NEW_GRAD_SNAPSHOT} (see ../shared/data/README.md)")
    return json.loads(gzip.decompress(NEW_GRAD_SNAPSHOT.read_bytes()))


def _theirs(item: dict) -> dict:
    return {
        "company": item["company_name"].strip(),
        "role": " ".join(item["title"].split()) + BADGES.get(item["sponsorship"], ""),
        "date": format_date(datetime.fromtimestamp(item["date_posted"], timezone.utc), "%b %d"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("show_inactive", [False, True])
def test_every_new_grad_row_of_simplifyjobs_is_shown(new_grad_listings, show_inactive):
    expected = simplify_new_grad_rows(new_grad_listings)
    opened = [item for item in expected if item["active"]]
    locked = [item for item in expected if not item["active"]]
    assert (len(opened), len(locked)) == (135, 196)  # their README at that commit: 135 Apply rows, 196 🔒 rows
    board, _, shown = scrape_snapshot(new_grad_listings, show_inactive=show_inactive, now=NEW_GRAD_COMMITTED_AT)
    rows = rendered_rows(board, shown, NEW_GRAD_COMMITTED_AT)
    by_link: dict[str, list[dict]] = {}
    for row in rows:
        for href in row["hrefs"]:
            by_link.setdefault(href, []).append(row)
    missing_open = [
        item
        for item in opened
        if not any(
            {k: row[k] for k in ("company", "role", "date")} == _theirs(item)
            for row in by_link.get(item["url"].strip(), ())
        )
    ]
    closed_rows = [{k: row[k] for k in ("company", "role", "date")} for row in rows if row["closed"]]
    assert all(not row["hrefs"] for row in rows if row["closed"])  # a 🔒 row links no application
    missing_locked = [item for item in locked if _theirs(item) not in closed_rows]
    print(
        f"\nSimplifyJobs New-Grad shows {len(opened)} open and {len(locked)} 🔒 rows; ours (show_inactive="
        f"{show_inactive}): {len(rows)} rows, {len(closed_rows)} 🔒; missing open {len(missing_open)}, "
        f"missing 🔒 {len(missing_locked)}"
    )
    assert missing_open == []
    if show_inactive:
        assert missing_locked == []
    else:
        assert closed_rows == []  # without the option no closed listing is shown
    other = Counter(category_of(p) for p in shown if not p.inactive)[OTHER]
    assert other < 0.15 * sum(not p.inactive for p in shown)


@pytest.mark.slow
def test_software_engineer_i_is_entry_level_on_the_new_grad_list(new_grad_listings):
    _, on_board, _ = scrape_snapshot(new_grad_listings, show_inactive=True, now=NEW_GRAD_COMMITTED_AT)
    numbered = [p for p in on_board if p.title.lower().endswith("engineer i")]
    assert numbered and all(p.seniority == "junior" for p in numbered)


@pytest.mark.slow
def test_with_show_inactive_every_locked_summer_2025_row_of_simplifyjobs_is_shown(listings):
    locked = [
        item
        for item in listings
        if item["is_visible"]
        and not item["active"]
        and item["date_posted"] > EARLIEST
        and any("Summer 2025" in term for term in item["terms"])
    ]
    board, _, shown = scrape_snapshot(listings, terms=("Summer 2025",), show_inactive=True)
    rows = rendered_rows(board, shown)
    closed_rows = [{k: row[k] for k in ("company", "role", "date")} for row in rows if row["closed"]]
    missing = [item for item in locked if _theirs(item) not in closed_rows]
    print(f"\nSimplifyJobs shows {len(locked)} 🔒 Summer 2025 rows; ours {len(closed_rows)}; missing {len(missing)}")
    assert len(locked) == 473  # the README at that commit has 473 🔒 rows
    assert missing == []
    assert all(not row["hrefs"] for row in rows if row["closed"])
