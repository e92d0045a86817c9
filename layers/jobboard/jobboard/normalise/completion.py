"""What every posting gets after its adapter: the facts only a posting's own words give when the
source's fields are silent, read the same way for every source."""

from __future__ import annotations

from dataclasses import replace

from jobboard.model import Posting, WorkMode
from jobboard.normalise import salary, workmode
from jobboard.normalise.seniority import from_title


def complete(posting: Posting) -> Posting:
    """The posting with what its title and description state where its fields said nothing:

    - seniority from the title ("Software Engineer II", "Senior ...") when the source has no level;
    - the work mode a title states in a part of its own ("Backend Engineer - Hybrid") when the
      fields are unknown or only a false remote flag (on-site);
    - a pay range the description states (US pay-transparency statements) when there is no salary.
    """
    changes: dict = {}
    if posting.seniority is None:
        level = from_title(posting.title)
        if level:
            changes["seniority"] = level
    if posting.work_mode in (WorkMode.UNKNOWN, WorkMode.ONSITE):
        stated = workmode.from_title(posting.title)
        if stated is not None and stated is not posting.work_mode:
            changes["work_mode"] = stated
    if posting.salary is None and posting.description:
        pay = salary.from_description(posting.description)
        if pay is not None:
            changes["salary"] = pay
    return replace(posting, **changes) if changes else posting
