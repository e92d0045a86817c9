"""The search page's files as the publisher writes them (the page itself is tested in tests/browser)."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser

from jobboard.config import GitHubTarget
from jobboard.render import render_board
from jobboard.render.site import SITE_FILES
from tests.unit.render.helpers import hostile_postings, posting, view


class _Page(HTMLParser):
    """Tags with their attributes, and the text outside <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: bytes) -> _Page:
    page = _Page()
    page.feed(html.decode("utf-8"))
    return page


def test_the_site_sits_beside_the_readme_and_reads_its_jobs_json():
    files = render_board(view([posting(i) for i in range(3)])).files
    assert {"site/index.html", "site/site.js", "site/site.css", ".nojekyll"} <= set(files)
    page = parse(files["site/index.html"])
    main = next(attrs for tag, attrs in page.tags if tag == "main")
    data = json.loads(main["data-board"])
    assert data["jobs"] == "../jobs.json"
    assert data["rates"]["EUR"] == 0.966 and data["rates"]["USD"] == 1.0
    assert data["updated"] == "2025-03-10T12:00:00Z"
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"src": "site.js", "defer": None}]  # no inline script, no other origin


def test_a_board_in_a_folder_links_its_own_files():
    v = view([posting(1)])
    v = dataclasses.replace(v, board=v.board.model_copy(update={"github": GitHubTarget(repo="o/r", path="a/b.md")}))
    files = render_board(v).files
    data = json.loads(next(a for t, a in parse(files["a/site/b/index.html"]).tags if t == "main")["data-board"])
    assert data["jobs"] == "../../b.jobs.json"


def test_every_value_is_escaped_and_the_policy_allows_only_the_sites_own_files():
    hostile = view(hostile_postings())
    hostile = dataclasses.replace(
        hostile, board=hostile.board.model_copy(update={"title": "<script>alert(1)</script>", "description": '"><b>'})
    )
    html = render_board(hostile).files["site/index.html"]
    page = parse(html)
    assert "script" not in [tag for tag, _ in page.tags[1:] if tag == "script" and not _.get("src")]
    assert b"<script>alert" not in html and b"<b>" not in html
    assert "<script>alert(1)</script>" in "".join(page.text)  # shown as text
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]


def test_without_javascript_it_links_every_readme_page():
    rendered = render_board(view([posting(i) for i in range(80)]), budget=6_000)
    assert rendered.pages >= 2
    page = parse(rendered.files["site/index.html"])
    links = [a["href"] for t, a in page.tags if t == "a" and "/blob/" in a.get("href", "")]
    assert links == [
        f"https://github.com/owner/backend-jobs/blob/main/pages/{n}.md" for n in range(2, rendered.pages + 1)
    ]


def test_site_false_leaves_it_out_and_removes_one_published_before():
    v = view([posting(1)])
    v = dataclasses.replace(v, board=v.board.model_copy(update={"site": False}))
    rendered = render_board(v)
    assert not [path for path in rendered.files if path.startswith("site/") or path == ".nojekyll"]
    assert all(rendered.is_stale_page(f"site/{name}") for name in SITE_FILES)
    assert not rendered.is_stale_page("site/notes.html") and not rendered.is_stale_page(".nojekyll")
