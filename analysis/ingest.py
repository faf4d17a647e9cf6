"""Ingest orchestration: files -> articles -> analyses -> tables in a folder.

Kept apart from the CLI so that scripts and notebooks can call :func:`ingest`
directly, and from :mod:`analysis.iorw` so that the I/O stays there.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .dates import find_dct
from .errors import InputError
from .iorw import DEFAULT_MAX_BYTES, LoadIssue, discover_files, read_input, write_tables
from .pipeline import Analyzer, ArticleAnalysis, analyse_article, articles_frame, events_frame
from .records import Article

__all__ = ["IngestSummary", "ingest", "iter_articles", "with_dct"]


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


def with_dct(article: Article, reference: dt.date | None) -> Article:
    """Fill a missing publication date: dateline or URL first, then ``reference``."""
    if article.published is not None:
        return article
    head = article.text[:300]
    if article.dateline:
        head = f"{article.dateline} - {head}"
    found, how = find_dct(head, article.url)
    if found is not None:
        return replace(article, published=found, dct_source=how)
    if reference is not None:
        return replace(article, published=reference, dct_source="reference_date")
    return article


def iter_articles(
    inputs: Iterable[str | Path],
    issues: list[LoadIssue],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    reference_date: dt.date | None = None,
) -> Iterator[Article]:
    """Articles of ``inputs`` (files or folders); problems are appended to ``issues``.

    A second record with an id already read is skipped; when its text differs
    it is reported as ``duplicate_id``.
    """
    seen: dict[str, tuple[str, str]] = {}
    for item in discover_files(inputs):
        if isinstance(item, InputError):
            issues.append(LoadIssue.from_error(item))
            continue
        for got in read_input(item, max_bytes=max_bytes):
            if isinstance(got, LoadIssue):
                issues.append(got)
                continue
            previous = seen.get(got.article_id)
            if previous is not None:
                if previous[1] != got.text:
                    issues.append(LoadIssue(
                        got.path, got.article_id, "duplicate_id",
                        f"id {got.article_id!r} already read from {previous[0]} with "
                        "different text; kept the first"))
                continue
            seen[got.article_id] = (got.path, got.text)
            yield with_dct(got, reference_date)


def ingest(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    reference_date: dt.date | None = None,
    dictionaries: Sequence[Path] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
) -> IngestSummary:
    """Analyse every article of ``inputs`` and merge the tables into ``out``.

    With ``strict`` nothing is written when any input error occurred
    (``summary.refused``).
    """
    started = time.perf_counter()
    summary = IngestSummary(out=Path(out))
    analyzer = Analyzer.with_dictionaries(dictionaries)
    analyses: list[ArticleAnalysis] = [
        analyse_article(article, analyzer)
        for article in iter_articles(inputs, summary.issues, max_bytes=max_bytes,
                                     reference_date=reference_date)
    ]
    if strict and summary.n_errors:
        summary.refused = True
        return summary
    events = events_frame(analyses)
    write_tables(out, events, articles_frame(analyses), summary.issues)
    summary.n_articles = len(analyses)
    summary.n_events = len(events)
    summary.n_undated = sum(1 for a in analyses if a.article.published is None)
    summary.n_unresolved = sum(a.n_unresolved_dates for a in analyses)
    summary.seconds = time.perf_counter() - started
    return summary
