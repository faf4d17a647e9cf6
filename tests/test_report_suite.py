"""``build_suite`` writes each page that succeeds and names the reports that failed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import broken_notebook

from analysis.report import SuiteError, build_suite


def _broken(tmp_path: Path) -> Path:
    return broken_notebook(tmp_path, "raise ValueError('boom in cell')")


@pytest.mark.notebook
@pytest.mark.parametrize("kernel", ["inprocess", "subprocess"])
def test_one_failing_notebook_does_not_lose_the_others(
    events_data_dir: Path, tmp_path: Path, kernel: str
) -> None:
    out = tmp_path / "suite"
    out.mkdir()
    (out / "broken.html").write_text("previous report")
    with pytest.raises(SuiteError) as info:
        build_suite(events_data_dir, out, notebooks=["timeline", _broken(tmp_path), "tone"],
                    kernel=kernel)  # type: ignore[arg-type]
    error = info.value
    assert [p.name for p in error.written] == ["timeline.html", "tone.html"]
    assert list(error.failures) == ["broken"]
    assert "boom in cell" in error.failures["broken"]
    message = str(error)
    assert message.startswith("1 of 3 reports failed (broken): notebook broken.ipynb: cell")
    assert "timeline.html" in message and "tone.html" in message
    for page in error.written:
        assert "plotly.js v" in page.read_text(encoding="utf-8")
    assert (out / "broken.html").read_text() == "previous report"


@pytest.mark.notebook
def test_cli_reports_exits_2_naming_the_failed_reports(tmp_path: Path) -> None:
    from analysis.cli import main

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "events.parquet").write_bytes(b"not parquet")  # only noticed by the kernels
    err = io.StringIO()
    rc = main(["reports", "--data", str(bad), "--out", str(tmp_path / "out")],
              out=io.StringIO(), err=err)
    assert rc == 2
    text = err.getvalue()
    assert "3 of 3 reports failed (timeline, tone, briefing)" in text
    assert "wrote nothing" in text
