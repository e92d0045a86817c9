"""Small builders shared by the integration tests: a Greenhouse-shaped source and a config."""

from __future__ import annotations

from datetime import timedelta

from jobboard.config import parse_config

from tests.conftest import NOW


def greenhouse_job(
    job_id: int,
    title: str,
    *,
    location: str = "Berlin, Germany",
    days_old: int = 1,
    company: str = "Acme",
    workplace: str | None = None,
    content: str = "&lt;p&gt;Python and AWS&lt;/p&gt;",
) -> dict:
    job = {
        "id": job_id,
        "title": title,
        "absolute_url": f"https://boards.greenhouse.io/acme/jobs/{job_id}",
        "location": {"name": location},
        "company_name": company,
        "first_published": (NOW - timedelta(days=days_old)).isoformat(),
        "updated_at": NOW.isoformat(),
        "content": content,
        "departments": [{"name": "Engineering"}],
        "metadata": [],
    }
    if workplace:
        job["metadata"] = [{"name": "Workplace Type", "value": workplace}]
    return job


def greenhouse_recording(jobs: list[dict], status: int = 200) -> dict:
    return {
        "settings": {"board": "acme"},
        "routes": [
            {"path": "/v1/boards/acme/jobs", "status": status, "json": {"jobs": jobs, "meta": {"total": len(jobs)}}}
        ],
    }


def config_for(base_url: str, *, boards: list[dict] | None = None):
    return parse_config(
        {
            "sources": [{"id": "acme", "type": "greenhouse", "board": "acme", "base_url": base_url}],
            "boards": boards
            or [
                {
                    "id": "backend",
                    "title": "Backend Jobs",
                    "github": {"repo": "example/backend-jobs"},
                    "sources": ["acme"],
                    "filters": {"title_keywords": ["backend", "engineer"], "max_age_days": 15},
                },
                {
                    "id": "remote",
                    "title": "Remote Jobs",
                    "github": {"repo": "example/remote-jobs"},
                    "theme": "awesome",
                    "sources": ["acme"],
                    "filters": {"remote_only": True, "max_age_days": 15},
                },
            ],
        }
    )
