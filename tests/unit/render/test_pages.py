"""GitHub's README limit: past the budget, rows move to pages/N.md, never a cut table."""

from __future__ import annotations

import dataclasses
import gzip
import json
import posixpath
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from jobboard.config import GitHubTarget
from jobboard.model import Posting, WorkMode
from jobboard.render import README_BUDGET, render_board
from jobboard.render.board import RenderError
from jobboard.render.jobs_json import board_order
from tests.unit.render.helpers import THEMES, parse, posting, view

SIMPLIFY = Path(__file__).resolve().parents[4] / "shared" / "data" / "simplify-summer2025" / "daily-2024-10-24.json.gz"
LINK = re.compile(r"\]\(([^)#]+\.md)\)")


def rows_by_href(text: str) -> list[str]:
    """The job links of every table row, in order (each row has exactly one job link)."""
    hrefs = []
    for table in parse(text).tables:
        for row in table[1:]:
            links = [h for cell in row for h in cell.hrefs]
            assert len(links) == 1, [c.text for c in row]
            hrefs.append(links[0])
    return hrefs


def check_pages(rendered, postings, budget: int, readme: str = "README.md") -> list[str]:
    pages = [readme] + [
        f"{posixpath.dirname(readme) and posixpath.dirname(readme) + '/'}pages/{n}.md"
        for n in range(2, rendered.pages + 1)
    ]
    assert [p for p in rendered.files if p.endswith(".md")] == pages
    seen = []
    for path in pages:
        data = rendered.files[path]
        assert len(data) <= budget, (path, len(data))
        text = data.decode("utf-8")
        seen += rows_by_href(text)
        for target in LINK.findall(text):  # page links resolve to files of this render
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) in rendered.files, target
    assert sorted(seen) == sorted(p.url for p in postings)  # every posting exactly once
    return pages


@pytest.mark.parametrize("theme", THEMES)
def test_rows_past_the_budget_move_to_pages(theme):
    postings = [posting(i, title=f"Engineer {i} " + "long title words " * (i % 7)) for i in range(300)]
    budget = 12_000
    rendered = render_board(view(postings, theme), budget=budget)
    assert rendered.pages > 3
    check_pages(rendered, postings, budget)
    readme = rendered.files["README.md"].decode("utf-8")
    assert "**More jobs:** [page 2](pages/2.md), [page 3](pages/3.md)" in readme
    page2 = rendered.files["pages/2.md"].decode("utf-8")
    assert "[1](../README.md) · **2** · [3](3.md)" in page2
    if theme != "default":  # one table in board order across pages
        order = [
            h
            for path in sorted(rendered.files, key=lambda p: (p != "README.md", len(p), p))
            if path.endswith(".md")
            for h in rows_by_href(rendered.files[path].decode("utf-8"))
        ]
        assert order == [p.url for p in board_order(postings)]


def test_pages_of_a_board_in_a_folder_sit_beside_it():
    postings = [posting(i) for i in range(200)]
    v = view(postings, "jobr")
    v = dataclasses.replace(
        v, board=v.board.model_copy(update={"github": GitHubTarget(repo="o/r", path="boards/README.md")})
    )
    rendered = render_board(v, budget=10_000)
    check_pages(rendered, postings, 10_000, readme="boards/README.md")
    assert rendered.is_stale_page("boards/pages/99.md")
    assert not rendered.is_stale_page("boards/pages/2.md")
    assert not rendered.is_stale_page("pages/99.md") and not rendered.is_stale_page("boards/pages/notes.md")


def test_a_board_file_other_than_readme_gets_its_own_page_names():
    v = view([posting(i) for i in range(200)], "awesome")
    v = dataclasses.replace(v, board=v.board.model_copy(update={"github": GitHubTarget(repo="o/r", path="backend.md")}))
    rendered = render_board(v, budget=10_000)
    assert "pages/backend-2.md" in rendered.files
    assert b"(pages/backend-2.md)" in rendered.files["backend.md"]
    assert rendered.is_stale_page("pages/backend-40.md") and not rendered.is_stale_page("pages/40.md")


def test_a_budget_that_cannot_hold_one_row_is_an_error():
    empty = len(render_board(view([], "jobr")).files["README.md"])
    with pytest.raises(RenderError, match="a page with one job is .* over the"):
        render_board(view([posting(i) for i in range(5)], "jobr"), budget=empty + 20)
    with pytest.raises(RenderError, match="without any job"):
        render_board(view([], "jobr"), budget=empty - 1)


def test_the_default_budget_is_under_githubs_limit():
    assert README_BUDGET <= 400_000 < 512_000


def simplify_postings() -> list[Posting]:
    rows = json.loads(gzip.decompress(SIMPLIFY.read_bytes()))
    postings = []
    for i, row in enumerate(rows):
        locations = [loc for loc in row.get("locations") or [] if isinstance(loc, str)]
        postings.append(
            Posting(
                source="simplify",
                external_id=str(i),
                company=row["company_name"],
                title=row["title"].strip(),
                url=row["url"],
                location=" / ".join(locations),
                work_mode=WorkMode.REMOTE if any("remote" in loc.lower() for loc in locations) else WorkMode.ONSITE,
                posted_at=datetime.fromtimestamp(row["date_posted"], tz=timezone.utc),
            )
        )
    return postings


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_six_thousand_real_listings(theme):
    if not SIMPLIFY.exists():
        pytest.skip(f"real listing data not found at {SIMPLIFY} (see ../shared/data/README.md)")
    postings = simplify_postings()
    assert len(postings) == 6000
    generated_at = max(p.posted_at for p in postings)
    board_view = view(postings, theme, generated_at=generated_at)
    started = time.perf_counter()
    rendered = render_board(board_view)
    elapsed = time.perf_counter() - started
    print(
        f"\n{theme}: rendered 6,000 postings into {rendered.pages} pages in {elapsed:.3f} s "
        f"(README {len(rendered.files['README.md']):,} bytes)"
    )
    assert rendered.pages > 1
    hrefs = []
    for path in [p for p in rendered.files if p.endswith(".md")]:
        data = rendered.files[path]
        assert len(data) <= README_BUDGET
        for table in parse(data.decode("utf-8")).tables:
            for row in table[1:]:
                hrefs += [h for cell in row for h in cell.hrefs]
    linked = [p for p in postings if p.url.startswith(("http://", "https://"))]
    assert len(hrefs) == len(linked)
    assert render_board(board_view).files == rendered.files


def _limited_renders(monkeypatch) -> list[int]:
    """Rows given to each render of the whole board made only to learn whether it fits (with a limit)."""
    import jobboard.render.board as board_module

    seen: list[int] = []
    render_page = board_module._render_page

    def recording(template, shared, rows, page, paths, limit=None):
        if limit is not None:
            seen.append(len(rows))
        return render_page(template, shared, rows, page, paths, limit)

    monkeypatch.setattr(board_module, "_render_page", recording)
    return seen


def test_a_board_far_over_the_budget_is_not_rendered_whole_first(monkeypatch):
    postings = [posting(i) for i in range(1200)]
    limited = _limited_renders(monkeypatch)
    budget = 40_000
    rendered = render_board(view(postings, "jobr"), budget=budget)
    assert rendered.pages > 3 and limited == []
    check_pages(rendered, postings, budget)


def test_a_board_whose_newest_rows_are_far_longer_still_fits_on_one_page(monkeypatch):
    """The sample (the newest rows) says the board is far over the budget; it is not."""
    places = "; ".join(f"Place number {n} with a long name" for n in range(60))  # a long folded list
    postings = [posting(i, location=places if i < 200 else "X", company="Co") for i in range(1000)]
    whole = render_board(view(postings, "jobr"), budget=10_000_000)
    size = len(whole.files["README.md"])
    limited = _limited_renders(monkeypatch)
    rendered = render_board(view(postings, "jobr"), budget=size + 10)
    assert rendered.files == whole.files and rendered.pages == 1
    assert limited == [len(postings)]  # tried whole after the pages, once
    sample = len(render_board(view(postings[:200], "jobr"), budget=10_000_000).files["README.md"])
    assert sample / 200 * len(postings) > 2 * size  # what the sample said
