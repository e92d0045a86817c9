"""What changed on a board between two renders, for the commit message."""

from __future__ import annotations

import hashlib
import json
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
        parts = [
            text
            for count, text in (
                (self.added, f"+{self.added} new"),
                (self.removed, f"-{self.removed} closed"),
                (self.updated, f"{self.updated} updated"),
            )
            if count
        ]
        return f"{', '.join(parts) or 'no job changes'} ({self.jobs} jobs)"


# Per posting: 4 bytes of its key's hash + 4 of its jobs.json record's hash. Stored with the
# last publish (about 48 KB for 6,000 postings), so the next commit message can say what
# changed without reading the published jobs.json back from GitHub.
_HALF = 4


_RECORD_TEXT = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False
).encode  # json.dumps(r, sort_keys=True, ensure_ascii=False)


def record_digests(records: Iterable[dict]) -> bytes:
    digests = sorted(_digest(r["key"]) + _digest(_RECORD_TEXT(r)) for r in records)
    return b"".join(digests)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_HALF).digest()


def _split(digests: bytes) -> dict[bytes, bytes]:
    step = 2 * _HALF
    return {digests[i : i + _HALF]: digests[i + _HALF : i + step] for i in range(0, len(digests), step)}


def diff_digests(previous: bytes | None, current: bytes) -> BoardChanges:
    """Compare two `record_digests`; previous None: a first publish."""
    now = _split(current)
    if previous is None:
        return BoardChanges(jobs=len(now), added=len(now), removed=0, updated=0, first=True)
    before = _split(previous)
    return BoardChanges(
        jobs=len(now),
        added=sum(1 for key in now if key not in before),
        removed=sum(1 for key in before if key not in now),
        updated=sum(1 for key, record in now.items() if key in before and before[key] != record),
    )


def commit_message(previous_postings: Iterable[Posting] | None, postings: Iterable[Posting]) -> str:
    """What changed, e.g. "+12 new, -3 closed, 4 updated (250 jobs)"; previous None: a first publish."""
    previous = None if previous_postings is None else record_digests(map(job_record, previous_postings))
    return diff_digests(previous, record_digests(map(job_record, postings))).describe()
