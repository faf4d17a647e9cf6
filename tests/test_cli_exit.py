"""``tension``/``python -m analysis`` ends a finished command without the interpreter's
teardown (``cli.run``), only when nothing is left running; ``cli.main`` never does."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from analysis import cli

ARTICLES = [
    {"id": "1", "text": "Iran attacked Pakistan on Jan. 16, killing two children.",
     "date": "2024-01-19", "title": "Strike"},
    {"id": "2", "text": "Pakistan recalled its ambassador from Tehran on Wednesday.",
     "date": "2024-01-18", "title": "Envoy"},
]


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return src


def test_module_command_writes_everything_and_its_summary(tmp_path: Path) -> None:
    src = _source(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "ingest", str(src), "--out", str(tmp_path / "d")],
        capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    same = io.StringIO()
    assert cli.main(["ingest", str(src), "--out", str(tmp_path / "e")], out=same,
                    err=io.StringIO()) == 0
    # the flushed summary, in full (but its seconds and folder)
    def summary(text: str, folder: str) -> str:
        return re.sub(r"in [0-9.]+ s", "in S", text.replace(str(tmp_path / folder), "OUT"))

    assert summary(done.stdout, "d") == summary(same.getvalue(), "e")
    assert summary(done.stdout, "d").startswith("ingested 2 articles")
    for name in ("events.csv", "errors.csv"):
        assert (tmp_path / "d" / name).read_bytes() == (tmp_path / "e" / name).read_bytes()
    events = pq.read_table(tmp_path / "d" / "events.parquet")
    assert events.num_rows == pq.read_table(tmp_path / "e" / "events.parquet").num_rows > 0


def test_failed_command_exits_with_its_status(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "ingest", str(tmp_path / "missing.jsonl"),
         "--out", str(tmp_path / "d")], capture_output=True, text=True, timeout=300,
        check=False)
    assert done.returncode == 2
    assert "tension: error" in done.stderr


def test_teardown_kept_while_a_thread_runs() -> None:
    assert cli._teardown_skippable()
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not cli._teardown_skippable()
    finally:
        stop.set()
        worker.join()
    assert cli._teardown_skippable()


def test_run_without_quick_exit_raises_system_exit(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    """A failed command (and any other than ingest/export/annotate/dictionaries) leaves
    through ``SystemExit``, so the usual teardown runs."""
    monkeypatch.setattr(sys, "argv", ["tension", "export", str(tmp_path / "none")])
    with pytest.raises(SystemExit) as exit_info:
        cli.run()
    assert exit_info.value.code == 2


def test_preload_imports_with_the_collector_off_then_freezes() -> None:
    import gc

    assert gc.isenabled()
    try:
        cli._preload(("analysis.engine",))
        assert "analysis.engine" in sys.modules
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()  # back on, as it was
    finally:
        gc.unfreeze()


def test_bad_dictionary_leaves_the_collector_on(tmp_path: Path) -> None:
    import gc

    from analysis.errors import DictionaryError
    from analysis.ingest import ingest

    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [\n", encoding="utf-8")
    with pytest.raises(DictionaryError):
        ingest([_source(tmp_path)], tmp_path / "d", dictionaries=[bad])
    assert gc.isenabled()
