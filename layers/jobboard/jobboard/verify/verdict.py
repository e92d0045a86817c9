"""The verifier's answer for one link."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class LinkState(str, Enum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"  # ambiguous (5xx, timeout, 401/403/429, bot wall, ...): never closes a posting


@dataclass(frozen=True)
class Verdict:
    """What one check of one link saw.

    `reason`: for `closed`, the words readers see ("gone (404)", "the ATS says closed", "expired");
    for `unknown` and `open`, a short operator-facing cause ("HTTP 503", "timeout", "bot wall").
    `rule`: which signal decided ("ats-api", "json-ld", "http-status", "redirect", "page-text", ...).
    """

    state: LinkState
    reason: str
    rule: str
    requests: int = 0  # HTTP requests this check made
