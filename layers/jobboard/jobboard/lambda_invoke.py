"""Start another function asynchronously (Lambda's Event invocation): the refresh run's publish."""

from __future__ import annotations

import json
import os
from functools import cached_property


class AsyncInvoker:
    """Invoke `function_name` (or the function named by the environment variable `env`) without waiting.

    Lambda queues the event and retries a failed run itself (the function's EventInvokeConfig).
    """

    def __init__(self, env: str, function_name: str | None = None, client=None):
        self.env, self.function_name = env, function_name
        if client is not None:
            self.__dict__["client"] = client

    @cached_property
    def client(self):
        from jobboard import aws_clients

        return aws_clients.client("lambda")

    def __call__(self, payload: dict) -> None:
        name = self.function_name or os.environ.get(self.env)
        if not name:
            raise RuntimeError(f"environment variable {self.env} is not set")
        self.client.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(payload))
