"""The store's Arrow path: tables built straight from column lists (store.typed_table) are
the tables typed_frame + from_pandas gave, and committing them writes the same store."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import store
from analysis.engine import EngineConfig, merge_columns, run_engine
from analysis.pipeline import (
    analyse_article,
    article_columns,
    event_columns,
    typed_frame,
)
from analysis.records import Article
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS

TEXT = ("Iran launched missile strikes on militant bases in Pakistan on Tuesday. "
        "Pakistan recalled its ambassador from Tehran on Wednesday. "
        "India and China held talks on the border dispute last week.")


def _articles() -> list[Article]:
    days = [dt.date(2024, 1, 19), dt.date(2024, 3, 2), None, dt.date(2024, 1, 5)]
    return [Article(article_id=f"a{k}", text=TEXT, published=day, dct_source="record",
                    title=f"title {k}") for k, day in enumerate(days)]


def _via_pandas(columns: dict[str, list[Any]], schema: dict[str, str]) -> pa.Table:
    return pa.Table.from_pandas(typed_frame(columns, schema),
                                schema=store._arrow_schema(schema), preserve_index=False)


def _same(got: pa.Table, want: pa.Table) -> None:
    assert got.equals(want)
    assert got.schema.equals(want.schema, check_metadata=True)


def test_typed_table_is_the_frame_from_pandas_converted() -> None:
    analyses = [analyse_article(a) for a in _articles()]
    events, articles = event_columns(analyses), article_columns(analyses)
    assert len(events["event_id"]) > 2 and None in events["date"]
    _same(store.typed_table(events, EVENT_COLUMNS), _via_pandas(events, EVENT_COLUMNS))
    _same(store.typed_table(articles, ARTICLE_COLUMNS), _via_pandas(articles, ARTICLE_COLUMNS))
    for schema in (EVENT_COLUMNS, ARTICLE_COLUMNS):  # no rows
        _same(store.typed_table({}, schema), _via_pandas({}, schema))
        assert store.typed_table({}, schema).num_rows == 0


def test_typed_table_takes_what_the_frame_takes() -> None:
    """Missing columns are null, NaN is null, and values Arrow refuses as they are go
    through pandas as typed_frame converts them."""
    schema = {"s": "string", "i": "int64", "f": "float64", "d": "datetime64[ns]",
              "absent": "string"}
    columns: dict[str, list[Any]] = {
        "s": ["x", None, 7, ""],  # a number among strings: pandas makes it "7"
        "i": [1, True, 3, 2.0],  # a bool among ints
        "f": [0.5, math.nan, None, 2],
        "d": [86_400 * 10**9, None, 0, 10**18],
    }
    got = store.typed_table(columns, schema)
    _same(got, _via_pandas(columns, schema))
    assert got.column("s").to_pylist() == ["x", None, "7", ""]
    assert got.column("i").to_pylist() == [1, 1, 3, 2]
    assert got.column("f").to_pylist() == [0.5, None, None, 2.0]
    assert got.column("absent").null_count == 4


def test_a_table_and_a_frame_commit_the_same_files(tmp_path: Path) -> None:
    analyses = [analyse_article(a) for a in _articles()]
    events, articles = event_columns(analyses), article_columns(analyses)
    # rows out of order: each file is sorted (dated months and the unknown one)
    order = list(range(len(events["event_id"])))[::-1]
    events = {k: [v[i] for i in order] for k, v in events.items()}
    store.commit(tmp_path / "frame", typed_frame(events, EVENT_COLUMNS),
                 typed_frame(articles, ARTICLE_COLUMNS))
    store.commit(tmp_path / "table", store.typed_table(events, EVENT_COLUMNS),
                 store.typed_table(articles, ARTICLE_COLUMNS))
    # an Arrow table in another schema is read as a frame
    loose = store.typed_table(events, EVENT_COLUMNS).drop_columns(["incident_id"])
    store.commit(tmp_path / "loose", loose, store.typed_table(articles, ARTICLE_COLUMNS))
    names = {}
    for kind in ("frame", "table", "loose"):
        files = sorted((tmp_path / kind).glob("*.parquet/*/*.parquet"))
        names[kind] = [(p.parent.parent.name, p.parent.name) for p in files]
        tables = [pq.read_table(p) for p in files]
        if kind == "frame":
            want = tables
        else:
            for got, expected in zip(tables, want, strict=True):
                _same(got, expected)
    assert names["frame"] == names["table"] == names["loose"]
    assert ("events.parquet", "published_month=unknown") in names["frame"]
    events_jan = pq.read_table(tmp_path / "table" / "events.parquet" /
                               "published_month=2024-01").to_pylist()
    keys = [(r["published"], r["article_id"], r["sentence_index"], r["char_start"])
            for r in events_jan]
    assert keys == sorted(keys) and {r["article_id"] for r in events_jan} == {"a0", "a3"}


def test_an_event_lives_in_its_articles_month(tmp_path: Path) -> None:
    """An event's file is its article's month (its own publication date only when its
    article is not in the batch)."""
    analyses = [analyse_article(a) for a in _articles()[:1]]
    events = event_columns(analyses)
    n = len(events["event_id"])
    events["published"] = [None] * n  # the article's month wins
    events["published"][0] = 0
    store.commit(tmp_path, store.typed_table(events, EVENT_COLUMNS),
                 store.typed_table(article_columns(analyses), ARTICLE_COLUMNS))
    months = sorted(p.name for p in (tmp_path / "events.parquet").iterdir())
    assert months == ["published_month=2024-01"]
    orphan = dict(events, article_id=["zz"] * n, event_id=[f"e{k}" for k in range(n)])
    store.commit(tmp_path / "orphans", store.typed_table(orphan, EVENT_COLUMNS),
                 store.typed_table({}, ARTICLE_COLUMNS))
    months = sorted(p.name for p in (tmp_path / "orphans" / "events.parquet").iterdir())
    assert months == ["published_month=1970-01", "published_month=unknown"]


def test_ingest_commit_returns_the_articles_written(tmp_path: Path) -> None:
    from analysis.ingest import _commit

    results = list(run_engine(iter(_articles()), EngineConfig(workers=1)))
    ids = _commit(tmp_path, results)
    assert ids == {"a0", "a1", "a2", "a3"}
    events = merge_columns([r.event_columns for r in results])
    stored = store.read_events(tmp_path)
    assert sorted(stored["event_id"]) == sorted(events["event_id"])


def test_a_staged_file_that_fails_leaves_the_store_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new rows' files are written and synced in threads: the commit waits for every
    one before its journal, and a failure means no journal (the previous state), no
    thread left writing once the commit returns, and staging the next writer removes."""
    import threading

    analyses = [analyse_article(a) for a in _articles()]
    events = store.typed_table(event_columns(analyses), EVENT_COLUMNS)
    articles = store.typed_table(article_columns(analyses), ARTICLE_COLUMNS)
    store.commit(tmp_path, events.slice(0, 1), articles.slice(0, 1))
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet"))
    written = store._write_synced
    calls: list[Path] = []

    def flaky(table: pa.Table, path: Path) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        written(table, path)

    monkeypatch.setattr(store, "_write_synced", flaky)
    with pytest.raises(OSError, match="disk full"):
        store.commit(tmp_path, events, articles)
    assert len(calls) > 2  # the other files were written meanwhile
    assert not [t for t in threading.enumerate() if t.name == "stage-file"]
    assert not list((tmp_path / ".staging").glob("*.journal.json"))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet")
                  if ".staging" not in p.parts) == before
    monkeypatch.setattr(store, "_write_synced", written)
    store.commit(tmp_path, events, articles)
    assert not any((tmp_path / ".staging").iterdir())
    assert len(store.read_events(tmp_path)) == events.num_rows


def test_a_file_rewritten_without_articles_is_filtered_as_the_frame_was(
        tmp_path: Path) -> None:
    """A stored file, in the store's schema or older (a column missing, conformed first),
    is filtered as the frame path wrote it."""
    analyses = [analyse_article(a) for a in _articles()]
    columns = event_columns(analyses)
    columns["article_id"][0] = None  # a row without an article id stays
    stored = store.typed_table(columns, EVENT_COLUMNS)
    ids = {"a1", "a3"}
    frame = stored.to_pandas()
    want = store._frame_table(frame[~frame["article_id"].astype(str).isin(ids)],
                              EVENT_COLUMNS)
    for old in (stored, stored.drop_columns(["incident_id"])):
        path = tmp_path / "part.parquet"
        pq.write_table(old, path)
        got = store._without(pq.read_table(path), ids, EVENT_COLUMNS)
        _same(got, want)
        assert got.num_rows == sum(a not in ids for a in columns["article_id"])
        assert None in got.column("article_id").to_pylist()


def test_errors_csv_of_no_issue_is_the_header_pandas_writes(tmp_path: Path) -> None:
    import pandas as pd

    path = store.write_errors(tmp_path, [])
    want = tmp_path / "want.csv"
    pd.DataFrame([], columns=list(store.ERROR_COLUMNS)).to_csv(want, index=False,
                                                                 encoding="utf-8")
    assert path.read_bytes() == want.read_bytes() == b"path,record,kind,message\n"
    assert oct(path.stat().st_mode & 0o777) == oct(want.stat().st_mode & 0o777)


def test_one_file_is_read_as_read_table_reads_it(tmp_path: Path) -> None:
    """``store._read_file`` (no dataset layer) gives ``pq.read_table``'s table of one store
    file: the events' and articles' files (whole or some columns) and incidents.parquet,
    schema metadata included."""
    out = tmp_path / "d"
    results = list(run_engine(_articles(), EngineConfig(workers=1)))
    store.commit(out, store.typed_table(merge_columns([r.event_columns for r in results]),
                                        EVENT_COLUMNS),
                 store.typed_table(merge_columns([r.article_columns for r in results]),
                                   ARTICLE_COLUMNS))
    store.refresh_incidents(out, None, result=False)
    files = [*store._parts(out / store.EVENTS), *store._parts(out / store.ARTICLES),
             out / store.INCIDENTS]
    assert len(files) > 3
    for path in files:
        for columns in (None, ["article_id"] if "incidents" not in path.name else None):
            got, want = store._read_file(path, columns), pq.read_table(path, columns=columns)
            assert got.equals(want) and got.schema.equals(want.schema, check_metadata=True)
