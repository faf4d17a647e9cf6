"""Incremental ingest: 100 new stories into a store of the other Reuters stories.

Subject: ``tension ingest`` of the last 100 Reuters stories into a store that
already holds the other ~18,900 (built first, untimed). Baseline: the same
100 stories into an empty store, same run (best of 3 each, interleaved). Both
include the ``events.csv`` export, which covers the whole store; the time
without it is shown too. Target: <= 2x.

Run: ``python -m benchmarks.bench_incremental --shared ../shared``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from analysis.engine import EngineConfig
from analysis.store import count
from benchmarks._discover import run_one
from benchmarks.bench_ingest import CORPUS, reuters, timed_ingest, write_jsonl

N_NEW = 100
REPEATS = 3
TARGET = 2.0


def bench(shared: Path) -> str:
    records = reuters(shared)
    if records is None:
        return f"{shared / CORPUS} not found: incremental benchmark skipped"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        old = write_jsonl(records[:-N_NEW], root / "old.jsonl")
        new = write_jsonl(records[-N_NEW:], root / "new.jsonl")
        base = root / "base"
        timed_ingest(old, base, EngineConfig())  # the existing store (untimed)
        n_articles, n_events = count(base)
        alone: list[float] = []
        into: list[float] = []
        into_no_csv: list[float] = []
        for i in range(REPEATS):
            alone.append(timed_ingest(new, root / f"alone{i}", EngineConfig()))
            target = root / f"into{i}"
            shutil.copytree(base, target)
            into.append(timed_ingest(new, target, EngineConfig()))
            target = root / f"into_no_csv{i}"
            shutil.copytree(base, target)
            into_no_csv.append(timed_ingest(new, target, EngineConfig(), export=False))
    ratio = min(into) / min(alone)
    ratio_no_csv = min(into_no_csv) / min(alone)
    verdict = "meets" if ratio <= TARGET else "MISSES"
    return "\n".join([
        f"Store: {n_articles} articles, {n_events} events; {N_NEW} new stories; "
        f"best of {REPEATS}.",
        "",
        "| run | seconds |",
        "|---|---|",
        f"| {N_NEW} stories into an empty store | {min(alone):.2f} |",
        f"| {N_NEW} stories into the store (with events.csv export) | {min(into):.2f} |",
        f"| {N_NEW} stories into the store (--no-export) | {min(into_no_csv):.2f} |",
        "",
        f"Incremental / alone: {ratio:.2f}x with the CSV export, {ratio_no_csv:.2f}x without "
        f"(target <= {TARGET}x: {verdict}).",
    ])


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
