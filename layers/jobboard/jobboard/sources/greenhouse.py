"""Greenhouse job boards: one call returns the whole board (no paging)."""

from __future__ import annotations

from jobboard.http import FetchError
from jobboard.model import Posting
from jobboard.normalise import salary, skills, text, workmode
from jobboard.normalise.dates import from_iso
from jobboard.normalise.location import country_from_location
from jobboard.sources.base import (
    SourceAdapter, SourceContext, required_date, required_id, required_title, required_url,
)


class GreenhouseAdapter(SourceAdapter):
    type = "greenhouse"
    default_base_url = "https://boards-api.greenhouse.io"
    required_settings = {"board": "the board token in boards.greenhouse.io/<board>"}
    optional_settings = {"company": "company name when the API gives none"}

    def fetch(self, ctx: SourceContext):
        data = ctx.http.get_json(f"{ctx.base_url}/v1/boards/{ctx.settings['board']}/jobs", params={"content": "true"})
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise FetchError("expected an object with a 'jobs' list")
        yield from data["jobs"]

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        job_id = required_id(raw.get("id"))
        title = required_title(raw.get("title"))
        posted = required_date(from_iso(raw.get("first_published")), from_iso(raw.get("updated_at")))
        location = text.clean_line((raw.get("location") or {}).get("name") if isinstance(raw.get("location"), dict) else "")
        workplace = next(
            (m.get("value") for m in raw.get("metadata") or [] if isinstance(m, dict)
             and isinstance(m.get("name"), str) and m["name"].strip().lower() in ("workplace type", "workplace")),
            None,
        )
        # `content` is HTML escaped once; the employer's own entities come double-escaped.
        description = text.html_to_text(raw.get("content"), entity_escaped=True)
        departments = [d.get("name") for d in raw.get("departments") or [] if isinstance(d, dict)]
        pay = next((p for p in raw.get("pay_input_ranges") or [] if isinstance(p, dict)), None)
        pay_salary = None
        if pay:
            cents_min, cents_max = salary.to_number(pay.get("min_cents")), salary.to_number(pay.get("max_cents"))
            pay_salary = salary.from_range(
                cents_min / 100 if cents_min else None, cents_max / 100 if cents_max else None,
                pay.get("currency_type"), salary.SalaryPeriod.YEAR,
            )
        return Posting(
            source=ctx.id,
            external_id=job_id,
            company=text.clean_line(raw.get("company_name")) or ctx.settings.get("company") or ctx.settings["board"],
            title=title,
            url=required_url(raw.get("absolute_url")),
            posted_at=posted,
            location=location,
            work_mode=workmode.resolve(workmode.from_label(workplace), texts=(location,)),
            salary=pay_salary,
            skills=skills.extract_skills(title, description, *[d for d in departments if isinstance(d, str)]),
            description=description,
            country=country_from_location(location),
        )

