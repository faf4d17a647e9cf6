"""Clustering blocks on several processes: the same incidents as the serial clustering."""

from __future__ import annotations

import importlib
import json
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

import analysis.incidents as incidents_module
from analysis.incidents import _balanced, _sweep_work, recluster_table
from analysis.store import INCIDENTS, commit, refresh_incidents
from tests.test_store_incidents import _batch

_COUNTRIES = ["IRN", "PAK", "IND", "AFG", "ISR", "SYR", "IRQ", "RUS", "UKR", "USA"]
_WORDS = ["strike", "militant", "hideout", "border", "talks", "missile", "envoy", "tanker",
          "drone", "convoy", "summit", "ceasefire"]


def _events(seed: int, n: int) -> pd.DataFrame:
    """``n`` events in many blocks of very different sizes, some undated."""
    from tests.conftest import build_events

    rnd = random.Random(seed)
    base = pd.Timestamp("2024-01-01")
    rows = []
    for k in range(n):
        day = rnd.randint(0, 60)
        width = rnd.choice([0, 0, 0, 1, 2, 5, 40])
        dated = rnd.random() > 0.05
        # skewed: a few big dyads, many small ones
        a1 = _COUNTRIES[min(int(rnd.expovariate(0.6)), len(_COUNTRIES) - 1)]
        rows.append({
            "event_id": f"a{k // 3}-s{k}-e0", "article_id": f"a{k // 3}",
            "actor1_code": a1 + rnd.choice(["", "MIL", "GOV"]),
            "actor2_code": rnd.choice(_COUNTRIES),
            "cameo_code": rnd.choice(["190", "195", "183", "042", "036", "112", "173"]),
            "evidence": " ".join(rnd.sample(_WORDS, rnd.randint(1, 5))),
            "source": rnd.choice(["A", "B", "C; D", ""]),
            "date": base + pd.Timedelta(days=day) if dated else pd.NaT,
            "date_earliest": base + pd.Timedelta(days=day) if dated else pd.NaT,
            "date_latest": base + pd.Timedelta(days=day + width) if dated else pd.NaT,
            "published": base + pd.Timedelta(days=day + width),
        })
    return build_events(rows)


@pytest.fixture
def parallel_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of groups of every clustering that ran on several processes."""
    runs: list[int] = []
    real = incidents_module._parallel

    def spy(job: Any, groups: list[list[int]]) -> Any:
        parts = real(job, groups)
        assert parts is not None
        runs.append(len(groups))
        return parts

    monkeypatch.setattr(incidents_module, "_parallel", spy)
    return runs


@pytest.mark.parametrize("workers", [2, 3])
def test_parallel_clustering_equals_serial(workers: int, parallel_runs: list[int]) -> None:
    events = _events(1, 1500)
    serial = recluster_table(events, [-1] * len(events))
    assert parallel_runs == []
    parallel = recluster_table(events, [-1] * len(events), workers=workers, parallel_min=0)
    assert parallel_runs == [workers]
    pd.testing.assert_frame_equal(parallel, serial)
    assert serial["n_events"].sum() == len(events)
    assert serial["n_events"].max() > 1 and serial["block"].nunique() > 20


def test_parallel_calls_unchanged_once_per_cluster_in_serial_order(
        parallel_runs: list[int]) -> None:
    events = _events(2, 900)
    seen: dict[int, list[tuple[int, ...]]] = {1: [], 2: []}

    def unchanged_for(workers: int) -> Any:
        def unchanged(cluster: list[int]) -> bool:
            seen[workers].append(tuple(cluster))
            return len(cluster) == 1 and cluster[0] % 2 == 0  # drop some rows
        return unchanged

    serial = recluster_table(events, [-1] * len(events), unchanged=unchanged_for(1))
    parallel = recluster_table(events, [-1] * len(events), unchanged=unchanged_for(2),
                               workers=2, parallel_min=0)
    assert parallel_runs == [2]
    assert seen[2] == seen[1] and len(seen[1]) == len(set(seen[1]))
    pd.testing.assert_frame_equal(parallel, serial)
    assert len(serial) < len(seen[1])


def test_forked_workers_take_their_own_job_not_this_process_global(
        parallel_runs: list[int]) -> None:
    """A clustering running meanwhile in another thread (simulated: this process's
    ``_FORKED`` holds another job) does not change what the forked workers cluster."""
    events = _events(4, 900)
    other = _events(5, 300)
    serial = recluster_table(events, [-1] * len(events))
    decoy = incidents_module._Job(incidents_module._Columns.direct(other), [], [], [],
                                  frozenset(), lambda cluster: False)
    incidents_module._FORKED[:] = [decoy]
    try:
        parallel = recluster_table(events, [-1] * len(events), workers=2, parallel_min=0)
        assert incidents_module._FORKED[0] is decoy  # this process's global left alone
    finally:
        incidents_module._FORKED.clear()
    assert parallel_runs == [2]
    pd.testing.assert_frame_equal(parallel, serial)


def test_small_clusterings_stay_serial(parallel_runs: list[int]) -> None:
    events = _events(3, 300)
    serial = recluster_table(events, [-1] * len(events))
    same = recluster_table(events, [-1] * len(events), workers=2)  # default threshold
    assert parallel_runs == []
    pd.testing.assert_frame_equal(same, serial)


def test_sweep_work_counts_full_sweeps_and_fresh_events_only() -> None:
    blocks = [("IRN-PAK|19", [0, 1, 2, 3]),  # replayed: two fresh events
              ("IND-PAK|04", [4, 5]),  # every event fresh: swept in full
              ("AFG-PAK|19", [6, 7, 8]),  # in redo: swept in full
              ("IRN-IRQ|11", [9, 10]),  # nothing fresh: old clusters stand
              ("undated|e11", [11])]  # undated: its own incident
    prior = [0, -1, 1, -1, -1, -1, 2, 2, 3, 4, 4, -1]
    assert _sweep_work(blocks, prior, {"AFG-PAK|19"}) == 2 + 2 + 3
    assert _sweep_work(blocks, prior, set()) == 2 + 2
    assert _sweep_work(blocks, [-1] * 12, set()) == 11


def test_incremental_refresh_of_a_few_new_events_stays_serial(
        tmp_path: Path, parallel_runs: list[int]) -> None:
    """Hundreds of old events replayed around a few new ones: no pool is forked (the
    sweep of the new events costs less than forking), and the file is the serial one."""
    files = []
    for name, workers in (("serial", 1), ("parallel", 2)):
        out = tmp_path / name
        commit(out, *_batch(21, 900, 0))
        refresh_incidents(out, None, result=False, workers=workers, parallel_min=0)
        events, articles = _batch(22, 12, 900)
        commit(out, events, articles)
        refresh_incidents(out, set(articles["article_id"]), result=False, workers=workers,
                          parallel_min=100)
        files.append(pq.read_table(out / INCIDENTS))
    assert parallel_runs == [2]  # the first, full clustering only
    assert files[1].equals(files[0]) and files[0].num_rows > 100


def test_balanced_groups_cover_every_block_once() -> None:
    sizes = [2000, 5, 1500, 700, 700, 30, 1, 1, 900, 40]
    groups = _balanced(sizes, 2)
    assert sorted(b for g in groups for b in g) == list(range(len(sizes)))
    assert all(g == sorted(g) for g in groups)
    loads = [sum(sizes[b] for b in g) for g in groups]
    assert abs(loads[0] - loads[1]) <= max(sizes)
    assert _balanced(sizes, 2) == groups  # deterministic
    assert _balanced([3], 4) == [[0]]  # no empty groups


def test_parallel_store_refresh_writes_the_serial_file(tmp_path: Path,
                                                       parallel_runs: list[int]) -> None:
    def store(name: str, workers: int) -> Path:
        out = tmp_path / name
        commit(out, *_batch(11, 900, 0))
        refresh_incidents(out, None, result=False, workers=workers, parallel_min=0)
        for seed, start in ((12, 300), (13, 400)):  # new articles and re-ingested ones
            events, articles = _batch(seed, 150, start)
            commit(out, events, articles)
            refresh_incidents(out, set(articles["article_id"]), result=False,
                              workers=workers, parallel_min=0)
        return out

    serial, parallel = store("serial", 1), store("parallel", 2)
    assert len(parallel_runs) == 3
    got, want = pq.read_table(parallel / INCIDENTS), pq.read_table(serial / INCIDENTS)
    assert got.equals(want) and got.num_rows > 100


def test_ingest_passes_its_workers_to_the_refresh(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.engine import EngineConfig

    ingest_module = importlib.import_module("analysis.ingest")  # the module, not the function

    calls: list[int] = []
    real = ingest_module.refresh_incidents

    def spy(*args: Any, workers: int = 1, **kwargs: Any) -> Any:
        calls.append(workers)
        return real(*args, workers=workers, **kwargs)

    monkeypatch.setattr(ingest_module, "refresh_incidents", spy)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "date": "2024-01-17", "text":
                                  "Iran launched missile strikes on Pakistan on Tuesday."}) + "\n")
    ingest_module.ingest([source], tmp_path / "d", engine=EngineConfig(workers=3),
                         export=False)
    assert calls == [3]


@pytest.mark.parametrize("workers", [1, 2])
def test_arrow_route_is_the_frame_converted(workers: int, parallel_runs: list[int]) -> None:
    """recluster_arrow holds what pa.Table.from_pandas of recluster_table holds (schema,
    pandas metadata, rows), rows in the blocks' order: sorted as the store sorts, equal;
    with some clusters unchanged (rows dropped), and with none left."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.incidents import recluster_arrow

    events = _events(3, 1200)

    def unchanged(cluster: list[int]) -> bool:
        return len(cluster) == 1 and cluster[0] % 3 == 0

    for keep in (lambda cluster: False, unchanged, lambda cluster: True):
        frame = recluster_table(events, [-1] * len(events), unchanged=keep, workers=workers,
                                parallel_min=0)
        table = recluster_arrow(events, [-1] * len(events), unchanged=keep, workers=workers,
                                parallel_min=0)
        expected = pa.Table.from_pandas(frame, preserve_index=False)
        assert table.schema.equals(expected.schema, check_metadata=True)
        order = pc.sort_indices(table, sort_keys=[("date", "ascending"), ("dyad", "ascending"),
                                                  ("incident_id", "ascending")])
        assert table.take(order).equals(expected)
        assert len(frame) == table.num_rows
    assert parallel_runs == ([2] * 6 if workers == 2 else [])
    assert 0 < len(recluster_table(events, [-1] * len(events), unchanged=unchanged)) < len(events)
    empty = recluster_arrow(events.iloc[:0], [])
    assert empty.num_rows == 0
    assert empty.schema.equals(pa.Table.from_pandas(recluster_table(events.iloc[:0], []),
                                                    preserve_index=False).schema)


def test_before_fork_is_called_once_before_the_processes_fork(
        tmp_path: Path, parallel_runs: list[int]) -> None:
    """``before_fork`` (an ingest waits for its threads there) runs before the forks of a
    parallel clustering, once, and not at all when the clustering stays serial."""
    calls: list[int] = []
    events = _events(7, 600)
    incidents_module.recluster_arrow(events, [-1] * len(events), workers=2, parallel_min=0,
                                     before_fork=lambda: calls.append(len(parallel_runs)))
    assert calls == [0] and parallel_runs == [2]  # called before the (one) parallel run
    incidents_module.recluster_arrow(events, [-1] * len(events), workers=1,
                                     before_fork=lambda: calls.append(-1))
    out = tmp_path / "d"
    commit(out, *_batch(11, 300, 0))
    refresh_incidents(out, None, result=False, workers=2, parallel_min=0,
                      before_fork=lambda: calls.append(len(parallel_runs)))
    assert calls == [0, 1] and parallel_runs == [2, 2]
