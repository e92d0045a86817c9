"""Issue bodies as GitHub writes them for the board's forms, filled in as readers fill them."""

from __future__ import annotations


def body(**answers: str) -> str:
    """An issue-form body: "### <label>" then the answer, "_No response_" for one left empty (GitHub's
    format; `answers` by the labels readers see, with spaces as underscores)."""
    return "\n\n".join(
        f"### {label.replace('_', ' ')}\n\n{answer or '_No response_'}" for label, answer in answers.items()
    )


def add_body(
    link: str = "https://jobs.lever.co/northwind/5f1c-backend",
    company: str = "Northwind",
    title: str = "Senior Backend Engineer",
    locations: str = "Berlin, Germany",
    work_mode: str = "Hybrid",
    salary: str = "€80,000 - €95,000 a year",
    terms: str = "",
    sponsorship: str = "",
) -> str:
    return body(
        Link_to_the_job=link,
        Company=company,
        Job_title=title,
        Locations=locations,
        Work_mode=work_mode,
        Salary=salary,
        Terms=terms,
        Visa_sponsorship=sponsorship,
    )


def correct_body(link: str, reason: str = "It is remote, not in Berlin.", **fields: str) -> str:
    labels = {
        "company": "Company",
        "title": "Job_title",
        "locations": "Locations",
        "work_mode": "Work_mode",
        "salary": "Salary",
        "terms": "Terms",
        "sponsorship": "Visa_sponsorship",
    }
    return body(
        Link_of_the_row=link,
        What_is_wrong=reason,
        **{label: fields.get(name, "") for name, label in labels.items()},
    )


def closed_body(link: str, seen: str = "The page says: this job is no longer available.") -> str:
    return body(Link_of_the_closed_job=link, What_you_saw=seen)
