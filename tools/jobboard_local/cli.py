"""The `jobboard` command: run the system locally, invoke a function, serve the API, preview a board."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jobboard.config import ConfigError, UnknownBoard, config_path


def _run(args) -> int:
    from jobboard_local.run import main_run

    return main_run(
        config_path(args.config),
        Path(args.out),
        live=args.live,
        dry_run=args.dry_run,
        due=args.due,
        report_path=Path(args.report) if args.report else None,
    )


def _verify(args) -> int:
    from jobboard_local.run import main_verify

    return main_verify(
        config_path(args.config),
        Path(args.out),
        live=args.live,
        board=args.board,
        report_path=Path(args.report) if args.report else None,
    )


def _invoke(args) -> int:
    from jobboard_local.environment import local_session
    from jobboard_local.invoke import find_function, invoke

    try:
        event = json.loads(Path(args.event).read_text(encoding="utf-8")) if args.event else {}
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read the event {args.event}: {exc}", file=sys.stderr)
        return 2
    # What the functions print (Powertools logs and metrics) is their log: stderr. Stdout holds
    # the result alone. (Once for the whole session: the stream mapping invokes from a thread.)
    result_out = sys.stdout
    with (
        _invoke_state(Path(args.out), keep=args.state) as out_dir,
        contextlib.redirect_stdout(sys.stderr),
        local_session(config_path(args.config), out_dir, args.live, say=_stderr) as stack,
    ):
        try:
            spec = find_function(stack, args.function)
        except KeyError as exc:
            print(f"error: {exc.args[0]}", file=sys.stderr)
            return 2
        try:
            if spec.stream_batch_size():  # the stats function itself: no mapping alongside
                result = invoke(stack, spec, event)
            else:
                with stack.stream_mapping():
                    result = invoke(stack, spec, event)
        except Exception as exc:  # noqa: BLE001 — reported as Lambda reports a function error
            print(json.dumps({"errorType": type(exc).__name__, "errorMessage": str(exc)}, indent=2), file=result_out)
            return 1
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str), file=result_out, flush=True)
        if _started_run(result):
            _follow_run(stack, spec, event, json.loads(result["body"]))
    return 0


def _started_run(result) -> bool:
    return isinstance(result, dict) and result.get("statusCode") == 202 and "run_id" in (result.get("body") or "")


def _follow_run(stack, spec, event: dict, run: dict) -> None:
    """After a refresh answered 202: carry on as the deployed stack would (queue -> scrape -> stream
    -> stats -> the run's publish) until it is done, then report the run as GET would (stderr)."""
    from jobboard_local.invoke import invoke

    _stderr(
        f"Refresh run {run['run_id']}: {run['units']['total']} unit(s) queued; running the queue, stream and publish"
    )
    stack.settle(_stderr)
    path = f"/boards/{run['board']}/refresh/{run['run_id']}"
    progress = {
        **event,
        "httpMethod": "GET",
        "resource": "/boards/{id}/refresh/{run}",
        "path": path,
        "pathParameters": {"id": run["board"], "run": run["run_id"]},
        "body": None,
    }
    answer = invoke(stack, spec, progress)
    _stderr(f"GET {path} -> {answer['statusCode']}\n{json.dumps(json.loads(answer['body']), indent=2)}")


@contextmanager
def _invoke_state(out_dir: Path, keep: bool) -> Iterator[Path]:
    """The folder an invoke runs in: out_dir itself with --state, else a throwaway copy of its state.

    A sample event (events/*.json) describes invented postings: applied to the real local state
    they would stay there and be published by the next `jobboard run`.
    """
    if keep:
        yield out_dir
        return
    from jobboard_local.environment import STATE_FILE

    endpoint = os.environ.pop("AWS_ENDPOINT_URL", None)  # a persistent endpoint is real state too
    try:
        with tempfile.TemporaryDirectory(prefix="jobboard-invoke-") as scratch:
            if (out_dir / STATE_FILE).exists():
                (Path(scratch) / STATE_FILE).parent.mkdir(parents=True)
                shutil.copyfile(out_dir / STATE_FILE, Path(scratch) / STATE_FILE)
            _stderr(
                f"Throwaway state: a copy of {out_dir}/ that is discarded afterwards "
                f"(--state runs on {out_dir}/ itself and keeps what the function writes)"
            )
            yield Path(scratch)
    finally:
        if endpoint is not None:
            os.environ["AWS_ENDPOINT_URL"] = endpoint


def _stderr(*parts, **kwargs) -> None:
    print(*parts, **{**kwargs, "file": sys.stderr})


def _serve(args) -> int:
    from jobboard_local.serve import serve

    return serve(config_path(args.config), Path(args.out), port=args.port, speed=args.speed, live=args.live)


def _preview(args) -> int:
    from jobboard_local.preview import preview

    return preview(config_path(args.config), Path(args.out), args.board, live=args.live)


def _cost(args) -> int:
    from jobboard_local.cost import Assumptions
    from jobboard_local.cost_day import main_cost

    assume = Assumptions(turnover=args.turnover, refreshes_a_day=args.refreshes)
    return main_cost(config_path(args.config), assume, hours=args.hours)


def _moto_server(args) -> int:
    from jobboard_local.moto_standin import serve

    def announce(url: str) -> None:
        print(url, flush=True)
        print(
            f"moto server (per-item transaction rollback) at {url}: export AWS_ENDPOINT_URL={url}; Ctrl-C stops it",
            file=sys.stderr,
            flush=True,
        )

    serve(port=args.port, host=args.host, announce=announce)
    return 0


def schema_text() -> str:
    """jobboard.yaml's JSON Schema as the repository ships it (jobboard.schema.json)."""
    from jobboard.config import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _schema(args) -> int:
    if not args.output:
        sys.stdout.write(schema_text())
        return 0
    target = Path(args.output)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != schema_text():
            print(f"error: {target} is not the schema of the current models: run `make schema`", file=sys.stderr)
            return 1
        return 0
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _shared_options(parser: argparse.ArgumentParser, in_command: bool) -> None:
    """Options accepted before or after the command (`jobboard run --config my.yaml`).

    After the command they default to SUPPRESS, so an option given before it is not reset.
    """

    def default(value):
        return argparse.SUPPRESS if in_command else value

    parser.add_argument(
        "--config", default=default(None), help="configuration file (default: $JOBBOARD_CONFIG or ./jobboard.yaml)"
    )
    parser.add_argument("--out", default=default("out"), help="local state and git repositories (default: out/)")
    parser.add_argument(
        "--live", action="store_true", default=default(False), help="fetch the live services instead of the recordings"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jobboard", description=__doc__)
    _shared_options(parser, in_command=False)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        _shared_options(sub, in_command=True)
        return sub

    run = command("run", "one full local pass: dispatch, scrape, stream stats, publish")
    run.add_argument("--dry-run", action="store_true", help="render every board but publish nothing")
    run.add_argument(
        "--due",
        nargs="?",
        const="now",
        metavar="TIME",
        help="scrape only what the deployed dispatcher would queue now (or at an ISO TIME); "
        "default: every enabled source, due or not",
    )
    run.add_argument(
        "--report",
        metavar="FILE",
        help="also write the pass's figures as JSON (stage seconds, "
        "DynamoDB requests and items written, stream records, boards)",
    )
    run.set_defaults(handler=_run)

    verify = command(
        "verify",
        "one link verification pass: check every due apply link of the shown postings, close the ones "
        "confirmed closed (recorded pages unless --live)",
    )
    verify.add_argument("--board", metavar="B", help="only the postings board B shows")
    verify.add_argument("--report", metavar="FILE", help="also write the pass's counts as JSON")
    verify.set_defaults(handler=_verify)

    invoke = command("invoke", "invoke a function as `sam local invoke` would, without Docker")
    invoke.add_argument("function", help="logical id (ScrapeFunction) or short name (scrape)")
    invoke.add_argument("--event", "-e", help="JSON event file (e.g. events/scrape-schedule.json)")
    invoke.add_argument(
        "--state",
        action="store_true",
        help="run on the local state in --out and keep what the function writes (default: a throwaway copy)",
    )
    invoke.set_defaults(handler=_invoke)

    serve = command("serve", "local API + schedules + stream, until Ctrl-C")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--speed", type=float, default=1.0, help="run schedules this many times faster")
    serve.set_defaults(handler=_serve)

    preview = command("preview", "render a board and show the diff against what is published")
    preview.add_argument("board")
    preview.set_defaults(handler=_preview)

    cost = command(
        "cost",
        "an itemised monthly AWS bill (us-east-1 list prices) for this config and template.yaml, "
        "from a measured local day",
    )
    cost.add_argument("--hours", type=float, default=24, help="simulated hours to measure (default 24)")
    cost.add_argument(
        "--turnover", type=float, default=0.05, help="share of postings replaced a day (default 0.05: 5%%)"
    )
    cost.add_argument("--refreshes", type=float, default=0, help="refresh API calls a day (default 0)")
    cost.set_defaults(handler=_cost)

    schema = commands.add_parser(
        "schema",
        help="print jobboard.yaml's JSON Schema (what editors check and complete the file with)",
        description="jobboard.yaml's JSON Schema, generated from the models that validate the file at load",
    )
    schema.add_argument(
        "--output", "-o", metavar="FILE", help="write it to FILE (the repository ships jobboard.schema.json)"
    )
    schema.add_argument(
        "--check", action="store_true", help="with --output: fail when FILE differs instead of writing it"
    )
    schema.set_defaults(handler=_schema)

    moto = commands.add_parser(
        "moto-server",
        help="a local DynamoDB (moto) for AWS_ENDPOINT_URL, patched to cost per item in transactions as DynamoDB does",
    )
    moto.add_argument("--port", type=int, default=5000, help="0 picks a free port (default 5000)")
    moto.add_argument("--host", default="127.0.0.1")
    moto.set_defaults(handler=_moto_server)

    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ConfigError, UnknownBoard) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
