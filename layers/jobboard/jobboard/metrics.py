"""Run-level CloudWatch metrics (embedded metric format): the few figures the alarms read.

Every distinct metric name and dimension set is a billed metric ($0.30 a metric-month,
prorated by the hours it receives data), so nothing here carries a per-source, per-company or
per-board dimension: per-unit figures go to structured log lines (one per unit per run,
queried with CloudWatch Logs Insights; see the README). Only counts that are not zero are
emitted: a healthy hour sends no data point, and an alarm treats missing data as fine.
Imported lazily: cold start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

NAMESPACE = "jobboard"


def emit(counts: Mapping[str, float]) -> None:
    """One EMF record of the non-zero `counts`, under the service dimension only (nothing if all are 0)."""
    counts = {name: count for name, count in counts.items() if count}
    if not counts:
        return
    from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

    metrics = EphemeralMetrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or NAMESPACE)
    for name, count in counts.items():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=count)
    metrics.flush_metrics()
