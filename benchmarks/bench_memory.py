"""Peak memory of the commands users run, each in its own process (never this one's).

Targets (issue 7): ``tension ingest`` of all ~19k Reuters stories <= 1 GB; a query and
report over a 1M-event store <= 2 GB.

Each command is a fresh ``python`` process, started by a small launcher process
(:data:`LAUNCHER`) that reaps it with ``os.wait4``: the resource usage is that child's
alone, never an earlier child's (as cumulative ``RUSAGE_CHILDREN`` would be) nor the
benchmark process's (a child's ``ru_maxrss`` starts from the RSS of the process it was
forked from). Its ``ru_maxrss`` is the high-water RSS of the command's process, or of the
largest process it waited for (an ingest's pool workers). While it runs, the RSS of the
command and all its descendants is summed every 50 ms (psutil): the tree peak, which
counts pages shared by forked workers once per process (an upper bound).

1. ``python -m analysis ingest REUTERS.jsonl --out DIR --quiet`` (default engine: every
   core). Verdict on the tree peak.
2. A 1M-event store: the events (and articles) of that ingest replicated under new ids
   until there are :data:`N_EVENTS` events (same dates as the Reuters events, which span
   decades where a story mentions an old date; built untimed in this process, no
   incidents file: above ``report_data.MAX_PHASE_EVENTS`` selected events the report
   computes no incidents). On it, as separate processes:

   - ``python -m analysis report timeline --data BIG --out timeline.html`` (the
     notebook in-process, as ``tension report`` runs it by default);
   - the notebooks' store query alone: ``report_data.select(BIG)`` (all events, the
     timeline notebook's default parameters);
   - baseline: the whole events table into pandas (``store.read_events``).

   Verdict on the larger of ``ru_maxrss`` and the tree peak of the report process. A
   report that fails or runs past :data:`REPORT_TIMEOUT` seconds is reported as such,
   with the memory it had reached.

Run: ``python -m benchmarks.bench_memory --shared ../shared``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.store import commit, count, read_articles, read_events
from benchmarks._discover import run_one
from benchmarks.bench_ingest import CORPUS, reuters, write_jsonl

GB = 1024**3
TARGET_INGEST = 1 * GB
TARGET_QUERY = 2 * GB
N_EVENTS = 1_000_000
REPORT_TIMEOUT = 1200.0
SAMPLE_S = 0.05

SELECT_SCRIPT = """
import sys
from analysis import report_data
selection = report_data.select(sys.argv[1])
if not selection.ok:
    raise SystemExit(selection.problem)
print(len(selection.events))
"""

LOAD_ALL_SCRIPT = """
import sys
from analysis.store import read_events
print(len(read_events(sys.argv[1])))
"""


@dataclass(frozen=True, slots=True)
class Measured:
    """One child process: its own ``ru_maxrss`` (bytes), the peak RSS summed over its
    process tree (bytes, sampled), wall seconds, and how it ended."""

    maxrss: int
    tree_peak: int
    seconds: float
    returncode: int
    timed_out: bool
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    @property
    def peak(self) -> int:
        return max(self.maxrss, self.tree_peak)

    def outcome(self) -> str:
        if self.timed_out:
            return f"TIMED OUT after {self.seconds:.0f} s (killed)"
        if self.returncode != 0:
            lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
            return f"FAILED (exit {self.returncode}): {lines[-1] if lines else ''}"
        return "ok"


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for member in tree:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


#: Runs the command given after the report file as its child and writes that child's exit
#: status, ``ru_maxrss`` (KiB) and wall seconds. A child's ``ru_maxrss`` starts from the
#: RSS of the process it was forked from (Linux keeps the high-water mark across exec), so
#: the commands are started by this small process, not by the benchmark process (whose
#: RSS grows to a few GB building the 1M-event store).
LAUNCHER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(report, "w", encoding="utf-8") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss} {seconds}")
"""


def measure(argv: list[str], timeout: float | None = None) -> Measured:
    """Run ``argv`` (``argv[0]`` a path) as a child of :data:`LAUNCHER`; its own resource
    usage comes from ``os.wait4`` there; its tree's RSS is sampled here."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "usage"
        err_path = Path(tmp) / "stderr"
        with err_path.open("wb") as err:
            launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(report), *argv],
                                        stdout=subprocess.DEVNULL, stderr=err)
            started = time.perf_counter()
            tree_peak, timed_out = 0, False
            while launcher.poll() is None:
                tree_peak = max(tree_peak, sum(_tree_rss(pid) for pid in
                                               _children(launcher.pid)))
                if (timeout is not None and not timed_out
                        and time.perf_counter() - started > timeout):
                    timed_out = True  # the command and its descendants; the launcher reports
                    for child in _children(launcher.pid):
                        for pid in [*_descendants(child), child]:
                            _kill(pid)
                time.sleep(SAMPLE_S)
        stderr = err_path.read_bytes().decode(errors="replace")[-2000:]
        if launcher.returncode != 0 or not report.is_file():
            raise RuntimeError(f"launcher failed ({launcher.returncode}): {stderr[-500:]}")
        code, maxrss_kib, seconds = report.read_text(encoding="utf-8").split()
    return Measured(maxrss=int(maxrss_kib) * 1024, tree_peak=tree_peak,
                    seconds=float(seconds), returncode=int(code), timed_out=timed_out,
                    stderr=stderr)


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children()]
    except psutil.NoSuchProcess:
        return []


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _million(base: Path, big: Path) -> int:
    """Replicate the events (and their articles) of ``base`` under new ids up to
    :data:`N_EVENTS` events."""
    events = read_events(base)
    articles = read_articles(base)
    total, copy = 0, 0
    while total < N_EVENTS:
        part = events.iloc[: N_EVENTS - total].copy()
        ids = set(part["article_id"])
        arts = articles.loc[articles["article_id"].isin(ids)].copy()
        part["article_id"] = part["article_id"] + f"~{copy}"
        part["event_id"] = part["event_id"] + f"~{copy}"
        arts["article_id"] = arts["article_id"] + f"~{copy}"
        commit(big, part, arts)
        total += len(part)
        copy += 1
    return count(big)[1]


def _gb(value: int) -> str:
    return f"{value / GB:.2f}"


def _row(name: str, run: Measured) -> str:
    return (f"| {name} | {_gb(run.maxrss)} | {_gb(run.tree_peak)} | {run.seconds:.1f} | "
            f"{run.outcome()} |")


def bench(shared: Path) -> str:
    records = reuters(shared)
    if records is None:
        return f"{shared / CORPUS} not found: memory benchmark skipped"
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = write_jsonl(records, root / "reuters.jsonl")
        store_dir = root / "store"
        ingest = measure([python, "-m", "analysis", "ingest", str(src), "--out",
                          str(store_dir), "--quiet"])
        if not ingest.ok:
            raise RuntimeError(f"ingest {ingest.outcome()}")
        n_articles, n_events = count(store_dir)
        big = root / "big"
        n_big = _million(store_dir, big)
        days = read_events(big, columns=["date"])["date"].dropna()
        span = f"{days.min():%Y-%m-%d} .. {days.max():%Y-%m-%d}" if len(days) else "-"
        report = measure([python, "-m", "analysis", "report", "timeline", "--data", str(big),
                          "--out", str(root / "timeline.html")], timeout=REPORT_TIMEOUT)
        html = root / "timeline.html"
        html_mb = html.stat().st_size / 1e6 if html.is_file() else 0.0
        query = measure([python, "-c", SELECT_SCRIPT, str(big)])
        load = measure([python, "-c", LOAD_ALL_SCRIPT, str(big)])
    ok_ingest = "meets" if ingest.tree_peak <= TARGET_INGEST else "MISSES"
    ok_report = ("meets" if report.ok and report.peak <= TARGET_QUERY
                 else "MISSES" if report.ok else f"not measured to the end: {report.outcome()}")
    lines = [
        f"Ingest: {n_articles} Reuters stories -> {n_events} events.",
        f"1M store: {n_big:,} events, dates {span} (pandas {pd.__version__}).",
        "",
        "| process | own ru_maxrss (GB) | peak RSS, process tree (GB) | seconds | outcome |",
        "|---|---|---|---|---|",
        _row("`tension ingest`, all Reuters stories", ingest),
        _row(f"`tension report timeline` on 1M events (HTML {html_mb:.1f} MB)", report),
        _row("store query of the notebooks: `report_data.select` (all events)", query),
        _row("baseline: whole events table into pandas (`read_events`)", load),
        "",
        f"Ingest tree peak {_gb(ingest.tree_peak)} GB (largest process "
        f"{_gb(ingest.maxrss)} GB; target <= {_gb(TARGET_INGEST)}: {ok_ingest}).",
        f"Report on 1M events: peak {_gb(report.peak)} GB (target <= {_gb(TARGET_QUERY)}: "
        f"{ok_report}); {report.peak / max(load.peak, 1):.2f}x the whole-table load, "
        f"query alone {_gb(query.peak)} GB.",
    ]
    if not report.ok:
        lines += ["", "Report stderr (end):", "", "```", report.stderr[-1500:].strip(), "```"]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
