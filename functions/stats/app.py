"""Keep each board's figures current from a DynamoDB stream batch of posting changes."""

from aws_lambda_powertools import Logger

from jobboard.runtime import runtime
from jobboard.stats.stream import apply_batch

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event: dict, context) -> dict:
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        raise ValueError(f"expected a DynamoDB stream event with a Records list, got {type(records).__name__}")
    result = apply_batch(records, runtime().boards)
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
    return {
        "batchItemFailures": [{"itemIdentifier": result.failed_sequence}] if result.failed_sequence is not None else []
    }
