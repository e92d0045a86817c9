"""Row accuracy on a labelled set: every field kind must be right for at least 97% of postings.

The set (labelled_rows.py) is >= 60 raw postings across >= 10 adapters, written from the
source facts with invented values and labelled by hand. Each posting goes through its
adapter's `to_posting`; duplicates go through the board's `dedupe`. The per-kind figures are
printed (pytest -s) and repeated in the failure message with every miss.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from jobboard.model import Posting
from jobboard.publish.dedupe import dedupe
from jobboard.sources import adapter_class
from jobboard.sources.base import SkipPosting, SourceContext

from .labelled_rows import CASES, DUPLICATES

THRESHOLD = 0.97
KINDS = ("drop", "title", "url", "company", "work_mode", "salary", "skills", "duplicates")


def _normalise(case) -> Posting | str:
    adapter = adapter_class(case["source"])()
    ctx = SourceContext(id=f"{case['source']}-labelled", settings=case["settings"], base_url=adapter.default_base_url)
    try:
        return adapter.to_posting(case["raw"], ctx)
    except SkipPosting as skip:
        return str(skip)


def _salary(posting: Posting):
    pay = posting.salary
    return None if pay is None else (pay.min, pay.max, pay.currency, pay.period.value)


def _same_salary(actual, expected) -> bool:
    if actual is None or expected is None:
        return actual is expected
    numbers_match = all(
        a is b if a is None or b is None else abs(a - b) < 0.005 for a, b in zip(actual[:2], expected[:2])
    )
    return numbers_match and tuple(actual[2:]) == tuple(expected[2:])


def score() -> tuple[dict[str, list[bool]], list[str]]:
    """kind -> one bool per labelled field; and a line per miss."""
    results: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    postings: dict[str, Posting] = {}

    def record(kind, case_id, ok, actual, expected):
        results[kind].append(ok)
        if not ok:
            misses.append(f"{case_id} {kind}: got {actual!r}, expected {expected!r}")

    for case in CASES:
        expected, outcome = case["expected"], _normalise(case)
        dropped = outcome if isinstance(outcome, str) else None
        record("drop", case["id"], dropped == expected["drop"], dropped, expected["drop"])
        if expected["drop"] is not None:
            continue
        if dropped is None:
            postings[case["id"]] = outcome
        for kind in ("title", "url", "company", "work_mode", "salary", "skills"):
            if dropped is not None:
                record(kind, case["id"], False, f"dropped: {dropped}", expected[kind])
                continue
            actual = {
                "title": outcome.title,
                "url": outcome.url,
                "company": outcome.company,
                "work_mode": outcome.work_mode.value,
                "salary": _salary(outcome),
                "skills": set(outcome.skills),
            }[kind]
            ok = _same_salary(actual, expected[kind]) if kind == "salary" else actual == expected[kind]
            record(kind, case["id"], ok, actual, expected[kind])

    for first, second, same in DUPLICATES:
        if first not in postings or second not in postings:
            record("duplicates", f"{first}+{second}", False, "a posting was dropped", same)
            continue
        shown = dedupe([postings[first], postings[second]])
        record("duplicates", f"{first}+{second}", (len(shown) == 1) == same, f"{len(shown)} shown", same)
    return results, misses


def report(results) -> str:
    lines = [f"{kind:<11} {sum(r)}/{len(r)} = {sum(r) / len(r):.1%}" for kind in KINDS if (r := results[kind])]
    total = [ok for kind in KINDS for ok in results[kind]]
    lines.append(f"{'all fields':<11} {sum(total)}/{len(total)} = {sum(total) / len(total):.1%}")
    return "\n".join(lines)


def test_the_labelled_set_is_large_and_varied():
    sources = {case["source"] for case in CASES}
    assert len(CASES) >= 60 and len(sources) >= 10
    assert len({case["id"] for case in CASES}) == len(CASES)
    kept = {case["id"] for case in CASES if case["expected"]["drop"] is None}
    assert all(a in kept and b in kept for a, b, _ in DUPLICATES)


def test_field_accuracy_per_kind_is_at_least_97_percent():
    results, misses = score()
    figures = report(results)
    print(f"\nrow accuracy on {len(CASES)} labelled postings:\n{figures}")
    low = [kind for kind in KINDS if sum(results[kind]) / len(results[kind]) < THRESHOLD]
    assert not low, f"below {THRESHOLD:.0%}: {', '.join(low)}\n{figures}\nmisses:\n" + "\n".join(misses)


@pytest.mark.parametrize("kind", ["drop", "title", "url", "company", "work_mode", "salary", "skills"])
def test_every_kept_kind_is_labelled(kind):
    for case in CASES:
        expected = case["expected"]
        assert expected["drop"] is not None or kind in expected, case["id"]
