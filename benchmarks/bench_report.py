"""Speed of building the reports against a bare papermill run, measured in the same run.

Budgets (issue 6): the whole suite (``tension reports``: timeline, tone, briefing) for the
seed data in at most 2x an empty parameterised papermill run; a timeline report over 100k
events at most 8 MB and drawn in under 3 s in headless Chromium (when /usr/bin/chromium
exists).

How (the budget): both sides are fresh processes, as a user runs them, interleaved and
repeated (best of :data:`REPEATS`, plus the median of the per-round ratios):

- baseline: ``python -m papermill EMPTY.ipynb OUT.ipynb -p data_dir DIR`` on a notebook with
  only a ``parameters`` cell and ``x = 1``, in a real ``python3`` kernel process;
- subject: ``python -m analysis reports --data DIR --out OUT`` (the seed article ingested
  first, untimed), end to end: parameter checks, notebooks, HTML export, atomic writes;
  also ``python -m analysis report timeline`` and the suite with ``--kernel subprocess``.

``tension report``/``reports`` skip jsonschema's optional ``rfc3987_syntax`` import (an
Earley grammar compiled on import, about 1 s here; installed with JupyterLab) and the
papermill CLI does not, so the table also gives the ratio against a papermill run that
skips it too ("lean baseline"): the comparison of work actually done.

Also, in this process (warm imports): ``build_suite`` against ``execute_notebook`` of the
empty notebook, and the large-report budgets.

Run: ``python -m benchmarks.bench_report --shared ../shared``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from analysis.errors import ReportError
from analysis.report import build_report, build_suite, chromium_path, execute_notebook
from analysis.schema import EVENT_COLUMNS, conform
from benchmarks._discover import run_one
from benchmarks._timing import best_of

REPEATS = 5
SYNTHETIC_EVENTS = 2_000
LARGE_EVENTS = 100_000
CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
LEAN_PAPERMILL = ("import sys; sys.modules['rfc3987_syntax'] = None; "
                  "from papermill.cli import papermill; papermill(prog_name='papermill')")



def _seconds(cmd: Sequence[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - t0


def _interleaved(cmds: dict[str, list[str]], cwd: Path, repeats: int = REPEATS
                 ) -> dict[str, list[float]]:
    """Each command once per round, rounds repeated: machine noise hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(repeats):
        for name, cmd in cmds.items():
            times[name].append(_seconds(cmd, cwd))
    return times


def _seed_dir(shared: Path) -> Path:
    for candidate in (REPO / "seeds", shared / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    raise FileNotFoundError("no seeds/ folder with articles found")


def _empty_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                'data_dir: str = "data"\nactors: str = ""\nstart: str = ""\nend: str = ""',
                metadata={"tags": ["parameters"]},
            ),
            nbformat.v4.new_code_cell("x = 1"),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _synthetic(seed_events: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` events made by repeating the seed's rows over 60 days (deterministic)."""
    rng = np.random.default_rng(0)
    rows = seed_events.sample(n=n, replace=True, random_state=0).reset_index(drop=True)
    shift = pd.to_timedelta(rng.integers(-30, 30, size=n), unit="D")
    for column in ("date", "date_earliest", "date_latest"):
        rows[column] = rows[column] + shift
    rows["event_id"] = [f"s{i}" for i in range(n)]
    rows["sentence_index"] = np.arange(n)
    return conform(rows, EVENT_COLUMNS)


def _draw_seconds(page_path: Path, n_plots: int) -> float | None:
    """Seconds from navigation to every plot drawn, in headless Chromium (None without it)."""
    if not CHROMIUM.is_file():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            context = browser.new_context(offline=True)
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_function(
                "(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                arg=n_plots, timeout=60_000,
            )
            return time.perf_counter() - t0
        finally:
            browser.close()


def bench(shared: Path) -> str:
    from analysis.ingest import ingest
    from analysis.iorw import read_events

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        root = Path(tmp)
        data = root / "data"
        # the founding article's DCT, for copies of it that come without a metadata sidecar
        ingest([_seed_dir(shared)], data, reference_date=dt.date(2024, 1, 19))
        events = read_events(data)
        empty_nb = _empty_notebook(root / "empty.ipynb")
        pm_args = [str(empty_nb), str(root / "empty-out.ipynb"), "-p", "data_dir", str(data),
                   "--no-progress-bar"]
        tension = [PY, "-m", "analysis"]
        cmds = {
            "baseline": [PY, "-m", "papermill", *pm_args],
            "lean": [PY, "-c", LEAN_PAPERMILL, *pm_args],
            "suite": [*tension, "reports", "--data", str(data), "--out", str(root / "s")],
            "single": [*tension, "report", "timeline", "--data", str(data),
                       "--out", str(root / "t.html")],
            "suite_sub": [*tension, "reports", "--data", str(data), "--out", str(root / "s2"),
                          "--kernel", "subprocess"],
        }
        times = _interleaved(cmds, REPO)
        best = {name: min(values) for name, values in times.items()}

        def ratio(name: str, base: str = "baseline") -> str:
            med = statistics.median(a / b for a, b in zip(times[name], times[base],
                                                          strict=True))
            return f"{best[name] / best[base]:.2f}× (median of rounds {med:.2f}×)"

        try:
            chromium_path()
            has_browser = True
        except ReportError:  # no browser: images are not measured
            has_browser = False
        images = images_single = None
        if has_browser:
            images = _seconds([*cmds["suite"], "--images", str(root / "img")], REPO)
            images_single = _seconds([*cmds["single"], "--images", str(root / "img1")], REPO)

        # in this process, imports warm: the work itself
        params = {"data_dir": str(data)}
        warm_base = best_of(
            lambda: execute_notebook(empty_nb, root / "empty-out.ipynb", params, cwd=root),
            REPEATS)
        build_suite(data, root / "warm")
        warm_suite = best_of(lambda: build_suite(data, root / "warm"), REPEATS)
        size = (root / "s" / "timeline.html").stat().st_size

        big_dir = root / "big"
        big_dir.mkdir()
        _synthetic(events, SYNTHETIC_EVENTS).to_parquet(big_dir / "events.parquet", index=False)
        big = best_of(lambda: build_report("timeline", big_dir, root / "big.html"), 1)
        big_size = (root / "big.html").stat().st_size

        large_dir = root / "large"
        large_dir.mkdir()
        _synthetic(events, LARGE_EVENTS).to_parquet(large_dir / "events.parquet", index=False)
        large = best_of(lambda: build_report("timeline", large_dir, root / "large.html"), 1)
        large_size = (root / "large.html").stat().st_size
        n_plots = (root / "large.html").read_text(encoding="utf-8").count(
            'class="plotly-graph-div"')
        draw = _draw_seconds(root / "large.html", n_plots)

    def row(label: str, name: str) -> str:
        return (f"| {label} | {best[name]:.2f} | {ratio(name)} | "
                f"{best[name] / best['lean']:.2f}× |")

    lines = [
        "## Report builds against an empty papermill run (fresh processes)",
        "",
        f"Seed data: {len(events)} events from `{_seed_dir(shared)}`. Every command is a new "
        f"process; rounds interleaved, best of {REPEATS}.",
        "",
        "| command | seconds | × papermill run | × lean papermill run |",
        "|---|---:|---:|---:|",
        f"| baseline: `python -m papermill` empty parameterised notebook | "
        f"{best['baseline']:.2f} | 1.00× | {best['baseline'] / best['lean']:.2f}× |",
        f"| lean baseline: the same, skipping the rfc3987 grammar | {best['lean']:.2f} | "
        f"{best['lean'] / best['baseline']:.2f}× | 1.00× |",
        row("**`tension reports` (timeline, tone, briefing), in-process kernel**", "suite"),
        row("`tension report timeline`", "single"),
        row("`tension reports --kernel subprocess` (2 kernel processes)", "suite_sub"),
        "",
        f"Budget: suite ≤ 2× the papermill run: **{best['suite'] / best['baseline']:.2f}×** "
        f"({'met' if best['suite'] <= 2 * best['baseline'] else 'NOT met'}); against the lean "
        f"baseline {best['suite'] / best['lean']:.2f}×.",
        "",
        "| images (`--images`, kaleido + Chromium, 1 run) | seconds |",
        "|---|---:|",
        "| suite: all figures in one browser session | {} |".format(
            "skipped (no Chromium)" if images is None else f"{images:.2f}"),
        "| timeline report | {} |".format(
            "skipped (no Chromium)" if images_single is None else f"{images_single:.2f}"),
        "",
        "### In this process (imports warm)",
        "",
        "| measure | value | budget |",
        "|---|---:|---:|",
        f"| execute_notebook, empty notebook (kernel process) | {warm_base:.2f} s | |",
        f"| build_suite, in-process kernel, cached selection | {warm_suite:.2f} s = "
        f"{warm_suite / warm_base:.2f}× | |",
        f"| timeline report, seed: size | {size / 1e6:.2f} MB (plotly.js ≈ 4.8 MB once) | |",
        f"| timeline report, {SYNTHETIC_EVENTS:,} synthetic events: build (1 run) | "
        f"{big:.2f} s, {big_size / 1e6:.2f} MB | |",
        f"| timeline report, {LARGE_EVENTS:,} events: build (1 run) | {large:.2f} s | |",
        f"| timeline report, {LARGE_EVENTS:,} events: size | **{large_size / 1e6:.2f} MB** "
        "| 8 MB |",
        "| timeline report, {:,} events: drawn in headless Chromium | {} | 3 s |".format(
            LARGE_EVENTS, "skipped (no /usr/bin/chromium)" if draw is None
            else f"**{draw:.2f} s** ({n_plots} charts)"),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
