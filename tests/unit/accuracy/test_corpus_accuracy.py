"""Accuracy on postings nobody tuned the code on (corpus/, scored by corpus_score.py).

The corpus: over 300 postings from invented companies across every source type, in each
source's real response format, labelled by reading them as a job seeker would. The figures
per field and per class are printed (pytest -s, or benchmarks/accuracy.py) and repeated in
each failure message with every miss.
"""

from __future__ import annotations

from collections import Counter

import pytest

from jobboard.sources import adapter_types

from . import corpus_score
from .corpus_score import CLASS_KINDS, KINDS, THRESHOLD


@pytest.fixture(scope="module")
def scored() -> corpus_score.Score:
    result = corpus_score.score()
    print(f"\n{result.report()}")
    return result


def test_the_corpus_is_large_and_covers_every_source_type_and_class():
    labels = corpus_score.labels()
    type_of = {source["id"]: source["type"] for source in corpus_score.sources()}
    per_type = Counter(type_of[label["source"]] for label in labels)
    assert len(labels) >= 300
    assert {t: n for t, n in per_type.items() if n < 15} == {}
    assert set(adapter_types()) <= set(per_type)
    assert len({(label["source"], label["id"]) for label in labels}) == len(labels)
    classes = Counter(name for label in labels for name in label.get("classes", ()))
    assert set(CLASS_KINDS) <= set(classes), set(CLASS_KINDS) - set(classes)
    groups = Counter(label["same_job"] for label in labels if label.get("same_job"))
    assert groups and all(count >= 2 for count in groups.values()), groups


def test_every_kept_posting_is_labelled_in_full():
    for label in corpus_score.labels():
        if not label.get("drop"):
            assert set(corpus_score.FIELDS[1:]) <= set(label), label


def test_no_job_is_shown_twice_and_no_opening_is_merged_away(scored):
    assert not scored.shown_twice, "\n".join(scored.shown_twice)
    assert not scored.merged, "\n".join(scored.merged)


def test_no_salary_bound_is_inverted_or_misstated(scored):
    assert not scored.salary_faults, "\n".join(scored.salary_faults)


def test_every_field_is_right_for_at_least_97_percent_of_the_corpus(scored):
    low = [kind for kind in KINDS if scored.kind(kind) < THRESHOLD]
    assert not low and scored.overall >= THRESHOLD, (
        f"below {THRESHOLD:.0%}: {', '.join(low)}\n{scored.report()}\nmisses:\n" + "\n".join(scored.misses)
    )
