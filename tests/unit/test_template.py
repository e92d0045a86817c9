"""template.yaml against jobboard.yaml and events/: the schedules, the layer's config, the sample events.

SAM cannot loop over jobboard.yaml, so each enabled source's scrape schedule is written
out in the template; these tests keep the two in step and say what to add or remove.
"""

from __future__ import annotations

import json
import re

import pytest

from jobboard.config import load_config
from jobboard_local.template import REPO_ROOT, functions, load_template
from jobboard.sources import adapter_class

CONFIG = REPO_ROOT / "jobboard.yaml"
EVENTS = REPO_ROOT / "events"
LAYER_CONFIG = "/opt/python/jobboard.yaml"


@pytest.fixture(scope="module")
def template() -> dict:
    return load_template()


@pytest.fixture(scope="module")
def config():
    return load_config(CONFIG)


def scrape_schedules(template: dict) -> dict[str, dict]:
    """Event name -> Properties of every ScheduleV2 event of ScrapeFunction."""
    events = functions(template)["ScrapeFunction"].events
    return {name: e.get("Properties", {}) for name, e in events.items() if e.get("Type") == "ScheduleV2"}


def scheduled_source(properties: dict) -> str | None:
    try:
        return json.loads(properties.get("Input", "")).get("source_id")
    except (ValueError, AttributeError):
        return None


def schedule_block(source) -> str:
    """The template lines that schedule a source (no flexible window for rate-limited sources)."""
    name = "Scrape" + "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", source.id) if part)
    window = '{Mode: "OFF"}' if adapter_class(source.type).min_interval_minutes else "*scrape_window"
    return (
        f"        {name}:\n"
        f"          Type: ScheduleV2\n"
        f"          Properties:\n"
        f"            ScheduleExpression: {source.schedule}\n"
        f"            Input: '{{\"source_id\": \"{source.id}\"}}'\n"
        f"            FlexibleTimeWindow: {window}\n"
        f"            RetryPolicy: *schedule_retry\n"
        f"            DeadLetterConfig: *schedule_dlq\n"
    )


def test_every_enabled_source_has_exactly_one_matching_schedule(template, config):
    schedules = scrape_schedules(template)
    problems = []
    for source in config.enabled_sources:
        mine = {name: p for name, p in schedules.items() if scheduled_source(p) == source.id}
        if not mine:
            problems.append(
                f"source {source.id!r} is enabled in jobboard.yaml but never scheduled; add to "
                f"ScrapeFunction.Properties.Events in template.yaml:\n{schedule_block(source)}"
            )
        elif len(mine) > 1:
            problems.append(f"source {source.id!r} has {len(mine)} schedules ({', '.join(sorted(mine))}); keep one")
        else:
            (name, props), = mine.items()
            if props.get("ScheduleExpression") != source.schedule:
                problems.append(
                    f"schedule {name} runs {props.get('ScheduleExpression')!r} but jobboard.yaml gives "
                    f"source {source.id!r} the schedule {source.schedule!r}; make them equal"
                )
    assert not problems, "\n".join(problems)


def test_no_schedule_names_an_unknown_or_disabled_source(template, config):
    enabled = {s.id for s in config.enabled_sources}
    problems = [
        f"ScrapeFunction event {name} has Input {props.get('Input')!r}, which names no enabled source "
        f"in jobboard.yaml ({', '.join(sorted(enabled))}); remove it or fix its source_id"
        for name, props in scrape_schedules(template).items()
        if scheduled_source(props) not in enabled
    ]
    assert not problems, "\n".join(problems)


def test_flexible_windows_keep_runs_within_each_sources_rate_limit(template, config):
    """Scheduler may start a run anywhere in the window, so two runs can come `window` minutes early."""
    problems = []
    for name, props in scrape_schedules(template).items():
        try:
            source = config.source(scheduled_source(props))
        except KeyError:
            continue  # reported by the test above
        limit = adapter_class(source.type).min_interval_minutes
        window = props.get("FlexibleTimeWindow", {})
        early = window.get("MaximumWindowInMinutes", 0) if window.get("Mode") == "FLEXIBLE" else 0
        if limit and source.interval_minutes - early < limit:
            problems.append(
                f"schedule {name}: {source.schedule} with a {early}-minute flexible window can run "
                f"{source.interval_minutes - early} minutes apart; {source.type} allows one run every {limit} "
                f"minutes: set FlexibleTimeWindow: {{Mode: \"OFF\"}} or a longer rate"
            )
    assert not problems, "\n".join(problems)


def test_every_schedule_retries_a_bounded_number_of_times_then_dead_letters(template):
    problems = []
    for logical_id, spec in functions(template).items():
        for name, event in spec.events.items():
            if event.get("Type") != "ScheduleV2":
                continue
            props = event.get("Properties", {})
            retries = props.get("RetryPolicy", {}).get("MaximumRetryAttempts")
            if not isinstance(retries, int) or not 0 <= retries <= 5:
                problems.append(f"{logical_id}.{name}: RetryPolicy.MaximumRetryAttempts must be 0..5, got {retries!r}")
            if props.get("DeadLetterConfig") != {"Arn": {"Fn::GetAtt": ["ScheduleDeadLetterQueue", "Arn"]}}:
                problems.append(f"{logical_id}.{name}: DeadLetterConfig must be the ScheduleDeadLetterQueue")
    assert not problems, "\n".join(problems)


def test_the_layer_carries_the_one_jobboard_yaml(template):
    in_layer = REPO_ROOT / template["Resources"]["JobboardLayer"]["Properties"]["ContentUri"] / "jobboard.yaml"
    assert in_layer.is_symlink() and in_layer.resolve() == CONFIG.resolve(), (
        f"{in_layer} must be a symlink to the repository's jobboard.yaml "
        "(ln -s ../../jobboard.yaml layers/jobboard/jobboard.yaml): sam build copies it to /opt/python/"
    )
    for spec in functions(template).values():
        assert spec.environment["JOBBOARD_CONFIG"] == LAYER_CONFIG, spec.logical_id


def test_the_layer_carries_the_user_themes_beside_the_config(template):
    """Themes are looked up in themes/ beside the config file, so in Lambda under /opt/python/themes."""
    themes = REPO_ROOT / "themes"
    in_layer = REPO_ROOT / template["Resources"]["JobboardLayer"]["Properties"]["ContentUri"] / "themes"
    if themes.is_dir():
        assert in_layer.is_symlink() and in_layer.resolve() == themes.resolve(), (
            f"{in_layer} must be a symlink to {themes} (ln -s ../../themes layers/jobboard/themes)"
        )
    else:
        # sam build fails on a dangling symlink in the layer folder.
        assert not in_layer.is_symlink(), f"{in_layer} links to a missing {themes}: remove the link or add the folder"


def test_stats_reads_the_postings_stream_and_its_own_writes_stream_nowhere(template):
    resources = template["Resources"]
    assert "StreamSpecification" not in resources["BoardsTable"]["Properties"]
    streams = [e["Properties"]["Stream"] for e in functions(template)["StatsFunction"].events.values()
               if e.get("Type") == "DynamoDB"]
    assert streams == [{"Fn::GetAtt": ["PostingsTable", "StreamArn"]}]


def _event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def test_sample_scrape_event_names_an_enabled_source(config):
    assert _event("scrape-schedule.json")["source_id"] in {s.id for s in config.enabled_sources}


def test_sample_refresh_events_match_the_api_route_and_the_boards(template, config):
    api = next(e["Properties"] for e in functions(template)["RefreshFunction"].events.values() if e["Type"] == "Api")
    boards = {b.id for b in config.boards}
    for name, known in (("refresh-api.json", True), ("refresh-api-unknown-board.json", False)):
        event = _event(name)
        assert (event["resource"], event["httpMethod"]) == (api["Path"], api["Method"].upper()), name
        assert (event["pathParameters"]["id"] in boards) is known, name


def test_sample_stream_records_come_from_the_postings_table():
    records = _event("stats-stream.json")["Records"]
    assert {r["eventName"] for r in records} == {"INSERT", "MODIFY", "REMOVE"}
    for record in records:
        image = record["dynamodb"].get("NewImage") or record["dynamodb"]["OldImage"]
        assert record["dynamodb"]["Keys"] == {"pk": image["pk"], "sk": image["sk"]}
        assert {"rev", "status", "boards", "content_hash", "expires_at"} <= image.keys()
