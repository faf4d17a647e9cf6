"""Incremental re-clustering (:func:`analysis.incidents.recluster`): a replay of the sweep
from the previous clustering gives exactly a full clustering."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.incidents import cluster_incidents, recluster
from tests.conftest import build_events

WORDS = ["strike", "militant", "hideout", "border", "talks", "missile", "envoy", "summoned",
         "ceasefire", "shelled", "tanker", "gulf"]
BASE = pd.Timestamp("2024-01-01")


def _partition(ids: pd.Series) -> set[frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for pos, label in enumerate(ids.tolist()):
        groups.setdefault(label, set()).add(pos)
    return {frozenset(g) for g in groups.values()}


@st.composite
def _rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(min_value=1, max_value=40))
    rows = []
    for i in range(n):
        lo = draw(st.integers(0, 30))
        # mostly narrow intervals, some wide ones bridging many events, some undated
        width = draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3, 7, 40]))
        dated = draw(st.integers(0, 12)) > 0
        words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=5))
        rows.append({
            "event_id": f"e{i:02d}",
            "article_id": f"a{i % 9}",
            "actor1_code": draw(st.sampled_from(["IRN", "PAK", "PAKMIL", ""])),
            "actor2_code": draw(st.sampled_from(["IRN", "PAK"])),
            "cameo_code": draw(st.sampled_from(["190", "195", "183", "040"])),
            "evidence": " ".join(words),
            "source": "Reuters",
            "date": BASE + pd.Timedelta(days=lo) if dated else pd.NaT,
            "date_earliest": BASE + pd.Timedelta(days=lo) if dated else pd.NaT,
            "date_latest": BASE + pd.Timedelta(days=lo + width) if dated else pd.NaT,
        })
    return rows


@settings(max_examples=300, deadline=None)
@given(_rows(), st.data())
def test_replay_equals_full_clustering(rows: list[dict[str, Any]], data: Any) -> None:
    events = build_events(rows).reset_index(drop=True)
    new = data.draw(st.sets(st.sampled_from(range(len(events)))), label="new rows")
    old_rows = [k for k in range(len(events)) if k not in new]
    _, old_ids = cluster_incidents(events.iloc[old_rows])
    number = {label: n for n, label in enumerate(sorted(set(old_ids)))}
    prior = [-1] * len(events)
    for k, label in zip(old_rows, old_ids.tolist(), strict=True):
        prior[k] = number[label]
    clusters, blocks = recluster(events, prior)
    _, full_ids = cluster_incidents(events)
    assert {frozenset(c) for c in clusters} == _partition(full_ids)
    assert all(c == sorted(c) for c in clusters)
    assert sorted(p for c in clusters for p in c) == list(range(len(events)))
    # a redo of every block gives the same
    again, _ = recluster(events, prior, redo=set(blocks))
    assert {frozenset(c) for c in again} == _partition(full_ids)


@settings(max_examples=200, deadline=None)
@given(_rows())
def test_fast_sweep_and_rows_equal_the_reference(rows: list[dict[str, Any]]) -> None:
    from analysis import incidents as inc

    events = build_events(rows).reset_index(drop=True)
    events.loc[::3, "goldstein"] = float("nan")
    events.loc[::4, "cameo_code"] = "999"  # not in the codebook: mean Goldstein of members
    prepared = inc._prepared(events)
    dated = prepared["date_earliest"].notna() & prepared["date_latest"].notna()
    los = prepared["date_earliest"].to_numpy().astype("datetime64[s]").view("int64").tolist()
    his = prepared["date_latest"].to_numpy().astype("datetime64[s]").view("int64").tolist()
    items = [inc._Item(lo, hi, inc.evidence_tokens(ev), (inc._country(a1), inc._country(a2)), c)
             for lo, hi, ev, a1, a2, c in zip(los, his, prepared["evidence"], prepared["_a1"],
                                              prepared["_a2"], prepared["_code"], strict=True)]
    keys = inc._block_keys_of(prepared, events.index)
    for key in set(keys[dated.to_numpy()]):
        positions = sorted((p for p in range(len(events)) if keys[p] == key and dated[p]),
                           key=lambda p: (los[p], his[p], prepared["_eid"][p]))
        assert inc._sweep_fast(items, positions) == inc._sweep(items, positions)
    # rows: the one-event shortcut and the direct columns equal the general path
    direct, of = inc._Columns.direct(events), inc._Columns.of(prepared)
    for name in direct.__slots__:
        if name != "goldstein":
            assert getattr(direct, name) == getattr(of, name), name
    assert [str(g) for g in direct.goldstein] == [str(g) for g in of.goldstein]
    for m in range(len(events)):
        assert inc._single_row(direct, m) == inc._group_row(direct, [m])
