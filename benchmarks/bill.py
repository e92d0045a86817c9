"""`make bench`, the monthly bill: `jobboard cost` for the default config and for 1,000 companies.

Each is the measured local day `jobboard cost` runs (jobboard_local.cost_day), priced at
us-east-1 list prices, and printed beside the bill issue 15 measured before this work. The
1,000-company shape is one `companies:` list of 1,000 Greenhouse boards (20 postings each,
served by the generated stand-in of companies.py, turning over like the recordings) feeding
the 4 boards of the default jobboard.yaml.

Usage: python benchmarks/bill.py [--companies 1000] [--hours 24] [--only default|companies]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml
from companies import GreenhouseStandIn

from jobboard.model import parse_utc
from jobboard_local.cost import Assumptions, format_bill, goal_line, monthly_lines, totals
from jobboard_local.cost_day import measure_day, template_stack
from jobboard_local.recorded import SAMPLE_NOW

REPO = Path(__file__).resolve().parents[1]
# Issue 15, measured on the code before it: (list price, after the always-free tier) a month.
BEFORE = {"default": (11.74, 7.37), "companies": (312.0, 303.0)}
GOALS = {"default": 1.00, "companies": 5.00}
# Issue 15 at 1,000 companies: each board committed at ~64 of its 96 daily publishes, re-sending
# jobs.json (~4.9 MB a render) each time.
BEFORE_COMMITS_A_DAY = 4 * 64
BEFORE_UPLOAD_MB_A_DAY = 4 * 64 * 4.9


def say(text: str = "", **kwargs) -> None:
    print(text, **{**kwargs, "flush": True})


def companies_config(directory: Path, url: str, slugs: list[str]) -> Path:
    """The default config's 4 boards, all fed by one 1,000-company Greenhouse list."""
    default = yaml.safe_load((REPO / "jobboard.yaml").read_text(encoding="utf-8"))
    boards = [{**board, "sources": ["ats"]} for board in default["boards"]]
    config = {
        "sources": [
            {"id": "ats", "type": "greenhouse", "base_url": url, "companies": slugs, "schedule": "rate(6 hours)"}
        ],
        "boards": boards,
    }
    path = directory / "jobboard.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def bill(key: str, title: str, config: Path, hours: float, servers=()) -> None:
    assume = Assumptions()
    started = time.perf_counter()
    day = measure_day(config, assume, hours=hours, servers=servers, say=say)
    elapsed = time.perf_counter() - started
    stack = template_stack()
    say()
    for line in format_bill(day, stack, assume, f"{title} (measured in {elapsed:.0f} s)"):
        say(line)
    lines = monthly_lines(day, stack, assume)
    full, after = totals(lines)
    before_full, before_after = BEFORE[key]
    say("\n  Before (issue 15) -> now, a month at list prices:")
    say(goal_line("without the free tier", full, before_full, GOALS[key], lines))
    say(goal_line("after the always-free tier", after, before_after, None, lines))
    if key == "companies":
        scale = 24 / day.hours
        commits = sum(day.commits.values()) * scale
        say(
            f"       GitHub commits a day: {BEFORE_COMMITS_A_DAY} -> {commits:.0f} "
            f"(goal: at most one per board an hour, {4 * 24}); uploaded a day: "
            f"{BEFORE_UPLOAD_MB_A_DAY:,.0f} MB -> {day.uploaded_bytes * scale / 1e6:,.1f} MB"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=20)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--only", choices=("default", "companies"))
    args = parser.parse_args()
    say("\n== The monthly bill (`jobboard cost`): a measured local day, priced at us-east-1 list prices")
    if args.only != "companies":
        bill("default", "Default jobboard.yaml (the bundled recordings)", REPO / "jobboard.yaml", args.hours)
    if args.only != "default":
        slugs = [f"company-{i:04d}" for i in range(args.companies)]
        with (
            tempfile.TemporaryDirectory(prefix="jobboard-bench-bill-") as work,
            GreenhouseStandIn(slugs, args.postings, parse_utc(SAMPLE_NOW)) as server,
        ):
            config = companies_config(Path(work), server.url, slugs)
            title = f"{args.companies:,} Greenhouse companies x {args.postings} postings, the 4 default boards"
            say(f"\n{title} ...")
            bill("companies", title, config, args.hours, servers=[server])
    return 0


if __name__ == "__main__":
    sys.exit(main())
