"""`make run` and `jobboard invoke` as a user runs them: embedded moto, recordings, local git."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest

from jobboard_local.cli import main
from jobboard.config import load_config

REPO = Path(__file__).resolve().parents[2]
EVENTS = sorted((REPO / "events").glob("*.json"))


def commits(repo_dir: Path) -> list[str]:
    return subprocess.run(
        ["git", "-C", str(repo_dir), "log", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.splitlines()


def test_run_twice_second_pass_changes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--config", str(REPO / "jobboard.yaml"), "--out", str(out), "run"]) == 0
    first = capsys.readouterr().out
    assert "sample data" in first
    boards = load_config(REPO / "jobboard.yaml").boards
    for board in boards:
        repo_dir = out / board.github.repo
        assert len(commits(repo_dir)) == 1, board.id
        assert (repo_dir / board.github.path).read_text(encoding="utf-8").startswith(("<!--", "#"))
    assert " published " in first and "FAILED" not in first

    assert main(["--config", str(REPO / "jobboard.yaml"), "--out", str(out), "run"]) == 0
    second = capsys.readouterr().out
    assert "No changes since the last run: nothing written, nothing committed." in second
    assert "Stream: 0 record(s)" in second, second
    for board in boards:
        assert len(commits(out / board.github.repo)) == 1, board.id


def _function_for(event_file: Path) -> str:
    return event_file.name.split("-")[0]


@pytest.mark.parametrize("event_file", EVENTS, ids=[e.name for e in EVENTS])
def test_invoke_drives_every_event_file(event_file, tmp_path, capsys):
    out = tmp_path / "out"
    config = str(REPO / "jobboard.yaml")
    # A scrape first, so stats, publish and refresh act on data as they would when deployed.
    assert (
        main(
            [
                "--config",
                config,
                "--out",
                str(out),
                "invoke",
                "scrape",
                "--state",
                "--event",
                str(REPO / "events" / "scrape-schedule.json"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(
        [
            "--config",
            config,
            "--out",
            str(out),
            "invoke",
            _function_for(event_file),
            "--state",
            "--event",
            str(event_file),
        ]
    )
    printed = capsys.readouterr()
    result = json.loads(printed.out)
    assert code == 0, result
    if event_file.name == "refresh-api-unknown-board.json":
        assert result["statusCode"] == 404 and "no board" in json.loads(result["body"])["message"]
    elif event_file.name == "refresh-progress-api.json":  # a run this state never started
        assert result["statusCode"] == 404 and "no refresh run" in json.loads(result["body"])["message"]
    elif event_file.name.startswith("refresh"):
        assert result["statusCode"] == 202, result
        run = json.loads(result["body"])
        assert run["status"] == "scraping" and run["units"]["pending"] == run["units"]["total"] > 0
        # Then the queue, the stream and the run's publish carry it to the end, as deployed.
        progress = printed.err[printed.err.index(f"GET /boards/backend/refresh/{run['run_id']} -> 200") :]
        finished = json.loads(progress[progress.index("{") :])
        assert finished["status"] == "finished" and finished["units"]["pending"] == 0, finished
        assert finished["publish"]["status"] in ("published", "unchanged") and finished["publish"]["stats_settled"]
    elif event_file.name.startswith("stats"):
        assert result == {"batchItemFailures": []}
    elif event_file.name == "scrape-queue.json":
        assert result["batchItemFailures"] == [] and [o["status"] for o in result["outcomes"]] == ["ok"]
    elif event_file.name.startswith("scrape"):
        assert result["status"] == "ok"
    elif event_file.name.startswith("reconcile"):
        # The pass before it left every board in step with the postings: nothing to repair.
        assert result["boards"] >= 1 and result["postings"] >= 1 and result["repaired"] == [] == result["deferred"]
    elif event_file.name.startswith("verify"):
        # The recorded sources' apply links are not recorded: a sample invoke checks none (and reaches no site).
        assert (result["shown"], result["checked"], result["requests"]) == (0, 0, 0)
    elif event_file.name.startswith("dispatch"):
        assert result["slot"] == "2026-01-15T06:00Z" and result["sent"] == len(result["sources"])
    else:
        # One source scraped: boards it does not feed have no jobs, and an empty first publish is held.
        assert {b["status"] for b in result["boards"]} <= {"published", "unchanged", "held"}
        assert all(b["jobs"] == 0 for b in result["boards"] if b["status"] == "held")
        assert any(b["status"] == "published" for b in result["boards"])


def test_options_are_accepted_after_the_command(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--config", str(REPO / "jobboard.yaml"), "--out", str(out), "--dry-run"]) == 0
    assert " dry-run " in capsys.readouterr().out
    assert (out / ".local").is_dir()
    # An option before the command is not reset by the command's own (unset) copy of it.
    before = tmp_path / "before"
    assert main(["--out", str(before), "run", "--dry-run", "--config", str(REPO / "jobboard.yaml")]) == 0
    assert (before / ".local").is_dir()


def _state(out: Path) -> bytes:
    from jobboard_local.environment import STATE_FILE

    return (out / STATE_FILE).read_bytes()


def test_invoke_with_a_sample_event_leaves_the_local_state_alone(tmp_path, capsys):
    out = tmp_path / "out"
    config = str(REPO / "jobboard.yaml")
    assert main(["--config", config, "--out", str(out), "run"]) == 0
    before = _state(out)
    assert b"Example Robotics" not in gzip.decompress(before)
    stats_event = str(REPO / "events" / "stats-stream.json")
    assert main(["invoke", "stats", "--event", stats_event, "--config", config, "--out", str(out)]) == 0
    assert "Throwaway state" in capsys.readouterr().err
    assert _state(out) == before
    assert main(["--config", config, "--out", str(out), "run"]) == 0
    assert "Example Robotics" not in (out / "your-org" / "backend-jobs" / "README.md").read_text(encoding="utf-8")
    # --state is the explicit choice to run on (and keep) the real local state.
    assert main(["invoke", "stats", "--state", "--event", stats_event, "--config", config, "--out", str(out)]) == 0
    assert b"Example Robotics" in gzip.decompress(_state(out))


def test_sample_mode_keeps_a_source_with_its_own_base_url(tmp_path, capsys, monkeypatch):
    import yaml

    from jobboard_local.recorded import SAMPLE_NOW, RecordedSourceServer, load_recording

    # A run with a source used as written keeps the real clock; pinned here so the recordings'
    # postings do not age out of the boards as the calendar moves on (the test is about base_url).
    monkeypatch.setenv("JOBBOARD_NOW", SAMPLE_NOW)

    data = yaml.safe_load((REPO / "jobboard.yaml").read_text(encoding="utf-8"))
    recording = load_recording("greenhouse")
    with RecordedSourceServer({"mine": recording}) as mine:
        gitlab = next(s for s in data["sources"] if s["id"] == "gitlab")
        gitlab.update(recording["settings"], base_url=mine.base_url("mine"), company="Mine Inc")
        config = tmp_path / "my.yaml"
        config.write_text(yaml.safe_dump(data), encoding="utf-8")
        assert main(["run", "--config", str(config), "--out", str(tmp_path / "out"), "--dry-run"]) == 0
        assert mine.requests, "the source's own base_url was not used"
    shown = capsys.readouterr().out
    assert "Used as written (their own base_url or no recording): gitlab" in shown
    assert "for palantir, ramp" in shown and "gitlab," not in shown.split("Sample data:")[1].splitlines()[0]


def test_sample_mode_keeps_a_company_list_with_its_own_base_url(tmp_path, capsys, monkeypatch):
    import yaml

    from jobboard_local.recorded import SAMPLE_NOW, RecordedSourceServer, load_recording

    # A run with a source used as written keeps the real clock; pinned here so the recordings'
    # postings do not age out of the boards as the calendar moves on (the test is about base_url).
    monkeypatch.setenv("JOBBOARD_NOW", SAMPLE_NOW)

    data = yaml.safe_load((REPO / "jobboard.yaml").read_text(encoding="utf-8"))
    recording = load_recording("greenhouse")
    (tmp_path / "companies.csv").write_text(f"slug,name\n{recording['settings']['board']},Mine Inc\n", encoding="utf-8")
    with RecordedSourceServer({"mine": recording}) as mine:
        gitlab = next(s for s in data["sources"] if s["id"] == "gitlab")
        for key in ("board", "company"):
            gitlab.pop(key, None)
        gitlab.update(companies_file="companies.csv", base_url=mine.base_url("mine"))  # beside my.yaml
        config = tmp_path / "my.yaml"
        config.write_text(yaml.safe_dump(data), encoding="utf-8")
        assert main(["run", "--config", str(config), "--out", str(tmp_path / "out"), "--dry-run"]) == 0
        assert mine.requests, "the company list's own base_url was not used"
    assert "Used as written (their own base_url or no recording): gitlab" in capsys.readouterr().out


def test_invoke_reports_a_function_error_with_a_nonzero_exit(tmp_path, capsys):
    event = tmp_path / "bad.json"
    event.write_text('{"source_id": "no-such-source"}', encoding="utf-8")
    code = main(
        [
            "--config",
            str(REPO / "jobboard.yaml"),
            "--out",
            str(tmp_path / "out"),
            "invoke",
            "scrape",
            "--event",
            str(event),
        ]
    )
    assert code == 1
    assert "no-such-source" in json.loads(capsys.readouterr().out)["errorMessage"]


def test_preview_and_dry_run_publish_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    config = str(REPO / "jobboard.yaml")
    assert main(["--config", config, "--out", str(out), "preview", "frontend"]) == 0
    shown = capsys.readouterr().out
    assert "dry run: nothing published" in shown
    assert "new        README.md" in shown and "+| Company | Position | Location | Posted | Apply |" in shown
    assert main(["--config", config, "--out", str(out), "run", "--dry-run"]) == 0
    assert " dry-run " in capsys.readouterr().out
    assert not (out / "your-org").exists()  # no repository was written


def test_serve_answers_the_refresh_endpoint_like_api_gateway(tmp_path):
    import signal
    import socket
    import sys
    import time

    import requests

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jobboard_local.cli",
            "--config",
            str(REPO / "jobboard.yaml"),
            "--out",
            str(tmp_path / "out"),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/boards"
        deadline = time.monotonic() + 60
        while True:
            try:
                unknown = requests.post(f"{url}/nope/refresh", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and server.poll() is None, server.stdout.read()
                time.sleep(0.3)
        assert unknown.status_code == 404
        assert requests.post(f"{url}/devops/refresh", data="not json", timeout=30).status_code == 400
        refreshed = requests.post(f"{url}/devops/refresh", timeout=60)
        assert refreshed.status_code == 202, refreshed.text
        run = refreshed.json()
        assert refreshed.headers["Location"] == f"/boards/devops/refresh/{run['run_id']}"
        # The queue loop scrapes the run's units, the stats settle, the run's publish commits.
        deadline = time.monotonic() + 120
        while (progress := requests.get(f"{url}/devops/refresh/{run['run_id']}", timeout=30).json())[
            "status"
        ] != "finished":
            assert time.monotonic() < deadline, progress
            time.sleep(0.5)
        assert progress["units"]["done"] == progress["units"]["total"] == run["units"]["total"]
        assert progress["publish"]["status"] == "published" and progress["publish"]["commit"]
        assert requests.get(f"{url}/devops/refresh/no-such-run", timeout=30).status_code == 404
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0]
    assert server.returncode == 0, output
    assert (tmp_path / "out" / "your-org" / "devops-jobs" / "README.md").exists()


def test_run_against_a_persistent_endpoint_resumes_its_stream(tmp_path, capsys, monkeypatch):
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        args = ["--config", str(REPO / "jobboard.yaml"), "--out", str(tmp_path / "out"), "run"]
        assert main(args) == 0
        assert "AWS: AWS_ENDPOINT_URL" in capsys.readouterr().out
        assert main(args) == 0
        second = capsys.readouterr().out
    finally:
        server.stop()
    assert "Stream: 0 record(s)" in second and "No changes since the last run" in second


def test_run_goes_on_past_a_failing_source_and_exits_nonzero(tmp_path, capsys, monkeypatch):
    """Issue 9 items 4 and 8: one source's crash never aborts the run before the others and the publish."""
    from jobboard.store.postings import PostingsStore

    original = PostingsStore.stored_states

    def failing_for_gitlab(self, source_id):
        if source_id == "gitlab":
            raise RuntimeError("table unavailable")
        return original(self, source_id)

    monkeypatch.setattr(PostingsStore, "stored_states", failing_for_gitlab)
    code = main(["--config", str(REPO / "jobboard.yaml"), "--out", str(tmp_path / "out"), "run"])
    shown = capsys.readouterr().out
    assert code == 1
    assert "FAILED: storing failed: RuntimeError: table unavailable" in shown
    assert "palantir" in shown and " published " in shown  # later sources and the publish still ran


def test_invoke_prints_only_the_result_on_stdout(tmp_path):
    import os
    import sys

    # A fresh process, as a user starts it (earlier in-process runs leave function variables set).
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env.update(LOG_LEVEL="INFO", POWERTOOLS_METRICS_DISABLED="false")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobboard_local.cli",
            "--config",
            str(REPO / "jobboard.yaml"),
            "--out",
            str(tmp_path / "out"),
            "invoke",
            "scrape",
            "--event",
            str(REPO / "events" / "scrape-schedule.json"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{"), (done.stdout, done.stderr[-3000:])
    assert json.loads(done.stdout)["status"] == "ok"  # the result alone
    assert '"scrape outcome"' in done.stderr  # the function's log: stderr


def test_two_first_runs_creating_the_tables_at_once_both_succeed(aws):
    """Both saw no tables and both call CreateTable: the second must not fail on ResourceInUse."""
    from jobboard_local.template import create_tables, load_template

    from tests.conftest import TABLE_NAMES

    create_tables(aws.dynamodb, load_template(), TABLE_NAMES)  # the fixture already made them
    assert set(TABLE_NAMES.values()) <= set(aws.dynamodb.list_tables()["TableNames"])


def test_run_due_scrapes_what_the_dispatcher_would_queue_now(tmp_path, capsys):
    from datetime import timedelta

    from jobboard.dispatch import due_units
    from jobboard.model import parse_utc
    from jobboard_local.recorded import SAMPLE_NOW

    config = load_config(REPO / "jobboard.yaml")
    assert main(["--config", str(REPO / "jobboard.yaml"), "--out", str(tmp_path / "out"), "run", "--due"]) in (0, 1)
    assert f"dispatch: {len(due_units(config, parse_utc(SAMPLE_NOW)))} scrape(s) queued" in capsys.readouterr().out
    # The first later tick with something due: exactly that is scraped.
    tick = next(
        t for t in (parse_utc(SAMPLE_NOW) + timedelta(minutes=m) for m in range(5, 1440, 5)) if due_units(config, t)
    )
    due = due_units(config, tick)
    # Boards that no due source feeds have no jobs yet: their empty first publish is held (exit 1).
    assert main(
        [
            "--config",
            str(REPO / "jobboard.yaml"),
            "--out",
            str(tmp_path / "out"),
            "run",
            "--due",
            tick.strftime("%Y-%m-%dT%H:%M:%SZ"),
        ]
    ) in (0, 1)
    shown = capsys.readouterr().out
    assert f"dispatch: {len(due)} scrape(s) queued" in shown and "(due now)" in shown
    scraped = {line.split()[1] for line in shown.splitlines() if line.startswith("  scrape ")}
    assert scraped == {u.id for u in due}


def test_run_scrapes_a_company_list_through_the_queue(tmp_path, capsys, monkeypatch, source_server):
    """Each company is one message; a company whose scrape cannot finish is retried, then dead-lettered."""
    import yaml

    from jobboard import consume

    from tests.integration.helpers import greenhouse_job

    routes = [
        {"path": f"/v1/boards/{slug}/jobs", "json": {"jobs": [greenhouse_job(1, f"Backend Engineer {slug}")]}}
        for slug in ("acme", "globex", "initech")
    ]
    source_server.add("greenhouse", {"settings": {}, "routes": routes})
    config = tmp_path / "jobboard.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {
                        "id": "ats",
                        "type": "greenhouse",
                        "base_url": source_server.base_url("greenhouse"),
                        "companies": ["acme", "globex", "initech", "gone"],
                    }
                ],
                "boards": [{"id": "b", "title": "B", "github": {"repo": "o/b"}, "sources": ["ats"]}],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JOBBOARD_NOW", "2026-11-23T12:00:00Z")
    real, attempts = consume.scrape_source, []

    def crash_on_initech(source, *args, **kwargs):
        if source.id == "ats/initech":
            attempts.append(source.id)
            raise RuntimeError("table throttled")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(consume, "scrape_source", crash_on_initech)
    # ats/gone fails (404): the run goes on to the end, then exits non-zero.
    assert main(["--config", str(config), "--out", str(tmp_path / "out"), "run", "--live"]) == 1
    shown = capsys.readouterr().out
    assert "dispatch: 4 scrape(s) queued for 1 host(s)" in shown
    assert "ats (2 companies)" in shown  # acme and globex summed into one row
    assert "ats/gone" in shown and "FAILED" in shown and "404" in shown
    assert len(attempts) == 3  # maxReceiveCount
    assert "1 scrape request(s) in the dead-letter queue" in shown
    assert "Requests to sources: 3;" in shown  # acme, globex, gone (initech never got to fetch)


def test_the_run_report_says_when_a_scrape_is_suspect():
    from jobboard_local.run import _outcome_text

    text = _outcome_text(
        {"status": "ok", "seen": 1, "new": 0, "changed": 0, "closed": 0, "missed": 19, "suspect": True, "skipped": {}}
    )
    assert "19 missing (closed if still missing next time)" in text and "SUSPECT" in text
