"""``make bench``: Mercato's speed, measured and printed, never asserted.

Run ``python -m bench`` from the project root. It prints a table and writes the same
figures as JSON to ``var/bench/latest.json``. See ``docs/benchmarks.md``.
"""

__all__: list[str] = []
