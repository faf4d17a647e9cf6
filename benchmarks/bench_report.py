"""Speed of building the reports against a bare papermill run, in the same process.

Budgets (issue 6): the whole suite (``build_suite``: timeline, tone, briefing) for the seed
data in at most 2x an empty parameterised papermill run; a timeline report over 100k events
at most 8 MB and drawn in under 3 s in headless Chromium (when /usr/bin/chromium exists).

Baseline: papermill executing a parameterised notebook that does nothing (a ``parameters``
cell and one trivial cell) with the same kernel: the fixed cost of starting a kernel and
running a notebook. Measured: :func:`analysis.report.build_report` on the seed article
(ingested first, untimed), split into notebook execution and HTML export, plus a larger
synthetic events table to show how the report scales with the number of events.

Run: ``python -m benchmarks.bench_report --shared ../shared``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from analysis.report import (
    build_report,
    build_suite,
    execute_notebook,
    export_html,
    resolve_notebook,
)
from analysis.schema import EVENT_COLUMNS, conform

REPEATS = 3
SYNTHETIC_EVENTS = 2_000
LARGE_EVENTS = 100_000
CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent


def _best_of(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


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

    timeline = resolve_notebook("timeline")
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        root = Path(tmp)
        data = root / "data"
        # the founding article's DCT, for copies of it that come without a metadata sidecar
        ingest([_seed_dir(shared)], data, reference_date=dt.date(2024, 1, 19))
        events = read_events(data)
        empty_nb = _empty_notebook(root / "empty.ipynb")
        params = {"data_dir": str(data)}

        baseline = _best_of(
            lambda: execute_notebook(empty_nb, root / "empty-out.ipynb", params, cwd=root)
        )
        full = _best_of(lambda: build_report("timeline", data, root / "timeline.html"))
        executed = execute_notebook(timeline, root / "timeline-out.ipynb", params, cwd=root)
        run_only = _best_of(
            lambda: execute_notebook(timeline, root / "timeline-out.ipynb", params, cwd=root)
        )
        export = _best_of(lambda: export_html(nbformat.from_dict(executed)))
        size = (root / "timeline.html").stat().st_size

        big_dir = root / "big"
        big_dir.mkdir()
        _synthetic(events, SYNTHETIC_EVENTS).to_parquet(big_dir / "events.parquet", index=False)
        big = _best_of(lambda: build_report("timeline", big_dir, root / "big.html"), 1)
        big_size = (root / "big.html").stat().st_size

        suite = _best_of(lambda: build_suite(data, root / "suite", workers=2), 2)
        suite_one = _best_of(lambda: build_suite(data, root / "suite1", workers=1), 1)

        large_dir = root / "large"
        large_dir.mkdir()
        _synthetic(events, LARGE_EVENTS).to_parquet(large_dir / "events.parquet", index=False)
        large = _best_of(lambda: build_report("timeline", large_dir, root / "large.html"), 1)
        large_size = (root / "large.html").stat().st_size
        n_plots = (root / "large.html").read_text(encoding="utf-8").count(
            'class="plotly-graph-div"')
        draw = _draw_seconds(root / "large.html", n_plots)

    lines = [
        "## Timeline report build (`analysis.report.build_report`)",
        "",
        f"Seed data: {len(events)} events from `{_seed_dir(shared)}`; best of {REPEATS} runs.",
        "",
        "| step | seconds | × empty papermill run |",
        "|---|---:|---:|",
        f"| baseline: papermill, empty parameterised notebook | {baseline:.2f} | 1.00 |",
        f"| timeline notebook, papermill only | {run_only:.2f} | {run_only / baseline:.2f} |",
        f"| HTML export only (nbconvert, offline template) | {export:.2f} | "
        f"{export / baseline:.2f} |",
        f"| **build_report, seed** | **{full:.2f}** | **{full / baseline:.2f}** |",
        f"| build_report, {SYNTHETIC_EVENTS:,} synthetic events (1 run) | {big:.2f} | "
        f"{big / baseline:.2f} |",
        "",
        f"HTML size: seed {size / 1e6:.2f} MB (plotly.js ≈ 4.8 MB embedded once), "
        f"{SYNTHETIC_EVENTS:,} events {big_size / 1e6:.2f} MB.",
        "",
        f"Ratio build_report / empty papermill run: **{full / baseline:.2f}×**",
        "",
        "### Suite and large report (budgets)",
        "",
        "| measure | value | budget |",
        "|---|---:|---:|",
        f"| build_suite (timeline, tone, briefing), 2 kernels, best of 2 | {suite:.2f} s = "
        f"**{suite / baseline:.2f}×** empty run | 2× |",
        f"| build_suite, 1 reused kernel (1 run) | {suite_one:.2f} s = "
        f"{suite_one / baseline:.2f}× | |",
        f"| timeline report, {LARGE_EVENTS:,} events: build (1 run) | {large:.2f} s | |",
        f"| timeline report, {LARGE_EVENTS:,} events: size | **{large_size / 1e6:.2f} MB** "
        "| 8 MB |",
        "| timeline report, {:,} events: drawn in headless Chromium | {} | 3 s |".format(
            LARGE_EVENTS, "skipped (no /usr/bin/chromium)" if draw is None
            else f"**{draw:.2f} s** ({n_plots} charts)"),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    print(bench(args.shared))


if __name__ == "__main__":
    main()
