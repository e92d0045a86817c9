"""Powertools Metrics (CloudWatch embedded metric format) for one subject: a source, a board.

One EMF record per subject, so a function handling several (an SQS batch of sources, every
board) reports each under its own dimension; dimension None: the whole run (what alarms watch,
under the service dimension only). Imported lazily: cold start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

NAMESPACE = "jobboard"


def emit(dimension: str | None, value: str | None, counts: Mapping[str, float]) -> None:
    from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

    metrics = EphemeralMetrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or NAMESPACE)
    if dimension and value is not None:
        metrics.add_dimension(name=dimension, value=value)
    for name, count in counts.items():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=count)
    metrics.flush_metrics()
