"""jobs.json, feed.xml and chart.svg: rendered in the same call, valid, stable, UTF-8."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import xml.etree.ElementTree as ET
from calendar import timegm
from datetime import timedelta

import feedparser
import pytest

from jobboard.model import Salary, SalaryPeriod
from jobboard.render import commit_message, render_board
from jobboard.render.chart import TOP_SKILLS, chart_svg
from jobboard.render.feed import FEED_ENTRIES
from jobboard.render.changes import LINES_FORMAT
from jobboard.render.jobs_json import FIELDS, SCHEMA, board_order, job_record
from jobboard.render.view import HistoryPoint
from tests.unit.render.helpers import NOW, hostile_postings, posting, view

SVG = "{http://www.w3.org/2000/svg}"


def test_jobs_json_holds_every_posting_with_documented_fields():
    postings = hostile_postings()
    data = render_board(view(postings)).files["jobs.json"]
    document = json.loads(data.decode("utf-8"))
    assert document["schema"] == SCHEMA and document["board"] == {"id": "backend", "title": "Backend Jobs"}
    assert document["count"] == len(postings) == len(document["jobs"])
    assert [j["key"] for j in document["jobs"]] == [p.key for p in board_order(postings)]
    for job in document["jobs"]:
        assert tuple(job) == FIELDS
    first = next(j for j in document["jobs"] if j["external_id"] == "0")
    assert first["title"] == "a | b" and first["work_mode"] == "remote" and first["category"] == "Full stack"
    assert first["salary"] == {"min": 100000.0, "max": 120000.0, "currency": "USD", "period": "year", "annual": None}
    assert first["posted_at"] == "2025-03-10T11:00:00Z"
    assert "Rocket Engineer 🚀".encode() in data  # UTF-8, not \\u escapes
    assert data.count(b"\n") == len(postings) + 2  # one job per line


def test_jobs_json_reads_back_and_an_unchanged_board_has_no_changes():
    postings = hostile_postings()
    first = render_board(view(postings))
    again = render_board(view(postings), previous_digests=first.digests)
    assert again.files == first.files
    assert again.changes.added == again.changes.removed == again.changes.updated == 0
    assert again.commit_message == f"backend: no job changes ({len(postings)} jobs)"
    assert first.commit_message == f"backend: first publish ({len(postings)} jobs)"
    assert {job["key"] for job in json.loads(first.files["jobs.json"])["jobs"]} == {p.key for p in postings}


def test_commit_message_counts_new_closed_and_updated():
    before = [posting(i) for i in range(5)]
    after = before[2:4] + [dataclasses.replace(before[4], title="Renamed")] + [posting(10), posting(11), posting(12)]
    assert commit_message(before, after) == "+3 new, -2 closed, 1 updated (6 jobs)"
    assert commit_message(None, after) == "first publish (6 jobs)"
    previous = render_board(view(before)).digests
    rendered = render_board(view(after), previous_digests=previous)
    assert (rendered.changes.added, rendered.changes.removed, rendered.changes.updated) == (3, 2, 1)
    assert rendered.commit_message == "backend: +3 new, -2 closed, 1 updated (6 jobs)"


def _digests_as_stored_before_lines_format(postings) -> bytes:
    """What publishes stored before LINES_FORMAT, spelled out as it was: per posting 4 bytes of the
    key's blake2b and 4 of the record's in sort_keys JSON, sorted, no header."""
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode

    def half(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).digest()

    def as_it_was(posting) -> dict:  # records had no `active`, `closed_reason` or `verified_at` then
        record = job_record(posting)
        for added in ("active", "closed_reason", "verified_at"):
            del record[added]
        return record

    return b"".join(sorted(half(r["key"]) + half(encode(r)) for r in map(as_it_was, postings)))


def test_the_first_render_after_the_digest_format_changed_still_counts_only_real_changes():
    postings = hostile_postings()
    stored = _digests_as_stored_before_lines_format(postings)
    again = render_board(view(postings), previous_digests=stored)
    assert again.commit_message == f"backend: no job changes ({len(postings)} jobs)"
    assert again.digests.startswith(LINES_FORMAT) and again.digests != stored
    after = [dataclasses.replace(p, title="Renamed") if p.external_id == "2" else p for p in postings[1:]]
    rendered = render_board(view([*after, posting(99)]), previous_digests=stored)
    assert rendered.commit_message == f"backend: +1 new, -1 closed, 1 updated ({len(postings)} jobs)"
    # From then on the new format is compared with itself.
    assert render_board(view([*after, posting(99)]), previous_digests=again.digests).changes == rendered.changes


def test_feed_parses_with_stable_ids_and_posting_times():
    postings = hostile_postings() + [posting(100 + i) for i in range(60)]
    data = render_board(view(postings)).files["feed.xml"]
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Backend Jobs"
    assert feed.feed.link == "https://github.com/owner/backend-jobs"
    newest = board_order(postings)[:FEED_ENTRIES]
    assert len(feed.entries) == FEED_ENTRIES
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry, p in zip(feed.entries, newest):
        assert timegm(entry.updated_parsed) == int(p.posted_at.timestamp())
        assert entry.id == f"tag:github.com,2008:owner/backend-jobs:README.md:fixture%23{p.external_id}"
    by_id = {e.id.rsplit("%23", 1)[1]: e for e in feed.entries}
    assert by_id["0"].title == "a | b at Company 0"
    assert by_id["2"].title == "<script>alert(1)</script> at Company 2"
    assert by_id["7"].title == "مهندس برمجيات خلفية at Company 7"
    assert by_id["0"].link == "https://jobs.example.com/0"
    assert by_id["25"].link == "https://example.com/wiki/Go_(lang)%20a%7Cb?x=1&amp;y=%602%60"
    assert "javascript" not in json.dumps([e.get("links") for e in feed.entries])
    later = render_board(view(postings + [posting(999, posted_at=NOW)], generated_at=NOW + timedelta(hours=1)))
    kept = {e.id for e in feedparser.parse(later.files["feed.xml"]).entries}
    assert set(ids[:-1]) <= kept  # the same postings keep their ids


def test_feed_strips_characters_xml_cannot_hold():
    broken = posting(1, title="bell\x07 esc\x1b nul\x00", company="\ufffe\ud800Co")
    data = render_board(view([broken])).files["feed.xml"]
    ET.fromstring(data)
    assert feedparser.parse(data).entries[0].title == "bell esc nul at Co"


def test_chart_is_valid_svg_with_history_and_skills():
    history = [HistoryPoint(NOW.date() - timedelta(days=d), 10 + d) for d in range(29, -1, -1)]
    skills = [(f"skill<{i}>&", 50 - i) for i in range(12)]
    root = ET.fromstring(chart_svg(history, skills, "Backend & <Jobs>"))
    assert root.tag == f"{SVG}svg"
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == len(history)
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == sorted(ys)  # jobs fall from 39 to 10 over the month: the line goes down (y grows)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [t for t in texts if t.startswith("skill")] == [f"skill<{i}>&" for i in range(TOP_SKILLS)]
    assert history[0].day.isoformat() in texts and history[-1].day.isoformat() in texts
    assert "Backend & <Jobs>: open jobs per day and top skills" == root.find(f"{SVG}title").text


@pytest.mark.parametrize("history, skills", [([], []), ([HistoryPoint(NOW.date(), 0)], [("go", 0)])])
def test_chart_without_data_is_still_valid(history, skills):
    root = ET.fromstring(chart_svg(history, skills))
    assert root.tag == f"{SVG}svg"


def test_chart_is_in_the_files_and_embedded_by_the_default_theme():
    files = render_board(view([posting(1)])).files
    ET.fromstring(files["chart.svg"])
    assert b"](chart.svg)" in files["README.md"]


def test_companions_of_a_board_that_is_not_a_readme_are_prefixed():
    from jobboard.config import GitHubTarget

    v = view([posting(1, salary=Salary(50, 60, "EUR", SalaryPeriod.HOUR))])
    v = dataclasses.replace(
        v, board=v.board.model_copy(update={"github": GitHubTarget(repo="o/r", path="lists/backend.md")})
    )
    files = render_board(v).files
    assert sorted(files) == [
        ".nojekyll",
        "lists/backend.chart.svg",
        "lists/backend.feed.xml",
        "lists/backend.jobs.json",
        "lists/backend.md",
        "lists/site/backend/index.html",
        "lists/site/backend/site.css",
        "lists/site/backend/site.js",
    ]
    assert b"](backend.chart.svg)" in files["lists/backend.md"]
    assert b"\xe2\x82\xac50\xe2\x80\x93\xe2\x82\xac60/h" in files["lists/backend.md"]  # €50–€60/h
