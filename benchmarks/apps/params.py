"""Scenario sizes, passed from the runner through the environment (no import of either library)."""
import os


def count(scenario: str, default: int) -> int:
    return int(os.environ.get(f"BENCH_N_{scenario.upper()}", default))
