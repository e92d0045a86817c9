"""The three issue forms a board with `contributions:` offers its readers, and their YAML files.

GitHub issue forms (.github/ISSUE_TEMPLATE/*.yml, "GitHub's form schema"): `name`, `description`,
`title`, `labels` and a `body` of elements (`markdown`, `input`, `textarea`, `dropdown`), each with
`attributes.label` and `validations.required`. The issue GitHub creates from one has the body
"### <label>\n\n<answer>" per element, "_No response_" for an empty answer and a dropdown's chosen
options joined by ", "; markdown elements are not in it (parse.py reads it back with these fields).
As in SimplifyJobs' lists ("New Internship", "Edit Internship"), a reader fills in the job and a
maintainer's label applies it; here the system applies it (apply.py).

One repository may hold several boards: each board's forms are files of their own
(`<board id>-add-a-job.yml`), named after the board, and the issue title carries the board's id.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from urllib.parse import quote

from jobboard.config import BoardConfig

TEMPLATE_DIR = ".github/ISSUE_TEMPLATE"

ADD, CORRECT, CLOSED = "add", "correct", "closed"
WORK_MODES = ("Remote", "Hybrid", "On site", "Not stated")
SPONSORSHIPS = ("Offers sponsorship", "Does not offer sponsorship", "U.S. citizenship is required", "Not stated")


@dataclass(frozen=True)
class FormField:
    """One question of a form: `id` names it in code, `label` is what the reader sees (and the
    heading of the answer in the issue body)."""

    id: str
    label: str
    kind: str  # input | textarea | dropdown
    description: str = ""
    placeholder: str = ""
    required: bool = False
    options: tuple[str, ...] = ()  # a dropdown's choices

    def element(self) -> dict:
        attributes: dict = {"label": self.label}
        if self.description:
            attributes["description"] = self.description
        if self.placeholder:
            attributes["placeholder"] = self.placeholder
        if self.options:
            attributes["options"] = list(self.options)
        return {"type": self.kind, "id": self.id, "attributes": attributes, "validations": {"required": self.required}}


@dataclass(frozen=True)
class Form:
    """One issue form: what it is for (`kind`), its file name and what the reader sees."""

    kind: str
    slug: str  # the file's name after the board id: "add-a-job"
    name: str  # "Add a job"
    about: str
    intro: str  # Markdown above the questions
    fields: tuple[FormField, ...]
    label: str  # put on every issue the form opens: how apply.py tells the forms apart

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)

    def file_name(self, board: BoardConfig) -> str:
        return f"{board.id}-{self.slug}.yml"

    def path(self, board: BoardConfig) -> str:
        return posixpath.join(TEMPLATE_DIR, self.file_name(board))

    def title_prefix(self, board: BoardConfig) -> str:
        return f"[{board.id}] {self.name}: "

    def url(self, board: BoardConfig) -> str:
        """Where a reader opens a new issue with this form."""
        return f"https://github.com/{board.github.repo}/issues/new?template={quote(self.file_name(board))}"


_URL_HINT = "https://boards.greenhouse.io/acme/jobs/4012345"
_JOB_FIELDS = (
    FormField("company", "Company", "input", placeholder="Acme"),
    FormField("title", "Job title", "input", placeholder="Backend Engineer"),
    FormField(
        "locations",
        "Locations",
        "textarea",
        description="One place a line. For a remote job write Remote and where from, e.g. Remote (EU).",
        placeholder="Berlin, Germany\nRemote (EU)",
    ),
    FormField("work_mode", "Work mode", "dropdown", options=WORK_MODES),
    FormField(
        "salary",
        "Salary",
        "input",
        description="As the posting states it, with its currency; a year unless you say otherwise.",
        placeholder="$120,000 - $150,000 a year",
    ),
    FormField(
        "terms",
        "Terms",
        "input",
        description="Internships only: the seasons, separated by commas.",
        placeholder="Summer 2026, Fall 2026",
    ),
    FormField("sponsorship", "Visa sponsorship", "dropdown", options=SPONSORSHIPS),
)


_REQUIRED_TO_ADD = {"company", "title", "locations"}

ADD_FORM = Form(
    kind=ADD,
    slug="add-a-job",
    name="Add a job",
    about="A job missing from the list: a maintainer approves it and it appears as a row",
    intro="Thanks for adding a job! Give the link to the job's own page (the employer's site or its "
    "job board), as a job seeker would open it. A maintainer checks it and adds the label that "
    "applies it; the system then adds the row and closes this issue.",
    fields=(
        FormField("url", "Link to the job", "input", placeholder=_URL_HINT, required=True),
        *(replace(f, required=True) if f.id in _REQUIRED_TO_ADD else f for f in _JOB_FIELDS),
    ),
    label="add-job",
)

CORRECT_FORM = Form(
    kind=CORRECT,
    slug="correct-a-job",
    name="Correct a job",
    about="A row of the list says something wrong: give the right value of what is wrong",
    intro="Fill in the link of the row and what is wrong, then only the fields that need correcting "
    "(leave the others empty). A correction stays until the job's source changes that field.",
    fields=(
        FormField(
            "url",
            "Link of the row",
            "input",
            description="The job's link as the list shows it.",
            placeholder=_URL_HINT,
            required=True,
        ),
        FormField(
            "reason",
            "What is wrong",
            "textarea",
            placeholder="The job is remote, not in Berlin.",
            required=True,
        ),
        *_JOB_FIELDS,
    ),
    label="correct-job",
)

CLOSED_FORM = Form(
    kind=CLOSED,
    slug="report-a-closed-job",
    name="Report a closed job",
    about="A row's job no longer takes applications: the link is checked at once",
    intro="The link is checked as soon as you open the issue: if the job's page says it is closed, "
    "the row leaves the list with no one else needed; otherwise a maintainer looks at it.",
    fields=(
        FormField(
            "url",
            "Link of the closed job",
            "input",
            description="The job's link as the list shows it.",
            placeholder=_URL_HINT,
            required=True,
        ),
        FormField(
            "details",
            "What you saw",
            "textarea",
            placeholder="The page says: this job is no longer available.",
        ),
    ),
    label="closed-job",
)

FORMS: dict[str, Form] = {form.kind: form for form in (ADD_FORM, CORRECT_FORM, CLOSED_FORM)}


def form_yaml(form: Form, board: BoardConfig) -> str:
    """The form's issue-template file for `board`."""
    import yaml  # here: only a publish of a board with contributions needs it

    document = {
        "name": f"{form.name} to {board.title}" if form.kind == ADD else f"{form.name} of {board.title}",
        "description": form.about,
        "title": form.title_prefix(board),
        "labels": [form.label],
        "body": [{"type": "markdown", "attributes": {"value": form.intro}}, *(f.element() for f in form.fields)],
    }
    header = (
        f"# Written by jobboard for the board {board.id!r} (contributions: in jobboard.yaml); edits are replaced.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def form_files(board: BoardConfig) -> dict[str, bytes]:
    """The board's form files (repository path -> content); none without `contributions:`."""
    if board.contributions is None:
        return {}
    return {form.path(board): form_yaml(form, board).encode("utf-8") for form in FORMS.values()}


def form_paths(board: BoardConfig) -> frozenset[str]:
    """Where the board's form files go, written or not: a board that stops taking contributions has
    them deleted by its next publish."""
    return frozenset(form.path(board) for form in FORMS.values())


def contribute_links(board: BoardConfig) -> list[tuple[str, str]]:
    """(name, url) of the board's forms, for its README; none without `contributions:`."""
    if board.contributions is None:
        return []
    return [(form.name, form.url(board)) for form in FORMS.values()]
