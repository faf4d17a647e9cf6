from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        not (SHARED / "data" / "events" / "cameo_examples.jsonl").exists(),
        reason="../shared evaluation data not available",
    ),
]


def test_eval_report_has_figures() -> None:
    from benchmarks.eval_events import evaluate

    report = evaluate(SHARED)
    assert "direction macro-F1" in report and "Confusion matrix" in report
    assert "actor-pair accuracy" in report


def test_bench_report_has_rate() -> None:
    from benchmarks import bench_events

    report = bench_events.bench(SHARED)
    assert "sentences/s" in report and "ratio" in report
