"""Scenario sizes, passed from the runner through the environment (no import of either library)."""
import os


def count(default: int) -> int:
    return int(os.environ.get("BENCH_N", default))
