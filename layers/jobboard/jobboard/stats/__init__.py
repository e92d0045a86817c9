"""Per-board figures: the pure math (figures.py) and the stream-batch application (stream.py)."""
