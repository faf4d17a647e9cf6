"""The in-process kernel shuts down without asyncio's "Task was destroyed" on stderr."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROBE = textwrap.dedent("""
    from analysis import report
    report._inprocess_client()
    thread = report._InProcess.km.kernel.iopub_thread
    task = thread._event_pipe_gc_task
    report._shutdown_inprocess()
    print(task.done(), task.cancelled())
""")


def test_iopub_clean_up_task_ends_before_the_kernel_stops() -> None:
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         timeout=300, check=True)
    assert run.stdout.split() == ["True", "True"]  # was: False False (left "cancelling")
    assert "Task was destroyed" not in run.stderr


@pytest.mark.notebook
def test_report_without_events_has_a_clean_stderr(tmp_path: Path,
                                                  events_data_dir: Path) -> None:
    out = tmp_path / "empty.html"
    run = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "timeline", "--data", str(events_data_dir),
         "--out", str(out), "-p", "start", "2024-02-01", "-p", "end", "2024-01-01"],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # was: "Task was destroyed but it is pending!" and its task
    assert "No events match" in out.read_text(encoding="utf-8")
