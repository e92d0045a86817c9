"""A publish run through the real handler: every board gets its turn and its report; a failed or
held board fails the invocation afterwards and shows in the metrics, run after run."""

from __future__ import annotations

import json
import logging

import pytest
import yaml

from jobboard.config import load_config
from jobboard.consume import scrape_unit
from jobboard.publish import board as board_module
from jobboard.publish.run import BoardsNotPublished
from jobboard.runtime import runtime
from jobboard.stats.stream import apply_batch
from jobboard_local.github_standin import GitHubStandin
from jobboard_local.invoke import LambdaContext, load_handler
from jobboard_local.template import functions, load_template

from tests.conftest import NOW
from tests.integration.helpers import greenhouse_job, greenhouse_recording

TOKEN = "ghp_runSECRETtoken"
REPOS = {"backend": "example/backend-jobs", "remote": "example/remote-jobs"}


@pytest.fixture
def publish(aws, source_server, tmp_path, monkeypatch):
    """The publish handler against moto, the GitHub stand-in and a two-board config; returns
    (invoke, scrape) where scrape(jobs) serves and settles a source state."""
    config = {
        "sources": [
            {"id": "acme", "type": "greenhouse", "board": "acme", "base_url": source_server.base_url("greenhouse")}
        ],
        "boards": [
            {
                "id": "backend",
                "title": "Backend Jobs",
                "github": {"repo": REPOS["backend"]},
                "sources": ["acme"],
                "filters": {"title_keywords": ["backend"], "max_age_days": 15},
            },
            {
                "id": "remote",
                "title": "Remote Jobs",
                "github": {"repo": REPOS["remote"]},
                "sources": ["acme"],
                "filters": {"remote_only": True, "max_age_days": 15},
            },
        ],
    }
    path = tmp_path / "jobboard.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.setenv("JOBBOARD_CONFIG", str(path))
    monkeypatch.setenv("JOBBOARD_NOW", "2026-11-23T12:00:00Z")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")  # local runs (other tests) turn them off
    handler = load_handler(functions(load_template())["PublishFunction"])

    def scrape(jobs):
        source_server.add("greenhouse", greenhouse_recording(jobs))
        loaded = load_config(path)
        for unit in loaded.source("acme").units():
            scrape_unit(unit, loaded, aws.postings, aws.boards, NOW)
        apply_batch(aws.pump.read(), aws.boards)

    with GitHubStandin(token=TOKEN) as github:
        for repo in REPOS.values():
            github.create_repo(repo, files={".gitignore": b"\n"})
        monkeypatch.setenv("GITHUB_API_URL", github.api_url)

        def invoke(event=None):
            return handler(
                event or {},
                LambdaContext(
                    function_name="publish",
                    memory_limit_in_mb=512,
                    timeout_seconds=120,
                    aws_request_id="run",
                    invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:publish",
                ),
            )

        yield invoke, scrape, github


def remote_jobs(n: int) -> list[dict]:
    return [greenhouse_job(4_700_000_000 + i, f"Backend Engineer {i}", location="Remote") for i in range(n)]


def metrics_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]


def board_lines(caplog) -> dict[str, logging.LogRecord]:
    """Each board's "board outcome" log line (the last one of each board)."""
    return {r.board: r for r in caplog.records if r.getMessage() == "board outcome"}


def test_one_boards_exception_never_stops_the_others_and_the_run_reports_each(publish, monkeypatch, capsys, caplog):
    invoke, scrape, github = publish
    scrape(remote_jobs(3))
    real_render = board_module.render_board

    def render_or_fail(view, *args, **kwargs):
        if view.board.id == "backend":
            raise LookupError("theme 'nope' not found")
        return real_render(view, *args, **kwargs)

    monkeypatch.setattr(board_module, "render_board", render_or_fail)
    with pytest.raises(
        BoardsNotPublished,
        match=r"1 of 2 board\(s\) not published: backend failed: "
        r"LookupError: theme 'nope' not found",
    ) as failure:
        invoke()

    statuses = {o["board"]: o["status"] for o in failure.value.outcomes}
    assert statuses == {"backend": "failed", "remote": "published"}  # the board after it still published
    assert github.file_at(REPOS["remote"], "main", "README.md") is not None
    assert github.file_at(REPOS["backend"], "main", "README.md") is None
    assert metrics_lines(capsys.readouterr().out) == []  # no metric per board: each has its log line
    lines = board_lines(caplog)
    assert (lines["backend"].levelname, lines["backend"].status) == ("WARNING", "failed")
    assert (lines["remote"].status, lines["remote"].jobs) == ("published", 3)
    assert not runtime().boards.publish_state("backend").lease_owner  # released after the exception


def test_a_held_board_fails_the_run_every_time_and_counts_its_holds_in_a_row(publish, capsys, caplog):
    invoke, scrape, github = publish
    scrape(remote_jobs(10))
    assert [b["status"] for b in invoke()["boards"]] == ["published", "published"]
    capsys.readouterr()
    for _ in range(2):  # absent from two scrapes in a row: closed
        scrape(remote_jobs(3))  # 7 of 10 gone at once: a failing source, most likely

    for run in (1, 2):
        with pytest.raises(
            BoardsNotPublished,
            match=rf"backend held: held back: 3 jobs would replace 10 .*"
            rf"\(held {run} run\(s\) in a row\)",
        ) as held:
            invoke()
        outcomes = {o["board"]: o for o in held.value.outcomes}
        assert outcomes["backend"]["status"] == outcomes["remote"]["status"] == "held"
        assert outcomes["backend"]["held_runs"] == run
        lines = board_lines(caplog)
        assert {b: (r.status, r.held_runs) for b, r in lines.items()} == {
            "backend": ("held", run),
            "remote": ("held", run),
        }
        caplog.clear()
    assert json.loads(github.file_at(REPOS["backend"], "main", "jobs.json"))["count"] == 10  # still the old list

    forced = invoke({"force": True})["boards"]
    assert [(b["status"], b["jobs"], b["held_runs"]) for b in forced] == [("published", 3, 0), ("published", 3, 0)]
    assert {b: (r.status, r.held_runs) for b, r in board_lines(caplog).items()} == {
        "backend": ("published", 0),
        "remote": ("published", 0),
    }


def test_a_refresh_runs_failed_publish_is_recorded_on_the_run_and_fails_the_invocation(
    aws, source_server, tmp_path, monkeypatch
):
    from tests.integration.test_end_to_end import context

    path = tmp_path / "refresh.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {
                        "id": "acme",
                        "type": "greenhouse",
                        "board": "acme",
                        "base_url": source_server.base_url("greenhouse"),
                    }
                ],
                "boards": [
                    {
                        "id": "backend",
                        "title": "Backend Jobs",
                        "github": {"repo": REPOS["backend"]},
                        "sources": ["acme"],
                        "filters": {"title_keywords": ["backend"], "max_age_days": 15},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    for name, value in {
        "JOBBOARD_CONFIG": str(path),
        "JOBBOARD_NOW": "2026-11-23T12:00:00Z",
        "GITHUB_TOKEN": TOKEN,
        "POWERTOOLS_METRICS_DISABLED": "true",
    }.items():
        monkeypatch.setenv(name, value)
    source_server.add("greenhouse", greenhouse_recording(remote_jobs(2)))
    config = load_config(path)
    for unit in config.source("acme").units():  # already stored: the refresh has no stats to wait for
        scrape_unit(unit, config, aws.postings, aws.boards, NOW)
    apply_batch(aws.pump.read(), aws.boards)
    from jobboard.store.runs import Run, RunsStore

    runs = RunsStore(aws.boards.table_name, aws.dynamodb)
    run = Run("backend", "20261123T120000Z-0badc0de", total=1, left=0, phase="publishing")  # its unit done
    runs.create(run, NOW)
    with GitHubStandin(token="another-token") as github:  # the function's token is refused: HTTP 401
        github.create_repo(REPOS["backend"], files={".gitignore": b"\n"})
        monkeypatch.setenv("GITHUB_API_URL", github.api_url)
        publish = load_handler(functions(load_template())["PublishFunction"])
        with pytest.raises(BoardsNotPublished, match="HTTP 401"):  # alarms and the failure destination see it
            publish({"board_id": "backend", "run_id": run.run_id}, context("publish"))

    recorded = runs.get("backend", run.run_id)
    assert recorded is not None and recorded.phase == "finished"
    assert recorded.publish["status"] == "failed" and "HTTP 401" in recorded.publish["message"]
