"""A token bucket per reason, so that a flood of bad messages costs a few log lines, not a disk.

``LogBudget.take(key, now)`` says whether one more line of that kind may be written now and how
many were held back since the last one (to write "N similar messages suppressed"). Sans-IO: the
caller passes the time and serialises calls.

Example::

    budget = LogBudget(rate=1.0, burst=10)
    allowed, suppressed = budget.take("bad message", now=12.5)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float
    suppressed: int = 0


class LogBudget:
    """``burst`` lines at once per key, then ``rate`` lines per second; keys are a few fixed reasons."""

    def __init__(self, rate: float = 1.0, burst: int = 10, max_keys: int = 1024) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str, now: float) -> tuple[bool, int]:
        """(may write the line, lines held back before it); the held-back count restarts at 0."""
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._buckets.clear()
            bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), updated=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + max(0.0, now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            bucket.suppressed += 1
            return False, 0
        bucket.tokens -= 1.0
        suppressed, bucket.suppressed = bucket.suppressed, 0
        return True, suppressed

    def reset(self) -> None:
        """Forget every key (as if nothing had been logged)."""
        self._buckets.clear()
