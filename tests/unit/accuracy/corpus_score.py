"""Scoring of the fresh-postings corpus (corpus/): what share of each field a reader gets right.

corpus/sources.json lists the corpus's sources as jobboard.yaml would (id, type, the adapter's
settings) plus `responses`: the recorded bodies each source's fetch receives, in request order,
in the source's real response format. corpus/labels.jsonl holds one line per posting, in the
order the source sends them, labelled by reading the posting as a job seeker would: the title,
link, company, work mode, salary ([min, max, currency, period], a side the posting leaves open
is null), skills (vocabulary ids of jobboard/normalise/skills.json, implied ones included) and
seniority a row must show, or the counted reason it is dropped; `same_job` names the postings
that are one job across sources (shown once), and `classes` the kinds of difficulty the posting
carries (per-class figures).

Every posting goes through its adapter's real `fetch` (answered from the recordings) and what a
scrape makes of each (`normalise_posting`, `fit_for_storage`); every kept posting then goes
through the board's `dedupe` as one board of every source. Used by test_corpus_accuracy.py and printed by benchmarks/accuracy.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jobboard.model import Posting
from jobboard.publish.dedupe import dedupe
from jobboard.scrape import normalise_posting
from jobboard.sources import adapter_class
from jobboard.sources.base import SkipPosting, SourceContext
from jobboard.store.postings import Unstorable, fit_for_storage

CORPUS = Path(__file__).with_name("corpus")
THRESHOLD = 0.97
FIELDS = ("drop", "title", "url", "company", "work_mode", "salary", "skills", "seniority")
KINDS = (*FIELDS, "shown once")
# The fields each class of difficulty is about.
CLASS_KINDS = {
    "salary:one-sided": ("salary",),
    "salary:monthly": ("salary",),
    "salary:lpa": ("salary",),
    "salary:brutto": ("salary",),
    "salary:description": ("salary",),
    "entities": ("title", "company"),
    "hybrid": ("work_mode",),
    "hn-separator": ("drop", "title", "company"),
    "skill-alias": ("skills",),
    "level-numeral": ("seniority",),
    "inactive": ("drop",),
    "duplicate:tracking": ("shown once",),
    "duplicate:aggregators": ("shown once",),
    "same-title-two-cities": ("shown once",),
}


class _Recorded:
    """Stands in for HttpClient: each request is answered with the source's next recorded body."""

    def __init__(self, paths: list[Path]):
        self._paths = list(paths)

    def get(self, url: str, *, params: dict | None = None, headers: dict | None = None):
        import requests

        response = requests.Response()
        response.status_code = 200
        response.url = url
        response._content = self._paths.pop(0).read_bytes() if self._paths else b"[]"
        return response

    def get_json(self, url: str, *, params: dict | None = None, headers: dict | None = None):
        from jobboard.http import decode_json

        return decode_json(self.get(url, params=params, headers=headers))


@dataclass
class Outcome:
    label: dict
    posting: Posting | None = None
    dropped: str | None = None

    @property
    def key(self) -> str:
        return f"{self.label['source']}#{self.label['id']}"


@dataclass
class Score:
    results: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    by_class: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    misses: list[str] = field(default_factory=list)
    shown_twice: list[str] = field(default_factory=list)  # jobs a reader would see twice
    merged: list[str] = field(default_factory=list)  # distinct openings shown as one
    salary_faults: list[str] = field(default_factory=list)  # a bound inverted, invented or misstated
    postings: int = 0

    def kind(self, kind: str) -> float:
        found = self.results[kind]
        return sum(found) / len(found) if found else 1.0

    @property
    def overall(self) -> float:
        every = [ok for kind in KINDS for ok in self.results[kind]]
        return sum(every) / len(every)

    def report(self) -> str:
        lines = [f"corpus: {self.postings} postings, {len(sources())} sources"]
        for kind in KINDS:
            found = self.results[kind]
            lines.append(f"  {kind:<14} {sum(found):>4}/{len(found):<4} = {self.kind(kind):.1%}")
        every = [ok for kind in KINDS for ok in self.results[kind]]
        lines.append(f"  {'all fields':<14} {sum(every):>4}/{len(every):<4} = {self.overall:.1%}")
        lines.append("per class (the fields it is about):")
        for name in sorted(self.by_class):
            found = self.by_class[name]
            lines.append(f"  {name:<22} {sum(found):>3}/{len(found):<3} = {sum(found) / len(found):.1%}")
        lines.append(
            f"jobs shown twice: {len(self.shown_twice)}; openings merged: {len(self.merged)}; "
            f"salaries with a bound inverted or misstated: {len(self.salary_faults)}"
        )
        return "\n".join(lines)


def sources() -> list[dict]:
    return json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))


def labels() -> list[dict]:
    lines = (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


_NOT_SETTINGS = {"id", "type", "responses", "enabled"}


def normalise() -> list[Outcome]:
    """Each labelled posting with what its adapter made of it (in the source's order)."""
    by_source: dict[str, list[dict]] = defaultdict(list)
    for entry in labels():
        by_source[entry["source"]].append(entry)
    outcomes = []
    for source in sources():
        adapter = adapter_class(source["type"])()
        ctx = SourceContext(
            id=source["id"],
            settings={k: v for k, v in source.items() if k not in _NOT_SETTINGS},
            base_url=adapter.default_base_url,
            http=_Recorded([CORPUS / path for path in source["responses"]]),  # type: ignore[arg-type]
        )
        raws = list(adapter.fetch(ctx))
        expected = by_source.pop(source["id"], [])
        if len(raws) != len(expected):
            raise AssertionError(f"{source['id']}: {len(raws)} postings fetched, {len(expected)} labelled")
        for raw, label in zip(raws, expected):
            try:  # as a scrape reads and stores it
                posting, _ = fit_for_storage(normalise_posting(adapter, raw, ctx))
                if posting.inactive:  # the corpus has no show_inactive board: the scrape leaves these out
                    raise SkipPosting("inactive")
                outcomes.append(Outcome(label, posting=posting))
            except (SkipPosting, Unstorable) as skip:
                outcomes.append(Outcome(label, dropped=str(skip)))
    if by_source:
        raise AssertionError(f"labels of sources the corpus does not list: {sorted(by_source)}")
    return outcomes


def _salary(posting: Posting):
    pay = posting.salary
    return None if pay is None else [pay.min, pay.max, pay.currency, pay.period.value]


def _same_amount(a, b) -> bool:
    return a is b if a is None or b is None else abs(a - b) < 0.005


def _same_salary(actual, expected) -> bool:
    if actual is None or expected is None:
        return actual is expected
    return _same_amount(actual[0], expected[0]) and _same_amount(actual[1], expected[1]) and actual[2:] == expected[2:]


def _salary_fault(actual, expected) -> str | None:
    """Why a salary that is shown says something the posting does not (None: it does not). A salary
    the posting states but the row leaves out is a miss, not a fault."""
    if actual is None:
        return None
    low, high = actual[0], actual[1]
    if low is not None and high is not None and low > high:
        return "inverted"
    if expected is None:
        return "invented"
    if not _same_salary(actual, expected):
        return "misstated"
    return None


def score(outcomes: list[Outcome] | None = None) -> Score:
    outcomes = normalise() if outcomes is None else outcomes
    result = Score(postings=len(outcomes))

    def record(outcome: Outcome, kind: str, ok: bool, actual, expected) -> None:
        result.results[kind].append(ok)
        for name in outcome.label.get("classes", ()):
            if kind in CLASS_KINDS.get(name, ()):
                result.by_class[name].append(ok)
        if not ok:
            result.misses.append(f"{outcome.key} {kind}: got {actual!r}, expected {expected!r}")

    for outcome in outcomes:
        label, posting = outcome.label, outcome.posting
        record(outcome, "drop", outcome.dropped == label.get("drop"), outcome.dropped, label.get("drop"))
        if label.get("drop"):
            continue
        for kind in FIELDS[1:]:
            if posting is None:
                record(outcome, kind, False, f"dropped: {outcome.dropped}", label[kind])
                continue
            actual = {
                "title": posting.title,
                "url": posting.url,
                "company": posting.company,
                "work_mode": posting.work_mode.value,
                "salary": _salary(posting),
                "skills": sorted(posting.skills),
                "seniority": posting.seniority,
            }[kind]
            if kind == "salary":
                ok = _same_salary(actual, label[kind])
                fault = _salary_fault(actual, label[kind])
                if fault:
                    result.salary_faults.append(f"{outcome.key}: {fault}: {actual!r} for {label[kind]!r}")
            else:
                ok = actual == label[kind]
            record(outcome, kind, ok, actual, label[kind])
        if posting is not None and posting.external_id != label["id"]:
            raise AssertionError(f"{outcome.key}: the labels are out of step with the recordings ({posting.key})")

    _score_shown_once(outcomes, result, record)
    return result


def _score_shown_once(outcomes: list[Outcome], result: Score, record) -> None:
    """One board of every source: each job once, each distinct opening kept."""
    kept = [o for o in outcomes if o.posting is not None]
    # As the board orders them before dedupe: newest first.
    board = sorted((o.posting for o in kept if o.posting), key=lambda p: (p.posted_at, p.key), reverse=True)
    shown = {p.key for p in dedupe(board)}
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in kept:
        if outcome.label.get("same_job"):
            groups[outcome.label["same_job"]].append(outcome)
    for outcome in outcomes:
        label = outcome.label
        if label.get("drop"):
            continue
        group = label.get("same_job")
        if group:
            showing = [o.key for o in groups[group] if o.key in shown]
            ok = len(showing) == 1
            actual = f"{len(showing)} of {[o.key for o in groups[group]]} shown"
            expected = "one row for the job"
            if len(showing) > 1 and outcome.key == showing[0]:
                result.shown_twice.append(f"{group}: {showing}")
        elif outcome.posting is None:
            ok, actual, expected = False, f"dropped: {outcome.dropped}", "shown"
        else:
            ok = outcome.key in shown
            actual, expected = ("shown" if ok else "hidden as a duplicate"), "shown"
            if not ok:
                result.merged.append(outcome.key)
        record(outcome, "shown once", ok, actual, expected)
