"""One `issues` webhook event of a board's repository: what it changes and what the system answers.

The webhook plumbing (functions/contributions) verifies and dedupes the delivery, builds an `Issue`
from its payload and calls `handle_issue_event`; the `IssueReply` it gets back is what it does on
GitHub (comment, labels, close). Everything here is decided without GitHub: the labeller's
permission and the link's verdict come through `ContributionDeps`.

- "Report a closed job": checked at once (deps.check_link); a `closed` verdict closes the posting
  with no maintainer needed (the reader's report is the confirming signal); otherwise the issue
  waits for the approved label.
- "Add a job" and "Correct a job": applied only when the approved label is added by someone with
  write access or above (deps.permission, asked of GitHub, never read from the payload).
- A form that cannot be applied gets the needs-fix label and a comment naming the field.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import Protocol

from aws_lambda_powertools import Logger

from jobboard.config import BoardConfig, Config
from jobboard.contributions.community import COMMUNITY_SOURCE, community_posting
from jobboard.contributions.corrections import corrected
from jobboard.contributions.forms import ADD, CLOSED, CORRECT, Form
from jobboard.contributions.parse import Contribution, FormError, board_id_of, form_of, read_contribution
from jobboard.model import Posting
from jobboard.normalise.urls import job_identity
from jobboard.publish.board import build_view
from jobboard.publish.dedupe import dedupe
from jobboard.render.board import github_url, row_lines
from jobboard.render.markdown import Markdown, escape, link
from jobboard.render.view import BoardFigures, BoardView
from jobboard.store.boards import BoardSnapshot, BoardsStore
from jobboard.store.postings import AGED_OUT_OF, OPEN, OVERRIDES, PostingsStore, hash_extra, posting_item
from jobboard.verify.verdict import LinkState, Verdict

logger = Logger(child=True)


@dataclass(frozen=True)
class Issue:
    """An issue as the webhook payload gives it."""

    repo: str  # owner/name
    number: int
    title: str
    body: str
    labels: tuple[str, ...]
    author: str  # login of who opened it
    state: str  # "open" or "closed"


@dataclass(frozen=True)
class IssueReply:
    """What to do on GitHub about the issue; the plumbing performs it (comment first, close last)."""

    comment: str | None
    add_labels: tuple[str, ...] = ()
    remove_labels: tuple[str, ...] = ()
    close: bool = False


class ContributionDeps(Protocol):
    """What applying a contribution needs from outside: GitHub, the verifier, the tables, the clock."""

    postings: PostingsStore
    boards: BoardsStore  # the board's snapshot: the rows it shows (to find a row by its link)
    now: datetime
    config: Config

    def permission(self, user: str) -> str:
        """The user's permission on the board's repository, as GitHub's collaborator permission API
        gives it: admin, maintain, write, triage, read or none."""
        ...

    def check_link(self, url: str) -> Verdict:
        """The verifier's verdict on one link (verify.check.check_link with its fetcher)."""
        ...


WRITE_ACCESS = frozenset({"admin", "maintain", "write"})
APPLIED_LABEL = "applied"
LISTED_LABEL = "already-listed"
_MENTION = re.compile(r"(^|[^\w`/])@(?=[A-Za-z0-9])")  # what GitHub reads as an @mention in a comment


def handle_issue_event(
    action: str, issue: Issue, sender: str, label: str | None, board: BoardConfig, deps: ContributionDeps
) -> IssueReply | None:
    """What to do about one `issues` event (`action`: opened, edited, labeled, ...; `label`: the
    label a labeled/unlabeled event is about; `sender`: who caused the event) of `board`'s
    repository. None: nothing to do (not a contribution form, the board takes none, a closed issue,
    an action that changes nothing)."""
    settings = board.contributions
    if settings is None or issue.state != "open":
        return None
    form = form_of(issue.title, issue.body, issue.labels)
    if form is None:
        return None
    case = _Case(form, issue, board, deps)
    if action in ("opened", "reopened") or (action == "edited" and settings.needs_fix_label in issue.labels):
        return case.on_opened()
    if action == "labeled" and label == settings.approved_label:
        return case.on_approved(sender)
    return None


def contributing_board(config: Config, repo: str, issue_title: str) -> BoardConfig | None:
    """The board an issue of `repo` is about: the one board there taking contributions, or, where
    several do, the one whose id the form's title starts with ("[backend] Add a job: ...")."""
    boards = [b for b in config.boards if b.contributions is not None and b.github.repo.lower() == repo.lower()]
    if len(boards) == 1:
        return boards[0]
    named = board_id_of(issue_title)
    return next((b for b in boards if b.id == named), None)


class _Case:
    """One event of one contribution issue: the form, the board's rows and the replies."""

    def __init__(self, form: Form, issue: Issue, board: BoardConfig, deps: ContributionDeps):
        self.form, self.issue, self.board, self.deps = form, issue, board, deps
        assert board.contributions is not None  # handle_issue_event checked
        self.settings = board.contributions

    def on_opened(self) -> IssueReply:
        """A new (or fixed) form: checked at once; a closed-job report is applied when the link
        is closed, the others say how the row will read and wait for approval."""
        try:
            contribution = read_contribution(self.issue.body, self.form)
        except FormError as exc:
            return self._needs_fix(exc)
        if self.form.kind == ADD:
            return self._preview_add(contribution)
        if self.form.kind == CORRECT:
            return self._preview_correction(contribution)
        return self._report_closed(contribution)

    def on_approved(self, sender: str) -> IssueReply:
        approved = self.settings.approved_label
        permission = self.deps.permission(sender)
        if permission not in WRITE_ACCESS:
            return IssueReply(
                comment=f"@{sender} added `{approved}`, but applying a contribution takes write access to "
                f"{self.board.github.repo} (GitHub gives @{sender} `{permission}`). Nothing was changed; "
                f"a maintainer can add the label.",
                remove_labels=(approved,),
            )
        try:
            contribution = read_contribution(self.issue.body, self.form)
        except FormError as exc:
            return self._unapproved(self._needs_fix(exc))
        if self.form.kind == ADD:
            return self._add(contribution)
        if self.form.kind == CORRECT:
            return self._correct(contribution)
        return self._close_reported(contribution, reason="reported closed by a reader")

    # Add a job

    def _candidate(self, contribution: Contribution) -> Posting:
        return community_posting(contribution, self.board, self.issue.number, self.deps.now)

    def _preview_add(self, contribution: Contribution) -> IssueReply:
        posting = self._candidate(contribution)
        refusal = self._refusal(posting)
        if refusal:
            return refusal
        return IssueReply(
            comment="Thanks! This is the row as it will appear on "
            f"{self._board_link()} once a maintainer adds the `{self.settings.approved_label}` label:\n\n"
            f"{self._rows([posting])}",
            remove_labels=self._fixed(),
        )

    def _add(self, contribution: Contribution) -> IssueReply:
        posting = self._candidate(contribution)
        refusal = self._refusal(posting)
        if refusal:  # listed already (closed), or to be fixed first: approved again after the fix
            return refusal if refusal.close else self._unapproved(refusal)
        item = posting_item(
            posting,
            boards=[self.board.id],
            content_hash=posting.content_hash(extra=hash_extra([self.board.id])),
            now=self.deps.now,
            max_age_days=self.board.filters.max_age_days,
        )
        self.deps.postings.put_if_changed(item)
        logger.info("contribution applied", extra={"board": self.board.id, "issue": self.issue.number, "form": ADD})
        return IssueReply(
            comment=f"Added: the row below appears on {self._board_link()} with its next publish.\n\n"
            f"{self._rows([posting])}",
            add_labels=(APPLIED_LABEL,),
            remove_labels=self._fixed(),
            close=True,
        )

    def _refusal(self, posting: Posting) -> IssueReply | None:
        """Why the job cannot be added: listed already (a reply linking the row, and the issue
        closed), or outside the board's filters (the form needs fixing, or the job another list)."""
        listed = _same_job([*self._rows_shown, *self._added_meanwhile()], posting)
        if listed is not None:
            return IssueReply(
                comment=f"Thanks, but {self._board_link()} already lists this job ({_link(listed.url)}):\n\n"
                f"{self._rows([listed])}",
                add_labels=(LISTED_LABEL,),
                remove_labels=self._fixed(),
                close=True,
            )
        failed = _failed_filters(self.board, posting, self.deps.now)
        if failed:
            return IssueReply(
                comment=f"{self._board_link()} lists only jobs that pass its filters, and this one does not "
                f"pass {', '.join(failed)} (as the form describes it). If a field is wrong, edit the issue and "
                "it is checked again.",
                add_labels=(self.settings.needs_fix_label,),
            )
        return None

    # Correct a job

    def _preview_correction(self, contribution: Contribution) -> IssueReply:
        found = self._row_of(contribution)
        if isinstance(found, IssueReply):
            return found
        row, _, _ = found
        if not _differing(row, contribution.fields):
            return self._nothing_to_correct(row)
        after, _ = corrected(row, None, contribution.fields)
        return IssueReply(
            comment=f"Thanks! Once a maintainer adds the `{self.settings.approved_label}` label, this row of "
            f"{self._board_link()}:\n\n{self._rows([row])}\n\nwill read:\n\n{self._rows([after])}",
            remove_labels=self._fixed(),
        )

    def _correct(self, contribution: Contribution) -> IssueReply:
        found = self._row_of(contribution)
        if isinstance(found, IssueReply):
            return self._unapproved(found)
        row, item, shown = found
        changes = _differing(shown, contribution.fields)
        if not changes:
            return self._nothing_to_correct(row)
        after, overrides = corrected(shown, item.get(OVERRIDES), changes)
        membership = self._membership(row.source, after, item)
        self.deps.postings.put_if_changed(
            posting_item(
                after,
                boards=membership,
                content_hash=after.content_hash(extra=hash_extra(membership, overrides)),
                now=self.deps.now,
                max_age_days=max(self._max_ages(row.source, item), default=self.board.filters.max_age_days),
                aged_out_of=[b for b in item.get(AGED_OUT_OF) or () if b not in membership],
                overrides=overrides,
            )
        )
        logger.info("contribution applied", extra={"board": self.board.id, "issue": self.issue.number, "form": CORRECT})
        gone = "" if self.board.id in membership else " It no longer passes this board's filters, so it leaves it."
        return IssueReply(
            comment=f"Corrected: with its next publish the row reads as below.{gone} The correction stays "
            "until the job's source changes these fields.\n\n"
            f"{self._rows([after])}",
            add_labels=(APPLIED_LABEL,),
            remove_labels=self._fixed(),
            close=True,
        )

    def _nothing_to_correct(self, row: Posting) -> IssueReply:
        return IssueReply(
            comment=f"This row of {self._board_link()} already reads as the form gives it: nothing to correct."
            f"\n\n{self._rows([row])}",
            remove_labels=self._fixed(),
            close=True,
        )

    def _membership(self, source: str, posting: Posting, item: dict) -> list[str]:
        """The boards the corrected posting is on, decided as a scrape of its source decides them
        (so the next scrape finds the same content hash and writes nothing)."""
        fed = self.deps.config.boards_fed_by(source) or tuple(
            b for b in self.deps.config.boards if b.id in (item.get("boards") or ())
        )
        return sorted(b.id for b in fed if b.filters.accepts(posting, self.deps.now))

    def _max_ages(self, source: str, item: dict) -> list[int]:
        fed = self.deps.config.boards_fed_by(source) or (self.board,)
        return [b.filters.max_age_days for b in fed]

    # Report a closed job

    def _report_closed(self, contribution: Contribution) -> IssueReply:
        found = self._row_of(contribution)
        if isinstance(found, IssueReply):
            return found
        row, _, _ = found
        verdict = self.deps.check_link(row.apply_url or row.url)
        if verdict.state is LinkState.CLOSED:
            return self._close_reported(contribution, reason=verdict.reason)
        seen = "it looks open" if verdict.state is LinkState.OPEN else "it could not tell"
        return IssueReply(
            comment=f"Thanks! The link was checked at once and {seen} ({verdict.reason}), so the row stays "
            f"for now: a maintainer looks at this report and applies it with the `{self.settings.approved_label}` "
            "label.",
            remove_labels=self._fixed(),
        )

    def _close_reported(self, contribution: Contribution, reason: str) -> IssueReply:
        """Close the reported row's posting, and every other listing of that job on the board (the
        same link from another source, which would otherwise take the row's place)."""
        row = _row_linking(self._rows_shown, contribution.url)
        if row is None:
            return IssueReply(
                comment=f"{self._board_link()} no longer lists {_link(contribution.url)}: nothing to do.",
                remove_labels=self._fixed(),
                close=True,
            )
        links = [link for link in (contribution.url, row.url, row.apply_url) if link]
        for listing in self._listings():
            if any(_row_linking([listing], link) for link in links):
                self._close(listing, reason)
        logger.info(
            "contribution applied",
            extra={"board": self.board.id, "issue": self.issue.number, "form": CLOSED, "reason": reason},
        )
        return IssueReply(
            comment=f"Closed ({reason}): this row leaves {self._board_link()} with its next publish.\n\n"
            f"{self._rows([row])}",
            add_labels=(APPLIED_LABEL,),
            remove_labels=self._fixed(),
            close=True,
        )

    def _close(self, posting: Posting, reason: str) -> None:
        """Close one listing with its reason, as the verifier closes: shown beside 🔒, and the scrape
        does not reopen it while its source lists it as before."""
        item = self.deps.postings.get(posting.source, posting.external_id)
        if item is None or item.get("status") != OPEN:
            return
        on = set(item.get("boards") or ())
        keep_on = sorted(b.id for b in self.deps.config.boards if b.id in on and b.filters.show_closed_days)
        self.deps.postings.close(
            posting.source, posting.external_id, self.deps.now, keep_on=keep_on, closed_reason=reason
        )

    # The board's rows

    @cached_property
    def _snapshot(self) -> BoardSnapshot:
        return self.deps.boards.snapshot(self.board.id)

    @cached_property
    def _rows_shown(self) -> list[Posting]:
        """The open rows the board shows now (deduplicated, as its next render shows them)."""
        view = build_view(self.board, self.deps.config, self._snapshot, self.deps.now)
        return [p for p in view.postings if p.key not in view.closed]

    def _listings(self) -> list[Posting]:
        """Every open posting on the board, the duplicates its rows leave out included."""
        return [
            Posting.from_dict(row)
            for row in self._snapshot.postings
            if not row.get("closed_at") and not row.get("inactive")
        ]

    def _added_meanwhile(self) -> list[Posting]:
        """Readers' additions to this board that its rows may not show yet (the stats function
        applies a write within seconds): two issues adding one job a moment apart add one row."""
        shown = {p.key for p in self._rows_shown}
        return [
            posting
            for item in self.deps.postings.source_items(COMMUNITY_SOURCE)
            if item.get("status") == OPEN
            and self.board.id in (item.get("boards") or ())
            and (posting := Posting.from_dict(item)).key not in shown
        ]

    def _row_of(self, contribution: Contribution) -> tuple[Posting, dict, Posting] | IssueReply:
        """The row the form's link names, its stored item and the posting as stored; or the reply
        saying that the board has no such row."""
        row = _row_linking(self._rows_shown, contribution.url)
        item = self.deps.postings.get(row.source, row.external_id) if row else None
        if row is None or item is None or item.get("status") != OPEN:
            label = contribution.form.field("url").label
            return self._needs_fix(
                FormError(label, f"no open job on {self._board_link()} links to {_link(contribution.url)}")
            )
        return row, item, Posting.from_dict(item)

    def _rows(self, postings: list[Posting]) -> str:
        """The rows as the board's theme prints them, for a comment: an @name in them (a company
        as a reader wrote it) mentions no one."""
        view = BoardView(board=self.board, postings=tuple(postings), figures=BoardFigures(), generated_at=self.deps.now)
        return _MENTION.sub("\\1@\u200b", row_lines(view))

    def _board_link(self) -> str:
        return _link(github_url(self.board.github), self.board.title)

    def _fixed(self) -> tuple[str, ...]:
        """The needs-fix label taken off, where the issue has it."""
        return (self.settings.needs_fix_label,) if self.settings.needs_fix_label in self.issue.labels else ()

    def _unapproved(self, reply: IssueReply) -> IssueReply:
        """The reply with the approved label taken off: a maintainer adds it again once fixed."""
        return replace(reply, remove_labels=(*reply.remove_labels, self.settings.approved_label))

    def _needs_fix(self, error: FormError) -> IssueReply:
        return IssueReply(
            comment=f"This form cannot be applied yet. **{error.label}**: {error.reason}.\n\n"
            "Edit the issue to fix it: it is checked again when you save.",
            add_labels=(self.settings.needs_fix_label,),
        )


def _row_linking(rows: list[Posting], url: str) -> Posting | None:
    """The row whose link (or apply link) is the same page as `url`, or the same ATS job."""
    page, job = job_identity(url)
    for row in rows:
        for row_link in (row.url, row.apply_url):
            if row_link:
                other_page, other_job = job_identity(row_link)
                if other_page == page or (job is not None and other_job == job):
                    return row
    return None


def _same_job(rows: list[Posting], posting: Posting) -> Posting | None:
    """The row already showing the job `posting` is: by its link, else as the publish's dedupe
    tells two sources' listings of one job apart (company, title, place, date)."""
    linked = _row_linking(rows, posting.url)
    if linked is not None or posting in dedupe([*rows, posting]):
        return linked
    return next((row for row in rows if posting not in dedupe([row, posting])), None)


def _differing(posting: Posting, changes: dict) -> dict:
    """The corrected fields whose value is not the posting's already."""
    return {name: value for name, value in changes.items() if getattr(posting, name) != value}


def _failed_filters(board: BoardConfig, posting: Posting, now: datetime) -> list[str]:
    """The board's filters the posting does not pass: their jobboard.yaml names and what they ask."""
    filters = board.filters
    if filters.accepts(posting, now):
        return []
    model = type(filters)
    return [
        f"{name} ({model.model_fields[name].description})"
        for name in sorted(filters.model_fields_set)
        if not model.model_validate({name: getattr(filters, name)}).accepts(posting, now)
    ] or ["its filters"]


def _link(url: str, text: str | None = None) -> str:
    """A Markdown link; a bare URL as an autolink (<https://...>), which GitHub shows as written."""
    return str(link(url, Markdown(escape(text)))) if text else f"<{url}>"
