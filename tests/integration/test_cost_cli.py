"""`jobboard cost` as a user runs it, on a small config: a measured day priced line by line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_jobboard_cost_measures_a_small_config_and_prints_the_itemised_month(tmp_path):
    config = tmp_path / "jobboard.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "sources": [{"id": "gitlab", "type": "greenhouse", "board": "gitlab", "schedule": "rate(2 hours)"}],
                "boards": [{"id": "all", "title": "All Jobs", "github": {"repo": "acme/jobs"}, "sources": ["gitlab"]}],
            }
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobboard_local.cli",
            "--config",
            str(config),
            "cost",
            "--hours",
            "6",
            "--turnover",
            "2",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    bill = done.stdout

    def figure(label: str) -> str:
        match = re.search(rf"^\s+{re.escape(label)}\s+(\S+) .*\s(\$[\d.,]+)$", bill, re.MULTILINE)
        assert match, f"no line {label!r} in:\n{bill}"
        return match.group(1)

    # The dispatcher ticks every 5 minutes whatever the config: 12 an hour, 8,760 a 730-hour month.
    assert figure("DispatchFunction requests") == "8,760"
    # Three scrapes of the source in 6 hours (rate(2 hours)), a batch each: 12 a day, 365 a 730-hour month.
    assert figure("ScrapeFunction requests") == "365"
    # Postings turned over (200% a day): the scrapes wrote, the stream fed stats, the board committed.
    assert float(figure("write units (transactions double)").replace(",", "")) > 0
    assert float(figure("StatsFunction requests").replace(",", "")) > 0
    assert re.search(r"GitHub \(no AWS charge\): [1-9]\d* commits a day \(acme/jobs [1-9]", bill), bill
    assert re.search(r"Total at list prices\s+\$\d", bill) and "Total after the always-free tier" in bill
    assert "Assumptions:" in bill and "rate(15 minutes)" in bill
