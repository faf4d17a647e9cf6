"""The partitioned Parquet store: layout, replacement, atomic commits, DuckDB reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import iorw, store
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, conform


def _events(article_id: str, n: int, published: str | None = "2024-01-19") -> pd.DataFrame:
    rows = [{"event_id": f"{article_id}-s{i}-e0", "article_id": article_id, "sentence_index": i,
             "evidence": f"Sentence {i} of {article_id}.", "char_start": 10 * i,
             "char_end": 10 * i + 9, "quad_class": 4, "goldstein": -10.0,
             "direction": "escalation", "actor1_code": "IRN", "actor2_code": "PAK",
             "trigger_start": 0, "trigger_end": 1, "published": published,
             "date": "2024-01-16"} for i in range(n)]
    return conform(pd.DataFrame(rows), EVENT_COLUMNS)


def _articles(*ids: str, published: str | None = "2024-01-19") -> pd.DataFrame:
    return conform(pd.DataFrame({"article_id": list(ids), "published": published,
                                 "text": [f"text of {i}" for i in ids], "n_sentences": 1,
                                 "n_events": 0, "n_dates": 0, "n_unresolved_dates": 0}),
                   ARTICLE_COLUMNS)


def _files(root: Path) -> dict[str, int]:
    """Relative path -> inode of every data file of the store."""
    return {str(p.relative_to(root)): p.stat().st_ino
            for p in sorted(root.glob("*.parquet/*/*.parquet"))}


def test_layout_is_partitioned_and_plain_pandas_reads_it(tmp_path: Path) -> None:
    store.commit(tmp_path, _events("a", 2), _articles("a"))
    store.commit(tmp_path, _events("u", 1, None), _articles("u", published=None))
    assert (tmp_path / "events.parquet").is_dir()
    months = sorted(p.name for p in (tmp_path / "events.parquet").iterdir())
    assert months == ["published_month=2024-01", "published_month=unknown"]
    plain = pd.read_parquet(tmp_path / "events.parquet")
    assert list(plain.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    assert list(plain.columns[len(EVENT_COLUMNS):]) == ["published_month"]
    for column, dtype in EVENT_COLUMNS.items():
        assert str(plain[column].dtype).startswith(dtype.split("[")[0]), column
    assert sorted(plain["event_id"]) == ["a-s0-e0", "a-s1-e0", "u-s0-e0"]
    ours = iorw.read_events(tmp_path)
    assert list(ours.columns) == list(EVENT_COLUMNS)
    assert ours.dtypes.astype(str).tolist() == list(EVENT_COLUMNS.values())
    assert ours["event_id"].tolist() == ["a-s0-e0", "a-s1-e0", "u-s0-e0"]  # undated last


def test_new_articles_append_without_rewriting_and_reingest_replaces(tmp_path: Path) -> None:
    store.commit(tmp_path, _events("a", 2), _articles("a"))
    store.commit(tmp_path, _events("b", 1), _articles("b"))
    before = _files(tmp_path)
    store.commit(tmp_path, _events("c", 1), _articles("c"))
    after = _files(tmp_path)
    assert all(after.get(name) == inode for name, inode in before.items())  # untouched
    assert len(after) == len(before) + 2
    # re-ingesting "a" with 3 events: only the files holding "a" change
    store.commit(tmp_path, _events("a", 3), _articles("a"))
    events, articles = store.read_tables(tmp_path)
    assert sorted(articles["article_id"]) == ["a", "b", "c"]
    assert events.groupby("article_id").size().to_dict() == {"a": 3, "b": 1, "c": 1}
    assert events["event_id"].is_unique
    final = _files(tmp_path)
    kept = {n for n, i in before.items() if final.get(n) == i}
    assert len(kept) == 2  # b's two files (events, articles) were never rewritten


def test_article_moving_to_another_month_leaves_no_copy(tmp_path: Path) -> None:
    store.commit(tmp_path, _events("a", 2, None), _articles("a", published=None))
    store.commit(tmp_path, _events("a", 1, "2024-02-03"), _articles("a", published="2024-02-03"))
    events = store.read_events(tmp_path)
    assert len(events) == 1 and events["published"].iloc[0] == pd.Timestamp("2024-02-03")
    assert not (tmp_path / "events.parquet" / "published_month=unknown").exists()


def test_replace_ids_removes_articles(tmp_path: Path) -> None:
    store.write_tables(tmp_path, _events("a", 2), _articles("a", "b"))
    store.write_tables(tmp_path, _events("x", 0), _articles(), replace_ids=["a"])
    assert store.read_articles(tmp_path)["article_id"].tolist() == ["b"]
    assert len(store.read_events(tmp_path)) == 0
    assert len(pd.read_csv(tmp_path / "events.csv")) == 0


def test_crash_before_commit_point_keeps_previous_state(tmp_path: Path) -> None:
    store.commit(tmp_path, _events("a", 2), _articles("a"))
    change = store._Commit(tmp_path)
    change.stage_frame(store.EVENTS, "2024-01", _events("b", 5))
    # the process dies here: staged file, no journal
    assert len(store.read_events(tmp_path)) == 2
    assert len(pd.read_parquet(tmp_path / "events.parquet")) == 2
    store.commit(tmp_path, _events("c", 1), _articles("c"))  # next writer cleans up
    assert sorted(store.read_events(tmp_path)["article_id"].unique()) == ["a", "c"]
    assert not any((tmp_path / ".staging").iterdir())


def test_crash_after_commit_point_is_rolled_forward(tmp_path: Path) -> None:
    store.commit(tmp_path, _events("a", 2), _articles("a"))
    old = next((tmp_path / "events.parquet").glob("*/*.parquet"))
    change = store._Commit(tmp_path)
    change.stage_frame(store.EVENTS, "2024-01", _events("a", 4))
    change.delete(old)
    assert change.prepare() is not None  # journal written, then the process dies
    events = store.read_events(tmp_path)  # the reader finishes the commit
    assert len(events) == 4 and not old.exists()
    assert not list((tmp_path / ".staging").glob("*.journal.json"))


def test_legacy_single_file_store_is_read_and_converted(tmp_path: Path) -> None:
    _events("old", 2).to_parquet(tmp_path / "events.parquet", index=False)
    _articles("old").to_parquet(tmp_path / "articles.parquet", index=False)
    assert len(iorw.read_events(tmp_path)) == 2
    assert store.count(tmp_path) == (1, 2)
    store.commit(tmp_path, _events("new", 1), _articles("new"))
    assert (tmp_path / "events.parquet").is_dir()
    assert sorted(store.read_articles(tmp_path)["article_id"]) == ["new", "old"]
    assert len(store.read_events(tmp_path)) == 3


def test_duckdb_queries_filter_before_pandas(tmp_path: Path) -> None:
    store.commit(tmp_path, _events("a", 3), _articles("a"))
    store.commit(tmp_path, _events("b", 2, "2024-03-01"), _articles("b", published="2024-03-01"))
    got = store.query(tmp_path, "SELECT published_month, count(*) AS n FROM events "
                      "GROUP BY 1 ORDER BY 1")
    assert got.to_dict("records") == [{"published_month": "2024-01", "n": 3},
                                      {"published_month": "2024-03", "n": 2}]
    some = store.read_events(tmp_path, where="article_id = ? AND sentence_index > 0",
                             params=["a"], columns=["event_id", "sentence_index"])
    assert list(some.columns) == ["event_id", "sentence_index"]
    assert some["event_id"].tolist() == ["a-s1-e0", "a-s2-e0"]
    assert store.count(tmp_path) == (2, 5)


def test_reads_give_back_the_committed_rows_without_python_text_objects(
        tmp_path: Path) -> None:
    events = pd.concat([_events("a", 2), _events("b", 1, "2024-03-01")], ignore_index=True)
    events.loc[0, "actor2_code"] = None
    articles = pd.concat([_articles("a"), _articles("b", published="2024-03-01")],
                         ignore_index=True)
    store.commit(tmp_path, events, articles)
    got = store.read_events(tmp_path)
    pd.testing.assert_frame_equal(got, events, check_exact=True)
    assert got.loc[0, "actor2_code"] is pd.NA
    pd.testing.assert_frame_equal(store.read_articles(tmp_path), articles, check_exact=True)
    # Arrow -> pandas keeps the text in Arrow buffers (no object column on the way)
    frame = store._arrow_frame(pa.table({"t": pa.array(["x", None]), "n": [1, 2]}))
    assert isinstance(frame["t"].dtype, pd.StringDtype) and frame["t"].tolist() == ["x", pd.NA]
    assert frame["n"].tolist() == [1, 2]


def test_a_read_past_duckdbs_memory_limit_spills_or_runs_again_without_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    events = pd.concat([_events(f"a{i}", 40) for i in range(50)], ignore_index=True)
    store.commit(data, events, pd.concat([_articles(f"a{i}") for i in range(50)]))
    monkeypatch.chdir(tmp_path)
    sql = "SELECT ? AS x, * FROM " + str(store._source(data, store.EVENTS, hive=False))
    full = store._query_arrow(sql + " ORDER BY event_id", ["p"])
    assert len(full) == 2000 and full.column("x")[0].as_py() == "p"
    assert full.schema.field("event_id").type == pa.large_string()
    # 1 MB: DuckDB's sort runs out of memory; the read runs again without the limit
    small = store._query_arrow(sql + " ORDER BY event_id", ["p"], memory_limit="1MB")
    assert small.equals(full)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no spill folder left


def test_empty_store_reads_and_queries(tmp_path: Path) -> None:
    events, articles = store.read_tables(tmp_path)
    assert len(articles) == 0 and list(articles.columns) == list(ARTICLE_COLUMNS)
    assert len(events) == 0 and str(events["date"].dtype).startswith("datetime64")
    assert store.count(tmp_path) == (0, 0)
    assert store.query(tmp_path, "SELECT count(*) AS n FROM events")["n"].tolist() == [0]


def test_export_csv_and_compact(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        store.commit(tmp_path, _events(name, 2), _articles(name))
    before = store.read_events(tmp_path)
    assert len(list((tmp_path / "events.parquet").glob("*/*.parquet"))) == 3
    assert store.compact(tmp_path) == 1
    assert len(list((tmp_path / "events.parquet").glob("*/*.parquet"))) == 1
    pd.testing.assert_frame_equal(store.read_events(tmp_path), before)
    path = store.export_csv(tmp_path)
    csv = pd.read_csv(path, dtype={"cameo_code": str})
    assert list(csv.columns) == list(EVENT_COLUMNS)
    assert len(csv) == 6 and csv["date"].iloc[0] == "2024-01-16"
    assert csv["event_id"].tolist() == before["event_id"].tolist()
    with pytest.raises(ValueError, match="unknown table"):
        store.export_csv(tmp_path, table="nope")


def test_export_with_a_connection_opened_ahead(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A :class:`store.ConnectionAhead` gives the same file as a connection opened by the
    export; the export takes and closes it, even when it fails; an unused one closes."""
    import duckdb

    for name in ("a", "b"):
        store.commit(tmp_path, _events(name, 2), _articles(name))
    plain = store.export_csv(tmp_path, tmp_path / "plain.csv").read_bytes()
    opened: list[duckdb.DuckDBPyConnection] = []
    original = duckdb.connect

    def connect(*args: object, **kw: object) -> duckdb.DuckDBPyConnection:
        opened.append(original(*args, **kw))  # type: ignore[arg-type]
        return opened[-1]

    monkeypatch.setattr(duckdb, "connect", connect)
    ahead = store.ConnectionAhead()
    assert store.export_csv(tmp_path, tmp_path / "ahead.csv", connection=ahead
                            ).read_bytes() == plain
    assert len(opened) == 1  # the export opened none of its own
    with pytest.raises(duckdb.ConnectionException):
        opened[0].execute("SELECT 1")  # closed
    with pytest.raises(RuntimeError, match="taken already"):
        ahead.take()

    failing = store.ConnectionAhead()
    with pytest.raises(ValueError, match="unknown table"):
        store.export_csv(tmp_path, table="nope", connection=failing)
    with pytest.raises(duckdb.ConnectionException):
        opened[1].execute("SELECT 1")
    unused = store.ConnectionAhead()
    unused.close()
    with pytest.raises(duckdb.ConnectionException):
        opened[2].execute("SELECT 1")

    def broken(*args: object, **kw: object) -> duckdb.DuckDBPyConnection:
        raise duckdb.IOException("cannot open")

    monkeypatch.setattr(duckdb, "connect", broken)
    with pytest.raises(duckdb.IOException, match="cannot open"):
        store.ConnectionAhead().take()
    store.ConnectionAhead().close()  # nothing to close


def test_iorw_keeps_the_table_names() -> None:
    for name in ("atomic_write", "read_events", "read_articles", "read_tables", "write_tables"):
        assert getattr(iorw, name) is getattr(store, name)


def test_atomic_write_gives_the_usual_file_mode(tmp_path: Path) -> None:
    """Not mkstemp's 0600: other users of a shared data folder can read the tables."""
    import os

    from analysis.store import atomic_write

    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "x.csv", lambda p: p.write_text("a\n"))
    finally:
        os.umask(umask)
    assert (tmp_path / "x.csv").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "x.csv").read_text() == "a\n"
    assert not list(tmp_path.glob(".*.tmp"))


def test_reingest_rewriting_two_files_of_one_month_keeps_both(tmp_path: Path) -> None:
    store.commit(tmp_path, pd.concat([_events("a", 1), _events("b", 2)]), _articles("a", "b"))
    store.commit(tmp_path, pd.concat([_events("c", 1), _events("d", 1)]), _articles("c", "d"))
    assert len(list((tmp_path / "events.parquet").glob("*/*.parquet"))) == 2
    # "a" and "c" sit in different files of one month: both files are rewritten at once
    store.commit(tmp_path, pd.concat([_events("a", 2), _events("c", 2)]), _articles("a", "c"))
    events, articles = store.read_tables(tmp_path)
    assert sorted(articles["article_id"]) == ["a", "b", "c", "d"]
    assert events.groupby("article_id").size().to_dict() == {"a": 2, "b": 2, "c": 2, "d": 1}
    names = sorted(p.name for p in (tmp_path / "events.parquet").glob("*/*.parquet"))
    assert len(names) == 3 and sum(n.endswith("-r.parquet") for n in names) == 1
    assert sum(n.endswith("-r2.parquet") for n in names) == 1


_DAYS = st.one_of(st.none(), st.dates(min_value=dt.date(1677, 9, 22),
                                      max_value=dt.date(2262, 4, 11)))


@settings(max_examples=300, deadline=None)
@given(st.lists(_DAYS, max_size=30))
def test_month_partitions_as_strftime(days: list[dt.date | None]) -> None:
    """store._months, formatting each month once, gives strftime("%Y-%m") of every row
    ("unknown" when missing)."""
    published = pd.Series([None if d is None else pd.Timestamp(d) for d in days],
                          dtype="datetime64[ns]")
    by_row = published.dt.strftime("%Y-%m").fillna(store.UNKNOWN_MONTH)
    arrow = pa.chunked_array([pa.array(published, type=pa.timestamp("ns"))])
    got = store._months(arrow)
    assert got.dtype == object and got.tolist() == by_row.tolist()


def test_table_ids_lists_the_ids_without_nulls() -> None:
    table = pa.table({"article_id": pa.array(["a", None, "b", "a"], type=pa.large_string())})
    assert store._table_ids(table) == {"a", "b"}


def test_the_connection_is_open_before_the_refresh_can_fork(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """An ingest opens the export's connection in a thread, but waits for it before the
    incidents refresh, which may fork: no thread is inside DuckDB's connect at a fork."""
    import importlib
    import threading
    import time

    ingest_module = importlib.import_module("analysis.ingest")  # analysis.ingest is the function

    connecting: list[bool] = []
    refresh = ingest_module.refresh_incidents

    def spy(*args: Any, **kwargs: Any) -> Any:
        connecting.append(any(t.name == "duckdb-connect" for t in threading.enumerate()))
        return refresh(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "refresh_incidents", spy)
    import duckdb

    connect = duckdb.connect

    def slow_connect(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)  # slower than the commit before the refresh
        return connect(*args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", slow_connect)
    seed = Path(__file__).resolve().parents[1] / "seeds"
    summary = ingest_module.ingest([seed], tmp_path / "data")
    assert summary.n_events > 0 and (tmp_path / "data" / "events.csv").is_file()
    assert connecting == [False]

    waited = store.ConnectionAhead()
    waited.wait()
    assert not any(t.name == "duckdb-connect" for t in threading.enumerate())
    waited.close()


def test_ahead_returns_the_value_or_raises_what_the_thread_raised() -> None:
    from analysis.ahead import Ahead

    done = Ahead(lambda: 41 + 1, "t-value")
    assert done.result() == 42 and done.wait() is None and not done.running

    def fail() -> int:
        raise ValueError("no")

    failed = Ahead(fail, "t-error")
    assert isinstance(failed.wait(), ValueError)
    with pytest.raises(ValueError, match="no"):
        failed.result()
