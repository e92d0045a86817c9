"""Scrape units from the scrape queue (SQS batch), or one unit invoked directly ({"source_id": ...}).

Each unit's outcome is one "scrape outcome" log line; a failed or suspect scrape is also counted in
the run-level ScrapesFailed / ScrapesSuspect metrics. Invoked directly, a failed scrape then fails
the invocation (ScrapeFailed), so retries see it; from the queue, a failed source is an outcome,
its log line and ScrapesFailed (see jobboard.consume), and a unit queued by a refresh run is
counted on the run (the last one starts the run's publish).
"""

from aws_lambda_powertools import Logger

from jobboard import clock, deadline
from jobboard.consume import ScrapeBatch, scrape_records, scrape_unit
from jobboard.dispatch import ScrapeQueue
from jobboard.events import ScrapeEvent, read_event
from jobboard.lambda_invoke import AsyncInvoker
from jobboard.refresh import RunTracker
from jobboard.runtime import runtime
from jobboard.scrape import ScrapeFailed, record_outcome

logger = Logger()


@logger.inject_lambda_context
@deadline.bounded  # no retry wait or fetch may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    setup = runtime()
    if isinstance(event, dict) and isinstance(event.get("Records"), list):
        runs = RunTracker(setup.runs, AsyncInvoker("PUBLISH_FUNCTION"), clock.now)
        batch = ScrapeBatch(
            setup.config, setup.postings, setup.boards, clock.now, context.get_remaining_time_in_millis, runs
        )
        return scrape_records(event["Records"], batch, ScrapeQueue().retry_soon)
    source_id = read_event(ScrapeEvent, event).source_id
    try:
        source = setup.config.source(source_id)
    except KeyError:
        raise ValueError(
            f"event needs SQS Records or a configured source_id, got {source_id!r}; "
            f"known: {', '.join(s.id for s in setup.config.sources)}"
        ) from None
    # Lambda's retries of an async invocation keep its request id: a retry then counts no miss twice.
    outcomes = [
        scrape_unit(u, setup.config, setup.postings, setup.boards, clock.now(), scrape_id=context.aws_request_id)
        for u in source.units()
    ]  # a company list's entry id scrapes each of its companies
    failed = []
    for outcome in outcomes:
        try:
            record_outcome(outcome)
        except ScrapeFailed as exc:
            failed.append(exc)
    if failed:
        raise failed[0] if len(failed) == 1 else ScrapeFailed.several(failed)
    results = [o.to_dict() for o in outcomes]
    return {"source": source.id, "units": results} if source.companies else results[0]
