"""One module per applicant-tracking system (its links, per-job API and pages), and page.py for
what any page shows (status, redirects, JSON-LD JobPosting, closed-page text, walls)."""

from __future__ import annotations

from jobboard.verify.rules import ashby, greenhouse, lever, recruitee, smartrecruiters, workable, workday
from jobboard.verify.rules.base import AtsRule

ATS_RULES: tuple[AtsRule, ...] = tuple(
    module.RULE for module in (greenhouse, lever, ashby, smartrecruiters, workable, recruitee, workday)
)


def ats_rule_for(url: str) -> AtsRule | None:
    return next((rule for rule in ATS_RULES if rule.owns(url)), None)
