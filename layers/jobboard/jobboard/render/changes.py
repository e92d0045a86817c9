"""What changed on a board between two renders, for the commit message."""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from zlib import crc32
from datetime import datetime

from jobboard.model import Posting
from jobboard.render.jobs_json import BoardJobs, board_jobs, job_record, stable_part


@dataclass(frozen=True)
class BoardChanges:
    """Jobs added, removed and updated since the board's last publish."""

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


# Per posting: 4 bytes of its key's CRC-32 + 4 of its jobs.json line's, after a header naming that
# format. Stored with the last publish (about 48 KB for 6,000 postings), so the next commit message
# can say what changed without reading the published jobs.json back from GitHub. CRC-32 tells
# changes apart as well as 4 bytes of any hash would (nothing here is a secret), at a fraction of the cost.
_HALF = 4
# Digests stored before this header hashed each record encoded again with sorted keys (blake2b,
# `_LEGACY_TEXT`); a render comparing with those compares in that format, once (after the upgrade).
LINES_FORMAT = b"lines/1\n"
_LEGACY_TEXT = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def board_digests(jobs: BoardJobs) -> bytes:
    """The digests of what a board holds: each posting's key and jobs.json line (its stable_part), sorted."""
    pairs = sorted(
        crc32(key.encode("utf-8", "surrogatepass")) << 32 | crc32(stable_part(line))
        for key, line in zip(jobs.keys, jobs.lines)
    )
    return LINES_FORMAT + struct.pack(f">{len(pairs)}Q", *pairs)  # big-endian: sorted as the bytes are


def legacy_digests(jobs: BoardJobs, closed: Mapping[str, datetime | None]) -> bytes:
    """The same board's digests as stored before LINES_FORMAT (no header, records hashed in sort_keys JSON,
    whose records had no `active`)."""
    records = (job_record(p, closed.get(p.key)) for p in jobs.postings)
    return b"".join(sorted(_text_digest(r["key"]) + _text_digest(_LEGACY_TEXT(_legacy(r))) for r in records))


def _legacy(record: dict) -> dict:
    for added in ("active", "closed_reason", "verified_at"):
        del record[added]
    return record


def _text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_HALF).digest()


def _split(digests: bytes) -> dict[bytes, bytes]:
    step = 2 * _HALF
    return {digests[i : i + _HALF]: digests[i + _HALF : i + step] for i in range(0, len(digests), step)}


def diff_digests(previous: bytes | None, current: bytes, legacy: Callable[[], bytes]) -> BoardChanges:
    """Compare two `board_digests`; previous None: a first publish. A previous set stored in the older
    format is compared with `legacy()`: the current board's digests in that format."""
    now = _split(current.removeprefix(LINES_FORMAT))
    if previous is None:
        return BoardChanges(jobs=len(now), added=len(now), removed=0, updated=0, first=True)
    if previous.startswith(LINES_FORMAT):
        before = _split(previous.removeprefix(LINES_FORMAT))
    else:
        before, now = _split(previous), _split(legacy())
    return BoardChanges(
        jobs=len(now),
        added=sum(1 for key in now if key not in before),
        removed=sum(1 for key in before if key not in now),
        updated=sum(1 for key, record in now.items() if key in before and before[key] != record),
    )


def commit_message(previous_postings: Iterable[Posting] | None, postings: Iterable[Posting]) -> str:
    """What changed, e.g. "+12 new, -3 closed, 4 updated (250 jobs)"; previous None: a first publish."""
    current = board_jobs(postings, {})
    previous = None if previous_postings is None else board_digests(board_jobs(previous_postings, {}))
    return diff_digests(previous, board_digests(current), lambda: legacy_digests(current, {})).describe()
