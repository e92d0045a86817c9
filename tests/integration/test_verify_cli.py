"""Issue 18's "Done when", through the real CLI on the recorded links (tests/fixtures/verify/links.json,
labelled as a job seeker reads each page): `jobboard run` verifies every shown link, `jobboard verify`
6 hours later (JOBBOARD_NOW moves the clock) confirms, and the next run publishes. No live or
ambiguous link is ever closed; at least 95% of the closed ones are."""

from __future__ import annotations

import json
from datetime import timedelta

import yaml

from jobboard.model import parse_utc
from jobboard_local.cli import main
from jobboard_local.link_pages import load_links
from jobboard_local.link_sample import SAMPLE_ID
from jobboard_local.recorded import SAMPLE_NOW
from jobboard_local.template import REPO_ROOT


def later(hours: int) -> str:
    return (parse_utc(SAMPLE_NOW) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_two_passes_six_hours_apart_close_the_closed_links_and_nothing_else(tmp_path, monkeypatch, capsys):
    links = {link["id"]: link["reads_as"] for link in load_links()}
    assert len(links) >= 60 and sum(label == "ambiguous" for label in links.values()) >= 10
    data = yaml.safe_load((REPO_ROOT / "jobboard.yaml").read_text(encoding="utf-8"))
    data["verify"] = {"interval_hours": 6}  # a second check 6 h later is due (the default is daily)
    config = tmp_path / "jobboard.yaml"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    args = ["--config", str(config), "--out", str(tmp_path / "out")]

    monkeypatch.setenv("JOBBOARD_NOW", SAMPLE_NOW)
    assert main([*args, "run"]) == 0
    assert f"verify: {len(links)} of {len(links)} links checked" in capsys.readouterr().out

    monkeypatch.setenv("JOBBOARD_NOW", later(6))
    report = tmp_path / "verify.json"
    assert main([*args, "verify", "--report", str(report)]) == 0
    first = json.loads(report.read_text(encoding="utf-8"))
    assert first["checked"] == len(links) and first["postings_closed"] > 0
    assert first["requests"] == sum(first["requests_by_host"].values()) > 0
    # Within the interval a second pass is due nowhere: no request, nothing written.
    assert main([*args, "verify", "--report", str(report)]) == 0
    again = json.loads(report.read_text(encoding="utf-8"))
    assert (again["checked"], again["requests"], again["items_written"]) == (0, 0, 0)

    assert main([*args, "run"]) == 0
    board = tmp_path / "out" / "jobboard-sample" / SAMPLE_ID
    rows = json.loads((board / "jobs.json").read_text(encoding="utf-8"))["jobs"]
    closed = {row["external_id"]: row["closed_reason"] for row in rows if not row["active"]}
    wrongly = {link: links[link] for link in closed if links[link] != "closed"}
    assert not wrongly, f"closed though a reader can apply or cannot tell: {wrongly}"
    labelled_closed = [link for link, label in links.items() if label == "closed"]
    assert len(closed) >= 0.95 * len(labelled_closed), sorted(set(labelled_closed) - set(closed))
    assert all(closed.values()), "every closed row carries its reason"
    readme = (board / "README.md").read_text(encoding="utf-8")
    assert f"links checked in the last 24 h: {len(links)}, closed: {len(closed)}" in readme
    assert all(row["verified_at"] == SAMPLE_NOW.replace("12:00", "18:00") for row in rows if row["active"])


def test_verify_names_the_boards_when_the_board_is_unknown(tmp_path, capsys):
    args = ["--config", str(REPO_ROOT / "jobboard.yaml"), "--out", str(tmp_path / "out")]
    assert main([*args, "verify", "--board", "nope"]) == 2
    assert "no board 'nope'; boards: backend" in capsys.readouterr().err
