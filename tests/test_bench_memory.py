"""benchmarks.bench_memory.measure: each child's own peak memory, however large this process."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("psutil")

from benchmarks.bench_memory import measure

MB = 1024**2


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_child_reports_its_own_peak_not_this_process_rss() -> None:
    ballast = bytearray(400 * MB)  # a child forked from here would start at >= 400 MB
    small = measure(_python("x = 1"))
    big = measure(_python("x = bytearray(200 * 1024**2); x[::4096] = b'y' * len(x[::4096])"))
    assert len(ballast) == 400 * MB
    assert small.ok and big.ok
    assert small.maxrss < 100 * MB
    assert 200 * MB <= big.maxrss < 350 * MB
    # a later, smaller child does not report the earlier child's figure
    again = measure(_python("x = 1"))
    assert again.maxrss < 100 * MB


def test_a_failing_command_is_reported_with_its_last_error_line() -> None:
    run = measure(_python("import sys; sys.exit('boom: no store')"))
    assert not run.ok
    assert run.returncode == 1
    assert run.outcome() == "FAILED (exit 1): boom: no store"


def test_a_command_past_its_timeout_is_killed_and_reported() -> None:
    run = measure(_python("import time; x = bytearray(50 * 1024**2); time.sleep(60)"),
                  timeout=1.0)
    assert run.timed_out and not run.ok
    assert run.outcome().startswith("TIMED OUT after")
    assert run.seconds < 30
    assert run.maxrss >= 50 * MB
