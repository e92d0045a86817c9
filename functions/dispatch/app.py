"""Send the scrape units that are due to the scrape queue.

EventBridge Scheduler delivers {"scheduled_time": "<aws.scheduler.scheduled-time>"} on a fixed
rate; {"all": true} sends every enabled unit, due or not (a full pass, as `jobboard run` does).
"""

from aws_lambda_powertools import Logger

from jobboard import clock
from jobboard.dispatch import ScrapeQueue, dispatch
from jobboard.events import DispatchEvent, EventError, read_event
from jobboard.model import parse_utc
from jobboard.runtime import runtime

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event: dict, context) -> dict:
    options = read_event(DispatchEvent, event)
    scheduled = options.scheduled_time
    try:
        tick = parse_utc(scheduled) if scheduled else clock.now()
    except ValueError:
        raise EventError(f"event.scheduled_time: must be an ISO time, got {scheduled!r}") from None
    summary = dispatch(runtime().config, ScrapeQueue(), tick, everything=bool(options.all))
    logger.info("dispatched", extra={k: v for k, v in summary.items() if k != "sources"})
    return summary
