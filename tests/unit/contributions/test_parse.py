"""Reading an issue-form body back: which form, the answers, and mistakes named by their field."""

from __future__ import annotations

import pytest

from jobboard.contributions.forms import ADD_FORM, CLOSED_FORM, CORRECT_FORM
from jobboard.contributions.parse import FormError, answers, board_id_of, form_of, read_contribution
from jobboard.model import SalaryPeriod, Sponsorship, WorkMode

from tests.unit.contributions.forms_bodies import add_body, closed_body, correct_body

# What GitHub wrote for a reader's "Add a job" issue (CRLF line ends, as the API returns bodies).
GITHUB_BODY = (
    "### Link to the job\r\n\r\nhttps://boards.greenhouse.io/northwind/jobs/4012345?gh_src=abc&utm_source=hn\r\n\r\n"
    "### Company\r\n\r\nNorthwind Traders\r\n\r\n"
    "### Job title\r\n\r\nData Engineer\r\n\r\n"
    "### Locations\r\n\r\nLondon, UK\r\nRemote (UK)\r\n\r\n"
    "### Work mode\r\n\r\n_No response_\r\n\r\n"
    "### Salary\r\n\r\n£70k–£85k\r\n\r\n"
    "### Terms\r\n\r\n_No response_\r\n\r\n"
    "### Visa sponsorship\r\n\r\nDoes not offer sponsorship"
)


def test_a_filled_add_form_reads_as_the_reader_wrote_it():
    found = read_contribution(GITHUB_BODY, ADD_FORM)
    assert found.url == "https://boards.greenhouse.io/northwind/jobs/4012345?gh_src=abc&utm_source=hn"
    assert found.fields["company"] == "Northwind Traders"
    assert found.fields["title"] == "Data Engineer"
    assert found.fields["location"] == "London, UK; Remote (UK)"  # one place a line, joined as sources join them
    assert found.fields["work_mode"] is WorkMode.UNKNOWN  # not given: the places decide later
    pay = found.fields["salary"]
    assert (pay.min, pay.max, pay.currency, pay.period) == (70_000, 85_000, "GBP", SalaryPeriod.YEAR)
    assert found.fields["sponsorship"] is Sponsorship.NOT_OFFERED
    assert "terms" not in found.fields


def test_answers_left_empty_read_as_empty():
    given = answers(GITHUB_BODY, ADD_FORM)
    assert given["work_mode"] == "" and given["terms"] == ""


@pytest.mark.parametrize(
    ("body", "label", "words"),
    [
        (add_body(link="not sure, it was on their site"), "Link to the job", "not a web link"),
        (add_body(link=""), "Link to the job", "required"),
        (add_body(company=""), "Company", "required"),
        (add_body(salary="competitive"), "Salary", "could not read `competitive` as pay"),
        (add_body(salary="80-95"), "Salary", "with its currency"),
        (add_body(terms="next summer"), "Terms", "e.g. Summer 2026, got `next summer`"),
        (add_body(work_mode="Mostly at home"), "Work mode", "choose one of Remote, Hybrid, On site"),
        (add_body(title="x" * 301), "Job title", "at most 300 characters"),
        (add_body(link="https://a.example/" + "x" * 5000), "Link to the job", "at most 4096 characters"),
        (
            add_body(link="https://a.example/jobs/1 or https://b.example/jobs/1"),
            "Link to the job",
            "give one link, found 2",
        ),
    ],
)
def test_a_mistake_names_the_field_as_the_form_shows_it(body, label, words):
    with pytest.raises(FormError) as raised:
        read_contribution(body, ADD_FORM)
    assert raised.value.label == label
    assert words in raised.value.reason


def test_a_link_pasted_in_angle_brackets_or_as_markdown_is_read():
    for pasted in ("<https://jobs.lever.co/northwind/5f1c>", "[apply here](https://jobs.lever.co/northwind/5f1c)"):
        assert read_contribution(add_body(link=pasted), ADD_FORM).url == "https://jobs.lever.co/northwind/5f1c"


def test_terms_and_places_in_other_lists_spellings():
    found = read_contribution(
        add_body(terms="summer 2026, Autumn 2026", locations="San Francisco, CA | Austin, TX"), ADD_FORM
    )
    assert found.fields["terms"] == ("Summer 2026", "Fall 2026")
    assert found.fields["location"] == "San Francisco, CA; Austin, TX"


def test_a_correction_keeps_only_the_fields_given():
    found = read_contribution(
        correct_body("https://boards.greenhouse.io/acme/jobs/1", locations="Remote (EU)", work_mode="Remote"),
        CORRECT_FORM,
    )
    assert found.fields == {"location": "Remote (EU)", "work_mode": WorkMode.REMOTE}
    assert found.note == "It is remote, not in Berlin."


def test_a_correction_without_a_corrected_field_says_so():
    with pytest.raises(FormError) as raised:
        read_contribution(correct_body("https://boards.greenhouse.io/acme/jobs/1"), CORRECT_FORM)
    assert raised.value.label == "the corrected fields"
    assert "Company, Job title, Locations" in raised.value.reason


def test_a_correction_needs_what_is_wrong():
    with pytest.raises(FormError) as raised:
        read_contribution(
            correct_body("https://boards.greenhouse.io/acme/jobs/1", reason="", title="Go Dev"), CORRECT_FORM
        )
    assert raised.value.label == "What is wrong"


def test_a_correction_may_clear_a_wrong_sponsorship_badge():
    found = read_contribution(
        correct_body("https://boards.greenhouse.io/acme/jobs/1", sponsorship="Not stated"), CORRECT_FORM
    )
    assert found.fields == {"sponsorship": None}


def test_which_form_opened_the_issue():
    assert form_of("[backend] Add a job: Northwind", add_body(), ("add-job",)) is ADD_FORM
    # The label missing from the repository: the title says it, else the headings do.
    assert form_of("[backend] Report a closed job: x", closed_body("https://a.example/1"), ()) is CLOSED_FORM
    assert form_of("Northwind is hiring", correct_body("https://a.example/1", title="x"), ()) is CORRECT_FORM
    assert form_of("The README has a typo", "### What happened\n\nA typo.", ()) is None


def test_the_board_id_in_a_forms_title():
    assert board_id_of("[backend] Add a job: Northwind") == "backend"
    assert board_id_of("Add a job") is None


def test_a_reader_s_answer_is_quoted_as_code_in_the_reply():
    """Nothing a reader writes is rendered in the system's comment or mentions anyone."""
    with pytest.raises(FormError) as raised:
        read_contribution(add_body(salary="ask @octocat ![x](https://t.example/p.png) `now`"), ADD_FORM)
    assert "`ask @octocat ![x](https://t.example/p.png) 'now'`" in raised.value.reason
