"""Listings a source marks inactive (SimplifyJobs' `active: false`): 🔒 rows on boards with
`show_inactive`, as SimplifyJobs' own lists show them; nowhere else, and in no figure."""

from __future__ import annotations

import json
from datetime import timedelta

from jobboard.config import parse_config
from jobboard.http import HttpClient
from jobboard.publish.board import build_view
from jobboard.render import render_board
from jobboard.scrape import scrape_source
from jobboard.stats.stream import apply_batch

from tests.conftest import NOW
from tests.unit.render.helpers import job_rows


def listing(n: int, title: str, *, active: bool, company: str = "Marmot Robotics") -> dict:
    posted = int((NOW - timedelta(days=n)).timestamp())
    return {
        "source": "Simplify",
        "company_name": company,
        "company_url": "https://simplify.jobs/c/marmot",
        "id": f"listing-{n}",
        "title": title,
        "active": active,
        "is_visible": True,
        "date_posted": posted,
        "date_updated": posted,
        "url": f"https://careers.marmot.example/jobs/{n}",
        "locations": ["Austin, TX"],
        "terms": [],
        "sponsorship": "Other",
    }


LISTINGS = [
    listing(1, "Software Engineer, New Grad", active=True),
    listing(2, "Software Engineer I", active=False),
    listing(3, "Backend Engineer I", active=False, company="Lynx Systems"),
]


def config(base_url: str, *boards: dict):
    return parse_config(
        {
            "sources": [{"id": "newgrad", "type": "simplify", "url": "/listings.json", "base_url": base_url}],
            "boards": [
                {"id": b["id"], "title": b["id"], "github": {"repo": f"o/{b['id']}"}, "sources": ["newgrad"],
                 "theme": "simplify", "filters": {"max_age_days": 30, **b.get("filters", {})}}
                for b in boards
            ],
        }
    )  # fmt: skip


def scrape(aws, server, cfg):
    server.add("simplify", {"routes": [{"path": "/listings.json", "json": LISTINGS}]})
    return scrape_source(cfg.source("newgrad"), cfg, aws.postings, NOW, HttpClient(sleep=lambda _: None))


def test_without_a_board_that_shows_them_inactive_listings_are_skipped_and_counted(aws, source_server):
    cfg = config(source_server.base_url("simplify"), {"id": "open"})
    outcome = scrape(aws, source_server, cfg)
    assert outcome.ok and (outcome.new, outcome.skipped) == (1, {"inactive": 2})
    assert [i["sk"] for i in aws.postings.scan_all()] == ["listing-1"]


def test_a_show_inactive_board_lists_them_with_a_lock_and_counts_only_open_jobs(aws, source_server):
    cfg = config(source_server.base_url("simplify"), {"id": "open"}, {"id": "all", "filters": {"show_inactive": True}})
    outcome = scrape(aws, source_server, cfg)
    assert outcome.ok and outcome.new == 3 and "inactive" not in outcome.skipped
    boards = {i["sk"]: i["boards"] for i in aws.postings.scan_all()}
    assert boards == {"listing-1": ["all", "open"], "listing-2": ["all"], "listing-3": ["all"]}
    aws.pump.drain(lambda batch, _ctx: apply_batch(batch["Records"], aws.boards, NOW) and {})

    shown_all = aws.boards.snapshot("all")
    assert shown_all.figures.jobs == 1 and shown_all.figures.companies == 1  # inactive ones count nowhere
    assert aws.boards.snapshot("open").figures == shown_all.figures

    view = build_view(cfg.board("all"), cfg, shown_all, NOW)
    assert view.open_jobs == 1 and dict(view.closed) == {"newgrad#listing-2": None, "newgrad#listing-3": None}
    files = render_board(view).files
    header = ["Company", "Role", "Location", "Application/Link", "Date Posted"]
    rows = {cells[1].text: cells for cells in job_rows(files["README.md"].decode(), header)}
    assert rows["Software Engineer, New Grad"][3].hrefs  # the open one links its application
    for title in ("Software Engineer I", "Backend Engineer I"):
        assert rows[title][3].text == "🔒" and rows[title][3].hrefs == []
    jobs = {j["external_id"]: j for j in json.loads(files["jobs.json"])["jobs"]}
    assert {k: (j["active"], j["closed_at"], j["seniority"]) for k, j in jobs.items()} == {
        "listing-1": (True, None, "junior"),
        "listing-2": (False, None, "junior"),
        "listing-3": (False, None, "junior"),
    }
    assert list(jobs) == ["listing-1", "listing-2", "listing-3"]  # open first

    open_view = build_view(cfg.board("open"), cfg, aws.boards.snapshot("open"), NOW)
    assert [p.external_id for p in open_view.postings] == ["listing-1"] and not open_view.closed
