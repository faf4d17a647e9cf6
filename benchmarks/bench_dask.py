"""Dask engine scaling: the full Reuters corpus with 2 workers against 1 worker, same run.

Both runs use ``--engine dask`` with a LocalCluster of single-threaded worker
processes (cluster start-up included: it is part of what a user waits for),
the same chunking and the same store writing. Target: speed-up >= 1.6 on 2
cores. Also checks that both runs stored the same event ids. The two runs
alternate over :data:`ROUNDS` rounds and the best time of each is kept, so that
load from other processes, which comes and goes, hits both alike.

Run: ``python -m benchmarks.bench_dask --shared ../shared``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from analysis.engine import EngineConfig, default_workers
from analysis.store import read_events
from benchmarks._discover import run_one
from benchmarks.bench_ingest import CORPUS, reuters, timed_ingest, write_jsonl

TARGET = 1.6
ROUNDS = 2


def bench(shared: Path) -> str:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return "dask.distributed is not installed: dask benchmark skipped"
    records = reuters(shared)
    if records is None:
        return f"{shared / CORPUS} not found: dask benchmark skipped"
    cores = default_workers()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = write_jsonl(records, root / "reuters.jsonl")
        t_one = t_two = float("inf")
        for k in range(ROUNDS):
            t_one = min(t_one, timed_ingest(src, root / f"one{k}",
                                            EngineConfig(engine="dask", workers=1), export=False))
            t_two = min(t_two, timed_ingest(src, root / f"two{k}",
                                            EngineConfig(engine="dask", workers=2), export=False))
        same = set(read_events(root / "one0", columns=["event_id"])["event_id"]) == set(
            read_events(root / "two0", columns=["event_id"])["event_id"])
    n = len(records)
    speedup = t_one / t_two
    verdict = "meets" if speedup >= TARGET else "MISSES"
    note = "" if cores >= 2 else f" (only {cores} core available: not meaningful)"
    return "\n".join([
        f"{n} Reuters stories, {cores} cores, dask LocalCluster (processes, 1 thread each); "
        f"best of {ROUNDS} alternating rounds.",
        "",
        "| workers | seconds | articles/s |",
        "|---|---|---|",
        f"| 1 | {t_one:.1f} | {n / t_one:.0f} |",
        f"| 2 | {t_two:.1f} | {n / t_two:.0f} |",
        "",
        f"Speed-up 2 vs 1 worker: {speedup:.2f}x (target >= {TARGET}: {verdict}){note}.",
        f"Same event ids in both stores: {same}.",
    ])


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
