"""What a theme renders: one board's postings, figures and links, already decided."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from jobboard.config import BoardConfig
from jobboard.model import Attribution, Posting

if TYPE_CHECKING:
    from jobboard.render.jobs_json import BoardJobs


@dataclass(frozen=True)
class BoardFigures:
    """A board's stats line: kept current by the stats function, equal to a full recomputation."""

    jobs: int = 0
    remote: int = 0
    companies: int = 0
    salary_currency: str | None = None  # the currency most salaries on the board are in
    salary_average: float | None = None  # average annual salary in that currency
    top_skills: tuple[tuple[str, int], ...] = ()  # (skill, open jobs), most common first

    @property
    def remote_percent(self) -> int:
        return round(100 * self.remote / self.jobs) if self.jobs else 0


@dataclass(frozen=True)
class LinkChecks:
    """The link verifier's last 24 hours on a board: links checked, postings it closed."""

    checked: int
    closed: int


@dataclass(frozen=True)
class HistoryPoint:
    """A board's open jobs on one day (UTC), for the chart."""

    day: date
    jobs: int


@dataclass(frozen=True)
class BoardView:
    """Everything a render needs, already decided: the board's postings, figures, history and time."""

    board: BoardConfig
    postings: tuple[Posting, ...]  # on the board, deduplicated, newest first
    figures: BoardFigures
    generated_at: datetime  # UTC
    related: tuple[BoardConfig, ...] = ()  # sibling boards, for "related lists"
    attributions: tuple[Attribution, ...] = ()  # sources whose terms require credit
    history: tuple[HistoryPoint, ...] = field(default=())  # daily figures, oldest first
    # posting key -> when it closed, for the closed postings among `postings` (🔒 rows): those gone from
    # their source (boards with show_closed_days), and those their source marks inactive, None (show_inactive)
    closed: Mapping[str, datetime | None] = field(default_factory=dict)
    # posting key -> what the link verifier saw, for the closed rows it closed ("gone (404)")
    closed_reasons: Mapping[str, str] = field(default_factory=dict)
    # posting key -> when the link verifier last checked its link (jobs.json's verified_at)
    verified: Mapping[str, datetime] = field(default_factory=dict)
    # the stats line's "links checked in the last 24 h: N, closed: M"; None: the board is not verified
    link_checks: LinkChecks | None = None

    @property
    def open_jobs(self) -> int:
        return len(self.postings) - len(self.closed)

    @cached_property
    def board_jobs(self) -> BoardJobs:
        """The postings in board order with their jobs.json lines, encoded once for this view (the
        fingerprint and every file of the render read them). Imported here, not at the top: the stats
        function imports this module and never renders."""
        from jobboard.render.jobs_json import board_jobs

        return board_jobs(self.postings, self.closed, self.closed_reasons, self.verified)
