"""Local tooling for jobboard (the `jobboard` CLI, moto/GitHub stand-ins, recordings, examples).

Not part of the Lambda layer: nothing in layers/ imports it.
"""
