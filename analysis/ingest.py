"""Ingest orchestration: files -> articles -> analyses -> tables in a folder.

Kept apart from the CLI so that scripts and notebooks can call :func:`ingest`
directly. Reading happens here (in this process), analysis in the engine of
:mod:`analysis.engine` (in-process, local processes or Dask), writing in
:mod:`analysis.store`: results are committed to the store every
``batch_size`` articles, each commit atomic, so a long run that is
interrupted keeps the batches already committed and a re-run replaces them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

from .collector import collector_paused
from .engine import ChunkResult, EngineConfig, default_workers, merge_columns, run_engine
from .iorw import DEFAULT_MAX_BYTES, LoadIssue
from .pipeline import Analyzer
from .reading import ArticleStream, with_dct
from .records import Article
from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS
from .store import (
    ConnectionAhead,
    StoreAhead,
    commit,
    export_csv,
    refresh_incidents,
    typed_table,
    write_errors,
)

__all__ = ["DEFAULT_BATCH", "IngestSummary", "ingest", "iter_articles", "with_dct"]

#: articles per store commit
DEFAULT_BATCH = 5000
_SMALL = 64  # up to this many articles, the default engine runs in-process


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did."""

    out: Path
    n_articles: int = 0
    n_events: int = 0
    n_undated: int = 0
    n_unresolved: int = 0
    seconds: float = 0.0
    refused: bool = False
    issues: list[LoadIssue] = field(default_factory=list)

    @property
    def n_errors(self) -> int:
        return sum(1 for i in self.issues if i.fatal)

    def line(self) -> str:
        """The one-line summary printed at the end of ``tension ingest``."""
        return (f"ingested {self.n_articles} articles, {self.n_events} events, "
                f"{self.n_errors} errors in {self.seconds:.1f} s -> {self.out}")


def iter_articles(
    inputs: Iterable[str | Path],
    issues: list[LoadIssue],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    reference_date: dt.date | None = None,
) -> Iterator[Article]:
    """Articles of ``inputs`` (files or folders); problems are appended to ``issues``.

    A second record with an id already read is skipped; when its text differs
    it is reported as ``duplicate_id``. Given to :func:`~analysis.engine.run_engine`
    as it is, an :class:`~analysis.reading.ArticleStream`, the records of JSON-lines
    files are parsed in the engine's workers.
    """
    return ArticleStream(inputs, issues, max_bytes=max_bytes, reference_date=reference_date)


def ingest(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    reference_date: dt.date | None = None,
    dictionaries: Sequence[Path] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
    engine: EngineConfig | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: bool = False,
    progress_file: TextIO | None = None,
    export: bool = True,
) -> IngestSummary:
    """Analyse every article of ``inputs`` and merge the tables into the store ``out``.

    Results are committed every ``batch_size`` articles (each commit atomic);
    re-ingested articles replace their earlier rows. With ``strict`` nothing is
    written when any input error occurred (``summary.refused``). ``engine``
    chooses where the analysis runs (default: local processes on every core,
    in-process for small inputs). With ``export`` the whole events table is
    written to ``out/events.csv`` at the end. ``progress`` shows a tqdm bar on
    ``progress_file`` (default stderr).
    """
    started = time.perf_counter()
    summary = IngestSummary(out=Path(out))
    with collector_paused():  # ~200k objects, no garbage: nothing for the collector
        Analyzer.with_dictionaries(dictionaries)  # fail early on a bad dictionary
    config = engine or EngineConfig()
    articles = iter_articles(inputs, summary.issues, max_bytes=max_bytes,
                             reference_date=reference_date)
    if config.engine == "local" and config.workers is None:
        articles, config = _small_inputs_in_process(articles, config)
    bar = None
    if progress:
        tqdm: Any = importlib.import_module("tqdm").tqdm  # untyped library
        bar = tqdm(unit=" articles", file=progress_file or sys.stderr, dynamic_ncols=True,
                   disable=None,  # only on a terminal
                   mininterval=0.5)
    pending: list[ChunkResult] = []
    pending_n = 0
    changed: set[str] = set()
    rewritten: dict[str, str] = {}  # files rewritten without re-ingested articles
    # the store's files read after the analysis are read meanwhile, in a thread started
    # once the engine forks no more workers (a fork while a thread is inside Arrow could
    # leave a child with a lock held)
    read_ahead: StoreAhead | None = None

    def read_store_ahead() -> None:
        nonlocal read_ahead
        read_ahead = StoreAhead(out)

    try:
        for result in run_engine(articles, config, dictionaries, on_start=read_store_ahead):
            pending.append(result)
            pending_n += result.n_articles
            summary.n_articles += result.n_articles
            summary.n_events += result.n_events
            summary.n_undated += result.n_undated
            summary.n_unresolved += result.n_unresolved
            if bar is not None:
                bar.update(result.n_articles)
            if pending_n >= batch_size and not strict:
                changed.update(_commit(out, pending, read_ahead, rewritten))
                pending, pending_n = [], 0
    finally:
        if bar is not None:
            bar.close()
    if strict and summary.n_errors:
        summary.refused = True
        return summary
    # the export's DuckDB connection opens in a thread while the store commits and clusters
    connection = ConnectionAhead() if export else None
    try:
        if pending or summary.n_articles == 0:
            changed.update(_commit(out, pending, read_ahead, rewritten))
        if connection is not None:
            # open by now (~12 ms against the commit's ~65): no thread is inside DuckDB's
            # connect when the refresh below forks its workers (DuckDB is not fork-safe;
            # its idle pool threads are left behind in the children, as Arrow's are)
            connection.wait()
            # the export's work that does not need the incidents runs beside the refresh
            # (which waits for it before forking, for the same reason)
            connection.prepare(out)
        # the refresh runs here whatever the engine: as many processes as the ingest's workers
        refresh_incidents(out, changed, result=False,
                          workers=config.workers or default_workers(), read_ahead=read_ahead,
                          rewritten=rewritten,
                          before_fork=connection.wait if connection is not None else None,
                          written=connection.incidents_written
                          if connection is not None else None)
        read_ahead = None  # its tables are not needed any more
        write_errors(out, summary.issues)
        if connection is not None:
            connection, ahead = None, connection
            export_csv(out, connection=ahead)
    finally:
        if connection is not None:  # not handed to the export
            connection.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _small_inputs_in_process(articles: Iterator[Article], config: EngineConfig
                             ) -> tuple[Iterator[Article], EngineConfig]:
    """Peek at the stream: with few articles, run in-process (a process pool costs
    more to start than it saves)."""
    head: list[Article] = []
    for article in articles:
        head.append(article)
        if len(head) > _SMALL:
            break
    if len(head) <= _SMALL:
        config = replace(config, workers=1)
    return chain(head, articles), config


def _commit(out: str | Path, results: Sequence[ChunkResult],
            read_ahead: StoreAhead | None = None,
            rewritten: dict[str, str] | None = None) -> set[str]:
    """Commit the results to the store; returns the ids of the articles written. The files
    rewritten without them are added to ``rewritten`` (see :func:`commit`).

    The Arrow tables the store writes are built once from the chunks' column lists."""
    events = typed_table(merge_columns([r.event_columns for r in results if r.n_events]),
                         EVENT_COLUMNS)
    articles = typed_table(merge_columns([r.article_columns for r in results if r.n_articles]),
                           ARTICLE_COLUMNS)
    done = commit(out, events, articles, read_ahead=read_ahead)
    if rewritten is not None:
        rewritten.update(done)
    ids: list[str] = articles.column("article_id").to_pylist()
    return set(ids)
