"""What changed on a board between two renders, for the commit message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jobboard.model import Posting
from jobboard.render.jobs_json import job_record


@dataclass(frozen=True)
class BoardChanges:
    jobs: int  # on the board now
    added: int
    removed: int
    updated: int  # same key, different jobs.json record (title, location, salary...)
    first: bool = False  # nothing to compare with

    def describe(self) -> str:
        """ "+12 new, -3 closed, 4 updated (250 jobs)"; "no job changes (250 jobs)"; "first publish (250 jobs)"."""
        if self.first:
            return f"first publish ({self.jobs} jobs)"
        parts = [text for count, text in ((self.added, f"+{self.added} new"), (self.removed, f"-{self.removed} closed"),
                                          (self.updated, f"{self.updated} updated")) if count]
        return f"{', '.join(parts) or 'no job changes'} ({self.jobs} jobs)"


def diff_records(previous: Iterable[dict] | None, current: Iterable[dict]) -> BoardChanges:
    """Compare jobs.json records (job_record) by key."""
    now = {r["key"]: r for r in current}
    if previous is None:
        return BoardChanges(jobs=len(now), added=len(now), removed=0, updated=0, first=True)
    before = {r["key"]: r for r in previous}
    return BoardChanges(
        jobs=len(now),
        added=sum(1 for key in now if key not in before),
        removed=sum(1 for key in before if key not in now),
        updated=sum(1 for key, record in now.items() if key in before and before[key] != record),
    )


def commit_message(previous_postings: Iterable[Posting] | None, postings: Iterable[Posting]) -> str:
    """What changed, e.g. "+12 new, -3 closed, 4 updated (250 jobs)"; previous None: a first publish."""
    previous = None if previous_postings is None else map(job_record, previous_postings)
    return diff_records(previous, map(job_record, postings)).describe()
