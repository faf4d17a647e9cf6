"""SIGKILL an ingest mid-way: the store stays readable, a re-run gives the clean result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.store import read_articles, read_events

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 240


def _corpus(path: Path) -> None:
    seed = (ROOT / "seeds" / "000_bd7ba43e21bf1639.txt").read_text(encoding="utf-8")
    body = seed.split("\n", 1)[1]
    paragraphs = [p for p in body.split("\n") if p.strip()]
    with path.open("w", encoding="utf-8") as out:
        for i in range(N_ARTICLES):
            text = "\n".join(paragraphs[i % 5:] + paragraphs[: i % 5])
            month = 1 + i % 3
            out.write(json.dumps({"id": f"k{i:03d}", "title": f"Story {i}", "text": text,
                                  "date": f"2024-{month:02d}-{1 + i % 28:02d}"}) + "\n")


def _ingest(src: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "ingest", str(src), "--out", str(out),
         "--workers", "1", "--batch-size", "15", "--quiet"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _corpus(src)
    clean = tmp_path / "clean"
    assert _ingest(src, clean).wait(timeout=300) == 0
    clean_ids = set(read_events(clean)["event_id"])
    assert len(read_articles(clean)) == N_ARTICLES

    crashed = tmp_path / "crashed"
    proc = _ingest(src, crashed)
    deadline = time.monotonic() + 120
    # wait until a few batches are committed, then kill without warning
    while time.monotonic() < deadline and proc.poll() is None:
        parts = list((crashed / "articles.parquet").glob("*/*.parquet"))
        if len(parts) >= 4:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    partial = read_events(crashed)  # readable, no duplicates, a subset of the clean run
    assert partial["event_id"].is_unique
    assert set(partial["event_id"]) <= clean_ids
    n_partial = len(read_articles(crashed))
    assert 0 < n_partial < N_ARTICLES

    assert _ingest(src, crashed).wait(timeout=300) == 0
    again = read_events(crashed)
    assert again["event_id"].is_unique
    assert set(again["event_id"]) == clean_ids
    assert len(read_articles(crashed)) == N_ARTICLES
    assert not list((crashed / ".staging").glob("*.journal.json"))


def test_commit_makes_its_renames_durable(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder a commit renames into, and the folder of the journal (the commit
    point), is fsynced before the journal is removed."""
    import datetime as dt

    from analysis import store
    from analysis.pipeline import analyse_article, articles_frame, events_frame
    from analysis.records import Article

    synced: list[Path] = []
    real = store._fsync_dir

    def record(folder: Path) -> None:
        synced.append(folder)
        real(folder)

    monkeypatch.setattr(store, "_fsync_dir", record)
    analysis = analyse_article(Article(
        article_id="a1", text="Iran launched missile strikes on Pakistan on Tuesday.",
        published=dt.date(2024, 1, 19)))
    store.commit(tmp_path, events_frame([analysis]), articles_frame([analysis]))
    month = f"{store.PARTITION}=2024-01"
    assert tmp_path / store.EVENTS / month in synced
    assert tmp_path / store.ARTICLES / month in synced
    assert tmp_path / store._STAGING in synced  # the journal's rename
    assert not list(tmp_path.glob("*.journal.json"))
