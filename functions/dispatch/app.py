"""Send the scrape units that are due to the scrape queue.

EventBridge Scheduler delivers {"scheduled_time": "<aws.scheduler.scheduled-time>"} on a fixed
rate; {"all": true} sends every enabled unit, due or not (a full pass, as `jobboard run` does).
"""

from aws_lambda_powertools import Logger

from jobboard import clock
from jobboard.dispatch import ScrapeQueue, dispatch
from jobboard.model import parse_utc
from jobboard.runtime import runtime

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event: dict, context) -> dict:
    event = event if isinstance(event, dict) else {}
    everything = event.get("all", False)
    if not isinstance(everything, bool):
        raise ValueError(f'"all" must be true or false, got {everything!r}')
    scheduled = event.get("scheduled_time")
    try:
        tick = parse_utc(scheduled) if scheduled else clock.now()
    except (TypeError, ValueError):
        raise ValueError(f'"scheduled_time" must be an ISO time, got {scheduled!r}') from None
    summary = dispatch(runtime().config, ScrapeQueue(), tick, everything=everything)
    logger.info("dispatched", extra={k: v for k, v in summary.items() if k != "sources"})
    return summary
