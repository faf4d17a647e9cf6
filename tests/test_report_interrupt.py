"""SIGINT and SIGTERM end a report build while a notebook cell runs (in-process kernel too)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis.notebook_client import Interrupted, interruptible


def test_interruptible_raises_and_restores_handlers() -> None:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig, name in ((signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "SIGINT")):
        with pytest.raises(Interrupted, match=f"interrupted by {name}") as caught, \
                interruptible():
            os.kill(os.getpid(), sig)
            time.sleep(5)  # the handler raises at once; never reached
        assert caught.value.signal_name == name
        assert isinstance(caught.value, KeyboardInterrupt)
    assert {sig: signal.getsignal(sig) for sig in before} == before


def _slow_notebook(path: Path, marker: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell('data_dir = "data"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import pathlib, time\n"
            f"pathlib.Path({str(marker)!r}).write_text('running')\n"
            "for _ in range(6000):\n    time.sleep(0.1)\n"),
    ]
    nbformat.write(nb, path)
    return path


@pytest.mark.notebook
@pytest.mark.parametrize("kernel", ["inprocess", "subprocess"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_ends_the_command_while_a_cell_runs(
    tmp_path: Path, events_data_dir: Path, kernel: str, sig: signal.Signals
) -> None:
    marker = tmp_path / "running"
    notebook = _slow_notebook(tmp_path / "slow.ipynb", marker)
    out = tmp_path / "out.html"
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", str(notebook), "--data",
         str(events_data_dir), "--out", str(out), "--kernel", kernel],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(1200):  # the cell has started (at most 2 minutes on a loaded machine)
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), proc.communicate(timeout=5)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)  # before the fix: ignored for 10 minutes
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130
    assert "tension: interrupted" in err
    assert "Traceback" not in err and "Task was destroyed" not in err
    assert not out.exists()
