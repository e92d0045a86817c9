"""What one posting contributes to a board's figures, and figures from counters or from scratch.

The incremental path (counters kept by the stream function) and the full recomputation use
the same `Contribution` and `figures_from_counters`, so they agree by construction of the
math; tests check they agree after replayed and redelivered stream batches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from jobboard.render.view import BoardFigures

TOP_SKILLS = 10


@dataclass(frozen=True)
class Contribution:
    """What one open posting adds to a board's figures."""

    remote: bool
    company: str  # case-folded company name: "ACME" and "Acme" are one company
    skills: tuple[str, ...]
    salary_currency: str | None = None
    salary_annual: int | None = None

    @classmethod
    def of(cls, posting: dict) -> Contribution | None:
        """From a posting as shown (plain dict, Posting.to_dict() shape); None for a closed posting
        (listed with 🔒 on boards with show_closed_days, but counted nowhere), or one its source marks
        inactive (listed with 🔒 on boards with show_inactive)."""
        if posting.get("closed_at") or posting.get("inactive"):
            return None
        salary = posting.get("salary") or {}
        annual = salary.get("annual")
        return cls(
            remote=posting.get("work_mode") == "remote",
            company=" ".join(str(posting.get("company") or "").split()).casefold(),
            skills=tuple(sorted(set(posting.get("skills") or ()))),
            salary_currency=salary.get("currency") if annual else None,
            salary_annual=round(annual) if annual else None,
        )

    def to_dict(self) -> dict:
        return {
            "remote": self.remote,
            "company": self.company,
            "skills": list(self.skills),
            "salary_currency": self.salary_currency,
            "salary_annual": self.salary_annual,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Contribution:
        return cls(
            remote=bool(data["remote"]),
            company=data["company"],
            skills=tuple(data.get("skills") or ()),
            salary_currency=data.get("salary_currency"),
            salary_annual=data.get("salary_annual"),
        )


@dataclass
class Delta:
    """Signed changes to a board's counters. Counter keys: "company#x", "skill#x", "salary#CUR"."""

    jobs: int = 0
    remote: int = 0
    counts: Counter = field(default_factory=Counter)
    salary_sums: Counter = field(default_factory=Counter)

    def add(self, contribution: Contribution | None, sign: int) -> None:
        if contribution is None:
            return
        self.jobs += sign
        self.remote += sign * contribution.remote
        self.counts[f"company#{contribution.company}"] += sign
        for skill in contribution.skills:
            self.counts[f"skill#{skill}"] += sign
        if contribution.salary_annual is not None:
            key = f"salary#{contribution.salary_currency}"
            self.counts[key] += sign
            self.salary_sums[key] += sign * contribution.salary_annual

    def counter_keys(self) -> set[str]:
        return {k for k, v in self.counts.items() if v} | {k for k, v in self.salary_sums.items() if v}


def figures_from_counters(jobs: int, remote: int, counts: dict[str, int], salary_sums: dict[str, int]) -> BoardFigures:
    companies = sum(1 for k, n in counts.items() if k.startswith("company#") and n > 0)
    skills = sorted(
        ((k.removeprefix("skill#"), n) for k, n in counts.items() if k.startswith("skill#") and n > 0),
        key=lambda pair: (-pair[1], pair[0]),
    )
    salaries = sorted(
        ((k, n) for k, n in counts.items() if k.startswith("salary#") and n > 0), key=lambda pair: (-pair[1], pair[0])
    )
    currency = average = None
    if salaries:
        key, n = salaries[0]
        currency, average = key.removeprefix("salary#"), round(salary_sums.get(key, 0) / n)
    return BoardFigures(
        jobs=jobs,
        remote=remote,
        companies=companies,
        salary_currency=currency,
        salary_average=average,
        top_skills=tuple(skills[:TOP_SKILLS]),
    )


def recompute(postings: Iterable[dict]) -> BoardFigures:
    """Figures from scratch for the postings on a board (the reference the counters must equal)."""
    delta = Delta()
    for posting in postings:
        delta.add(Contribution.of(posting), +1)
    return figures_from_counters(delta.jobs, delta.remote, delta.counts, delta.salary_sums)
