"""Powertools Metrics (CloudWatch embedded metric format) for one subject: a source, a board.

One EMF record per subject, so a function handling several (an SQS batch of sources, every
board) reports each under its own dimension. Imported lazily: cold start.
"""

from __future__ import annotations

import os

NAMESPACE = "jobboard"


def emit(dimension: str, value: str, counts: dict[str, float]) -> None:
    from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

    metrics = EphemeralMetrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or NAMESPACE)
    metrics.add_dimension(name=dimension, value=value)
    for name, count in counts.items():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=count)
    metrics.flush_metrics()
