"""AWS clients through botocore alone (boto3, and the s3transfer it pulls in, would add a third
to every cold start), all from one session: a second client reuses what the first loaded
(the list of services, endpoints and partitions, retry and default settings)."""

from __future__ import annotations

import os
from functools import cache


@cache
def session():
    import botocore.session

    return botocore.session.get_session()


def client(service: str):
    """A new client for `service`; botocore honours AWS_ENDPOINT_URL (moto locally)."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    return session().create_client(service, region_name=region)
