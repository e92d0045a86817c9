"""`jobboard preview BOARD`: scrape the board's sources locally, render it, diff against what is published."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from jobboard import clock
from jobboard.config import load_config
from jobboard_local.environment import local_session
from jobboard_local.invoke import find_function, invoke
from jobboard.publish.board import publish_board
from jobboard.runtime import runtime

MAX_DIFF_LINES = 200


def preview(config_path: Path, out_dir: Path, board_id: str, live: bool = False, say=print) -> int:
    with local_session(config_path, out_dir, live, say=say) as stack:
        config = load_config(stack.config_path)
        try:
            board = config.board(board_id)
        except KeyError as exc:
            say(f"error: {exc}")
            return 2
        scrape, stats = find_function(stack, "scrape"), find_function(stack, "stats")
        for source_id in board.sources:
            if config.source(source_id).enabled:
                outcome = invoke(stack, scrape, {"source_id": source_id})
                for unit in outcome.get("units", [outcome]):  # a company list: one outcome per company
                    say(f"  scrape {unit['source']}: {unit.get('status')} {unit.get('error') or ''}")
        stack.stream_pump.drain(lambda batch, _ctx: invoke(stack, stats, batch))
        os.environ.update(stack.function_env(find_function(stack, "publish")))
        setup = runtime()
        publisher = setup.publisher
        outcome = publish_board(board, config, setup.boards, publisher, clock.now(), dry_run=True)
        published = publisher.read_files(board.github.repo, board.github.branch, sorted(outcome.files))
    say(f"\n{board.id}: {outcome.jobs} jobs; {outcome.message} (dry run: nothing published)")
    for path, content in sorted(outcome.files.items()):
        before = published.get(path)
        if before == content:
            say(f"  unchanged  {path}")
            continue
        say(f"  {'new' if before is None else 'changed':<9}  {path}")
        if path.endswith((".md", ".json", ".xml", ".svg")):
            diff = list(
                difflib.unified_diff(
                    (before or b"").decode("utf-8", "replace").splitlines(),
                    content.decode("utf-8").splitlines(),
                    f"published/{path}",
                    f"preview/{path}",
                    lineterm="",
                    n=1,
                )
            )
            for line in diff[:MAX_DIFF_LINES]:
                say(f"    {line}")
            if len(diff) > MAX_DIFF_LINES:
                say(f"    ... {len(diff) - MAX_DIFF_LINES} more diff lines")
    return 0
