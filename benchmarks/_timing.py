"""Timing helpers shared by the benchmarks: best-of-N wall time.

Machines are noisy, so every benchmark compares a subject with a baseline
measured in the same run, and keeps the best of a few repeats of each.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence


def best_of(fn: Callable[[], object], repeats: int = 3) -> float:
    """The shortest wall time, in seconds, of ``repeats`` calls of ``fn``."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def best_over(fn: Callable[[str], object], texts: Sequence[str], repeats: int = 3) -> float:
    """The shortest wall time of ``repeats`` passes of ``fn`` over every text."""

    def one_pass() -> None:
        for text in texts:
            fn(text)

    return best_of(one_pass, repeats)
