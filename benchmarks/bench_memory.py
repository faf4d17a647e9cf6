"""Peak memory of separate processes (never of this benchmark process).

1. ``tension ingest`` of all ~19k Reuters stories (default engine: every core).
   Peak = the highest sum of RSS over the process and its workers, sampled
   every 50 ms with psutil; ``ru_maxrss`` of the largest single process is shown
   too. Target <= 1 GB.
2. A 1M-event store (the Reuters events replicated under new ids, built
   untimed) queried and reported: DuckDB aggregates over all events (daily
   counts and tone by direction), then one month of Iran-related events read
   into pandas and drawn as the timeline chart, written as HTML. Target <= 2 GB.
   Baseline in the same run: loading the whole events table into pandas
   (``read_events``), as the report notebook does.

Run: ``python -m benchmarks.bench_memory --shared ../shared``.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.store import commit, count, read_events
from benchmarks._discover import run_one
from benchmarks.bench_ingest import CORPUS, reuters, write_jsonl

GB = 1024**3
TARGET_INGEST = 1 * GB
TARGET_QUERY = 2 * GB
N_EVENTS = 1_000_000

QUERY_SCRIPT = """
import sys
from analysis import store
from analysis.charts import timeline_figure
data, out = sys.argv[1], sys.argv[2]
con = store.connect(data)
daily = con.execute(
    "SELECT CAST(date AS DATE) AS day, direction, count(*) AS n, avg(tone) AS tone "
    "FROM events GROUP BY ALL ORDER BY 1, 2").df()
dyads = con.execute(
    "SELECT actor1_code, actor2_code, count(*) AS n FROM events GROUP BY ALL "
    "ORDER BY n DESC LIMIT 20").df()
con.close()
month = store.read_events(
    data, where="date >= ? AND date < ? AND (actor1_code LIKE 'IRN%' OR actor2_code LIKE 'IRN%')",
    params=["1987-10-01", "1987-11-01"])
html = timeline_figure(month).to_html(include_plotlyjs=True)
open(out, "w", encoding="utf-8").write(html)
print(len(daily), len(dyads), len(month))
"""

LOAD_ALL_SCRIPT = """
import sys
from analysis.store import read_events
print(len(read_events(sys.argv[1])))
"""


def peak_rss(argv: list[str]) -> tuple[int, int, float]:
    """Run ``argv``; return (peak RSS summed over its process tree, largest ru_maxrss, s)."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for member in tree:
            try:
                total += member.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        peak = max(peak, total)
        time.sleep(0.05)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[:4]} failed: {err.decode(errors='replace')[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak, max(after, before) * 1024, seconds


def _million(base: Path, big: Path) -> int:
    """Replicate the events of ``base`` under new article ids up to :data:`N_EVENTS`."""
    events = read_events(base)
    empty_articles = pd.DataFrame({"article_id": pd.Series(dtype="string"),
                                   "published": pd.Series(dtype="datetime64[ns]")})
    total, copy = 0, 0
    while total < N_EVENTS:
        part = events.iloc[: N_EVENTS - total].copy()
        part["article_id"] = part["article_id"] + f"~{copy}"
        part["event_id"] = part["event_id"] + f"~{copy}"
        commit(big, part, empty_articles)
        total += len(part)
        copy += 1
    return count(big)[1]


def _gb(value: int) -> str:
    return f"{value / GB:.2f}"


def bench(shared: Path) -> str:
    records = reuters(shared)
    if records is None:
        return f"{shared / CORPUS} not found: memory benchmark skipped"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = write_jsonl(records, root / "reuters.jsonl")
        store_dir = root / "store"
        ingest_peak, ingest_max, ingest_s = peak_rss(
            [sys.executable, "-m", "analysis", "ingest", str(src), "--out", str(store_dir),
             "--quiet"])
        n_articles, n_events = count(store_dir)
        big = root / "big"
        n_big = _million(store_dir, big)
        query_peak, query_max, query_s = peak_rss(
            [sys.executable, "-c", QUERY_SCRIPT, str(big), str(root / "timeline.html")])
        load_peak, _, load_s = peak_rss([sys.executable, "-c", LOAD_ALL_SCRIPT, str(big)])
    ok_ingest = "meets" if ingest_peak <= TARGET_INGEST else "MISSES"
    ok_query = "meets" if query_peak <= TARGET_QUERY else "MISSES"
    return "\n".join([
        f"Ingest: {n_articles} Reuters stories -> {n_events} events ({ingest_s:.0f} s).",
        f"Store for the query: {n_big:,} events.",
        "",
        "| process | peak RSS, process tree (GB) | largest ru_maxrss (GB) | seconds |",
        "|---|---|---|---|",
        f"| tension ingest, all stories | {_gb(ingest_peak)} | {_gb(ingest_max)} | "
        f"{ingest_s:.0f} |",
        f"| 1M-event query + timeline report (DuckDB) | {_gb(query_peak)} | "
        f"{_gb(query_max)} | {query_s:.1f} |",
        f"| baseline: whole events table into pandas | {_gb(load_peak)} | - | {load_s:.1f} |",
        "",
        f"Ingest peak {_gb(ingest_peak)} GB (target <= {_gb(TARGET_INGEST)}: {ok_ingest}); "
        f"query + report peak {_gb(query_peak)} GB (target <= {_gb(TARGET_QUERY)}: "
        f"{ok_query}), {query_peak / load_peak:.2f}x the whole-table load.",
    ])


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
