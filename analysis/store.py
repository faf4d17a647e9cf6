"""The events store: a folder of Parquet datasets, queried with DuckDB.

Layout of ``DIR`` (written by ``tension ingest``)::

    DIR/events.parquet/published_month=2024-01/part-<batch>.parquet
    DIR/events.parquet/published_month=unknown/part-<batch>.parquet
    DIR/articles.parquet/published_month=2024-01/part-<batch>.parquet
    DIR/events.csv        export of the whole events table (``tension export``)
    DIR/.events.csv.index.arrow   rows of events.csv: file, offsets, keys
                          (lets the next export splice, :mod:`analysis.csv_splice`)
    DIR/errors.csv        problems of the last ingest
    DIR/.staging/         files of a commit in progress, and its journal
    DIR/.lock             writers' lock

``events.parquet`` and ``articles.parquet`` are hive-partitioned *folders*:
``pd.read_parquet(DIR / "events.parquet")`` (pyarrow) and DuckDB read each as
one table (pandas adds the partition column ``published_month`` at the end).
The partition is the publication month of the *article* (``unknown`` when it
has none), so an article's row and its events sit in files of the same name.

Replacement: a commit (one ingest batch) appends one new file per month and
table. Files that hold an article of the batch (same ``article_id``) are
rewritten without it; all other files stay untouched. So appending new
articles costs only the new files, and re-ingesting articles costs a rewrite of
the files that held them. Many small files are merged per month by
:func:`compact` (run automatically on a month past :data:`COMPACT_AFTER`
files).

Atomicity: every new or rewritten file is first written under
``DIR/.staging/<batch>/`` and synced; then a journal listing the renames and
deletions is written atomically (the commit point); then the operations are
applied and the journal removed. A crash before the journal leaves the
previous state (the staging files are garbage, removed by the next writer); a
crash after it is rolled forward by the next reader or writer (every operation
is idempotent). Writers hold an exclusive ``flock`` on ``DIR/.lock``.

Older stores with single ``events.parquet``/``articles.parquet`` files are
read as they are and converted to this layout by the next write.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, overload

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pandas.api.types import pandas_dtype

from .ahead import Ahead
from .collector import collector_paused
from .file_cache import FileCache
from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS, conform, empty_articles, empty_events

if TYPE_CHECKING:
    import duckdb

    from . import csv_splice

__all__ = [
    "ARTICLES",
    "COMPACT_AFTER",
    "ERROR_COLUMNS",
    "EVENTS",
    "INCIDENTS",
    "PARTITION",
    "ConnectionAhead",
    "StoreAhead",
    "atomic_write",
    "commit",
    "compact",
    "connect",
    "count",
    "export_csv",
    "query",
    "read_articles",
    "read_events",
    "read_incidents",
    "read_tables",
    "refresh_incidents",
    "typed_table",
    "write_errors",
    "write_tables",
]

EVENTS: Final = "events.parquet"
ARTICLES: Final = "articles.parquet"
INCIDENTS: Final = "incidents.parquet"
PARTITION: Final = "published_month"
UNKNOWN_MONTH: Final = "unknown"
COMPACT_AFTER: Final = 32
ERROR_COLUMNS: Final = ("path", "record", "kind", "message")

_STAGING: Final = ".staging"
_LOCK: Final = ".lock"
_EVENT_ORDER: Final = ("published", "article_id", "sentence_index", "char_start", "event_id")
_ARTICLE_ORDER: Final = ("published", "article_id")
_TABLES: Final[dict[str, dict[str, str]]] = {EVENTS: EVENT_COLUMNS, ARTICLES: ARTICLE_COLUMNS}
_ARROW_TYPES: Final[dict[str, pa.DataType]] = {
    "string": pa.large_string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "datetime64[ns]": pa.timestamp("ns"),
}


# --------------------------------------------------------------------------- small helpers


def atomic_write(path: Path, write: Callable[[Path], object], *,
                 ready: Callable[[], object] | None = None) -> None:
    """Call ``write(tmp)`` for a temporary file beside ``path``, then rename it.

    The file gets the usual mode (0666 less the umask), not mkstemp's 0600. ``ready`` is
    called once the temporary file is written and synced, before the rename (what it
    raises leaves ``path`` as it was).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        _fsync(tmp)
        if ready is not None:
            ready()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        _fsync_dir(path.parent)  # the rename itself survives a power cut
    finally:
        tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the entries of ``folder`` (renames, new files) durable; a no-op where
    directories cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _arrow_schema(columns: dict[str, str]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[dtype]) for name, dtype in columns.items()])


def _months(published: pa.ChunkedArray) -> np.ndarray:
    """The partition of every row (an object array of str): ``YYYY-MM`` of ``published``
    (:data:`UNKNOWN_MONTH` when missing), as ``strftime("%Y-%m")`` writes it, formatted
    once per month."""
    days = published.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
    months, where = np.unique(days.astype("datetime64[M]"), return_inverse=True)
    names = np.array([UNKNOWN_MONTH if np.isnat(m) else str(m) for m in months], dtype=object)
    return names[where.reshape(-1)]


@cache
def _pandas_metadata(columns: tuple[tuple[str, str], ...]) -> dict[bytes, bytes]:
    """The schema metadata ``pa.Table.from_pandas`` gives a frame of these columns and
    dtypes (it depends on them only, not on the rows)."""
    frame = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns})
    table = pa.Table.from_pandas(frame, schema=_arrow_schema(dict(columns)),
                                 preserve_index=False)
    return dict(table.schema.metadata or {})


def typed_table(columns: Mapping[str, Sequence[Any]], schema: dict[str, str]) -> pa.Table:
    """The Arrow table the store writes for ``typed_frame(columns, schema)``
    (:func:`analysis.pipeline.typed_frame`; as ``pa.Table.from_pandas`` converts it,
    pandas metadata included), built from the column lists without pandas: columns
    missing from ``columns`` are null, NaN floats null as ``from_pandas`` makes them.
    A column whose values Arrow does not take as they are (a bool among ints, a number
    among strings) goes through the pandas Series ``typed_frame`` builds."""
    n = len(next(iter(columns.values()))) if columns else 0
    arrays = []
    for name, dtype in schema.items():
        kind = _ARROW_TYPES[dtype]
        values = columns.get(name)
        if values is None:
            arrays.append(pa.nulls(n, kind))
            continue
        try:
            arrays.append(pa.array(values, type=kind, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            arrays.append(pa.Array.from_pandas(pd.Series(values, dtype=dtype), type=kind))
    return pa.Table.from_arrays(arrays, schema=_arrow_schema(schema).with_metadata(
        _pandas_metadata(tuple(schema.items()))))


def _batch_id() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / _LOCK, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _parts(table_dir: Path) -> list[Path]:
    """Visible data files of a partitioned table folder, sorted."""
    if not table_dir.is_dir():
        return []
    return sorted(table_dir.glob(f"{PARTITION}=*/*.parquet"))


# --------------------------------------------------------------------------- journal


def _journals(root: Path) -> list[Path]:
    staging = root / _STAGING
    return sorted(staging.glob("*.journal.json")) if staging.is_dir() else []


def _apply(root: Path, journal: Path) -> None:
    """Roll a committed journal forward (idempotent), then remove it and its staging."""
    ops = json.loads(journal.read_text(encoding="utf-8"))["ops"]
    touched: set[Path] = set()
    for op in ops:
        if op[0] == "rename":
            src, dst = root / op[1], root / op[2]
            if src.is_file():
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
                touched.add(dst.parent)
        elif op[0] == "delete":
            target = root / op[1]
            if target.is_file():
                target.unlink()
                touched.add(target.parent)
    for folder in sorted(touched):  # durable before the journal that replays them goes
        _fsync_dir(folder)
    for op in ops:
        if op[0] == "delete":
            _remove_empty_dirs((root / op[1]).parent, stop=root)
    journal.unlink(missing_ok=True)
    shutil.rmtree(root / _STAGING / journal.name.removesuffix(".journal.json"),
                  ignore_errors=True)


def _remove_empty_dirs(folder: Path, *, stop: Path) -> None:
    while folder != stop and folder.is_dir() and folder.name.startswith(f"{PARTITION}="):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _recover(root: Path) -> None:
    """Finish committed journals; drop staging left by a crash before its commit point.

    Call with the lock held.
    """
    for journal in _journals(root):
        _apply(root, journal)
    staging = root / _STAGING
    if staging.is_dir():
        for leftover in staging.iterdir():
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def _recover_if_needed(root: Path) -> None:
    if _journals(root):
        with _locked(root):
            _recover(root)


class _Commit:
    """One journaled change of the store: staged files, renames and deletions."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.batch = _batch_id()
        self.stage = root / _STAGING / self.batch
        self.ops: list[list[str]] = []
        self.n_staged = 0
        #: the tables of :meth:`stage_table`: (table, path of the file once committed)
        self.tables: list[tuple[str, Path, pa.Table]] = []
        #: the staged files being written and synced, each in a thread (Parquet encoding
        #: and compression, and the sync, release the GIL): the files of a commit are
        #: written at the same time, and all are done before the journal is
        self._staging: list[Ahead[None]] = []

    def stage_frame(self, table: str, month: str, frame: pd.DataFrame, suffix: str = "") -> str:
        """Stage ``frame`` as a new file of ``month`` (written and synced on return);
        returns the file's path once committed (relative to the store)."""
        _write_synced(_frame_table(frame, _TABLES[table]), self._staged(table, month, suffix))
        return self.ops[-1][2]

    def stage_table(self, table: str, month: str, arrow: pa.Table, suffix: str = "") -> str:
        """Stage ``arrow`` (in the table's Arrow schema) as a new file of ``month``, written
        and synced in a thread (done before the journal: :meth:`prepare`; wait with
        :meth:`settle` when the commit is given up); returns the file's path once
        committed (relative to the store)."""
        staged = self._staged(table, month, suffix)
        self._staging.append(Ahead(partial(_write_synced, arrow, staged), "stage-file"))
        final = self.ops[-1][2]
        self.tables.append((table, self.root / final, arrow))
        return final

    def _staged(self, table: str, month: str, suffix: str) -> Path:
        """The path of the next staged file, renamed to its place by the journal."""
        self.stage.mkdir(parents=True, exist_ok=True)
        self.n_staged += 1
        staged = self.stage / f"{self.n_staged:05d}.parquet"
        final = f"{table}/{PARTITION}={month}/part-{self.batch}{suffix}.parquet"
        self.ops.append(["rename", staged.relative_to(self.root).as_posix(), final])
        return staged

    def delete(self, path: Path) -> None:
        self.ops.append(["delete", str(path.relative_to(self.root))])

    def move_aside(self, path: Path) -> None:
        """Rename a file into staging (it is removed with the staging folder)."""
        self.stage.mkdir(parents=True, exist_ok=True)
        self.ops.append(["rename", str(path.relative_to(self.root)),
                         str((self.stage / f"old-{path.name}").relative_to(self.root))])

    def settle(self) -> list[BaseException]:
        """Return once no staged file is being written: what writing them raised."""
        staging, self._staging = self._staging, []
        return [error for error in (ahead.wait() for ahead in staging) if error is not None]

    def prepare(self) -> Path | None:
        """Write the journal (the commit point) once every staged file is written and
        synced; returns it (None when nothing to do)."""
        errors = self.settle()
        if errors:
            raise errors[0]
        if not self.ops:
            shutil.rmtree(self.stage, ignore_errors=True)
            return None
        journal = self.root / _STAGING / f"{self.batch}.journal.json"
        text = json.dumps({"ops": self.ops})
        atomic_write(journal, lambda p: _write_text(p, text))
        return journal

    def run(self) -> None:
        journal = self.prepare()
        if journal is not None:
            _apply(self.root, journal)


# --------------------------------------------------------------------------- writing


def _write_synced(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")
    _fsync(path)


def _conformed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``conform(frame, columns)``; ``frame`` itself when it already has exactly
    those columns with those dtypes (no copy: a commit does not modify it)."""
    if list(frame.columns) == list(columns) and all(
            dtype == pandas_dtype(want)
            for dtype, want in zip(frame.dtypes.tolist(), columns.values(), strict=True)):
        return frame
    return conform(frame, columns)


def _frame_table(frame: pd.DataFrame, columns: dict[str, str]) -> pa.Table:
    """``frame`` in the store's Arrow schema of ``columns`` (conformed first)."""
    data = _conformed(frame, columns)
    if list(data.columns) != list(columns):
        data = data[list(columns)]
    return pa.Table.from_pandas(data, schema=_arrow_schema(columns), preserve_index=False)


def _as_table(data: pd.DataFrame | pa.Table, columns: dict[str, str]) -> pa.Table:
    """A batch's frame or table in the store's Arrow schema of ``columns`` (a table in
    that schema is used as it is, with the metadata a frame would give it)."""
    if isinstance(data, pa.Table):
        if data.schema.remove_metadata().equals(_arrow_schema(columns)):
            return data.replace_schema_metadata(_pandas_metadata(tuple(columns.items())))
        data = data.to_pandas()
    return _frame_table(data, columns)


def _table_ids(table: pa.Table) -> set[str]:
    ids: list[str] = pc.unique(table.column("article_id")).drop_null().to_pylist()
    return set(ids)


def _migrate_legacy(root: Path) -> None:
    """Turn single-file ``events.parquet``/``articles.parquet`` into partitioned folders."""
    legacy = [root / name for name in _TABLES if (root / name).is_file()]
    if not legacy:
        return
    events, articles = _read_legacy(root, EVENTS), _read_legacy(root, ARTICLES)
    change = _Commit(root)
    try:
        for path in legacy:
            change.move_aside(path)
        _stage_new(change, _frame_table(events, EVENT_COLUMNS),
                   _frame_table(articles, ARTICLE_COLUMNS))
        change.run()
    finally:
        change.settle()


def _read_legacy(root: Path, table: str) -> pd.DataFrame:
    columns = _TABLES[table]
    path = root / table
    if path.is_file():
        return conform(pd.read_parquet(path), columns)
    return empty_events() if table == EVENTS else empty_articles()


def _stage_new(change: _Commit, events: pa.Table, articles: pa.Table) -> set[str]:
    """Stage the new rows (tables in the store's Arrow schemas), one file per month and
    table, each sorted by the table's order (stable, nulls last); returns the months
    touched. An event's month is its article's (the last row of that id), else its own."""
    article_months = _months(articles.column("published"))
    event_months = _months(events.column("published"))
    if len(events) and len(articles):
        month_of = dict(zip(articles.column("article_id").to_pylist(),
                            article_months.tolist(), strict=True))
        where = pc.index_in(events.column("article_id"),
                            value_set=pa.array(list(month_of), type=pa.large_string()))
        hits = where.fill_null(-1).to_numpy(zero_copy_only=False)
        mapped = np.array(list(month_of.values()), dtype=object)
        event_months[hits >= 0] = mapped[hits[hits >= 0]]
    touched: set[str] = set()
    for table, data, months, order in (
        (EVENTS, events, event_months, _EVENT_ORDER),
        (ARTICLES, articles, article_months, _ARTICLE_ORDER),
    ):
        if not len(data):
            continue
        names, codes = np.unique(months, return_inverse=True)
        codes = codes.reshape(-1)
        keys = pa.table({"_month": codes, **{c: data.column(c) for c in order}})
        # stable, nulls last (Arrow's default placement)
        rows = pc.sort_indices(keys, sort_keys=[(c, "ascending") for c in keys.column_names])
        ordered = data.take(rows)
        start = 0
        for month, size in zip(names.tolist(), np.bincount(codes).tolist(), strict=True):
            change.stage_table(table, month, ordered.slice(start, size))
            start += size
            touched.add(month)
    return touched


def _read_file(path: Path, columns: list[str] | None = None) -> pa.Table:
    """``pq.read_table(path, columns=columns)`` of one file (the same table, schema
    metadata included), without the dataset layer ``read_table`` builds for it (~1 ms a
    file, most of the time of a small column)."""
    return pq.ParquetFile(path).read(columns=columns)


def _article_ids(part: Path) -> pa.ChunkedArray:
    return _read_file(part, ["article_id"]).column("article_id")


def _files_holding(table_dir: Path, ids: set[str],
                   ids_of: Callable[[Path], pa.ChunkedArray] = _article_ids) -> list[Path]:
    if not ids:
        return []
    wanted = pa.array(sorted(ids), type=pa.large_string())
    hits: list[Path] = []
    for part in _parts(table_dir):
        if pc.any(pc.is_in(ids_of(part), value_set=wanted)).as_py():
            hits.append(part)
    return hits


def commit(
    data_dir: str | Path,
    events: pd.DataFrame | pa.Table,
    articles: pd.DataFrame | pa.Table,
    *,
    replace_ids: Iterable[str] = (),
    read_ahead: StoreAhead | None = None,
) -> dict[str, str]:
    """Add one batch to the store at ``data_dir`` atomically.

    Stored articles (and their events) whose ``article_id`` is in the batch
    (``articles`` or ``events``) or in ``replace_ids`` are replaced; files
    holding none of them are left untouched. ``read_ahead``: a :class:`StoreAhead`
    of ``data_dir`` (its reads of files unchanged since are used). ``events`` and
    ``articles`` are frames (conformed to the schema) or Arrow tables (in the store's
    schema, as :func:`typed_table` builds them; other tables are read as frames).

    Returns the files rewritten without the batch's articles: each new file -> the file
    it was rewritten from (paths relative to ``data_dir``; for
    :func:`refresh_incidents`).
    """
    root = Path(data_dir)
    events = _as_table(events, EVENT_COLUMNS)
    articles = _as_table(articles, ARTICLE_COLUMNS)
    ids = _table_ids(articles) | _table_ids(events) | {str(i) for i in replace_ids}
    with _locked(root):
        _recover(root)
        _migrate_legacy(root)
        change = _Commit(root)
        rewritten: dict[str, str] = {}
        try:
            touched = _stage_batch(change, root, events, articles, ids, read_ahead, rewritten)
            change.run()
            if read_ahead is not None:  # what the refresh and the next commit read
                read_ahead.written(change.tables)
        finally:
            change.settle()  # (a failed commit: no file is written once the lock goes)
        for month in sorted(touched):
            if len(list((root / EVENTS / f"{PARTITION}={month}").glob("*.parquet"))) \
                    > COMPACT_AFTER:
                _compact_month(root, month)
    return rewritten


def _stage_batch(change: _Commit, root: Path, events: pa.Table, articles: pa.Table,
                 ids: set[str], read_ahead: StoreAhead | None,
                 rewritten: dict[str, str]) -> set[str]:
    """Stage a commit of the batch (the files holding ``ids`` rewritten without them, the
    new rows); returns the months of the new rows. The rewrites are added to
    ``rewritten`` (new file -> old file, relative to ``root``)."""
    counts: dict[tuple[str, str], int] = {}  # files of one month need distinct names
    for table, columns in _TABLES.items():
        ids_of = (_article_ids if read_ahead is None
                  else read_ahead.event_ids if table == EVENTS else read_ahead.article_ids)
        for part in _files_holding(root / table, ids, ids_of):
            keep = _without(_read_file(part), ids, columns)
            if len(keep):
                month = part.parent.name.split("=", 1)[1]
                n = counts[table, month] = counts.get((table, month), 0) + 1
                new = change.stage_table(table, month, keep, "-r" if n == 1 else f"-r{n}")
                rewritten[new] = part.relative_to(root).as_posix()
            change.delete(part)
    return _stage_new(change, events, articles)


def _without(old: pa.Table, ids: set[str], columns: dict[str, str]) -> pa.Table:
    """The rows of a stored file ``old`` of no article in ``ids``, in the store's schema of
    ``columns`` (an older file conformed first, see :func:`_as_table`)."""
    table = _as_table(old, columns)
    gone = pc.is_in(table.column("article_id"), skip_nulls=True,
                    value_set=pa.array(sorted(ids), type=pa.large_string()))
    return table.filter(pc.invert(gone))


def _compact_month(root: Path, month: str) -> None:
    change = _Commit(root)
    for table, columns in _TABLES.items():
        parts = sorted((root / table / f"{PARTITION}={month}").glob("*.parquet"))
        if len(parts) < 2:
            continue
        frame = pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)
        order = _EVENT_ORDER if table == EVENTS else _ARTICLE_ORDER
        frame = frame.sort_values(list(order), na_position="last", kind="stable")
        change.stage_frame(table, month, conform(frame, columns), suffix="-c")
        for part in parts:
            change.delete(part)
    change.run()


def compact(data_dir: str | Path) -> int:
    """Merge each month's files into one file per table; returns the months merged."""
    root = Path(data_dir)
    merged = 0
    with _locked(root):
        _recover(root)
        _migrate_legacy(root)
        months = {p.parent.name.split("=", 1)[1] for t in _TABLES for p in _parts(root / t)}
        for month in sorted(months):
            counts = [len(list((root / t / f"{PARTITION}={month}").glob("*.parquet")))
                      for t in _TABLES]
            if max(counts) > 1:
                _compact_month(root, month)
                merged += 1
    return merged


def write_errors(data_dir: str | Path, issues: Sequence[Any]) -> Path:
    """Write ``errors.csv`` (``path, record, kind, message``) for ``issues`` (LoadIssues)."""
    path = Path(data_dir) / "errors.csv"
    if not issues:  # the header pandas writes for no rows, without building the frame
        header = ",".join(ERROR_COLUMNS) + "\n"
        atomic_write(path, lambda p: _write_text(p, header))
        return path
    errors = pd.DataFrame([(i.path, i.record, i.kind, i.message) for i in issues],
                          columns=list(ERROR_COLUMNS))
    atomic_write(path, lambda p: errors.to_csv(p, index=False, encoding="utf-8"))
    return path


def write_tables(
    data_dir: str | Path,
    events: pd.DataFrame,
    articles: pd.DataFrame,
    issues: Sequence[Any] = (),
    *,
    replace_ids: Iterable[str] = (),
) -> None:
    """Commit a batch, then write ``errors.csv`` (``issues``) and the ``events.csv`` export.

    See :func:`commit` for what is replaced.
    """
    commit(data_dir, events, articles, replace_ids=replace_ids)
    write_errors(data_dir, issues)
    export_csv(data_dir)


# --------------------------------------------------------------------------- reading


def _source(root: Path, table: str, *, hive: bool, filename: bool = False) -> str | None:
    """DuckDB table expression for ``table`` of ``root`` (None when it holds no rows);
    with ``filename`` a column ``filename`` names the file of each row."""
    path = root / table
    extra = ", filename=true" if filename else ""
    if path.is_file():
        return f"read_parquet({_quote(str(path))}{extra})"
    if not _parts(path):
        return None
    pattern = str(path / f"{PARTITION}=*" / "*.parquet")
    return (f"read_parquet({_quote(pattern)}, hive_partitioning={str(hive).lower()}, "
            f"union_by_name=true{extra})")


def _events_source(root: Path, *, hive: bool, filename: bool = False,
                   incidents_file: bool | None = None) -> str | None:
    """The events table expression, with ``incident_id`` from ``DIR/incidents.parquet``
    (and ``filename``, see :func:`_source`); ``incidents_file``: whether to join that file
    (default: when it exists).

    Event files are never rewritten when incidents change; the membership lives in the
    incidents table (its ``event_ids`` lists) and is joined here.
    """
    base = _source(root, EVENTS, hive=hive, filename=filename)
    incidents = root / INCIDENTS
    if incidents_file is None:
        incidents_file = incidents.is_file()
    if base is None or not incidents_file:
        return base
    members = (f"(SELECT unnest(event_ids) AS event_id, incident_id AS _incident "
               f"FROM read_parquet({_quote(str(incidents))}))")
    return (f"(SELECT COLUMNS(lambda c: c NOT IN ('incident_id', '_incident')), "
            f"m._incident AS incident_id "
            f"FROM {base} LEFT JOIN {members} m USING (event_id))")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(data_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with views ``events`` and ``articles`` of the store.

    The views read the Parquet files lazily: filters and aggregates run in
    DuckDB, only their result is materialised. ``published_month``
    (``YYYY-MM`` or ``unknown``) prunes whole files when filtered on.
    """
    import duckdb

    root = Path(data_dir)
    _recover_if_needed(root)
    con = duckdb.connect()
    for table, name, empty in ((EVENTS, "events", empty_events),
                               (ARTICLES, "articles", empty_articles)):
        source = (_events_source(root, hive=True) if table == EVENTS
                  else _source(root, table, hive=True))
        if source is None:
            frame = empty()
            frame[PARTITION] = pd.Series(dtype="string")
            con.register(f"_empty_{name}", frame)
            source = f"_empty_{name}"
        elif (root / table).is_file():
            source = f"(SELECT *, NULL::VARCHAR AS {PARTITION} FROM {source})"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {source}")
    return con


def query(data_dir: str | Path, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
    """Run ``sql`` (over the views ``events`` and ``articles``) and return the result.

    >>> query("data", "SELECT direction, count(*) AS n FROM events GROUP BY 1")
    """
    con = connect(data_dir)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def count(data_dir: str | Path) -> tuple[int, int]:
    """``(articles, events)`` stored."""
    con = connect(data_dir)
    try:
        row = con.execute("SELECT (SELECT count(*) FROM articles), "
                          "(SELECT count(*) FROM events)").fetchone()
    finally:
        con.close()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _arrow_frame(rows: pa.Table) -> pd.DataFrame:
    """``rows`` as a frame whose text columns are ``string`` (Arrow-backed: the text is not
    turned into Python objects; ``con.execute(...).df()`` was: a 0.6 GB million-event frame
    peaked at 3 GB). ``rows`` is consumed (``self_destruct``): do not use it afterwards."""
    text = pd.StringDtype()
    types = {pa.string(): text, pa.large_string(): text}
    frame: pd.DataFrame = rows.to_pandas(types_mapper=types.get, self_destruct=True,
                                         split_blocks=True)
    return frame


#: DuckDB's working memory for a read (its sort spills to a temporary folder beyond it): the
#: sort of a million events took ~0.8 GB on top of the 0.6 GB result
READ_MEMORY_LIMIT: Final = "512MB"


def _query_arrow(sql: str, params: Sequence[Any] | None,
                 memory_limit: str = READ_MEMORY_LIMIT) -> pa.Table:
    """The result of ``sql`` as an Arrow table, text as ``large_string`` (pandas keeps those
    buffers; ``string`` columns get new 64-bit offsets beside the pinned originals). A query
    that does not fit ``memory_limit`` (an operator that cannot spill) runs again without it."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="tension-read-") as spill:
        con = duckdb.connect()
        try:
            # no progress bar: in a notebook DuckDB would show one as an output widget
            con.execute("SET enable_progress_bar = false")
            con.execute("SET arrow_large_buffer_size = true")
            con.execute(f"SET temp_directory = {_quote(spill)}")
            con.execute(f"SET memory_limit = {_quote(memory_limit)}")
            values = list(params) if params else None
            try:
                return con.sql(sql, params=values).to_arrow_table()
            except duckdb.OutOfMemoryException:
                con.execute("RESET memory_limit")
                return con.sql(sql, params=values).to_arrow_table()
        finally:
            con.close()


def _read(
    root: Path, table: str, where: str | None, params: Sequence[Any] | None,
    columns: Sequence[str] | None,
) -> pd.DataFrame:
    schema = _TABLES[table]
    empty = empty_events if table == EVENTS else empty_articles
    _recover_if_needed(root)
    source = (_events_source(root, hive=False) if table == EVENTS
              else _source(root, table, hive=False))
    if source is None:
        frame = empty()
    else:
        order = _EVENT_ORDER if table == EVENTS else _ARTICLE_ORDER
        select = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        sql = f"SELECT {select} FROM {source}"
        if where:
            sql += f" WHERE {where}"
        if not columns or set(order) <= set(columns):
            sql += " ORDER BY " + ", ".join(f'"{c}" NULLS LAST' for c in order)
        rows = _query_arrow(sql, params)
        frame = _arrow_frame(rows)
        del rows
        pa.default_memory_pool().release_unused()  # the numbers' Arrow copies, freed
    if columns:
        return conform(frame, {c: schema[c] for c in columns if c in schema})[list(columns)]
    return conform(frame, schema)


def read_events(
    data_dir: str | Path,
    *,
    where: str | None = None,
    params: Sequence[Any] | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The events table of ``data_dir`` (an empty, typed table if none yet).

    ``where`` is a DuckDB SQL condition (``?`` placeholders filled from
    ``params``) evaluated before anything reaches pandas; ``columns`` limits
    the columns read. Rows are sorted by publication date, article, sentence.
    """
    return _read(Path(data_dir), EVENTS, where, params, columns)


def read_articles(
    data_dir: str | Path,
    *,
    where: str | None = None,
    params: Sequence[Any] | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The articles table of ``data_dir`` (an empty, typed table if none yet)."""
    return _read(Path(data_dir), ARTICLES, where, params, columns)


def read_tables(data_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(events, articles)`` of ``data_dir``."""
    return read_events(data_dir), read_articles(data_dir)


class ConnectionAhead:
    """A DuckDB connection opened in a thread, started before it is needed: opening one
    takes ~12 ms (and importing duckdb, in a fresh process, much more), without the GIL,
    so the caller's work meanwhile (an ingest's commit and incidents) hides it. Hand it to
    :func:`export_csv`, which takes and closes it; :meth:`close` one never handed over.

    Once the store is committed, :meth:`prepare` starts the events export's work that does
    not depend on the incidents (listing the files, reading the previous export's index,
    formatting the new files' rows) in a thread too, while the incidents are refreshed
    (mostly Python, holding the GIL; DuckDB does not hold it). :meth:`incidents_written`
    (:func:`refresh_incidents`'s ``written``) hands the export the incidents table the
    refresh writes in a thread meanwhile: the export joins it (the file is not read back)
    and replaces ``events.csv`` only once that file is written (:meth:`settle`)."""

    def __init__(self) -> None:
        self._opening = Ahead(_connect, "duckdb-connect")
        self._taken = False
        self._preparing: Ahead[_ExportPrep | None] | None = None
        self._incidents: tuple[pa.Table, Path] | None = None
        self._writing: Ahead[tuple[int, int, int]] | None = None
        self._written: Path | None = None

    def wait(self) -> None:
        """Return once the connection is open (or failed to open) and the export's
        preparation (:meth:`prepare`) is done."""
        self._opening.wait()
        if self._preparing is not None:
            self._preparing.wait()

    def prepare(self, data_dir: str | Path) -> None:
        """Start preparing the export of the events of ``data_dir`` to ``DIR/events.csv``
        on the connection, in a thread, assuming the incidents file is refreshed before
        the export (its rows are not read here); :func:`export_csv` uses the preparation
        only if the store's files are the same then. Nothing when the store has no
        incidents file or no index of a previous export (a full export follows)."""
        from . import csv_splice

        root = Path(data_dir)
        if (self._preparing is not None or self._taken
                or not (root / INCIDENTS).is_file()
                or not csv_splice.index_path(root / "events.csv").is_file()):
            return
        con = self._opening.result() if self._opening.wait() is None else None
        if con is not None:
            self._preparing = Ahead(lambda: _prepare_export(con, root), "export-prepare")

    def incidents_written(self, table: pa.Table, path: Path,
                          writing: Ahead[tuple[int, int, int]]) -> None:
        """The incidents ``table`` being written to ``path`` by ``writing`` (a thread whose
        result is the file's identity once written): the export joins the table instead
        of reading the file back, and waits for the file (:meth:`settle`)."""
        self.settle()  # (a write handed before: done first)
        self._incidents = (table, path)
        self._writing, self._written = writing, path

    def settle(self) -> bool:
        """Return once the incidents file handed over is written (raise what writing it
        raised); whether it is still the file written (True when none was handed)."""
        writing, self._writing = self._writing, None
        if writing is None or self._written is None:
            return True
        done = writing.result()
        try:
            return _identity(self._written) == done
        except OSError:
            return False

    def take(self) -> duckdb.DuckDBPyConnection:
        """The connection (the caller closes it); what opening it raised, if it failed."""
        if self._taken:
            raise RuntimeError("the connection was taken already")
        self._taken = True
        return self._opening.result()

    def prepared(self, root: Path) -> tuple[_ExportPrep | None, pa.Table | None]:
        """The export's preparation (None: none, or it failed; the caller closes it) and
        the incidents table handed over for ``root``'s file (None: read the file; a splice
        with it is written only if :meth:`settle` finds that file as written); waits for
        the preparation's thread."""
        preparing, self._preparing = self._preparing, None
        written, self._incidents = self._incidents, None
        incidents = written[0] if written is not None and written[1] == root / INCIDENTS \
            else None
        if preparing is None or preparing.wait() is not None:
            return None, incidents
        return preparing.result(), incidents

    def close(self) -> None:
        """Close the connection if it was not taken (nothing when opening it failed), and
        what an unused preparation holds open; wait for an incidents file being written
        (what writing it raised is raised by :meth:`settle` only)."""
        prep, _ = self.prepared(Path())
        if prep is not None:
            prep.close()
        if self._writing is not None:
            self._writing.wait()
        failed = self._opening.wait()
        if not self._taken and failed is None:
            self._taken = True
            self._opening.result().close()


class StoreAhead:
    """The store files an ingest reads after its analysis (which files hold which
    articles, the clustering's columns of every events file, the incidents), read in a
    thread from now on, while the articles are analysed in worker processes. A commit or
    refresh handed this object uses a value read ahead only while its file is unchanged
    (:class:`analysis.file_cache.FileCache`), else reads the file again; so what it
    writes is the same, with or without it, whatever happened to the store meanwhile.

    A file that failed to be read ahead is read again when needed (and fails then, if
    it still does). The values are held until this object goes: about the size of the
    incidents file and the clustering's columns, which the refresh reads anyway.
    """

    def __init__(self, data_dir: str | Path) -> None:
        self._events = FileCache(_incident_part)
        self._articles = FileCache(_article_ids)
        self._incidents = FileCache(_read_file)
        self._reading = Ahead(lambda: self._read(Path(data_dir)), "store-read-ahead")

    def _read(self, root: Path) -> None:
        if not root.is_dir():
            return
        for part in _event_files(root):
            self._events.get(part)
        for part in _parts(root / ARTICLES):
            self._articles.get(part)
        if (root / INCIDENTS).is_file():
            self._incidents.get(root / INCIDENTS)

    def wait(self) -> None:
        """Return once the reading ahead is done (it stops at the first file it could
        not read: the others are read when needed)."""
        self._reading.wait()

    def incident_input(self, part: Path) -> pa.Table:
        """The clustering's columns of the events file ``part``."""
        self.wait()
        return self._events.get(part)

    def event_ids(self, part: Path) -> pa.ChunkedArray:
        """The ``article_id`` column of the events file ``part``."""
        return self.incident_input(part).column("article_id")

    def article_ids(self, part: Path) -> pa.ChunkedArray:
        """The ``article_id`` column of the articles file ``part``."""
        self.wait()
        return self._articles.get(part)

    def incidents(self, path: Path) -> pa.Table:
        """The incidents file ``path``, whole."""
        self.wait()
        return self._incidents.get(path)

    def written(self, files: Sequence[tuple[str, Path, pa.Table]]) -> None:
        """Remember the files a commit just wrote (table, path, the rows it wrote there):
        read from those rows, not again from the files, while the files are unchanged."""
        self.wait()
        for table, path, rows in files:
            if table == EVENTS:
                self._events.put(path, _incident_columns(rows))
            else:
                self._articles.put(path, rows.column("article_id"))


def _identity(path: Path) -> tuple[int, int, int]:
    """What tells a file from the one it replaced: inode, size, modification time."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _connect() -> duckdb.DuckDBPyConnection:
    import duckdb

    return duckdb.connect()


def export_csv(data_dir: str | Path, path: str | Path | None = None, *,
               table: str = "events", connection: ConnectionAhead | None = None) -> Path:
    """Write the whole ``table`` (``events`` or ``articles``) as CSV, atomically.

    Default path ``DIR/events.csv``. Dates are written ``YYYY-MM-DD``; columns
    in schema order. Streams through DuckDB: the table never loads into pandas.
    The events export to the default path is spliced from the previous one when its
    index (``DIR/.events.csv.index.arrow``, :mod:`analysis.csv_splice`) is valid: the
    same bytes as a full export, in a fraction of the time when few files changed.
    ``connection``: a :class:`ConnectionAhead` to use (taken and closed here, whatever
    happens); default a new connection.
    """
    try:
        if table not in ("events", "articles"):
            raise ValueError(f"unknown table {table!r} (events or articles)")
        root = Path(data_dir)
        target = Path(path) if path is not None else root / f"{table}.csv"
        _export(root, target, table, incremental=path is None and table == "events",
                connection=connection)
    finally:
        if connection is not None:
            connection.close()  # when _export did not take it
    return target


def _export(root: Path, target: Path, table: str, *, incremental: bool,
            connection: ConnectionAhead | None = None) -> Literal["empty", "full", "spliced"]:
    """:func:`export_csv`; returns how the file was written (``incremental``: splice the
    previous export when possible, and index the result)."""
    import duckdb

    from . import csv_splice

    name = EVENTS if table == "events" else ARTICLES
    _recover_if_needed(root)
    prep, written = connection.prepared(root) if connection is not None else (None, None)
    if prep is not None and not (incremental and prep.matches(root, target, _events_source(
            root, hive=False))):
        prep.close()
        prep = None
    if (prep is None or written is None) and connection is not None \
            and not connection.settle():
        written = None  # (the incidents file handed over is written: the store is read now)
    source = (_events_source(root, hive=False) if name == EVENTS
              else _source(root, name, hive=False))

    def settled() -> None:
        """The incidents file handed over is written and still the one written."""
        if connection is not None and not connection.settle():
            raise _IncidentsReplaced

    if source is None:
        if incremental:
            csv_splice.remove_index(target)
        frame = empty_events() if table == "events" else empty_articles()
        atomic_write(target, lambda p: frame.to_csv(p, index=False, encoding="utf-8"))
        return "empty"
    incremental = incremental and (root / EVENTS).is_dir()
    incidents = root / INCIDENTS if (root / INCIDENTS).is_file() else None
    previous = None
    con = connection.take() if connection is not None else duckdb.connect()
    try:
        if prep is not None:
            plan, previous = prep.plan, prep.previous
        else:
            plan, previous = _export_plan(con, root, target, name, source, incremental,
                                          incidents)
        if previous is not None and not csv_splice.attach(previous, incidents, written):
            previous = None  # (closed)
        try:
            if previous is not None and csv_splice.splice(
                    plan, previous, target, partial(atomic_write, ready=settled)):
                return "spliced"
        except _IncidentsReplaced:  # (by another writer since): export the file as it is
            pass
        if connection is not None:
            connection.settle()  # the file is written before the export joins it

        def write(tmp: Path) -> None:
            con.execute(f"COPY ({plan.sql}) TO {_quote(str(tmp))} (FORMAT csv, HEADER true)")

        # the index's rows are read beside the export (another query on a cursor)
        ahead = (csv_splice.RowsAhead(plan)
                 if incremental and plan.names[-1:] == ("incident_id",) else None)
        try:
            atomic_write(target, write)
            if incremental:
                csv_splice.write_index(plan, target, ahead)
            elif target == root / "events.csv":
                csv_splice.remove_index(target)
        finally:
            if ahead is not None:
                ahead.close()
    finally:
        con.close()
        if previous is not None:
            previous.close()
    return "full"


class _IncidentsReplaced(Exception):
    """The incidents file was replaced since the refresh handed its table to the export."""


def _export_plan(con: duckdb.DuckDBPyConnection, root: Path, target: Path, name: str,
                 source: str, incremental: bool, incidents: Path | None
                 ) -> tuple[csv_splice.ExportPlan, csv_splice.Previous | None]:
    """How the table ``name`` of ``root`` is exported from ``source`` (joining the
    incidents file ``incidents``), and (``incremental``) the previous export ``target``
    with its index, the incidents not attached yet (None: no splice)."""
    from . import csv_splice

    schema = _TABLES[name]
    previous = None
    if incremental:
        previous = csv_splice.prepare_files(target, root, _parts(root / EVENTS),
                                            incidents is not None)
    try:
        present = {r[0]: str(r[1])
                   for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    except BaseException:
        if previous is not None:
            previous.close()
        raise
    cols = []
    for column, dtype in schema.items():
        if column not in present:
            cols.append(f'NULL AS "{column}"')
        elif dtype.startswith("datetime"):
            cols.append(f'strftime("{column}", \'%Y-%m-%d\') AS "{column}"')
        else:
            cols.append(f'"{column}"')
    order = _EVENT_ORDER if name == EVENTS else _ARTICLE_ORDER
    plan = csv_splice.ExportPlan(
        con=con, root=root, names=tuple(schema), exprs=tuple(cols),
        types=tuple(present.get(c) for c in schema),
        order="ORDER BY " + ", ".join(f'"{c}" NULLS LAST' for c in order),
        source=source,
        filename_source=(_events_source(root, hive=False, filename=True,
                                        incidents_file=incidents is not None) or source)
        if incremental else source,
        files_source=_files_source,
        pattern=str(root / EVENTS / f"{PARTITION}=*" / "*.parquet"),
        incidents=incidents)
    return plan, previous


@dataclass(slots=True)
class _ExportPrep:
    """The events export of a store prepared ahead (:meth:`ConnectionAhead.prepare`):
    its plan, and the previous export with the new files' rows formatted (None: a full
    export); the event files and the source it was prepared for."""

    plan: csv_splice.ExportPlan
    previous: csv_splice.Previous | None
    parts: list[Path]
    target: Path

    def matches(self, root: Path, target: Path, source: str | None) -> bool:
        """Whether the export of ``root`` to ``target`` from ``source`` now is the one
        prepared (same files, same incidents file joined)."""
        return (target == self.target and source == self.plan.source
                and self.plan.incidents == root / INCIDENTS
                and (root / INCIDENTS).is_file() and _parts(root / EVENTS) == self.parts)

    def close(self) -> None:
        if self.previous is not None:
            self.previous.close()


def _prepare_export(con: duckdb.DuckDBPyConnection, root: Path) -> _ExportPrep | None:
    """:class:`_ExportPrep` of the export of ``root``'s events to ``DIR/events.csv`` once
    its incidents file is refreshed (None when there are no event files)."""
    from . import csv_splice

    _recover_if_needed(root)
    parts = _parts(root / EVENTS)
    source = _events_source(root, hive=False, incidents_file=True)
    if not parts or source is None:
        return None
    target = root / "events.csv"
    plan, previous = _export_plan(con, root, target, EVENTS, source, True, root / INCIDENTS)
    if previous is not None and not csv_splice.format_ahead(plan, previous):
        previous = None  # (closed)
    return _ExportPrep(plan, previous, parts, target)


def _files_source(paths: Sequence[Path], filename: bool) -> str:
    """DuckDB table expression reading the event files ``paths`` as they are (their own
    ``incident_id``); with ``filename`` a column ``filename`` names the file of each row."""
    listed = ", ".join(_quote(str(p)) for p in paths)
    extra = ", filename=true" if filename else ""
    return f"read_parquet([{listed}], hive_partitioning=false, union_by_name=true{extra})"


# --------------------------------------------------------------------------- incidents

_INCIDENT_INPUT: Final = (
    "event_id", "article_id", "actor1_code", "actor2_code", "cameo_code", "goldstein",
    "date", "date_earliest", "date_latest", "published", "evidence", "source",
)
_INCIDENT_SCHEMA: Final = _arrow_schema({c: EVENT_COLUMNS[c] for c in _INCIDENT_INPUT})


def read_incidents(data_dir: str | Path) -> pd.DataFrame:
    """The incidents table of ``data_dir`` (:data:`analysis.incidents.INCIDENT_COLUMNS`
    plus ``block``); empty when none has been computed yet."""
    from .incidents import INCIDENT_COLUMNS

    path = Path(data_dir) / INCIDENTS
    if not path.is_file():
        return pd.DataFrame({n: pd.Series(dtype=d)
                             for n, d in {**INCIDENT_COLUMNS, "block": "string"}.items()})
    frame = pd.read_parquet(path)
    for name in ("event_ids", "article_ids"):
        frame[name] = [list(v) if v is not None else [] for v in frame[name]]
    return frame


def _event_files(root: Path) -> list[Path]:
    """The events' data files: the partitions' files, or an older store's single file."""
    path = root / EVENTS
    return [path] if path.is_file() else _parts(path)


def _incident_part(part: Path) -> pa.Table:
    """The columns the clustering reads of one events file (missing ones null)."""
    source = pq.ParquetFile(part)
    present = set(source.schema_arrow.names)
    return _incident_columns(source.read(columns=[c for c in _INCIDENT_INPUT if c in present]))


def _incident_columns(table: pa.Table) -> pa.Table:
    """The columns the clustering reads of events ``table`` (missing ones null)."""
    present = set(table.column_names)
    for column in _INCIDENT_SCHEMA:
        if column.name not in present:
            table = table.append_column(column.name, pa.nulls(len(table), column.type))
    return table.select(list(_INCIDENT_INPUT)).cast(_INCIDENT_SCHEMA)


def _incident_input(root: Path, read: Callable[[Path], pa.Table] = _incident_part
                    ) -> tuple[pa.Table, list[str], np.ndarray]:
    """The events' columns the clustering reads, straight from the Parquet files (no
    DuckDB, no sort: the clustering does not depend on row order; columns missing from
    older files are null; ``read`` reads one file), the names of the files (relative to
    ``DIR``) and the file of every row (an index into the names)."""
    parts, names, sizes = [], [], []
    for part in _event_files(root):
        table = read(part)
        parts.append(table)
        names.append(part.relative_to(root).as_posix())
        sizes.append(len(table))
    table = pa.concat_tables(parts) if parts else _INCIDENT_SCHEMA.empty_table()
    return table, names, np.repeat(np.arange(len(names)), sizes)


#: key of the incidents file's metadata listing the event files it was computed from
_SEEN_PARTS: Final = b"tension.event_files"


def _sorted_incidents(table: pa.Table, keep: np.ndarray | None = None) -> pa.Table:
    """The rows of ``table`` (those ``keep`` marks) sorted as
    :func:`analysis.incidents.cluster_incidents` sorts (undated last), in one copy."""
    rows = np.arange(table.num_rows) if keep is None else np.flatnonzero(keep)
    keys = table.select(["date", "dyad", "incident_id"]).take(rows)
    order = pc.sort_indices(keys, sort_keys=[("date", "ascending"), ("dyad", "ascending"),
                                             ("incident_id", "ascending")])
    return table.take(rows[order.to_numpy()])


@overload
def refresh_incidents(data_dir: str | Path, changed_articles: Iterable[str] | None = None,
                      *, result: Literal[True] = True, workers: int = 1,
                      parallel_min: int | None = None,
                      read_ahead: StoreAhead | None = None,
                      rewritten: Mapping[str, str] | None = None,
                      before_fork: Callable[[], object] | None = None,
                      written: _Written | None = None) -> pd.DataFrame: ...


@overload
def refresh_incidents(data_dir: str | Path, changed_articles: Iterable[str] | None = None,
                      *, result: Literal[False], workers: int = 1,
                      parallel_min: int | None = None,
                      read_ahead: StoreAhead | None = None,
                      rewritten: Mapping[str, str] | None = None,
                      before_fork: Callable[[], object] | None = None,
                      written: _Written | None = None) -> None: ...


def refresh_incidents(data_dir: str | Path, changed_articles: Iterable[str] | None = None,
                      *, result: bool = True, workers: int = 1,
                      parallel_min: int | None = None,
                      read_ahead: StoreAhead | None = None,
                      rewritten: Mapping[str, str] | None = None,
                      before_fork: Callable[[], object] | None = None,
                      written: _Written | None = None) -> pd.DataFrame | None:
    """Re-cluster the incidents of the store after a commit; write ``DIR/incidents.parquet``.

    Returns the incidents table as :func:`read_incidents` does; with ``result=False``
    nothing (a caller that only needs the file, such as an ingest, saves building a frame
    of every incident, which costs more than an incremental refresh).

    Clustering works in independent blocks (dyad x CAMEO root group,
    :func:`analysis.incidents.block_keys`); only the blocks holding an event that is new,
    gone, or of an article in ``changed_articles`` (re-ingested articles keep their event
    ids but may have changed) are re-clustered, and within a block that only gained events
    the sweep is replayed from the previous incidents (:func:`analysis.incidents.recluster`).
    Incidents whose membership stays are kept as they are. ``None`` re-clusters everything.
    The result is identical to a full re-clustering. The file is replaced atomically and
    records the event files it was computed from; a crash between a commit and this refresh
    leaves stale incidents, which the next refresh repairs: new and gone events are found
    again, and every event of a file written since counts as changed (so a rewritten or
    compacted month costs a re-clustering of the blocks of its events), but for the files
    in ``rewritten`` (what :func:`commit` returns: each file rewritten without some
    articles -> the file it was rewritten from), whose events count as seen when that file
    was: the articles taken out are in ``changed_articles``, the others are as they were.

    With ``workers > 1`` a re-clustering of many events (``parallel_min``, default
    :data:`analysis.incidents.PARALLEL_MIN_EVENTS`) runs its blocks on that many processes
    (:func:`analysis.incidents.recluster_table`); the file is the same.
    ``read_ahead``: a :class:`StoreAhead` of ``data_dir`` (its reads of files unchanged
    since are used). ``before_fork`` is called before worker processes are forked (an
    ingest waits for its threads there). With ``written`` the file is written in a thread,
    which holds the store's lock until it is done, and ``written(table, file, thread)`` is
    called (``table``: the incidents written, their ``incident_id`` and ``event_ids``, in
    any order: the rows are sorted in the thread; the thread's result is the file's
    identity once written, see :meth:`ConnectionAhead.incidents_written`); the caller
    waits for the thread.
    """
    from .incidents import INCIDENT_COLUMNS

    root = Path(data_dir)
    # ~100k short-lived containers and no cycles: in an ingest's large heap the collections
    # they would trigger cost more than the refresh (100 stories into the 18,900-story
    # Reuters store: 0.29 -> 0.22 s median)
    with contextlib.ExitStack() as held, collector_paused():
        held.enter_context(_locked(root))
        _recover(root)
        events, files, file_of = _incident_input(
            root, _incident_part if read_ahead is None else read_ahead.incident_input)
        path = root / INCIDENTS
        old = None
        if path.is_file():
            old = _read_file(path) if read_ahead is None else read_ahead.incidents(path)
        seen = (old.schema.metadata or {}).get(_SEEN_PARTS) if old is not None else None
        if (changed_articles is None or old is None or old.num_rows == 0 or seen is None
                or old.column_names != [*INCIDENT_COLUMNS, "block"]):
            table, keep = _cluster_all(events, workers, parallel_min, before_fork), None
        else:
            # events of files written since the last refresh count as changed too: a
            # crash between a commit and its refresh loses ``changed_articles``
            known = set(json.loads(seen))
            unseen = np.array([not _seen(f, known, rewritten or {}) for f in files],
                              dtype=bool)
            table, keep = _recluster_changed(events, old, {str(a) for a in changed_articles},
                                             unseen[file_of] if len(files) else file_of > 0,
                                             workers, parallel_min, before_fork)

        def finished() -> pa.Table:
            """The file's table: the rows kept, sorted, and the files seen."""
            done = _sorted_incidents(table, keep)
            return done.replace_schema_metadata({**(done.schema.metadata or {}),
                                                 _SEEN_PARTS: json.dumps(files).encode()})

        final = finished() if written is None or result else None
        if written is None:
            _write_incidents(path, final)
            return _incidents_frame(final) if result else None
        lock = held.pop_all()  # released by the thread, once the file is written

        def write() -> tuple[int, int, int]:
            with lock:
                _write_incidents(path, final if final is not None else finished())
                return _identity(path)

        members = table.select(["incident_id", "event_ids"])
        if keep is not None:
            members = members.filter(pa.array(keep, type=pa.bool_()))
        written(members, path, Ahead(write, "incidents-write"))
        return _incidents_frame(final) if final is not None else None


#: :func:`refresh_incidents`'s ``written``: the table, the file, the thread writing it
_Written = Callable[[pa.Table, Path, Ahead[tuple[int, int, int]]], object]


def _write_incidents(path: Path, table: pa.Table) -> None:
    # plain pages (no compression, no dictionaries): half the time to write, and the
    # export joins the file right after; no column statistics (every reader reads it
    # whole: a quarter of the rest of the write)
    atomic_write(path, lambda p: pq.write_table(table, p, compression="none",
                                               use_dictionary=False, write_statistics=False))


def _seen(name: str, known: set[str], rewritten: Mapping[str, str]) -> bool:
    """Whether the events of file ``name`` were clustered by the refresh that saw the
    files ``known``: it was one of them, or was rewritten (without some articles, which
    count as changed) from one of them, through any number of rewrites."""
    for _ in range(len(rewritten) + 1):
        if name in known:
            return True
        if name not in rewritten:
            return False
        name = rewritten[name]
    return False


def _incidents_frame(table: pa.Table) -> pd.DataFrame:
    """An incidents Arrow table as :func:`read_incidents` returns it."""
    lists = ("event_ids", "article_ids")
    frame: pd.DataFrame = table.drop_columns(list(lists)).to_pandas()
    for name in lists:
        frame.insert(table.column_names.index(name), name,
                     [v if v is not None else [] for v in table.column(name).to_pylist()])
    return frame


def _cluster_all(events: pa.Table, workers: int, parallel_min: int | None,
                 before_fork: Callable[[], object] | None = None) -> pa.Table:
    """The incidents of ``events`` (rows not sorted: :func:`_sorted_incidents`)."""
    from .incidents import recluster_arrow

    frame = events.to_pandas()
    return recluster_arrow(frame, [-1] * len(frame), workers=workers,
                           parallel_min=parallel_min, before_fork=before_fork)


def _fresh_starts(events: pa.Table) -> dict[str, int]:
    """The block of every event of ``events`` -> the first day one of them starts on (days
    since the epoch), as :func:`analysis.incidents.block_keys` and
    :func:`analysis.incidents.intervals` of their frame give them (the clustering's own
    reading of the columns, without their frames): an undated event's block is its own,
    its day the start it has (``date_earliest``, else ``date``; else the smallest int64)."""
    from .incidents import _blocks_of, _Columns

    cols = _Columns.direct(events.to_pandas())
    blocks, _ = _blocks_of(cols)
    none = int(np.iinfo(np.int64).min)
    days = [none if v is None else v // 86_400_000_000_000 for v in cols.lo]
    return {name: days[rows[-1]] if name.startswith("undated|") else min(days[r] for r in rows)
            for name, rows in blocks}


def _take_sorted(table: pa.Table, rows: np.ndarray) -> pa.Table:
    """``table.take(rows)`` for ascending ``rows``, taken from each record batch of the
    table in turn (``take`` of a table of several batches first joins them: a copy of every
    row, ~8 ms of the 33,000 events of the Reuters store against ~1.5 ms)."""
    pieces = []
    start = 0
    for batch in table.to_batches():
        lo, hi = np.searchsorted(rows, [start, start + batch.num_rows]).tolist()
        if hi > lo:
            pieces.append(batch.take(pa.array(rows[lo:hi] - start)))
        start += batch.num_rows
    return pa.Table.from_batches(pieces, schema=table.schema)


def _recluster_changed(events: pa.Table, old: pa.Table, changed: set[str],
                       unseen: np.ndarray, workers: int = 1,
                       parallel_min: int | None = None,
                       before_fork: Callable[[], object] | None = None
                       ) -> tuple[pa.Table, np.ndarray]:
    """The incidents after a commit, from the previous ones (``old``, with ``block``): the
    old ones and the new ones, and which of them are kept (rows not sorted:
    :func:`_sorted_incidents`).

    Fresh events (new, or of a changed article) are re-clustered in their blocks with the
    old incidents they may interact with: those of the block that end on or after the
    first day a fresh event of the block starts on (an incident that ends before closes
    in the sweep before the first fresh event and cannot change). Blocks that lost an
    event (gone, or changed) are re-clustered whole.
    """
    from .incidents import recluster_arrow

    members = old.column("event_ids")
    flat = pc.list_flatten(members)
    parents = pc.list_parent_indices(members)
    event_ids = events.column("event_id")
    where = pc.index_in(event_ids, value_set=flat)
    prior = pc.take(parents, where)
    is_changed = pc.or_(pc.is_in(events.column("article_id"), value_set=pa.array(
        sorted(changed), type=pa.large_string())), pa.array(unseen, type=pa.bool_()))
    bad = set(prior.filter(pc.and_(is_changed, pc.is_valid(prior))).to_pylist())
    # and the incidents that lost an event: members no event matched (an event is a
    # member of one incident; were one listed twice, its block would be redone, as safe)
    matched = np.zeros(len(flat), dtype=bool)
    matched[where.drop_null().to_numpy(zero_copy_only=False)] = True
    bad.update(parents.to_numpy(zero_copy_only=False)[~matched].tolist())
    prior_np = pc.if_else(is_changed, None, prior).fill_null(-1).to_numpy(
        zero_copy_only=False).astype(np.int64)
    fresh = np.flatnonzero(prior_np < 0)
    old_blocks = old.column("block")
    redo = set(old_blocks.take(pa.array(sorted(bad), type=pa.int64())).to_pylist())
    # block -> first day a fresh event starts on
    start = _fresh_starts(_take_sorted(events, fresh)) if len(fresh) else {}
    # relevant old incidents: of a redone block, or of a block with fresh events and not
    # ending before the block's first fresh day (undated ones: their own block)
    latest = pc.cast(old.column("date_latest"), pa.int64()).fill_null(np.iinfo(np.int64).max)
    latest_days = np.floor_divide(latest.to_numpy(zero_copy_only=False), 86_400 * 10**9)
    names = list(start)
    where = pc.index_in(old_blocks, value_set=pa.array(names, type=pa.large_string()))
    first_day = np.array([*start.values(), np.iinfo(np.int64).max], dtype=np.int64)[
        where.fill_null(len(names)).to_numpy(zero_copy_only=False)]
    relevant = np.zeros(old.num_rows + 1, dtype=bool)  # the extra slot: prior -1
    relevant[:-1] = (latest_days >= first_day) | pc.is_in(
        old_blocks, value_set=pa.array(sorted(redo), type=pa.large_string())
    ).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(relevant[prior_np] | (prior_np < 0))
    subset = _take_sorted(events, rows).to_pandas()
    sub_prior = prior_np[rows].tolist()
    old_sizes = old.column("n_events").to_numpy()
    stays = ~relevant[:-1]

    def unchanged(cluster: list[int]) -> bool:
        """The cluster is an old incident as it was (its row is kept)."""
        p = sub_prior[cluster[0]]
        if (p >= 0 and p not in bad and len(cluster) == old_sizes[p]
                and all(sub_prior[k] == p for k in cluster)):
            stays[p] = True
            return True
        return False

    new = recluster_arrow(subset, sub_prior, redo, unchanged=unchanged, workers=workers,
                          parallel_min=parallel_min, before_fork=before_fork)
    table = pa.concat_tables([old, new.cast(old.schema)])  # no copy
    return table, np.concatenate([stays, np.ones(len(new), dtype=bool)])
