"""Store files read ahead (during an ingest's analysis) are used only while unchanged."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from analysis import store
from analysis.engine import EngineConfig, run_engine
from analysis.file_cache import FileCache, identity
from tests.test_engine import _articles
from tests.test_store_incidents import _batch


def _replace(path: Path, text: str) -> None:
    """Write ``path`` as the store does: a new file renamed over the old one."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def test_file_cache_reuses_a_value_while_its_file_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("one")
    reads: list[str] = []

    def read(p: Path) -> str:
        reads.append(p.read_text())
        return reads[-1]

    cache = FileCache(read)
    assert cache.get(path) == "one" and cache.get(path) == "one"
    assert reads == ["one"] and len(cache) == 1
    _replace(path, "two")  # same size, another inode
    assert cache.get(path) == "two" and reads == ["one", "two"]
    assert cache.get(path) == "two" and len(reads) == 2
    path.unlink()
    assert identity(path) is None
    with pytest.raises(FileNotFoundError):
        cache.get(path)


def test_file_cache_keeps_no_value_of_a_file_replaced_while_read(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old")
    n = 0

    def read_then_replaced(p: Path) -> str:
        nonlocal n
        n += 1
        text = p.read_text()
        _replace(p, f"new{n}")  # a writer renames a new file over it meanwhile
        return text

    cache = FileCache(read_then_replaced)
    assert cache.get(path) == "old"
    assert len(cache) == 0  # what was read may not be what the file holds now
    assert cache.get(path) == "new1" and n == 2


def _store(out: Path) -> None:
    store.commit(out, *_batch(11, 300, 0))
    store.commit(out, *_batch(14, 30, 900))  # a second file, which stays as it is
    store.refresh_incidents(out, None)


def test_commit_and_refresh_with_a_read_ahead_write_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, ahead_dir = tmp_path / "plain", tmp_path / "ahead"
    _store(plain)
    _store(ahead_dir)
    reads: list[tuple[str, Path]] = []  # (thread, file) of every events file read
    real = store._incident_part

    def counted(part: Path) -> object:
        reads.append((threading.current_thread().name, part))
        return real(part)

    monkeypatch.setattr(store, "_incident_part", counted)
    read_ahead = store.StoreAhead(ahead_dir)
    read_ahead.wait()
    ahead_files = {name for thread, name in reads if thread == "store-read-ahead"}
    assert ahead_files == set(store._parts(ahead_dir / store.EVENTS))
    # a new batch, and a re-ingested article (its files are rewritten without it)
    events, articles = _batch(12, 60, 400)
    changed_events, changed_articles = _batch(11, 300, 0)
    mine = changed_events[changed_events["article_id"] == "a5"].assign(evidence="envoy talks")
    for out, given in ((plain, None), (ahead_dir, read_ahead)):
        store.commit(out, events, articles, read_ahead=given)
        store.commit(out, mine, changed_articles[changed_articles["article_id"] == "a5"],
                     read_ahead=given)
        store.refresh_incidents(out, {*articles["article_id"], "a5"}, result=False,
                                read_ahead=given)
    pd.testing.assert_frame_equal(store.read_incidents(ahead_dir), store.read_incidents(plain))
    pd.testing.assert_frame_equal(
        store.read_events(ahead_dir).sort_values("event_id", ignore_index=True),
        store.read_events(plain).sort_values("event_id", ignore_index=True))
    # the main thread read only files written since (new ones, rewritten ones); the
    # files read ahead that are still there were not read again
    later = {part for thread, part in reads if thread != "store-read-ahead"}
    assert later and later.isdisjoint(ahead_files)
    assert set(store._parts(ahead_dir / store.EVENTS)) & ahead_files


def test_a_read_ahead_of_a_missing_store_reads_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[tuple[str, Path]] = []  # (thread, file) of every store file read
    real_part, real_ids, real_file = store._incident_part, store._article_ids, store._read_file

    def counted_part(part: Path) -> object:
        reads.append((threading.current_thread().name, part))
        return real_part(part)

    def counted_ids(part: Path) -> object:
        reads.append((threading.current_thread().name, part))
        return real_ids(part)

    def counted_file(path: Path, columns: list[str] | None = None) -> object:
        reads.append((threading.current_thread().name, path))
        return real_file(path, columns)

    monkeypatch.setattr(store, "_incident_part", counted_part)
    monkeypatch.setattr(store, "_article_ids", counted_ids)
    monkeypatch.setattr(store, "_read_file", counted_file)
    out, plain = tmp_path / "none", tmp_path / "plain"
    read_ahead = store.StoreAhead(out)
    read_ahead.wait()
    assert reads == [] and not out.exists()  # nothing to read, and nothing created
    store.commit(out, *_batch(13, 30, 0), read_ahead=read_ahead)
    got = store.refresh_incidents(out, None, read_ahead=read_ahead)
    assert reads == []  # the files the commit wrote are remembered from its rows
    # the same as without a read-ahead, whose refresh reads the events file back
    store.commit(plain, *_batch(13, 30, 0))
    expected = store.refresh_incidents(plain, None)
    assert reads == [("MainThread", part) for part in store._parts(plain / store.EVENTS)]
    assert len(expected) > 1 and expected["n_events"].sum() == 30
    pd.testing.assert_frame_equal(got, expected)
    pd.testing.assert_frame_equal(store.read_incidents(out), expected)
    pd.testing.assert_frame_equal(store.read_events(out), store.read_events(plain))


@pytest.mark.parametrize("workers", [1, 2])
def test_on_start_is_called_once_when_no_more_workers_will_fork(workers: int) -> None:
    calls: list[int] = []
    results = 0

    def started() -> None:
        assert results == 0  # before any result
        calls.append(len(multiprocessing.active_children()))

    for result in run_engine(_articles(8), EngineConfig(workers=workers, chunk=2),
                             on_start=started):
        results += result.n_articles
    assert results == 8
    if workers == 1:
        assert calls == [0]
    else:  # the pool's workers were all forked with the first chunk sent
        assert calls == [workers]


def test_files_a_commit_writes_are_not_read_back(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The files of a commit's new rows are remembered from the rows written (the refresh
    and the next commit do not read them); the same values as read from the files, and
    the same incidents; a file replaced since is read again."""
    reads: list[Path] = []
    real_part, real_ids = store._incident_part, store._article_ids

    def counted_part(part: Path) -> object:
        reads.append(part)
        return real_part(part)

    def counted_ids(part: Path) -> object:
        reads.append(part)
        return real_ids(part)

    monkeypatch.setattr(store, "_incident_part", counted_part)
    monkeypatch.setattr(store, "_article_ids", counted_ids)
    out, plain = tmp_path / "ahead", tmp_path / "plain"
    read_ahead = store.StoreAhead(out)
    store.commit(out, *_batch(11, 300, 0), read_ahead=read_ahead)
    store.commit(out, *_batch(12, 60, 400), read_ahead=read_ahead)
    store.refresh_incidents(out, None, result=False, read_ahead=read_ahead)
    assert reads == []
    files = [*store._parts(out / store.EVENTS), *store._parts(out / store.ARTICLES)]
    assert len(files) >= 4
    for part in store._parts(out / store.EVENTS):
        got = read_ahead.incident_input(part)
        assert got.equals(real_part(part))
        assert got.schema.equals(real_part(part).schema, check_metadata=True)
    for part in store._parts(out / store.ARTICLES):
        assert read_ahead.article_ids(part).equals(real_ids(part))
    assert reads == []
    store.commit(plain, *_batch(11, 300, 0))
    store.commit(plain, *_batch(12, 60, 400))
    store.refresh_incidents(plain, None, result=False)
    pd.testing.assert_frame_equal(store.read_incidents(out), store.read_incidents(plain))
    part = store._parts(out / store.EVENTS)[0]
    reads.clear()
    _replace(part, "not parquet")
    with pytest.raises(pa.ArrowInvalid):
        read_ahead.incident_input(part)
    assert reads == [part]
