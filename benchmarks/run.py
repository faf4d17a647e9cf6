"""``make bench``: speed and memory, as ratios against baselines measured in the same run."""

from __future__ import annotations

from benchmarks._discover import run_all

if __name__ == "__main__":
    raise SystemExit(run_all("bench_", "bench", __doc__ or ""))
