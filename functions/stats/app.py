"""Keep each board's figures current from a DynamoDB stream batch of posting changes."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes import DynamoDBStreamEvent, event_source

from jobboard.runtime import runtime
from jobboard.stats.stream import apply_batch

logger = Logger()


@logger.inject_lambda_context
@event_source(data_class=DynamoDBStreamEvent)
def lambda_handler(event: DynamoDBStreamEvent, context) -> PartialItemFailureResponse:
    records = event.raw_event.get("Records") if isinstance(event.raw_event, dict) else None
    if not isinstance(records, list):
        raise ValueError(f"expected a DynamoDB stream event with a Records list, got {type(records).__name__}")
    # The whole batch at once, in few transactions (see apply_batch: why not one record at a time).
    result = apply_batch(event.records, runtime().boards)
    logger.info(
        "stream batch",
        extra={
            "records": len(records),
            "applied": result.applied,
            "skipped": result.skipped,
            "transactions": result.transactions,
        },
    )
    # ReportBatchItemFailures: Lambda resumes from the lowest reported sequence number.
    if result.failed_sequence is None:
        return {"batchItemFailures": []}
    return {"batchItemFailures": [{"itemIdentifier": result.failed_sequence}]}
