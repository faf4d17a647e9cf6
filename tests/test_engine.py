"""Engines give the same tables: in-process, local processes, Dask."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.engine import EngineConfig, analyse_chunk, merge_columns, run_engine
from analysis.ingest import ingest
from analysis.pipeline import analyse_article, articles_frame, events_frame, typed_frame
from analysis.records import Article
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS
from analysis.store import read_tables

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = (
    "Iran launched missile strikes on militant bases in Pakistan on Tuesday.",
    "Pakistan recalled its ambassador from Tehran on Wednesday.",
    "The two foreign ministers agreed on Friday to de-escalate.",
    "China offered to mediate between Iran and Pakistan.",
)


def _articles(n: int) -> list[Article]:
    return [Article(article_id=f"art{i:02d}",
                    text=" ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3)),
                    published=dt.date(2024, 1 + i % 2, 10 + i), dct_source="record",
                    title=f"Story {i}")
            for i in range(n)]


def _tables(config: EngineConfig, articles: list[Article]) -> tuple[pd.DataFrame, pd.DataFrame]:
    results = list(run_engine(articles, config))
    events = pd.concat([r.events for r in results], ignore_index=True)
    arts = pd.concat([r.articles for r in results], ignore_index=True)
    return events, arts


def test_analyse_chunk_counts() -> None:
    result = analyse_chunk(_articles(3))
    assert result.n_articles == 3 and len(result.articles) == 3
    assert result.events["article_id"].isin(["art00", "art01", "art02"]).all()
    assert len(result.events) > 0


def test_chunk_columns_build_the_frames_of_the_analyses() -> None:
    articles = _articles(7)
    analyses = [analyse_article(a) for a in articles]
    chunks = [analyse_chunk(part) for part in (articles[:3], articles[3:3], articles[3:])]
    assert [c.n_events for c in chunks] == [len(c.events) for c in chunks]
    assert chunks[1].n_events == 0 and len(chunks[1].articles) == 0
    events = typed_frame(merge_columns([c.event_columns for c in chunks]), EVENT_COLUMNS)
    arts = typed_frame(merge_columns([c.article_columns for c in chunks]), ARTICLE_COLUMNS)
    pd.testing.assert_frame_equal(events, events_frame(analyses))
    pd.testing.assert_frame_equal(arts, articles_frame(analyses))
    pd.testing.assert_frame_equal(
        events, pd.concat([c.events for c in chunks if c.n_events], ignore_index=True))
    assert events["event_id"].tolist() == [r["event_id"] for a in analyses for r in a.events]
    assert arts["tone"].tolist() == [a.tone.polarity for a in analyses]
    assert merge_columns([]) == {}


def test_local_processes_equal_in_process() -> None:
    articles = _articles(9)
    one_events, one_articles = _tables(EngineConfig(workers=1, chunk=4), articles)
    two_events, two_articles = _tables(EngineConfig(workers=2, chunk=2), articles)
    pd.testing.assert_frame_equal(one_events, two_events)
    pd.testing.assert_frame_equal(one_articles, two_articles)
    assert one_articles["article_id"].tolist() == [a.article_id for a in articles]  # in order


def test_dask_equals_local() -> None:
    pytest.importorskip("distributed")
    articles = _articles(6)
    local_events, _ = _tables(EngineConfig(workers=1), articles)
    dask_events, dask_articles = _tables(
        EngineConfig(engine="dask", workers=2, chunk=2, dask_processes=False), articles)
    assert set(dask_events["event_id"]) == set(local_events["event_id"])
    pd.testing.assert_frame_equal(local_events, dask_events)
    assert len(dask_articles) == 6


def test_dask_cuts_the_last_chunks_smaller_for_its_workers() -> None:
    pytest.importorskip("distributed")
    from analysis.engine import TAIL_SPLIT

    config = EngineConfig(engine="dask", workers=2, chunk=4, dask_processes=False)
    sizes = [r.n_articles for r in run_engine(_articles(12), config)]
    # two whole chunks go out at once; the third is held, then sent in TAIL_SPLIT pieces
    assert sizes == [4, 4] + [4 // TAIL_SPLIT] * TAIL_SPLIT


def test_chunk_size_defaults_per_engine() -> None:
    from analysis.engine import DASK_CHUNK, DEFAULT_CHUNK

    assert EngineConfig().chunk_size == DEFAULT_CHUNK == 64
    assert EngineConfig(workers=2).chunk_size == 64
    assert EngineConfig(engine="dask").chunk_size == DASK_CHUNK == 512
    assert EngineConfig(engine="dask", chunk=3).chunk_size == 3
    assert EngineConfig(chunk=100).chunk_size == 100
    assert EngineConfig(engine="dask", chunk=0).chunk_size == 1


def test_dask_in_flight_counts_articles_for_large_chunks() -> None:
    from analysis.engine import IN_FLIGHT, _in_flight

    assert _in_flight(2) == _in_flight(64) == IN_FLIGHT == 12
    assert _in_flight(128) == 6
    assert _in_flight(256) == 4 and _in_flight(512) == 4  # never fewer than 4


def test_dask_default_chunks_are_large(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    import analysis.engine as engine

    monkeypatch.setattr(engine, "DASK_CHUNK", 5)
    config = EngineConfig(engine="dask", workers=1, dask_processes=False)
    assert config.chunk is None
    sizes = [r.n_articles for r in run_engine(_articles(12), config)]
    assert sizes == [5, 5, 2]  # one worker: no tail split


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        list(run_engine(_articles(1), EngineConfig(engine="spark")))


def test_ingest_same_store_whichever_engine(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(
        pd.Series({"id": a.article_id, "text": a.text, "date": str(a.published)}).to_json()
        for a in _articles(8)) + "\n", encoding="utf-8")
    stores = {}
    for name, config in (("local1", EngineConfig(workers=1)),
                         ("local2", EngineConfig(workers=2, chunk=3)),
                         ("dask", EngineConfig(engine="dask", workers=2, chunk=3,
                                               dask_processes=False))):
        summary = ingest([src], tmp_path / name, engine=config, batch_size=3)
        assert summary.n_articles == 8 and summary.n_errors == 0
        stores[name] = read_tables(tmp_path / name)
    for name in ("local2", "dask"):
        pd.testing.assert_frame_equal(stores[name][0], stores["local1"][0])
        pd.testing.assert_frame_equal(stores[name][1], stores["local1"][1])


@pytest.mark.parametrize("n", [0, 1, 63, 64, 65, 128, 200, 257, 1000])
@pytest.mark.parametrize("ahead", [0, 1, 2, 3])
def test_chunks_keep_every_article_in_order_and_cut_the_last_ones_smaller(
        n: int, ahead: int) -> None:
    from analysis.engine import TAIL_SPLIT, _chunks

    articles = [Article(article_id=f"a{k}", text="x") for k in range(n)]
    chunks = list(_chunks(articles, 64, ahead=ahead))
    assert [a for c in chunks for a in c] == articles
    assert all(chunks)
    sizes = [len(c) for c in chunks]
    small = 64 // TAIL_SPLIT
    full_chunks = -(-n // 64)  # chunks of 64 without the split
    if ahead == 0 or full_chunks <= ahead:
        assert sizes == [min(64, n - 64 * k) for k in range(full_chunks)]
    else:
        # the first ``ahead`` chunks go at once; of the others, the last ``ahead`` (the
        # partial one among them) are cut small
        whole = max(ahead, full_chunks - ahead)
        assert sizes[:whole] == [64] * whole
        assert all(s <= small for s in sizes[whole:])
        assert sum(sizes[whole:]) == n - 64 * whole


def test_pool_is_not_waited_for_once_every_result_is_in(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """After the last result the workers exit while the caller goes on (no wait); a
    caller that stops early still has the pool shut down and waited for, as before."""
    from concurrent.futures import ProcessPoolExecutor

    waits: list[bool] = []
    workers: list[list[Any]] = []  # each pool's processes when it was shut down
    original = ProcessPoolExecutor.shutdown

    def shutdown(self: ProcessPoolExecutor, wait: bool = True, **kw: bool) -> None:
        waits.append(wait)
        workers.append(list((getattr(self, "_processes", None) or {}).values()))
        original(self, wait=wait, **kw)

    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", shutdown)
    articles = _articles(6)
    one_events, _ = _tables(EngineConfig(workers=1), articles)
    two_events, _ = _tables(EngineConfig(workers=2, chunk=2), articles)
    assert waits == [False]
    pd.testing.assert_frame_equal(one_events, two_events)
    assert len(workers[0]) == 2
    for process in workers[0]:  # they do exit (the pool's thread joins them)
        process.join(timeout=60)
        assert process.exitcode == 0

    stream = run_engine(articles, EngineConfig(workers=2, chunk=2))
    assert next(stream).n_articles == 2
    stream.close()  # the consumer stops early
    assert waits == [False, True]
    assert len(workers[1]) == 2
    assert all(process.exitcode == 0 for process in workers[1])  # joined before close returned
