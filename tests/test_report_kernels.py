"""The in-process kernel gives the same reports as a kernel process; the suite shares one
cached selection; stored incidents are used when they cover the selection."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import broken_notebook

from analysis import report_data
from analysis.errors import ReportError
from analysis.report import (
    SUITE,
    _choose_kernel,
    build_suite,
    export_html,
    resolve_notebook,
    run_notebooks,
)

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _no_ids(page: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", page)


def _outputs(nb: Any) -> list[dict[str, Any]]:
    """Outputs without what differs between two runs (execution counts, timing metadata)."""
    outs = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            out = dict(out)
            out.pop("execution_count", None)
            out.pop("metadata", None)
            outs.append(json.loads(json.dumps(out, sort_keys=True, default=str)))
    return outs


@pytest.mark.notebook
def test_inprocess_outputs_equal_subprocess_outputs(events_data_dir: Path, tmp_path: Path
                                                     ) -> None:
    jobs = [(resolve_notebook(name), {"data_dir": str(events_data_dir.resolve()),
                                      "start": "2024-01-17"}) for name in SUITE]
    inproc = run_notebooks(jobs, cwd=tmp_path, kernel="inprocess")
    subproc = run_notebooks(jobs, cwd=tmp_path, kernel="subprocess", workers=2)
    for a, b in zip(inproc, subproc, strict=True):
        outs_a, outs_b = _outputs(a), _outputs(b)
        assert outs_a == outs_b
        assert any(PLOTLY_MIME in o.get("data", {}) for o in outs_a)
        assert not [o for o in outs_a if o["output_type"] in ("error", "stream")]
        # the same figure JSON gives the same page (up to the random ids of the plot divs)
        assert _no_ids(export_html(a, title="t")) == _no_ids(export_html(b, title="t"))


def test_auto_kernel_isolates_user_notebooks(tmp_path: Path) -> None:
    own = [resolve_notebook(name) for name in SUITE]
    assert _choose_kernel("auto", own) == "inprocess"
    user = tmp_path / "mine.ipynb"
    user.write_text("{}")
    assert _choose_kernel("auto", [*own, user]) == "subprocess"
    assert _choose_kernel("subprocess", own) == "subprocess"
    with pytest.raises(ReportError, match="kernel: 'remote' is not one of"):
        _choose_kernel("remote", own)


@pytest.mark.notebook
def test_inprocess_failure_names_notebook_and_cell(events_data_dir: Path, tmp_path: Path
                                                   ) -> None:
    path = broken_notebook(tmp_path, "raise KeyError('inprocess boom')")
    with pytest.raises(ReportError, match=r"broken.ipynb: cell \d+ failed: KeyError"):
        run_notebooks([(path, {"data_dir": "x"})], cwd=tmp_path, kernel="inprocess")
    # the shell is reset before the next notebook: nothing of the failed one is left
    good = resolve_notebook("timeline")
    (done,) = run_notebooks([(good, {"data_dir": str(events_data_dir.resolve())})],
                            cwd=tmp_path, kernel="inprocess")
    assert any(PLOTLY_MIME in o.get("data", {}) for o in _outputs(done))


def test_selection_is_cached_copied_and_invalidated(events_data_dir: Path,
                                                    seed_like_events: pd.DataFrame) -> None:
    report_data.clear_cache()
    first = report_data.select(events_data_dir, start="2024-01-17")
    second = report_data.select(events_data_dir, start="2024-01-17")
    assert first.key == second.key and first.events is not second.events
    pd.testing.assert_frame_equal(first.events, second.events)
    first.events.loc[first.events.index[0], "evidence"] = "changed by a notebook"
    third = report_data.select(events_data_dir, start="2024-01-17")
    assert "changed by a notebook" not in set(third.events["evidence"])
    # a different store state is a different selection
    fewer = seed_like_events.iloc[:3]
    fewer.to_parquet(events_data_dir / "events.parquet", index=False)
    fresh = report_data.select(events_data_dir, start="2024-01-17")
    assert fresh.key != first.key and len(fresh.events) < len(first.events)


def test_overlay_uses_stored_incidents_when_they_cover_the_selection(
    events_data_dir: Path, seed_like_events: pd.DataFrame
) -> None:
    from analysis.incidents import cluster_incidents

    report_data.clear_cache()
    sel = report_data.select(events_data_dir)
    assert report_data.stored_incidents(events_data_dir, sel.events) is None  # no file yet
    computed = report_data.overlay(sel)
    stored, _ = cluster_incidents(seed_like_events)
    stored["evidence"] = "stored: " + stored["evidence"]  # a mark only the stored table has
    stored.to_parquet(events_data_dir / "incidents.parquet", index=False)
    sel = report_data.select(events_data_dir)  # the store changed: not the cached one
    used = report_data.overlay(sel)
    assert len(used.incidents) == len(computed.incidents)
    assert used.incidents["evidence"].str.startswith("stored: ").all()
    assert used.bands.equals(computed.bands) and used.turns.equals(computed.turns)
    # a stored table that misses selected events is not used
    stored.iloc[1:].to_parquet(events_data_dir / "incidents.parquet", index=False)
    sel = report_data.select(events_data_dir)
    assert report_data.stored_incidents(events_data_dir, sel.events) is None
    assert not report_data.overlay(sel).incidents["evidence"].str.startswith("stored").any()


@pytest.mark.notebook
def test_suite_images_in_one_browser_session(events_data_dir: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    kaleido = pytest.importorskip("kaleido")
    calls: list[int] = []

    def fake_write(specs: list[dict[str, Any]], kopts: dict[str, Any]) -> None:
        calls.append(len(specs))
        for spec in specs:
            Path(spec["path"]).write_bytes(b"x")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", fake_write)
    monkeypatch.setenv("BROWSER_PATH", __file__)  # any existing file: kaleido is faked
    images = tmp_path / "img"
    build_suite(events_data_dir, tmp_path / "out", images=images)
    names = sorted(p.name for p in images.iterdir())
    assert len(calls) == 1 and calls[0] == len(names)
    assert {n.split("-", 1)[0] for n in names} == set(SUITE)
