"""The search page in a real browser: a small board whose jobs are labelled as a job seeker reads
them, and the SimplifyJobs snapshot (~6,000 postings) for scale and timing."""

from __future__ import annotations

import dataclasses
from collections import Counter
import gzip
import json
import os
import statistics
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from jobboard.config import BoardConfig, BoardFilters, GitHubTarget, parse_source
from jobboard.http import HttpClient
from jobboard.model import Salary, SalaryPeriod, WorkMode
from jobboard.publish.board import dedupe
from jobboard.config import load_config
from jobboard.render import render_board
from jobboard.render.board import board_paths
from jobboard.render.view import BoardFigures, BoardView
from jobboard.scrape import collect_postings, source_context
from jobboard_local.cli import main
from jobboard_local.recorded import RecordedSourceServer
from tests.browser.conftest import SiteServer
from tests.integration.test_simplify_snapshot import COMMITTED_AT, SNAPSHOT
from tests.unit.render.helpers import NOW, posting, view

XSS = "<img src=x onerror=alert(1)>"
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs"


def sample_postings():
    """Six jobs, each described by what a reader sees on its posting."""
    return [
        # Senior Go engineer in Berlin, hybrid, €90k–€110k a year, full time, posted yesterday
        posting(
            1,
            title="Senior Backend Engineer",
            company="Acme",
            location="Berlin, Germany",
            country="DE",
            work_mode=WorkMode.HYBRID,
            salary=Salary(90_000, 110_000, "EUR", SalaryPeriod.YEAR, annual=100_000),
            skills=("go", "kafka"),
            seniority="senior",
            employment_type="full-time",
            posted_at=NOW - timedelta(days=1),
        ),
        # Remote React developer in the US, $120k–$140k, mid level, two days ago
        posting(
            2,
            title="Frontend Developer",
            company="Globex",
            location="Remote, USA",
            country="US",
            work_mode=WorkMode.REMOTE,
            salary=Salary(120_000, 140_000, "USD", SalaryPeriod.YEAR, annual=130_000),
            skills=("react", "typescript"),
            seniority="mid",
            employment_type="full-time",
            posted_at=NOW - timedelta(days=2),
        ),
        # A contract in London whose title is an HTML tag (must show as text), no salary, ten days ago
        posting(
            3,
            title=XSS,
            company="Initech",
            location="London, UK",
            country="GB",
            work_mode=WorkMode.ONSITE,
            salary=None,
            skills=("python",),
            seniority="junior",
            employment_type="contract",
            posted_at=NOW - timedelta(days=10),
        ),
        # Summer 2025 internship in New York at $45 an hour, three days ago
        posting(
            4,
            title="Software Engineering Intern",
            company="Acme",
            location="New York, NY",
            country="US",
            work_mode=WorkMode.ONSITE,
            salary=Salary(45, 45, "USD", SalaryPeriod.HOUR, annual=93_600),
            skills=("python", "sql"),
            seniority="intern",
            employment_type="internship",
            terms=("Summer 2025",),
            posted_at=NOW - timedelta(days=3),
        ),
        # An apply link that is a script: listed without a link
        posting(
            5,
            title="Platform Engineer",
            company="Hooli",
            location="Toronto, Canada",
            country="CA",
            work_mode=WorkMode.REMOTE,
            salary=Salary(150_000, 170_000, "CAD", SalaryPeriod.YEAR, annual=160_000),
            skills=("go", "kubernetes"),
            seniority="senior",
            employment_type="full-time",
            url="javascript:alert(2)",
            posted_at=NOW - timedelta(days=4),
        ),
        # A Data Engineer job that has closed
        posting(
            6,
            title="Data Engineer",
            company="Umbrella",
            location="Austin, TX",
            country="US",
            work_mode=WorkMode.REMOTE,
            salary=Salary(130_000, 150_000, "USD", SalaryPeriod.YEAR, annual=140_000),
            skills=("python", "spark"),
            seniority="mid",
            employment_type="full-time",
            posted_at=NOW - timedelta(days=5),
        ),
    ]


@pytest.fixture(scope="module")
def sample_site(site_server):
    postings = sample_postings()
    closed = {postings[-1].key: NOW - timedelta(hours=2)}
    # closed by the link verifier, whose reason readers see
    rendered = render_board(
        dataclasses.replace(view(postings), closed=closed, closed_reasons={postings[-1].key: "gone (404)"})
    )
    site_server.write(rendered.files)
    return site_server.url + rendered.paths.site_dir + "/"


class Page:
    """One browser tab on the site, recording console errors and uncaught exceptions."""

    def __init__(self, browser, url: str, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        self.goto(url)

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector("#app[data-ready]", state="attached")

    def titles(self) -> list[str]:
        return self.page.locator("#results h2").evaluate_all("els => els.map(e => e.childNodes[0].textContent)")

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def count(self, group: str, value: str) -> str:
        return self.page.locator(f"#{group} input[value='{value}'] + label .count").inner_text()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, sample_site):
    page = Page(browser, sample_site)
    yield page
    page.close()
    assert page.errors == []


OPEN_TITLES = [
    "Senior Backend Engineer",
    "Frontend Developer",
    "Software Engineering Intern",
    "Platform Engineer",
    XSS,
]


def test_lists_the_open_jobs_newest_first_with_the_readme_header(tab):
    assert tab.titles() == OPEN_TITLES
    assert tab.page.locator("h1").inner_text() == "Backend Jobs"
    assert "6 jobs" in tab.page.locator("#stats").inner_text() or "5 jobs" in tab.page.locator("#stats").inner_text()
    assert "python (12)" in tab.page.locator(".trending").inner_text()
    assert tab.page.locator("footer a", has_text="Frontend [Jobs]").get_attribute("href") == (
        "https://github.com/owner/frontend-jobs"
    )
    assert tab.page.locator("#fallback").is_hidden()
    assert tab.page.locator("#status").inner_text() == "5 jobs"


def test_an_html_title_is_shown_as_text_and_unsafe_links_are_dropped(tab):
    assert tab.page.locator("#results img").count() == 0
    assert tab.page.locator("#results h2", has_text=XSS).count() == 1
    hrefs = tab.page.locator("#results a").evaluate_all("els => els.map(e => [e.href, e.rel])")
    assert len(hrefs) == 4  # the javascript: link is not a link
    assert all(href.startswith("https://") and "noopener" in rel for href, rel in hrefs)
    assert tab.page.locator("#results h2", has_text="Platform Engineer").locator("a").count() == 0


def test_search_matches_title_company_location_and_skills(tab):
    search = tab.page.locator("#q")
    for text, expected in [
        ("frontend", ["Frontend Developer"]),
        ("acme", ["Senior Backend Engineer", "Software Engineering Intern"]),
        ("toronto", ["Platform Engineer"]),
        ("kubernetes", ["Platform Engineer"]),
        ("python intern", ["Software Engineering Intern"]),
        ("nothing-like-this", []),
    ]:
        search.fill(text)
        assert tab.titles() == expected, text
    assert tab.query()["q"] == ["nothing-like-this"]
    assert tab.page.locator("#status").inner_text() == "No jobs match these filters."


@pytest.mark.parametrize(
    ("group", "value", "expected"),
    [
        ("mode", "remote", ["Frontend Developer", "Platform Engineer"]),
        ("mode", "hybrid", ["Senior Backend Engineer"]),
        ("level", "senior", ["Senior Backend Engineer", "Platform Engineer"]),
        ("type", "contract", [XSS]),
        ("term", "Summer 2025", ["Software Engineering Intern"]),
        ("skill", "go", ["Senior Backend Engineer", "Platform Engineer"]),
    ],
)
def test_each_checkbox_filter(tab, group, value, expected):
    tab.page.locator(f"#{group} input[value='{value}']").check()
    assert tab.titles() == expected
    assert tab.query()[group] == [value]


def test_filters_by_select_salary_days_and_closed(tab):
    p = tab.page
    p.select_option("#country", "US")
    assert tab.titles() == ["Frontend Developer", "Software Engineering Intern"]
    p.select_option("#country", "")
    p.select_option("#company", "Acme")
    assert tab.titles() == ["Senior Backend Engineer", "Software Engineering Intern"]
    p.select_option("#company", "")
    # €90k–€110k is about $103.5k at the rate table's 0.966 EUR per USD; C$160k is about $111k
    p.fill("#salary", "100000")
    assert tab.titles() == ["Senior Backend Engineer", "Frontend Developer", "Platform Engineer"]
    p.fill("#salary", "110000")
    assert tab.titles() == ["Frontend Developer", "Platform Engineer"]
    p.select_option("#cur", "EUR")  # €110k is about $114k
    assert tab.titles() == ["Frontend Developer"]
    p.fill("#salary", "")
    p.select_option("#days", "3")
    assert tab.titles() == ["Senior Backend Engineer", "Frontend Developer", "Software Engineering Intern"]
    p.select_option("#days", "")
    p.locator("#closed").check()
    assert "Data Engineer" in tab.titles()
    assert p.locator("#results .closed h2", has_text="Data Engineer").count() == 1
    assert p.locator("#results .closed h2 .badge").inner_text() == "closed: gone (404)"


def test_counts_per_value_follow_the_other_filters(tab):
    assert tab.count("mode", "remote") == " (2)"
    assert tab.count("skill", "python") == " (2)"
    tab.page.locator("#mode input[value='remote']").check()
    assert tab.count("skill", "python") == " (0)"
    assert tab.count("mode", "hybrid") == " (1)"  # a value of the same group still counts as if unchosen
    assert tab.page.locator("#country option[value='CA']").inner_text() == "Canada (1)"


def test_sort_by_salary_and_company(tab):
    tab.page.select_option("#sort", "salary")
    # annual in USD: C$160k ≈ $111k, $130k, €100k ≈ $103.5k, $45/h ≈ $93.6k, then no salary
    assert tab.titles() == [
        "Frontend Developer",
        "Platform Engineer",
        "Senior Backend Engineer",
        "Software Engineering Intern",
        XSS,
    ]
    tab.page.select_option("#sort", "company")
    assert tab.titles() == [
        "Senior Backend Engineer",
        "Software Engineering Intern",
        "Frontend Developer",
        "Platform Engineer",
        XSS,
    ]


def test_the_url_holds_the_state_and_the_back_button_restores_it(tab, browser, sample_site):
    p = tab.page
    p.locator("#mode input[value='remote']").check()
    p.select_option("#sort", "company")
    url = p.url
    assert tab.query() == {"mode": ["remote"], "sort": ["company"]}
    shared = Page(browser, url)  # a shared link opens with the same filters
    try:
        assert shared.titles() == ["Frontend Developer", "Platform Engineer"]
        assert shared.page.locator("#mode input[value='remote']").is_checked()
        assert shared.page.locator("#sort").input_value() == "company"
    finally:
        shared.close()
    assert shared.errors == []
    p.go_back()
    assert tab.query() == {"mode": ["remote"]}
    assert p.locator("#sort").input_value() == "date"
    p.go_back()
    assert tab.titles() == OPEN_TITLES
    assert not p.locator("#mode input[value='remote']").is_checked()
    p.go_forward()
    assert tab.titles() == ["Frontend Developer", "Platform Engineer"]
    odd = Page(browser, sample_site + "?sort=%3Cb%3E&cur=XYZ&salary=100000&company=Gone+Inc")
    try:  # a hand-edited link: unknown values fall back to the defaults, a company no longer listed matches nothing
        assert odd.page.locator("#sort").input_value() == "date"
        assert odd.page.locator("#cur").input_value() == "USD"
        assert odd.page.locator("#company").input_value() == "Gone Inc"
        assert odd.titles() == []
    finally:
        odd.close()
    assert odd.errors == []


def test_labels_roles_and_security_policy(tab):
    p = tab.page
    unlabelled = p.evaluate(
        """() => [...document.querySelectorAll('input, select, button')].filter(e => !e.closest('[hidden]'))
             .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
             .map(e => e.id || e.outerHTML)"""
    )
    assert unlabelled == []
    assert p.locator("[role=search]").count() == 1
    assert p.locator("[role=status]").count() == 1
    assert p.locator("html").get_attribute("lang") == "en"
    assert p.locator("fieldset:visible legend").count() == p.locator("fieldset:visible").count()
    csp = p.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    handlers = p.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))"
    )
    assert handlers == []
    p.keyboard.press("Tab")
    assert p.evaluate("() => document.activeElement.className") == "skip"
    p.keyboard.press("Tab")
    focused = p.evaluate("() => document.activeElement.textContent")
    assert focused == "README"


def test_without_javascript_the_page_links_to_the_readme(browser, sample_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_site)
        links = page.locator("#fallback a").evaluate_all("els => els.map(e => [e.textContent, e.href])")
        assert links == [["README", "https://github.com/owner/backend-jobs"]]
        assert page.locator("#filters").is_hidden()
    finally:
        context.close()


def test_the_page_without_jobs_json_is_small(sample_site, site_server):
    site = site_server.root / urlsplit(sample_site).path.strip("/")
    weight = sum(f.stat().st_size for f in site.iterdir())
    print(f"\nsite page weight without jobs.json: {weight} bytes")
    assert weight < 50_000


# ---- at scale: the SimplifyJobs snapshot ----


@pytest.fixture(scope="module")
def snapshot_site(tmp_path_factory):
    """The Summer 2025 snapshot's 6,000 listings, every one visible (most closed, as SimplifyJobs marks
    them), on one unfiltered board that shows closed jobs: 5,979 jobs after dedupe."""
    if not SNAPSHOT.exists():
        pytest.skip(f"SimplifyJobs snapshot not found at {SNAPSHOT} (set JOBBOARD_SHARED_DATA)")
    listings = [dict(e, is_visible=True) for e in json.loads(gzip.decompress(SNAPSHOT.read_bytes()))]
    source = parse_source({"id": "simplify", "type": "simplify", "url": "/listings.json"})
    with RecordedSourceServer() as recorded:
        recorded.add("simplify", {"routes": [{"path": "/listings.json", "json": listings}]})
        ctx = source_context(
            source.model_copy(update={"base_url": recorded.base_url("simplify")}), HttpClient(sleep=lambda _: None)
        )
        postings, _ = collect_postings(source, ctx)
    ordered = sorted(postings.values(), key=lambda p: (not p.inactive, p.posted_at, p.key), reverse=True)
    shown = dedupe(ordered)
    open_jobs = [p for p in shown if not p.inactive]
    snapshot_view = BoardView(
        board=BoardConfig(
            id="interns",
            title="Summer 2025 Tech Internships",
            description="Every listing of the SimplifyJobs snapshot of 2024-10-24.",
            github=GitHubTarget(repo="o/interns"),
            sources=("simplify",),
            theme="simplify",
            filters=BoardFilters(show_inactive=True),
        ),
        postings=tuple(shown),
        figures=BoardFigures(
            jobs=len(open_jobs),
            remote=sum(p.work_mode is WorkMode.REMOTE for p in open_jobs),
            companies=len({p.company for p in open_jobs}),
            top_skills=tuple(Counter(s for p in open_jobs for s in p.skills).most_common(8)),
        ),
        generated_at=COMMITTED_AT,
        closed={p.key: None for p in shown if p.inactive},
    )
    rendered = render_board(snapshot_view)
    with SiteServer(tmp_path_factory.mktemp("snapshot")) as server:
        server.write(rendered.files)
        yield server.url + rendered.paths.site_dir + "/", shown


# Each change as the page's own listeners see it, timed around the synchronous dispatch: that is
# all the script time a change costs (filter, sort, counts, DOM rows).
CHANGES = [
    (
        "search 'software engineer'",
        "#q",
        "e => { e.value = 'software engineer'; e.dispatchEvent(new Event('input', {bubbles: true})); }",
    ),
    ("clear the search", "#q", "e => { e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); }"),
    ("show closed", "#closed", "e => { e.checked = true; e.dispatchEvent(new Event('change', {bubbles: true})); }"),
    (
        "work mode: remote",
        "#mode input[value='remote']",
        "e => { e.checked = true; e.dispatchEvent(new Event('change', {bubbles: true})); }",
    ),
    (
        "sort by company",
        "#sort",
        "e => { e.value = 'company'; e.dispatchEvent(new Event('change', {bubbles: true})); }",
    ),
    ("sort by salary", "#sort", "e => { e.value = 'salary'; e.dispatchEvent(new Event('change', {bubbles: true})); }"),
    ("clear all filters", "#reset", "e => e.click()"),
]
REPEATS = 5  # the median of these is reported and held to the budget: the machine may be shared


def test_at_6000_jobs_first_render_and_filter_changes_stay_under_100_ms(browser, snapshot_site):
    url, shown = snapshot_site
    tab = Page(browser, url)
    try:
        p = tab.page
        firsts = [float(p.locator("#app").get_attribute("data-first-render-ms"))]
        for _ in range(REPEATS - 1):
            tab.goto(url)
            firsts.append(float(p.locator("#app").get_attribute("data-first-render-ms")))
        timings = {name: [] for name, _, _ in CHANGES}
        for _ in range(REPEATS):
            for name, selector, action in CHANGES:
                timings[name].append(
                    p.locator(selector).evaluate(
                        f"e => {{ const t = performance.now(); ({action})(e); return performance.now() - t; }}"
                    )
                )
        medians = {name: statistics.median(ms) for name, ms in timings.items()}
        open_count = int(p.locator("#status").inner_text().split()[0])
        p.locator("#closed").check()
        every = int(p.locator("#status").inner_text().split()[0])
        print(
            f"\nsite at {len(shown)} jobs ({open_count} open), script time, median of {REPEATS}: "
            f"first render {statistics.median(firsts):.1f} ms (max {max(firsts):.1f}); "
            + "; ".join(f"{name} {ms:.1f} ms" for name, ms in medians.items())
        )
        assert every == len(shown) >= 5000
        assert open_count == sum(not p.inactive for p in shown)
        assert statistics.median(firsts) < 100
        assert max(medians.values()) < 100
    finally:
        tab.close()
    assert tab.errors == []


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("mobile", 390, 844)])
def test_screenshots_at_6000_jobs(browser, snapshot_site, name, width, height, tmp_path):
    url, _ = snapshot_site
    tab = Page(browser, url, width, height)
    try:
        if name == "desktop":
            tab.page.locator("#mode input[value='remote']").check()
        else:  # the filters are folded on a phone: the jobs come first
            assert not tab.page.locator("#mode").is_visible()
            tab.page.locator("#q").fill("software")
        assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= width  # no sideways scrolling
        target = SCREENSHOTS / f"site-{name}.png"
        if os.environ.get("JOBBOARD_SCREENSHOTS"):  # refreshes the committed screenshots in docs/
            tab.page.screenshot(path=str(target))
        else:
            tab.page.screenshot(path=str(tmp_path / target.name))
    finally:
        tab.close()
    assert tab.errors == []


# ---- the bundled boards, as `make run` publishes them ----


@pytest.fixture(scope="module")
def bundled_sites(tmp_path_factory):
    """Every board of the bundled jobboard.yaml after one local pass on the recordings (`jobboard run`):
    (board id, URL of its page, its jobs.json)."""
    out = tmp_path_factory.mktemp("out")
    assert main(["--config", str(REPO / "jobboard.yaml"), "--out", str(out), "run"]) == 0
    sites = []
    for board_config in load_config(REPO / "jobboard.yaml").boards:
        repo_dir = out / board_config.github.repo
        paths = board_paths(board_config.github)
        sites.append((board_config.id, repo_dir, paths))
    with SiteServer(out) as server:
        yield [
            (
                board_id,
                f"{server.url}{board_dir.relative_to(out)}/{paths.site_dir}/",
                json.loads((board_dir / paths.jobs_json).read_bytes())["jobs"],
            )
            for board_id, board_dir, paths in sites
        ]


FILTER_FIELDS = {"mode": "work_mode", "level": "seniority", "type": "employment_type"}


def test_each_bundled_board_page_agrees_with_its_jobs_json(browser, bundled_sites):
    """The page lists what jobs.json holds, and every checkbox filter's count and result agree with
    the same filter applied to jobs.json here."""
    assert bundled_sites  # the bundled jobboard.yaml has boards
    for board_id, url, jobs in bundled_sites:
        tab = Page(browser, url)
        try:
            open_jobs = [j for j in jobs if j["active"]]
            assert tab.page.locator("#status").inner_text().split()[0] == str(len(open_jobs)), board_id
            for group, field in [*FILTER_FIELDS.items(), ("skill", "skills")]:
                values = tab.page.locator(f"#{group} input").evaluate_all("els => els.map(e => e.value)")
                for value in values[:6]:
                    expected = [j for j in open_jobs if (value in j[field] if group == "skill" else j[field] == value)]
                    assert tab.count(group, value) == f" ({len(expected)})", (board_id, group, value)
                    tab.page.locator(f"#{group} input[value='{value}']").check()
                    assert len(tab.titles()) == min(len(expected), 100), (board_id, group, value)
                    tab.page.locator(f"#{group} input[value='{value}']").uncheck()
        finally:
            tab.close()
        assert tab.errors == [], board_id


CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const background = e => { for (; e; e = e.parentElement) { const b = getComputedStyle(e).backgroundColor;
                            if (!b.startsWith('rgba(0, 0, 0, 0)') && b !== 'transparent') return b; } return 'rgb(255, 255, 255)'; };
  const sel = ['body', 'h1', '.stats', '.trending', '.description', '#results a', '.meta .company', '.meta .salary',
               '.meta time', '.count', 'legend', 'label', 'summary', 'footer'];
  return sel.map(s => document.querySelector(s)).filter(Boolean).map(e => {
    const a = lum(getComputedStyle(e).color), b = lum(background(e));
    return [e.tagName + '.' + e.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_aa_in_light_and_dark_mode_and_focus_is_visible(browser, sample_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(sample_site)
        page.wait_for_selector("#app[data-ready]", state="attached")
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(13, 17, 23)")
        ratios = page.evaluate(CONTRAST)
        assert len(ratios) >= 12
        assert [(what, round(ratio, 2)) for what, ratio in ratios if ratio < 4.5] == []
        page.locator("#q").focus()
        page.keyboard.press("Tab")  # to the sort select, by keyboard: :focus-visible applies
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
    finally:
        context.close()
