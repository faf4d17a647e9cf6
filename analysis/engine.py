"""Engines that run the pipeline over many articles: in-process, local processes, Dask.

Every engine cuts the article stream into chunks, analyses each chunk with
:func:`analyse_chunk` (one :class:`~analysis.pipeline.Analyzer` per worker
process, built on first use and reused) and yields the chunk results *in input
order*, so the tables are the same whichever engine ran them. At most
:data:`IN_FLIGHT` chunks per worker are in flight, so memory stays bounded on any
corpus size. Given an ingest's :class:`~analysis.reading.ArticleStream`, the
chunks are of its units: the records of JSON-lines files are parsed in the
workers (:func:`analyse_units`), not in this process, whose CPU would be taken
from them on a machine with as many cores as workers, and the stream admits each
result's notes (problems, repeated ids) in input order, as reading here would.

- ``local`` with one worker: in this process, no pickling.
- ``local`` with N > 1 workers: a :class:`concurrent.futures.ProcessPoolExecutor`.
- ``dask``: :mod:`dask.distributed`; a :class:`~distributed.LocalCluster` of N
  single-threaded worker processes, or the cluster at ``scheduler``
  (``tcp://host:8786``). Workers need the ``analysis`` package installed and
  the dictionary files (``--dictionary``) at the same paths.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any, Final, TypeVar

import pandas as pd

from .collector import collector_paused
from .pipeline import (
    Analyzer,
    ArticleAnalysis,
    analyse_article,
    article_columns,
    event_columns,
    typed_frame,
)
from .reading import Admission, ArticleStream, Note, Unit, prepare
from .records import Article
from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS

__all__ = [
    "DEFAULT_CHUNK",
    "ENGINES",
    "ChunkResult",
    "EngineConfig",
    "analyse_chunk",
    "analyse_units",
    "default_workers",
    "merge_columns",
    "run_engine",
]

ENGINES: Final = ("local", "dask")
#: Articles per chunk of the local engine: smaller chunks balance better, larger ones
#: cost less to send.
DEFAULT_CHUNK: Final = 64
#: Articles per chunk on Dask, where a task costs much more than a pool's job: each goes
#: through the scheduler (in this process with a LocalCluster) and its result is fetched
#: from the worker, ~8 ms of this process's CPU and ~10 ms of the worker's per task,
#: whatever its size. With 64 the parent's CPU took time from 2 workers on 2 cores:
#: 19,043 Reuters stories on a 2-worker LocalCluster, parent CPU 4.9 -> 3.2 s, workers'
#: 28.7 -> 25.8 s.
DASK_CHUNK: Final = 512
#: Chunks in flight per worker. Results are consumed in order by a caller that
#: stops to commit every few thousand articles (~0.35 s for 5,000); enough work is
#: queued for the workers to keep busy meanwhile (about 1 s of analysis with 64-article
#: chunks). 3 per worker left them idle during commits: 2-worker Dask ingest of the
#: 19k Reuters stories 19.9/19.5 s -> 19.3/19.2 s (alternating runs).
IN_FLIGHT: Final = 12


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """How to run the pipeline: ``engine`` (local|dask), ``workers`` (None = all cores),
    ``scheduler`` (dask address; None = a LocalCluster), articles per ``chunk`` (None =
    the engine's: :data:`DEFAULT_CHUNK` locally, :data:`DASK_CHUNK` on Dask)."""

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    chunk: int | None = None
    dask_processes: bool = True

    @property
    def chunk_size(self) -> int:
        """Articles per chunk: ``chunk``, or the engine's default."""
        if self.chunk is not None:
            return max(1, self.chunk)
        return DASK_CHUNK if self.engine == "dask" else DEFAULT_CHUNK


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
    #: of a chunk of :meth:`~analysis.reading.ArticleStream.units`, for the reader
    #: (None once :func:`_settled`)
    notes: tuple[Note, ...] | None = None

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


T = TypeVar("T")

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
        result = _result(analyses)
        # freed before the collector resumes, which then has little young to visit
        del analyses
    return result


def analyse_units(units: Sequence[Unit], dictionaries: tuple[str, ...] = (),
                  reference: dt.date | None = None) -> ChunkResult:
    """Read and analyse ``units`` of an :class:`~analysis.reading.ArticleStream` (runs in
    a worker): the lines of JSON-lines files are parsed here, publication dates filled
    against ``reference``; the result's ``notes`` are for the stream's ``admit``."""
    analyzer = _analyzer(dictionaries)
    with collector_paused():
        articles, notes = prepare(units, reference)
        analyses = [analyse_article(article, analyzer) for article in articles]
        result = _result(analyses)
        counts = {a.article.article_id: (a.article.published is None, a.n_unresolved_dates)
                  for a in analyses}
        del analyses, articles
        noted = tuple(
            note._replace(undated=counts[note.article_id][0],
                          unresolved=counts[note.article_id][1])
            if isinstance(note, Admission) and note.analysed else note
            for note in notes)
    return replace(result, notes=noted)


def _result(analyses: Sequence[ArticleAnalysis]) -> ChunkResult:
    events = event_columns(analyses)
    return ChunkResult(
        event_columns=events,
        article_columns=article_columns(analyses),
        n_articles=len(analyses),
        n_events=len(events["event_id"]),
        n_undated=sum(1 for a in analyses if a.article.published is None),
        n_unresolved=sum(a.n_unresolved_dates for a in analyses),
    )


def _settled(result: ChunkResult, stream: ArticleStream) -> ChunkResult:
    """``result`` of a chunk of ``stream``'s units, its notes admitted by the stream (in
    input order), without the rows of articles whose id an earlier record had."""
    notes = result.notes or ()
    dropped = stream.admit(notes)
    if not dropped:
        return replace(result, notes=None)
    gone = [n for n in notes if isinstance(n, Admission) and n.analysed
            and n.article_id in dropped]
    events = _without(result.event_columns, dropped)
    arts = _without(result.article_columns, dropped)
    return ChunkResult(
        event_columns=events,
        article_columns=arts,
        n_articles=len(arts["article_id"]),
        n_events=len(events["event_id"]),
        n_undated=result.n_undated - sum(1 for n in gone if n.undated),
        n_unresolved=result.n_unresolved - sum(n.unresolved for n in gone),
    )


def _without(columns: dict[str, list[Any]], ids: set[str]) -> dict[str, list[Any]]:
    """The rows of ``columns`` whose ``article_id`` is not one of ``ids``."""
    keep = [k for k, article_id in enumerate(columns["article_id"]) if article_id not in ids]
    return {name: [values[k] for k in keep] for name, values in columns.items()}


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


def _in_flight(size: int) -> int:
    """Chunks of ``size`` articles in flight per worker on Dask: :data:`IN_FLIGHT`, or
    for larger chunks as many articles as that many of :data:`DEFAULT_CHUNK` (at least 4,
    so that a worker still has queued work while the caller commits)."""
    return max(4, min(IN_FLIGHT, -(-IN_FLIGHT * DEFAULT_CHUNK // size)))


#: the last chunks of a stream are cut this many times smaller (see :func:`_chunks`)
TAIL_SPLIT: Final = 4


def _chunks(articles: Iterable[T], size: int, ahead: int = 0) -> Iterator[list[T]]:
    """``articles`` in chunks of ``size``; after the first ``ahead`` chunks, ``ahead`` more
    are read in advance, so that the last ones (up to ``ahead`` chunks and the rest) are
    sent in chunks :data:`TAIL_SPLIT` times smaller: the workers then finish closer
    together (the last worker busy alone for up to a small chunk, not a whole one)."""
    stream = iter(articles)
    held: deque[list[T]] = deque()
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


def _ordered(submit: Callable[[list[T]], Any], chunks: Iterator[list[T]],
             window: int, result: Callable[[Any], ChunkResult]) -> Iterator[ChunkResult]:
    """Keep ``window`` chunks in flight; yield their results in submission order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


@dataclass(frozen=True, slots=True)
class _Work:
    """What the chunks are cut from, the worker's function of a chunk (and its
    arguments after the chunk), and what this process does with each result."""

    items: Iterable[Any]
    analyse: Callable[..., ChunkResult]
    args: tuple[Any, ...]
    settle: Callable[[ChunkResult], ChunkResult]

    @property
    def paths(self) -> tuple[str, ...]:
        """The dictionary files (the first argument after the chunk)."""
        paths: tuple[str, ...] = self.args[0]
        return paths


def _work(articles: Iterable[Article], paths: tuple[str, ...]) -> _Work:
    """The work of analysing ``articles``: of an :class:`~analysis.reading.ArticleStream`,
    its units, read in the workers (JSON-lines records are parsed there, not here), the
    results admitted by the stream in input order; of any other iterable, its articles."""
    if isinstance(articles, ArticleStream):
        stream = articles
        return _Work(stream.units(), analyse_units, (paths, stream.reference_date),
                     lambda result: _settled(result, stream))
    return _Work(articles, analyse_chunk, (paths,), lambda result: result)


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
    work = _work(articles, paths)
    if config.engine == "dask":  # its chunks are cut once its workers are counted
        if on_start is not None:  # its workers are spawned, not forked from here
            on_start()
        yield from _run_dask(work, config, workers)
        return
    chunks = _chunks(work.items, config.chunk_size, ahead=workers if workers > 1 else 0)
    if workers == 1:
        if on_start is not None:
            on_start()
        for chunk in chunks:
            yield work.settle(work.analyse(chunk, *work.args))
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

            def submit(chunk: list[Any]) -> Future[ChunkResult]:
                nonlocal frozen, on_start
                future = pool.submit(work.analyse, chunk, *work.args)  # the first forks all
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
                return work.settle(future.result())

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


def _run_dask(work: _Work, config: EngineConfig, workers: int) -> Iterator[ChunkResult]:
    paths = work.paths
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
        size = config.chunk_size
        chunks = _chunks(work.items, size, ahead=n_workers if n_workers > 1 else 0)

        def submit(chunk: list[Any]) -> Any:
            return client.submit(work.analyse, chunk, *work.args, pure=False)

        def result(future: Any) -> ChunkResult:
            got: ChunkResult = future.result()
            future.release()
            return work.settle(got)

        yield from _ordered(submit, chunks, _in_flight(size) * n_workers, result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
