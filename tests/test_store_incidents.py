"""DIR/incidents.parquet: kept up to date by ingest, block by block, identical to a full run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.ingest import ingest
from analysis.store import read_events, read_incidents, refresh_incidents

STORIES = [
    ("a1", "2024-01-17", "Agency A", "Iran launched missile strikes on militant bases in "
     "Pakistan on Tuesday. Pakistan condemned the strikes."),
    ("a2", "2024-01-18", "Agency B", "Pakistan struck militant hideouts in Iran on Thursday. "
     "Iran summoned Pakistan's envoy."),
    ("a3", "2024-01-19", "Agency C", "Pakistan and Iran agreed to de-escalate on Friday."),
    ("b1", "2025-05-08", "Agency D", "India launched missile strikes on Pakistan on Wednesday."),
]


def _write(folder: Path, stories: list[tuple[str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stories.jsonl"
    path.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}) + "\n"
                            for i, d, s, t in stories))
    return path


def _membership(incidents: pd.DataFrame) -> set[tuple[str, tuple[str, ...]]]:
    return {(row.incident_id, tuple(sorted(row.event_ids)))
            for row in incidents.itertuples(index=False)}


def test_every_event_carries_its_incident(tmp_path: Path) -> None:
    ingest([_write(tmp_path / "in", STORIES)], tmp_path / "d")
    events = read_events(tmp_path / "d")
    incidents = read_incidents(tmp_path / "d")
    assert len(events) > 0 and events["incident_id"].notna().all()
    by_event = {e: row.incident_id for row in incidents.itertuples() for e in row.event_ids}
    assert dict(zip(events["event_id"], events["incident_id"], strict=True)) == by_event
    assert incidents["n_events"].sum() == len(events)
    csv = pd.read_csv(tmp_path / "d" / "events.csv")
    assert csv["incident_id"].notna().all()


def test_incremental_refresh_equals_full_clustering(tmp_path: Path) -> None:
    out = tmp_path / "d"
    ingest([_write(tmp_path / "first", STORIES[:2])], out)
    ingest([_write(tmp_path / "second", STORIES[2:])], out)
    # re-ingest a1 with different text: its events change, ids stay
    changed = [("a1", "2024-01-17", "Agency A",
                "Iran fired missiles at militant camps in Pakistan on Tuesday.")]
    ingest([_write(tmp_path / "third", changed)], out)
    incremental = _membership(read_incidents(out))
    full = _membership(refresh_incidents(out, None))
    assert incremental == full
    events = read_events(out)
    assert set(events["event_id"]) == {e for _, ids in full for e in ids}


def test_untouched_blocks_are_not_reclustered(tmp_path: Path) -> None:
    out = tmp_path / "d"
    ingest([_write(tmp_path / "first", STORIES)], out)
    before = read_incidents(out)
    india = before[before["dyad"] == "IND-PAK"]
    assert len(india) >= 1
    ingest([_write(tmp_path / "second", [("a4", "2024-01-20", "Agency E",
                                          "Iran and Pakistan held talks on Saturday.")])], out)
    after = read_incidents(out)
    kept = after[after["dyad"] == "IND-PAK"]
    assert _membership(kept) == _membership(india)
    assert len(after) > len(before)


# --- synthetic stores: the incremental refresh against a full re-clustering -------------

_WORDS = ["strike", "militant", "hideout", "border", "talks", "missile", "envoy", "tanker"]


def _batch(seed: int, n: int, first_article: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` events of articles ``a<first_article>...`` in a few blocks: narrow intervals,
    some wide ones bridging the others, some undated."""
    import random

    from analysis.schema import ARTICLE_COLUMNS, conform
    from tests.conftest import build_events

    rnd = random.Random(seed)
    base = pd.Timestamp("2024-01-01")
    rows = []
    for k in range(n):
        art = first_article + k // 3
        day = rnd.randint(0, 40)
        width = rnd.choice([0, 0, 0, 1, 2, 5, 60])
        dated = rnd.random() > 0.05
        rows.append({
            "event_id": f"a{art}-s{k}-e0", "article_id": f"a{art}",
            "actor1_code": rnd.choice(["IRN", "PAK", "PAKMIL"]),
            "actor2_code": rnd.choice(["IRN", "PAK"]),
            "cameo_code": rnd.choice(["190", "195", "042"]),
            "evidence": " ".join(rnd.sample(_WORDS, rnd.randint(1, 4))),
            "source": rnd.choice(["A", "B", "C"]),
            "date": base + pd.Timedelta(days=day) if dated else pd.NaT,
            "date_earliest": base + pd.Timedelta(days=day) if dated else pd.NaT,
            "date_latest": base + pd.Timedelta(days=day + width) if dated else pd.NaT,
            "published": base + pd.Timedelta(days=day + width),
        })
    events = build_events(rows)
    ids = sorted(set(events["article_id"]))
    defaults = {"int64": 0, "float64": 0.0, "datetime64[ns]": base}
    articles = conform(pd.DataFrame({
        name: [defaults.get(dtype, "")] * len(ids) for name, dtype in ARTICLE_COLUMNS.items()
    }).assign(article_id=ids), ARTICLE_COLUMNS)
    return events, articles


def _full(out: Path) -> pd.DataFrame:
    from analysis.incidents import cluster_incidents

    table, _ = cluster_incidents(read_events(out))
    return table


def test_refresh_after_commits_equals_full_clustering(tmp_path: Path) -> None:
    from analysis.store import commit

    out = tmp_path / "d"
    commit(out, *_batch(1, 300, 0))
    refresh_incidents(out, None)
    first = read_incidents(out)
    for seed, start in ((2, 100), (3, 200)):  # new articles only: blocks are replayed
        events, articles = _batch(seed, 60, start)
        commit(out, events, articles)
        assert refresh_incidents(out, set(articles["article_id"]), result=False) is None
        got = read_incidents(out)
        pd.testing.assert_frame_equal(got.drop(columns=["block"]), _full(out))
    # incidents no new event could reach are the same rows as before
    untouched = first[~first["incident_id"].isin(set(got["incident_id"]))]
    kept = first[first["incident_id"].isin(set(got["incident_id"]))]
    assert len(kept) > 0 and len(untouched) > 0
    again = got.set_index("incident_id").loc[kept["incident_id"]].reset_index()
    pd.testing.assert_frame_equal(again[kept.columns], kept.reset_index(drop=True))


def test_changed_and_gone_events_and_a_missed_refresh(tmp_path: Path) -> None:
    from analysis.store import commit

    out = tmp_path / "d"
    commit(out, *_batch(4, 300, 0))
    refresh_incidents(out, None)
    # a re-ingested article with other, fewer events (some gone, one changed)
    events, articles = _batch(5, 2, 7)
    commit(out, events.assign(event_id=["a7-s0-e0", "a7-s9-e0"]), articles)
    refresh_incidents(out, {"a7"})
    pd.testing.assert_frame_equal(read_incidents(out).drop(columns=["block"]), _full(out))
    # a commit whose refresh never ran (a crash), then another one: repaired
    commit(out, *_batch(6, 30, 500))
    events, articles = _batch(7, 30, 600)
    commit(out, events, articles)
    refresh_incidents(out, set(articles["article_id"]))
    pd.testing.assert_frame_equal(read_incidents(out).drop(columns=["block"]), _full(out))


def test_a_missed_refresh_of_a_changed_article_is_repaired(tmp_path: Path) -> None:
    from analysis.store import commit

    out = tmp_path / "d"
    commit(out, *_batch(8, 300, 0))
    refresh_incidents(out, None)
    # article a5 re-ingested with other evidence and dates under the same event ids, and
    # the refresh of that commit never ran (a crash): the next refresh is not told about it
    events, articles = _batch(8, 300, 0)
    mine = events[events["article_id"] == "a5"].copy()
    mine["evidence"] = "tanker envoy talks"
    mine["date_earliest"] = mine["date"] = pd.Timestamp("2024-01-20")
    mine["date_latest"] = pd.Timestamp("2024-01-21")
    commit(out, mine, articles[articles["article_id"] == "a5"])
    commit(out, *_batch(9, 30, 700))
    refresh_incidents(out, {f"a{k}" for k in range(700, 710)})
    pd.testing.assert_frame_equal(read_incidents(out).drop(columns=["block"]), _full(out))


def test_files_rewritten_without_a_changed_article_count_as_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-ingested article's files are rewritten without it (commit returns new -> old);
    told so, the refresh counts their other events as seen (the old file was), not as
    changed: the same incidents as a full clustering, from fewer events re-clustered, and
    through rewrites of rewrites. Not told (a crash), every event of them is changed."""
    from analysis import store

    out = tmp_path / "d"
    store.commit(out, *_batch(10, 300, 0))
    refresh_incidents(out, None)
    flagged: list[int] = []
    real = store._recluster_changed

    def counted(events: Any, old: Any, changed: set[str], unseen: Any, *args: Any) -> Any:
        flagged.append(int(unseen.sum()))
        return real(events, old, changed, unseen, *args)

    monkeypatch.setattr(store, "_recluster_changed", counted)
    events, articles = _batch(10, 300, 0)
    rewritten: dict[str, str] = {}
    for article in ("a5", "a40"):  # a rewrite, then a rewrite of the rewritten files
        mine = events[events["article_id"] == article].assign(evidence="tanker envoy talks")
        done = store.commit(out, mine, articles[articles["article_id"] == article])
        assert len(done) == 2 and all("-r" in new for new in done)  # events and articles
        rewritten.update(done)
    assert set(rewritten.values()) & set(rewritten)  # a chain: old -> -r -> -r
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    refresh_incidents(out, {"a5", "a40"}, rewritten=rewritten)
    refresh_incidents(copy, {"a5", "a40"})
    # told: only the new files of the two articles; not told: all 300 events
    assert flagged == [6, 300]
    pd.testing.assert_frame_equal(read_incidents(out), read_incidents(copy))
    pd.testing.assert_frame_equal(read_incidents(out).drop(columns=["block"]), _full(out))


def test_the_incidents_file_is_written_without_column_statistics(tmp_path: Path) -> None:
    """Every reader reads the incidents file whole: it is written without statistics (and
    uncompressed), and reads back as the refresh returned it."""
    import pyarrow.parquet as pq

    from analysis import store

    out = tmp_path / "d"
    store.commit(out, *_batch(12, 90, 0))
    got = refresh_incidents(out, None)
    meta = pq.ParquetFile(out / store.INCIDENTS).metadata
    assert meta.num_rows == len(got) > 0
    chunks = [meta.row_group(g).column(c) for g in range(meta.num_row_groups)
              for c in range(meta.num_columns)]
    assert all(not c.is_stats_set and c.compression == "UNCOMPRESSED" for c in chunks)
    pd.testing.assert_frame_equal(read_incidents(out), got)


@pytest.mark.parametrize("seed", [13, 14, 15])
def test_fresh_starts_are_those_of_block_keys_and_intervals(seed: int) -> None:
    """store._fresh_starts reads the blocks and first days as block_keys and intervals of
    the events' frame give them (undated events, wide intervals, missing bounds)."""
    import random

    import pyarrow as pa

    from analysis import store
    from analysis.incidents import block_keys, intervals

    events, _ = _batch(seed, 120, 0)
    rnd = random.Random(seed)
    for k in rnd.sample(range(len(events)), 25):  # one bound missing, or the date
        column = rnd.choice(["date", "date_earliest", "date_latest"])
        events.loc[k, column] = pd.NaT
    events.loc[0, "actor1_code"] = " pakmil "
    table = pa.Table.from_pandas(events, preserve_index=False)
    table = store._incident_columns(table.drop_columns(
        [c for c in table.column_names if c not in store._INCIDENT_INPUT]))
    frame = table.to_pandas()
    lo, _, dated = intervals(frame)
    want: dict[str, int] = {}
    for name, day, ok in zip(block_keys(frame).tolist(), lo.tolist(), dated.tolist(),
                             strict=True):
        want[name] = min(want.get(name, day), day) if ok else day
    got = store._fresh_starts(table)
    assert got == want
    assert any(n.startswith("undated|") for n in got) and len(got) > 5


def test_take_sorted_is_take_across_batches() -> None:
    """``_take_sorted`` (batch by batch) gives ``take``'s rows, for ascending rows in tables
    of several batches, columns chunked alike or not."""
    import numpy as np
    import pyarrow as pa

    from analysis.store import _take_sorted

    schema = pa.schema([("a", pa.int64()), ("b", pa.large_string())])
    parts = [pa.table({"a": list(range(k, k + n)), "b": [f"x{i}" for i in range(k, k + n)]},
                      schema=schema)
             for k, n in ((0, 5), (5, 0), (5, 7), (12, 1), (13, 4))]
    table = pa.concat_tables(parts)
    uneven = pa.table({"a": table.column("a").combine_chunks(), "b": table.column("b")})
    for rows in ([], [0], [4, 5], [0, 3, 5, 11, 12, 13, 16], list(range(17)), [16]):
        picked = np.array(rows, dtype=np.int64)
        for source in (table, uneven):
            got = _take_sorted(source, picked)
            assert got.equals(source.take(pa.array(picked, type=pa.int64())))
            assert got.schema == source.schema
