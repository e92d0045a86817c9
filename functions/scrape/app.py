"""Scrape units from the scrape queue (SQS batch), or one unit invoked directly ({"source_id": ...})."""

from aws_lambda_powertools import Logger

from jobboard import clock
from jobboard.consume import scrape_records, scrape_unit
from jobboard.dispatch import ScrapeQueue
from jobboard.runtime import runtime

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event: dict, context) -> dict:
    setup = runtime()
    if isinstance(event, dict) and isinstance(event.get("Records"), list):
        return scrape_records(event["Records"], setup.config, setup.postings, setup.boards, clock.now,
                              context.get_remaining_time_in_millis, ScrapeQueue().retry_soon)
    source_id = event.get("source_id") if isinstance(event, dict) else None
    try:
        source = setup.config.source(source_id)
    except KeyError:
        raise ValueError(f"event needs SQS Records or a configured source_id, got {source_id!r}; "
                         f"known: {', '.join(s.id for s in setup.config.sources)}") from None
    outcomes = [scrape_unit(u, setup.config, setup.postings, setup.boards, clock.now()).to_dict()
                for u in source.units()]  # a company list's entry id scrapes each of its companies
    return {"source": source.id, "units": outcomes} if source.companies else outcomes[0]
