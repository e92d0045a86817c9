"""Properties every adapter has, checked for every type in `adapter_types()` against its fixture.

- Mutated raw postings (keys dropped, wrong types, None, odd strings) never raise anything but
  SkipPosting, and what is emitted has a title, an http(s) url and a UTC posted_at.
- Transport failures (truncated JSON, an HTML page with status 200, invalid UTF-8, 404,
  persistent 5xx) fail the fetch with FetchError; one 500 is retried to the same result.
"""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from conftest import BROKEN_BODIES, break_route, recording
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobboard.http import FetchError
from jobboard_local.recorded import RECORDINGS_DIR
from jobboard.model import Posting
from jobboard.sources import adapter_types
from jobboard.sources.base import SkipPosting

ADAPTER_TYPES = adapter_types()

ODD_STRINGS = [
    "",
    " ",
    "\t\n",
    "null",
    "None",
    "NaN",
    "-1",
    "0",
    "1e309",
    "99999999999999999999",
    "<script>x()</script>",
    "&lt;p&gt;x&lt;/p&gt;",
    "javascript:alert(1)",
    "//example.com/x",
    "http://",
    "https://exa mple.com",
    "💥 | emoji",
    "東京",
    "\x00\x01",
    "Ã©",
    "2026-02-30T25:61:00Z",
    "Remote (US)",
    "$175k - $225k",
]
# Hypothesis favours the first branches of one_of: structurally wrong values come first.
ODD_VALUES = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.lists(st.one_of(st.none(), st.integers(), st.sampled_from(ODD_STRINGS)), min_size=1, max_size=3),
    st.dictionaries(
        st.sampled_from(["name", "location", "value", "min", "max"]), st.sampled_from(ODD_STRINGS), max_size=2
    ),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.booleans(),
    st.none(),
)


def _needs_fixture(source_type: str) -> None:
    if not (RECORDINGS_DIR / f"{source_type}.json").exists():
        pytest.skip(f"no recorded fixture tests/fixtures/sources/{source_type}.json yet")


def _paths(raw: dict) -> list[tuple]:
    """Every key of the posting, of nested objects, and of objects inside lists (first item)."""
    paths = []
    for key, value in raw.items():
        paths.append((key,))
        if isinstance(value, dict):
            paths += [(key, inner) for inner in value]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            paths += [(key, 0, inner) for inner in value[0]]
    return paths


def _mutate(raw: dict, path: tuple, replacement, drop: bool) -> dict:
    changed = copy.deepcopy(raw)
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return changed


def _assert_well_formed(posting: Posting) -> None:
    assert isinstance(posting, Posting)
    assert posting.title.strip()
    assert posting.external_id.strip()
    assert posting.url.lower().startswith(("http://", "https://"))
    assert posting.posted_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("source_type", ADAPTER_TYPES)
def test_mutated_postings_only_ever_skip(source_type, raw_postings):
    _needs_fixture(source_type)
    adapter, ctx, raws = raw_postings(source_type)
    assert raws, f"the {source_type} fixture yields no raw postings"

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        raw = data.draw(st.sampled_from(raws), label="raw posting")
        for _ in range(data.draw(st.integers(1, 4), label="mutations")):
            top, nested = [p for p in _paths(raw) if len(p) == 1], [p for p in _paths(raw) if len(p) > 1]
            if not top:
                break
            # top-level keys as often as nested ones: they are fewer but matter as much
            path = data.draw(st.sampled_from(top) | (st.sampled_from(nested) if nested else st.nothing()), label="path")
            raw = _mutate(raw, path, data.draw(ODD_VALUES, label="value"), data.draw(st.booleans(), label="drop"))
        try:
            posting = adapter.to_posting(raw, ctx)
        except SkipPosting:
            return
        _assert_well_formed(posting)

    check()


# One field at a time, every field, each of these: the cases a random search can miss.
WRONG_VALUES = [None, "", " ", 0, -1, True, 1.5, [], [None], ["x"], {}, {"x": 1}, "x", "<b>"]


@pytest.mark.parametrize("source_type", ADAPTER_TYPES)
def test_every_field_wrong_typed_one_at_a_time(source_type, raw_postings):
    _needs_fixture(source_type)
    adapter, ctx, raws = raw_postings(source_type)
    for raw in raws[:3]:
        for path in _paths(raw):
            for value, drop in [(None, True), *((v, False) for v in WRONG_VALUES)]:
                mutated = _mutate(raw, path, value, drop)
                try:
                    posting = adapter.to_posting(mutated, ctx)
                except SkipPosting:
                    continue
                except Exception as exc:  # noqa: BLE001 — report which field broke it
                    pytest.fail(f"{source_type}: {path} = {value!r} (dropped={drop}) raised {exc!r}")
                _assert_well_formed(posting)


@pytest.mark.parametrize("source_type", ADAPTER_TYPES)
def test_fixture_postings_are_well_formed(source_type, raw_postings):
    _needs_fixture(source_type)
    adapter, ctx, raws = raw_postings(source_type)
    emitted = 0
    for raw in raws:
        try:
            _assert_well_formed(adapter.to_posting(raw, ctx))
            emitted += 1
        except SkipPosting:
            pass
    assert emitted, "the fixture should hold postings that normalise"


@pytest.mark.parametrize("broken_body", BROKEN_BODIES)
@pytest.mark.parametrize("source_type", ADAPTER_TYPES)
def test_broken_body_fails_the_fetch(source_type, broken_body, scrape_fixture):
    _needs_fixture(source_type)
    data = recording(source_type)
    if "json" not in data["routes"][0]:
        pytest.skip(f"{source_type} is not a JSON source")
    with pytest.raises(FetchError):
        scrape_fixture(source_type, recording=break_route(data, broken_body))


@pytest.mark.parametrize("source_type", ADAPTER_TYPES)
def test_one_server_error_is_retried_to_the_same_result(source_type, scrape_fixture):
    _needs_fixture(source_type)
    clean = scrape_fixture(source_type)
    retried = scrape_fixture(source_type, failures=[500])
    assert retried.postings == clean.postings
    assert retried.skipped == clean.skipped
    assert len(retried.requests) == len(clean.requests) + 1
    assert retried.requests[0] == retried.requests[1] == clean.requests[0]  # the same request, again
    assert len(retried.sleeps) == 1


@pytest.mark.parametrize("source_type", ADAPTER_TYPES)
def test_persistent_server_error_fails_the_fetch(source_type, scrape_fixture):
    _needs_fixture(source_type)
    with pytest.raises(FetchError, match="HTTP 503"):
        scrape_fixture(source_type, failures=[503] * 3)


@pytest.mark.parametrize("source_type", ADAPTER_TYPES)
def test_unknown_path_404_fails_the_fetch(source_type, scrape_fixture):
    _needs_fixture(source_type)
    data = recording(source_type)
    data["routes"] = []
    with pytest.raises(FetchError):
        scrape_fixture(source_type, recording=data)
