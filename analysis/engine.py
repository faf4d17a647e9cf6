"""Engines that run the pipeline over many articles: in-process, local processes, Dask.

Every engine cuts the article stream into chunks, analyses each chunk with
:func:`analyse_chunk` (one :class:`~analysis.pipeline.Analyzer` per worker
process, built on first use and reused) and yields the chunk results *in input
order*, so the tables are the same whichever engine ran them. At most
:data:`IN_FLIGHT` chunks per worker are in flight, so memory stays bounded on any
corpus size.

- ``local`` with one worker: in this process, no pickling.
- ``local`` with N > 1 workers: a :class:`concurrent.futures.ProcessPoolExecutor`.
- ``dask``: :mod:`dask.distributed`; a :class:`~distributed.LocalCluster` of N
  single-threaded worker processes, or the cluster at ``scheduler``
  (``tcp://host:8786``). Workers need the ``analysis`` package installed and
  the dictionary files (``--dictionary``) at the same paths.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Final

import pandas as pd

from .collector import collector_paused
from .pipeline import Analyzer, analyse_article, article_columns, event_columns, typed_frame
from .records import Article
from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS

__all__ = [
    "DEFAULT_CHUNK",
    "ENGINES",
    "ChunkResult",
    "EngineConfig",
    "analyse_chunk",
    "default_workers",
    "merge_columns",
    "run_engine",
]

ENGINES: Final = ("local", "dask")
#: Articles per chunk: smaller chunks balance better, larger ones cost less to send.
DEFAULT_CHUNK: Final = 64
#: Chunks in flight per worker. Results are consumed in order by a caller that
#: stops to commit every few thousand articles (~0.35 s for 5,000); enough work is
#: queued for the workers to keep busy meanwhile (about 1 s of analysis with 64-article
#: chunks). 3 per worker left them idle during commits: 2-worker Dask ingest of the
#: 19k Reuters stories 19.9/19.5 s -> 19.3/19.2 s (alternating runs).
IN_FLIGHT: Final = 12


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """How to run the pipeline: ``engine`` (local|dask), ``workers`` (None = all cores),
    ``scheduler`` (dask address; None = a LocalCluster), articles per ``chunk``."""

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    chunk: int = DEFAULT_CHUNK
    dask_processes: bool = True


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The tables of one chunk of articles as column lists (plain lists pickle
    cheaply between processes, and the frames are built once per commit rather
    than once per chunk), and counts for the summary."""

    event_columns: dict[str, list[Any]]
    article_columns: dict[str, list[Any]]
    n_articles: int
    n_events: int
    n_undated: int
    n_unresolved: int

    @property
    def events(self) -> pd.DataFrame:
        """The events table of the chunk."""
        return typed_frame(self.event_columns, EVENT_COLUMNS)

    @property
    def articles(self) -> pd.DataFrame:
        """The articles table of the chunk."""
        return typed_frame(self.article_columns, ARTICLE_COLUMNS)


def merge_columns(parts: Sequence[dict[str, list[Any]]]) -> dict[str, list[Any]]:
    """The column lists of several chunks, one after the other."""
    if not parts:
        return {}
    return {name: [v for part in parts for v in part[name]] for name in parts[0]}


_ANALYZERS: dict[tuple[str, ...], Analyzer] = {}


def _analyzer(dictionaries: tuple[str, ...]) -> Analyzer:
    """The worker's analyzer for these dictionary files, built once per process."""
    found = _ANALYZERS.get(dictionaries)
    if found is None:
        found = Analyzer.with_dictionaries([Path(p) for p in dictionaries])
        _ANALYZERS[dictionaries] = found
    return found


def analyse_chunk(articles: Sequence[Article], dictionaries: tuple[str, ...] = ()
                  ) -> ChunkResult:
    """Analyse ``articles`` (runs in a worker; module-level so that it pickles).

    The cyclic garbage collector is paused meanwhile: the analysis makes no
    reference cycles (everything it allocates is freed by reference counting),
    but its allocations trigger collections, and the full ones traverse the
    whole heap of the process (an ingest's, or in a forked worker the heap it
    shares with its parent, whose pages each traversal copies by writing into
    every object's header: ~15,000 page copies for 2,000 Reuters stories on 2
    workers)."""
    analyzer = _analyzer(dictionaries)
    with collector_paused():
        analyses = [analyse_article(article, analyzer) for article in articles]
        events = event_columns(analyses)
        result = ChunkResult(
            event_columns=events,
            article_columns=article_columns(analyses),
            n_articles=len(analyses),
            n_events=len(events["event_id"]),
            n_undated=sum(1 for a in analyses if a.article.published is None),
            n_unresolved=sum(a.n_unresolved_dates for a in analyses),
        )
        # freed before the collector resumes, which then has little young to visit
        del analyses
    return result


def _warm(dictionaries: tuple[str, ...]) -> None:
    """Build the worker's analyzer and load every lazily loaded table (one tiny article)."""
    analyse_article(Article(article_id="warm-up", text="Iran said on Friday it was good."),
                    _analyzer(dictionaries))


def _forks(pool_context: Any) -> bool:
    return bool(pool_context.get_start_method() == "fork")


def default_workers() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


#: the last chunks of a stream are cut this many times smaller (see :func:`_chunks`)
TAIL_SPLIT: Final = 4


def _chunks(articles: Iterable[Article], size: int, ahead: int = 0) -> Iterator[list[Article]]:
    """``articles`` in chunks of ``size``; after the first ``ahead`` chunks, ``ahead`` more
    are read in advance, so that the last ones (up to ``ahead`` chunks and the rest) are
    sent in chunks :data:`TAIL_SPLIT` times smaller: the workers then finish closer
    together (the last worker busy alone for up to a small chunk, not a whole one)."""
    stream = iter(articles)
    held: deque[list[Article]] = deque()
    n = 0
    while chunk := list(islice(stream, size)):
        held.append(chunk)
        n += 1
        if n <= ahead or len(held) > ahead:
            yield held.popleft()
    rest = [article for chunk in held for article in chunk]
    small = max(1, -(-size // TAIL_SPLIT))
    for start in range(0, len(rest), small):
        yield rest[start:start + small]


def _ordered(submit: Callable[[list[Article]], Any], chunks: Iterator[list[Article]],
             window: int, result: Callable[[Any], ChunkResult]) -> Iterator[ChunkResult]:
    """Keep ``window`` chunks in flight; yield their results in submission order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def run_engine(articles: Iterable[Article], config: EngineConfig = EngineConfig(),
               dictionaries: Sequence[str | Path] = (),
               on_start: Callable[[], object] | None = None) -> Iterator[ChunkResult]:
    """Analyse ``articles`` with the configured engine; chunk results in input order.

    ``on_start`` is called once, when this process will fork no more workers (at once
    but for local worker processes, which are forked with the first chunk sent): work
    it starts in a thread cannot be caught inside a library by a fork.
    """
    if config.engine not in ENGINES:
        raise ValueError(f"unknown engine {config.engine!r} (one of {', '.join(ENGINES)})")
    paths = tuple(str(Path(p).resolve()) for p in dictionaries)
    workers = config.workers or default_workers()
    if config.engine == "dask":  # its chunks are cut once its workers are counted
        if on_start is not None:  # its workers are spawned, not forked from here
            on_start()
        yield from _run_dask(articles, config, workers, paths)
        return
    chunks = _chunks(articles, max(1, config.chunk), ahead=workers if workers > 1 else 0)
    if workers == 1:
        if on_start is not None:
            on_start()
        for chunk in chunks:
            yield analyse_chunk(chunk, paths)
    else:
        context = multiprocessing.get_context()
        frozen = _forks(context)
        if frozen:
            _warm(paths)  # forked workers inherit the analyzer: no start-up work each
            # the objects of this process are left out of the workers' collections
            # (which would copy their pages); here only until the workers are forked
            gc.freeze()
        try:
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm,
                                       initargs=(paths,), mp_context=context)

            def submit(chunk: list[Article]) -> Future[ChunkResult]:
                nonlocal frozen, on_start
                future = pool.submit(analyse_chunk, chunk, paths)  # the first forks all
                if frozen:
                    gc.unfreeze()
                    frozen = False
                if on_start is not None:
                    started = on_start
                    on_start = None
                    started()
                # let the pool's threads send it on: reading the next chunks, this
                # thread would keep the GIL from them (first chunks started ~40 ms
                # later on 2,000 Reuters stories)
                time.sleep(0)
                return future

            def result(future: Future[ChunkResult]) -> ChunkResult:
                return future.result()

            try:
                yield from _ordered(submit, chunks, IN_FLIGHT * workers, result)
            except BaseException:
                pool.shutdown(wait=True)  # as ``with pool:`` does
                raise
            # every result is in: the idle workers exit while the caller goes on (the
            # pool's thread joins them; waiting here cost ~15 ms of a 2,000-story ingest)
            pool.shutdown(wait=False)
        finally:
            if frozen:
                gc.unfreeze()


def _run_dask(articles: Iterable[Article], config: EngineConfig, workers: int,
              paths: tuple[str, ...]) -> Iterator[ChunkResult]:
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped library
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise RuntimeError("--engine dask needs dask.distributed "
                           "(pip install 'dask[distributed]')") from exc
    cluster: Any = None
    if config.scheduler:
        client = distributed.Client(config.scheduler)
    else:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                               processes=config.dask_processes, dashboard_address=None)
        client = distributed.Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        client.run(_warm, paths)  # every worker builds its analyzer now, in parallel
        # the last chunks cut smaller, as for local processes: the 19,043 Reuters stories on a
        # 2-worker LocalCluster 17.2-18.0 -> 16.6-17.0 s (3 interleaved runs each)
        chunks = _chunks(articles, max(1, config.chunk),
                         ahead=n_workers if n_workers > 1 else 0)

        def submit(chunk: list[Article]) -> Any:
            return client.submit(analyse_chunk, chunk, paths, pure=False)

        def result(future: Any) -> ChunkResult:
            got: ChunkResult = future.result()
            future.release()
            return got

        yield from _ordered(submit, chunks, IN_FLIGHT * n_workers, result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
