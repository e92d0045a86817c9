"""Scrape one source; EventBridge Scheduler delivers {"source_id": "<id from jobboard.yaml>"}.

A failed scrape keeps the source's stored jobs, emits its metrics and then fails the invocation
(ScrapeFailed), so the schedule's retries, the on-failure destination and the alarms see it.
"""

from aws_lambda_powertools import Logger

from jobboard import clock, deadline
from jobboard.events import read_fields
from jobboard.runtime import runtime
from jobboard.scrape import record_outcome, scrape_source

logger = Logger()


@logger.inject_lambda_context
@deadline.bounded  # no retry wait or fetch may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    setup = runtime()
    source_id = read_fields(event, {"source_id": str})["source_id"]
    try:
        source = setup.config.source(source_id)
    except KeyError:
        raise ValueError(f"event needs a configured source_id, got {source_id!r}; "
                         f"known: {', '.join(s.id for s in setup.config.sources)}") from None
    if not source.enabled:
        logger.info("source disabled; nothing scraped", extra={"source": source.id})
        return {"source": source.id, "status": "disabled"}
    outcome = scrape_source(source, setup.config, setup.postings, clock.now(), validators=setup.boards)
    return record_outcome(outcome).to_dict()
