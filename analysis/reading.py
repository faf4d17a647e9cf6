"""The articles of an ingest's inputs, with the problems met and the duplicate ids.

:func:`analysis.ingest.iter_articles` returns an :class:`ArticleStream`. Iterated, it
yields the articles parsed in this process. An engine may take its :meth:`~ArticleStream.units`
instead: the lines of JSON-lines files unparsed (the bulk of a large corpus), which its
workers parse where they analyse them (:func:`prepare`), each sending back a note per
unit; :meth:`~ArticleStream.admit`, given the notes of the chunks in input order, records
the problems and keeps the first record of each id exactly as reading here would have, so
the tables and the problems are the same either way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from .dates import find_dct
from .errors import InputError
from .iorw import DEFAULT_MAX_BYTES, LoadIssue, discover_files, parse_raw, read_input
from .records import Article, RawRecord

__all__ = ["Admission", "ArticleStream", "Note", "Unit", "prepare", "text_digest", "with_dct"]

#: what an engine's worker is sent: an article read here, a line to parse, or a problem met
#: here (handed back in its place, so that the problems keep the order of the inputs)
Unit = Article | RawRecord | LoadIssue


class Admission(NamedTuple):
    """A worker's note on an article it read: its id, file and text digest, and whether it
    analysed it (it analyses only the first of an id in its chunk), with its counts.

    A named tuple: one per article comes back from the workers, and tuples unpickle
    several times faster than dataclasses (whose ``__setstate__`` calls ``fields()``
    for each one: ~0.3 s of the parent's CPU for 19,043 Reuters stories)."""

    article_id: str
    path: str
    digest: bytes
    analysed: bool
    undated: bool = False
    unresolved: int = 0


Note = Admission | LoadIssue


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


def text_digest(text: str) -> bytes:
    """A digest of an article's text: two records of one id have the same text when their
    digests are equal (texts are not kept or sent back whole)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def prepare(units: Iterable[Unit], reference: dt.date | None
            ) -> tuple[list[Article], list[Note]]:
    """In a worker: the articles of ``units`` to analyse (lines parsed, publication dates
    filled by :func:`with_dct`, only the first of each id) and a note per unit read
    (problems as they are, an :class:`Admission` per article), in order."""
    articles: list[Article] = []
    notes: list[Note] = []
    here: set[str] = set()
    for unit in units:
        got = parse_raw(unit) if isinstance(unit, RawRecord) else unit
        if isinstance(got, LoadIssue):
            notes.append(got)
            continue
        first = got.article_id not in here
        if first:
            here.add(got.article_id)
            articles.append(with_dct(got, reference))
        notes.append(Admission(got.article_id, got.path, text_digest(got.text), first))
    return articles, notes


class ArticleStream(Iterator[Article]):
    """The articles of ``inputs`` (files or folders); problems are appended to ``issues``.

    A second record with an id already read is skipped; when its text differs it is
    reported as ``duplicate_id``. Iterate it, or take its :meth:`units` (one or the other).
    """

    def __init__(self, inputs: Iterable[str | Path], issues: list[LoadIssue], *,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 reference_date: dt.date | None = None) -> None:
        self.issues = issues
        self.reference_date = reference_date
        self._inputs = inputs
        self._max_bytes = max_bytes
        self._seen: dict[str, tuple[str, bytes]] = {}
        self._taken = ""
        self._articles: Iterator[Article] | None = None

    def __next__(self) -> Article:
        if self._articles is None:
            self._take("articles")
            self._articles = self._read()
        return next(self._articles)

    def units(self) -> Iterator[Unit]:
        """The inputs as units for :func:`prepare`: JSON-lines records unparsed, other
        files' articles parsed, problems met reading in their place. Their notes, in
        order, go to :meth:`admit`."""
        self._take("units")
        for item in discover_files(self._inputs):
            if isinstance(item, InputError):
                yield LoadIssue.from_error(item)
                continue
            yield from read_input(item, max_bytes=self._max_bytes, raw=True)

    def admit(self, notes: Sequence[Note]) -> set[str]:
        """Record the notes of a chunk of :meth:`units` (chunks in input order): problems
        go to ``issues``, repeated ids are reported; returns the ids of the articles the
        chunk analysed that an earlier record had (their rows are not to be kept)."""
        dropped: set[str] = set()
        for note in notes:
            if isinstance(note, LoadIssue):
                self.issues.append(note)
            elif not self._first(note.article_id, note.path, note.digest) and note.analysed:
                dropped.add(note.article_id)
        return dropped

    def _take(self, how: str) -> None:
        if self._taken:
            raise RuntimeError(f"the stream's {self._taken} are taken already")
        self._taken = how

    def _first(self, article_id: str, path: str, digest: bytes) -> bool:
        """Whether the record is the first of its id (else a differing text is reported)."""
        previous = self._seen.get(article_id)
        if previous is None:
            self._seen[article_id] = (path, digest)
            return True
        if previous[1] != digest:
            self.issues.append(LoadIssue(
                path, article_id, "duplicate_id",
                f"id {article_id!r} already read from {previous[0]} with "
                "different text; kept the first"))
        return False

    def _read(self) -> Iterator[Article]:
        for item in discover_files(self._inputs):
            if isinstance(item, InputError):
                self.issues.append(LoadIssue.from_error(item))
                continue
            for got in read_input(item, max_bytes=self._max_bytes):
                if isinstance(got, LoadIssue):
                    self.issues.append(got)
                elif self._first(got.article_id, got.path, text_digest(got.text)):
                    yield with_dct(got, self.reference_date)
