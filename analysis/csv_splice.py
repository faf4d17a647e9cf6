"""Rewrite ``DIR/events.csv`` by splicing the previous export (``tension ingest``'s export).

A full export formats and sorts every event (~0.2 s for 36,000 events) however few
changed. After a full export, a sidecar index ``DIR/.events.csv.index.arrow`` records,
for every data row in file order, its ``event_id``, the event Parquet file it came from
(files are immutable once written: a rewrite or a compaction writes a new file), its
``incident_id``, ``published`` and ``article_id`` (the leading sort keys) and its byte
offset and length in ``events.csv``; its metadata records the CSV's size and
``mtime_ns``, the header line, the columns and the DuckDB types of the columns read, the
event files (with their sizes) and a format version.

The next export to the default path builds the new file from the old one:

1. rows of files the index knows keep their order and bytes; their trailing
   ``incident_id`` field is replaced when the incidents changed (ids are plain
   ``inc-<hex>`` text, or empty for none: no CSV quoting is involved; a full export
   follows otherwise);
2. rows of other files (new batches, rewritten ``-r`` and compacted ``-c`` files) are
   formatted by DuckDB with the export's own column expressions and ``ORDER BY``, over
   those files only;
3. the two sorted sequences are merged on (``published``, ``article_id``): an article's
   events all sit in one file, so no key is shared by both (checked), and each side is
   already in the export's order;
4. the pieces (runs of consecutive old rows copied as single ranges) are written
   atomically, then the new index.

The result is byte-identical to a full export. Anything unexpected (no index, a corrupt
or stale one, an edited ``events.csv``, other columns or column types, a row that does not
match) means a full export, which rewrites the index.

Row boundaries of a full export are found with a quote-parity scan: DuckDB quotes fields
holding a quote or a line break and doubles inner quotes, so a line feed after an even
number of quotes ends a row.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .ahead import Ahead

if TYPE_CHECKING:
    import duckdb

__all__ = ["INDEX_NAME", "ExportPlan", "Previous", "RowsAhead", "attach", "format_ahead",
           "prepare", "prepare_files", "remove_index", "row_bounds", "splice", "write_index"]

INDEX_NAME: Final = ".events.csv.index.arrow"
VERSION: Final = 1
_META: Final = b"tension.csv_index"
_INDEX_COLUMNS: Final = ("event_id", "file", "incident_id", "published", "article_id",
                         "offset", "length")
#: incident ids the CSV writer leaves unquoted (anything else: no index, full exports)
_PLAIN_ID: Final = r"^[A-Za-z0-9._-]+$"
_QUOTE: Final = ord('"')
_NEWLINE: Final = ord("\n")
_CHUNK: Final = 1 << 20  # small pieces are gathered up to this size before a write


class _Stale(Exception):
    """The index cannot be used (a full export follows)."""


#: what makes a previous export or its index unusable (a full export follows): its own
#: checks, and a malformed index or metadata
_UNUSABLE: Final = (_Stale, KeyError, IndexError, TypeError, ValueError, OSError,
                    pa.ArrowException)


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """How the store exports its events table: everything the splice needs to repeat it.

    ``exprs`` are the SELECT expressions of the export's columns ``names`` (the last one
    ``incident_id``), ``types`` the DuckDB types of the source columns they read (``None``
    for a column no file has), ``order`` the export's ``ORDER BY`` clause over the
    exported columns. ``source`` is the events table expression, ``filename_source`` the
    same with a ``filename`` column; ``files_source(paths, filename)`` reads the event
    files ``paths`` only, with their own ``incident_id`` column. ``pattern`` globs the
    event files ``source`` reads; ``incidents`` is the incidents file ``source`` joins
    (``None``: the files' ``incident_id`` column is exported).
    """

    con: duckdb.DuckDBPyConnection
    root: Path
    names: tuple[str, ...]
    exprs: tuple[str, ...]
    types: tuple[str | None, ...]
    order: str
    source: str
    filename_source: str
    files_source: Callable[[Sequence[Path], bool], str]
    pattern: str
    incidents: Path | None

    @property
    def sql(self) -> str:
        """The full export's query."""
        return f"SELECT {', '.join(self.exprs)} FROM {self.source} {self.order}"

    def _keys_sql(self, source: str) -> str:
        return ('SELECT "event_id", "filename", "incident_id", "published", "article_id" '
                f"FROM (SELECT {', '.join(self.exprs)}, \"filename\" FROM {source}) "
                f"{self.order}")

    def keys_sql(self) -> str:
        """Event, file, incident and leading sort keys of every row, in the export's order."""
        return self._keys_sql(self.filename_source)

    def subset_keys_sql(self, paths: Sequence[Path]) -> str:
        """:meth:`keys_sql` of the files ``paths`` only (their own ``incident_id``)."""
        return self._keys_sql(self.files_source(paths, True))

    def subset_sql(self, paths: Sequence[Path]) -> str:
        """The export of the files ``paths`` only, ``incident_id`` left empty."""
        exprs = [*self.exprs[:-1], f'NULL AS "{self.names[-1]}"']
        return f"SELECT {', '.join(exprs)} FROM {self.files_source(paths, False)} {self.order}"


def row_bounds(data: bytes | memoryview, start: int = 0) -> np.ndarray:
    """Offsets of the rows of CSV text ``data`` from ``start``: row ``i`` is
    ``data[b[i]:b[i + 1]]`` (each ending with its line feed). Line feeds inside quoted
    fields (after an odd number of quotes) do not end a row; text after the last line
    feed is not a row."""
    view = np.frombuffer(data, dtype=np.uint8)[start:]
    quotes = np.flatnonzero(view == _QUOTE)
    feeds = np.flatnonzero(view == _NEWLINE)
    ends = feeds[(np.searchsorted(quotes, feeds) & 1) == 0] + 1
    return np.concatenate([np.zeros(1, dtype=np.int64), ends.astype(np.int64)]) + start


def index_path(csv: Path) -> Path:
    """The index of the export ``csv``."""
    return csv.parent / INDEX_NAME


def remove_index(csv: Path) -> None:
    """Forget the index of ``csv`` (its next export is a full one)."""
    index_path(csv).unlink(missing_ok=True)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class _Rows:
    """Rows of an export in order: their keys, and the file of each (a code into
    ``files``, paths relative to the store)."""

    event_id: pa.Array
    incident_id: pa.Array
    published: pa.Array
    article_id: pa.Array
    file: np.ndarray
    files: list[str]

    def __len__(self) -> int:
        return len(self.event_id)


def _rows(plan: ExportPlan, sql: str) -> _Rows:
    table = plan.con.sql(sql).to_arrow_table()
    names = pc.dictionary_encode(table.column("filename").combine_chunks())
    files = [_relative(plan.root, f) for f in names.dictionary.to_pylist()]

    def column(name: str) -> pa.Array:
        return table.column(name).combine_chunks().cast(pa.string())

    return _Rows(column("event_id"), column("incident_id"), column("published"),
                 column("article_id"),
                 names.indices.to_numpy(zero_copy_only=False).astype(np.int32), files)


def _relative(root: Path, name: str) -> str:
    return Path(name).relative_to(root).as_posix()


def _check_ids(incidents: pa.Array) -> None:
    if incidents.null_count < len(incidents) and not pc.all(pc.match_substring_regex(
            incidents.drop_null(), _PLAIN_ID)).as_py():
        raise _Stale("an incident id needs quoting")


def _byte_lengths(ids: pa.Array) -> np.ndarray:
    """Byte length of each id (0 for none)."""
    lengths: np.ndarray = pc.binary_length(ids).fill_null(0).to_numpy(
        zero_copy_only=False).astype(np.int64)
    return lengths


def _unique(ids: pa.Array) -> bool:
    return ids.null_count == 0 and len(pc.unique(ids)) == len(ids)


def _starts_with_ids(data: bytes, starts: np.ndarray, ids: pa.Array,
                     rows: Sequence[int] | None = None) -> bool:
    """Rows at ``starts`` begin with their event id and a comma (all, or ``rows``)."""
    for row in range(len(starts)) if rows is None else rows:
        key = ids[row].as_py().encode("utf-8") + b","
        at = int(starts[row])
        if data[at:at + len(key)] != key:
            return False
    return True


def _end_with_incidents(data: bytes, ends: np.ndarray, ids: pa.Array,
                        rows: Sequence[int]) -> bool:
    """Rows ending at ``ends`` end with a comma, their incident id and a line feed."""
    for row in rows:
        key = b"," + (ids[row].as_py() or "").encode("utf-8") + b"\n"
        at = int(ends[row])
        if data[at - len(key):at] != key:
            return False
    return True


# --------------------------------------------------------------------------- the index


def _file_sizes(root: Path, files: Sequence[str]) -> list[int]:
    return [(root / f).stat().st_size for f in files]


def _write_index(plan: ExportPlan, csv: Path, rows: _Rows, bounds: np.ndarray,
                 header: bytes) -> None:
    stat = csv.stat()
    meta = {"version": VERSION, "csv_size": stat.st_size, "csv_mtime_ns": stat.st_mtime_ns,
            "header": header.decode("utf-8"), "names": list(plan.names),
            "types": list(plan.types), "incidents": plan.incidents is not None,
            "files": rows.files, "file_sizes": _file_sizes(plan.root, rows.files)}
    table = pa.table({
        "event_id": rows.event_id,
        "file": pa.array(rows.file, type=pa.int32()),
        "incident_id": rows.incident_id,
        "published": rows.published,
        "article_id": rows.article_id,
        "offset": pa.array(bounds[:-1], type=pa.int64()),
        "length": pa.array(np.diff(bounds), type=pa.int64()),
    }).replace_schema_metadata({_META: json.dumps(meta).encode()})
    target = index_path(csv)
    fd, name = tempfile.mkstemp(prefix=f"{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with pa.OSFile(name, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        # not synced: a lost or torn index only costs a full export (a torn file does not
        # parse, and the metadata must match the CSV)
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)


class RowsAhead:
    """The rows a full export's index needs (:meth:`ExportPlan.keys_sql`), read in a thread
    on a cursor of the plan's connection while the export itself runs (DuckDB does not
    hold the GIL): the two queries overlap. Hand it to :func:`write_index`; :meth:`close`
    it in any case (waits for the thread, closes the cursor)."""

    def __init__(self, plan: ExportPlan) -> None:
        self._cursor = plan.con.cursor()
        on_cursor = replace(plan, con=self._cursor)
        self._reading = Ahead(lambda: _rows(on_cursor, on_cursor.keys_sql()), "csv-index-rows")

    @property
    def running(self) -> bool:
        return self._reading.running

    def result(self) -> _Rows:
        """The rows (what reading them raised, if it failed)."""
        return self._reading.result()

    def close(self) -> None:
        self._reading.wait()
        self._cursor.close()


def write_index(plan: ExportPlan, csv: Path, ahead: RowsAhead | None = None) -> bool:
    """Index the full export just written to ``csv`` (``plan.sql``'s rows); returns
    whether it could (otherwise there is no index). ``ahead``: the rows, read while the
    export ran (default: read now)."""
    remove_index(csv)
    if not plan.names or plan.names[-1] != "incident_id":
        return False
    rows = ahead.result() if ahead is not None else _rows(plan, plan.keys_sql())
    try:
        _check_ids(rows.incident_id)
    except _Stale:
        return False
    with open(csv, "rb") as handle:
        data = handle.read()
    head = data.find(b"\n") + 1
    if head <= 0 or data[head - 2:head] == b"\r\n":
        return False
    bounds = row_bounds(data, head)
    n = len(rows)
    if len(bounds) != n + 1 or bounds[-1] != len(data) or not _unique(rows.event_id):
        return False
    sample = sorted({0, n - 1, *range(0, n, 64)}) if n else []
    if not (_starts_with_ids(data, bounds[:-1], rows.event_id, sample)
            and _end_with_incidents(data, bounds[1:], rows.incident_id, sample)):
        return False
    _write_index(plan, csv, rows, bounds, data[:head])
    return True


def _read_index(csv: Path, stat: os.stat_result) -> tuple[pa.Table, dict[str, Any]]:
    try:
        with pa.memory_map(str(index_path(csv)), "r") as source:
            table = pa.ipc.open_file(source).read_all()
    except (OSError, pa.ArrowException) as error:
        raise _Stale(f"no usable index: {error}") from error
    raw = (table.schema.metadata or {}).get(_META)
    try:
        meta = json.loads(raw) if raw is not None else None
    except ValueError as error:
        raise _Stale("bad index metadata") from error
    if not isinstance(meta, dict) or meta.get("version") != VERSION:
        raise _Stale("index of another version")
    if (meta.get("csv_size"), meta.get("csv_mtime_ns")) != (stat.st_size, stat.st_mtime_ns):
        raise _Stale("events.csv changed since it was indexed")
    if tuple(table.column_names) != _INDEX_COLUMNS:
        raise _Stale("index columns")
    return table, meta


# --------------------------------------------------------------------------- the splice


@dataclass(slots=True)
class Previous:
    """The previous export, its index, and which of its rows the store still holds, read
    by :func:`prepare` (no DuckDB); :func:`splice` does the rest. Holds ``events.csv``
    open: :meth:`close` it.

    :func:`prepare_files` reads what does not depend on the incidents (:func:`attach` adds
    them), and :func:`format_ahead` may format the rows of the new files beforehand."""

    fd: int
    meta: dict[str, Any]
    header: bytes
    offsets: np.ndarray
    lengths: np.ndarray
    files: list[str]  # the event files now, relative to the store
    fresh: list[Path]  # those the index does not know
    kept: np.ndarray  # old rows still there, in order
    rows: _Rows  # their keys and old incident ids
    incidents: pa.Array | None = None  # their incident ids now (:func:`attach`)
    members: _Members | None = None  # the incidents file (None: the files' own column)
    #: the new files' rows formatted and merged (:func:`format_ahead`), when done ahead
    formatted: _Fresh | None = None

    def close(self) -> None:
        os.close(self.fd)


@dataclass(frozen=True, slots=True)
class _Members:
    """The incidents file as the export joins it: ``flat[i]`` is in incident
    ``ids[parents[i]]``."""

    flat: pa.Array
    parents: pa.Array
    ids: pa.Array

    @classmethod
    def read(cls, path: Path) -> _Members:
        return cls.of_table(pq.read_table(path, columns=["incident_id", "event_ids"]))

    @classmethod
    def of_table(cls, found: pa.Table) -> _Members:
        """The members of an incidents table (its ``incident_id`` and ``event_ids``)."""
        members = found.column("event_ids").combine_chunks()
        flat = pc.list_flatten(members).cast(pa.string())
        if not _unique(flat):
            raise _Stale("an event in two incidents")
        return cls(flat, pc.list_parent_indices(members),
                   found.column("incident_id").combine_chunks().cast(pa.string()))

    def of(self, event_ids: pa.Array) -> pa.Array:
        """The incident of each event (null when in none)."""
        if len(event_ids) * 8 < len(self.flat) and _unique(event_ids):
            # a few events: look the members up among them (a small hash table)
            row = pc.index_in(self.flat, value_set=event_ids)
            hit = pc.is_valid(row)
            parent = np.full(len(event_ids), -1, dtype=np.int64)
            parent[row.filter(hit).to_numpy()] = self.parents.filter(hit).to_numpy()
            return self.ids.take(pa.array(parent, mask=parent < 0))
        where = pc.index_in(event_ids, value_set=self.flat)
        found: pa.Array = pc.take(self.ids, pc.take(self.parents, where))
        return found


def prepare(csv: Path, root: Path, parts: Sequence[Path], incidents: Path | None
            ) -> Previous | None:
    """Read the previous export ``csv`` of the store ``root`` and its index, and match
    the index with the event files ``parts`` and the incidents file now; None when the
    index cannot be used."""
    previous = prepare_files(csv, root, parts, incidents is not None)
    if previous is not None and not attach(previous, incidents):
        return None
    return previous


def prepare_files(csv: Path, root: Path, parts: Sequence[Path], incidents: bool
                  ) -> Previous | None:
    """:func:`prepare`, the incidents aside (``incidents``: whether the export joins an
    incidents file): :func:`attach` them before :func:`splice`."""
    try:
        fd = os.open(csv, os.O_RDONLY)
    except OSError:
        return None
    try:
        return _prepare(csv, root, parts, incidents, fd)
    except _UNUSABLE:
        os.close(fd)
        return None


def attach(previous: Previous, incidents: Path | None, table: pa.Table | None = None
           ) -> bool:
    """Give ``previous`` (:func:`prepare_files`) the incident of each of its rows now,
    from the incidents file ``incidents`` (None: the files' own column), or from
    ``table``, the incidents table that file holds, when given; returns False (having
    closed ``previous``) when they cannot be used."""
    try:
        if (incidents is not None) != bool(previous.meta["incidents"]):
            raise _Stale("incidents came or went")
        members = None
        if incidents is not None:
            members = _Members.of_table(table) if table is not None else _Members.read(
                incidents)
        previous.members = members
        previous.incidents = (members.of(previous.rows.event_id) if members is not None
                              else previous.rows.incident_id)
    except _UNUSABLE:
        previous.close()
        return False
    return True


def _prepare(csv: Path, root: Path, parts: Sequence[Path], incidents: bool,
             fd: int) -> Previous:
    stat = os.fstat(fd)
    index, meta = _read_index(csv, stat)
    header = str(meta["header"]).encode("utf-8")
    if (not header.endswith(b"\n") or os.pread(fd, len(header), 0) != header
            or meta["incidents"] != incidents):
        raise _Stale("another header, or incidents came or went")
    offsets = index.column("offset").to_numpy()
    lengths = index.column("length").to_numpy()
    if len(offsets) and (int(offsets[0]) != len(header)
                         or int(offsets[-1] + lengths[-1]) != stat.st_size):
        raise _Stale("index does not cover the file")
    # which files are known (same path and size), which are new
    files = [_relative(root, str(p)) for p in parts]
    known = {f: (k, s) for k, (f, s) in enumerate(zip(meta["files"], meta["file_sizes"],
                                                      strict=True))}
    new_code = np.full(len(meta["files"]), -1, dtype=np.int32)  # old file code -> new
    fresh: list[Path] = []
    for k, (name, size) in enumerate(zip(files, _file_sizes(root, files), strict=True)):
        if name in known and known[name][1] == size:
            new_code[known[name][0]] = k
        else:
            fresh.append(root / name)
    old_file = index.column("file").to_numpy()
    kept = np.flatnonzero(new_code[old_file] >= 0)  # old rows still there, in order
    take = pa.array(kept)

    def kept_column(name: str) -> pa.Array:
        column = index.column(name).combine_chunks()
        if len(kept) < len(column):
            column = column.take(take)
        return column.cast(pa.string())

    rows = _Rows(kept_column("event_id"), kept_column("incident_id"),
                 kept_column("published"), kept_column("article_id"),
                 new_code[old_file[kept]], files)
    return Previous(fd, meta, header, offsets, lengths, files, fresh, kept, rows)


def format_ahead(plan: ExportPlan, previous: Previous) -> bool:
    """Check ``plan`` against ``previous`` (:func:`prepare_files`) and format the rows of
    the new files now (DuckDB), for a :func:`splice` later; returns False (having closed
    ``previous``) when the splice cannot be done."""
    import duckdb

    try:
        previous.formatted = _checked_fresh(plan, previous)
    except (*_UNUSABLE, duckdb.Error):
        previous.close()
        return False
    return True


@dataclass(slots=True)
class _Splice:
    """The new file: ranges of the old one (``(offset, length)``) and new bytes, in order;
    its rows and their bounds."""

    pieces: list[tuple[int, int] | bytes]
    rows: _Rows
    bounds: np.ndarray


def splice(plan: ExportPlan, previous: Previous, csv: Path,
           write: Callable[[Path, Callable[[Path], object]], None]) -> bool:
    """Write ``csv`` from the previous export (:func:`prepare`), then its index; returns
    False (having written nothing) when that cannot be done exactly, so a full export
    must be run. ``write`` is the atomic writer (``store.atomic_write``)."""
    import duckdb

    try:
        done = _plan_splice(plan, previous)
    except (*_UNUSABLE, duckdb.Error):
        return False
    write(csv, lambda tmp: _write_pieces(tmp, previous.fd, done.pieces))
    _write_index(plan, csv, done.rows, done.bounds, previous.header)
    return True


def _write_pieces(tmp: Path, old: int, pieces: list[tuple[int, int] | bytes]) -> None:
    """Ranges of ``old`` are copied by the kernel; bytes are gathered and written."""
    out = os.open(tmp, os.O_WRONLY)  # mkstemp made it empty
    try:
        pending: list[bytes] = []
        size = 0
        for piece in pieces:
            if isinstance(piece, bytes):
                pending.append(piece)
                size += len(piece)
                if size < _CHUNK:
                    continue
            if pending:
                _write_all(out, b"".join(pending))
                pending, size = [], 0
            if not isinstance(piece, bytes):
                _copy_range(old, out, *piece)
        if pending:
            _write_all(out, b"".join(pending))
    finally:
        os.close(out)


def _write_all(out: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(out, view):]


def _copy_range(old: int, out: int, offset: int, length: int) -> None:
    copy = getattr(os, "copy_file_range", None)  # Linux
    while length > 0:
        copied = 0
        if copy is not None:
            try:
                copied = copy(old, out, length, offset)
            except OSError:  # not supported by this file system: read and write
                copy = None
        if copied <= 0:
            data = os.pread(old, length, offset)
            if not data:
                raise OSError("events.csv shrank while it was copied")
            _write_all(out, data)
            copied = len(data)
        offset += copied
        length -= copied


@dataclass(frozen=True, slots=True)
class _Fresh:
    """The rows of the new files (:func:`_format_fresh`: keys, bytes, bounds) and where
    they go: ``concat`` is the kept rows then the fresh ones, ``order`` the row of
    ``concat`` at each position of the new file."""

    rows: _Rows
    data: bytes
    bounds: np.ndarray
    concat: _Rows
    order: np.ndarray


def _checked_fresh(plan: ExportPlan, previous: Previous) -> _Fresh:
    """The new files' rows formatted (:func:`_format_fresh`) and merged among the kept
    ones, once ``plan`` is checked against ``previous`` (same columns and types, DuckDB
    reads the same files)."""
    meta = previous.meta
    if (meta["names"] != list(plan.names) or meta["types"] != list(plan.types)
            or plan.names[-1] != "incident_id"):
        raise _Stale("other columns or types")
    globbed = [_relative(plan.root, str(r[0])) for r in plan.con.execute(
        f"SELECT file FROM glob({_quote(plan.pattern)}) ORDER BY file").fetchall()]
    if sorted(globbed) != sorted(previous.files):
        raise _Stale("DuckDB reads other files")
    fresh, fresh_data, fresh_bounds = _format_fresh(plan, previous.fresh, previous.files)

    # merge: positions of the fresh rows among the kept ones
    kept_rows = previous.rows
    n_kept, n_fresh = len(kept_rows), len(fresh)
    n = n_kept + n_fresh
    concat = _concat(kept_rows, fresh)
    key = _merge_keys(concat)
    kept_key, fresh_key = key[:n_kept], key[n_kept:]
    if np.any(np.diff(kept_key) < 0) or np.any(np.diff(fresh_key) < 0):
        raise _Stale("rows out of order")
    at = np.searchsorted(kept_key, fresh_key, side="left")
    if np.any(at != np.searchsorted(kept_key, fresh_key, side="right")):
        raise _Stale("an article in both old and new files")
    order = np.empty(n, dtype=np.int64)  # row of ``concat`` at each position
    order[at + np.arange(n_fresh)] = np.arange(n_kept, n)
    kept_at = np.arange(n_kept) + np.searchsorted(at, np.arange(n_kept), side="right")
    order[kept_at] = np.arange(n_kept)
    return _Fresh(fresh, fresh_data, fresh_bounds, concat, order)


def _plan_splice(plan: ExportPlan, previous: Previous) -> _Splice:
    if previous.incidents is None:
        raise _Stale("the incidents were not attached")
    kept, offsets, lengths = previous.kept, previous.offsets, previous.lengths
    header, now = previous.header, previous.files
    ahead = (previous.formatted if previous.formatted is not None
             else _checked_fresh(plan, previous))
    fresh, fresh_data, fresh_bounds = ahead.rows, ahead.data, ahead.bounds
    concat, order = ahead.concat, ahead.order
    n_kept = len(previous.rows)
    n = len(order)

    # incidents now (of fresh rows without an incidents file: their files' own column)
    fresh_incidents = (previous.members.of(fresh.event_id) if previous.members is not None
                       else fresh.incident_id)
    incidents = pa.concat_arrays([previous.incidents, fresh_incidents.cast(pa.string())])
    new_len = _byte_lengths(incidents)
    before = concat.incident_id
    same = pc.or_(pc.fill_null(pc.equal(before, incidents), False),
                  pc.and_(pc.is_null(before), pc.is_null(incidents))).to_numpy(
        zero_copy_only=False)
    same[n_kept:] = False  # fresh rows get their incident written
    # the ids written (those kept were checked when they were written)
    _check_ids(incidents.filter(pa.array(~same)))
    old_len = _byte_lengths(before)

    # lengths of the rows, in ``concat`` order, then in the new order
    length = np.empty(n, dtype=np.int64)
    length[:n_kept] = lengths[kept] - old_len[:n_kept] + new_len[:n_kept]
    length[n_kept:] = np.diff(fresh_bounds) + new_len[n_kept:]
    bounds = np.concatenate([[0], np.cumsum(length[order])]).astype(np.int64) + len(header)
    rows = _Rows(concat.event_id.take(pa.array(order)), incidents.take(pa.array(order)),
                 concat.published.take(pa.array(order)),
                 concat.article_id.take(pa.array(order)), concat.file[order], now)

    # pieces: runs of old rows unchanged and adjacent in the old file as one range
    is_kept = order < n_kept
    source = np.full(n, -1, dtype=np.int64)  # old row at each position (-1: fresh)
    source[is_kept] = kept[order[is_kept]]
    simple = is_kept & same[order]
    joins = np.zeros(n, dtype=bool)
    if n > 1:
        joins[1:] = simple[1:] & simple[:-1] & (source[1:] == source[:-1] + 1)
    starts = np.flatnonzero(~joins)
    ends = np.append(starts[1:], n)
    pieces: list[tuple[int, int] | bytes] = [(0, len(header))]
    for first, stop in zip(starts.tolist(), ends.tolist(), strict=True):
        if simple[first]:
            a = int(offsets[source[first]])
            b = int(offsets[source[stop - 1]] + lengths[source[stop - 1]])
            pieces.append((a, b - a))
            continue
        row = int(order[first])  # a run of one row: changed incident, or fresh
        tail = (incidents[row].as_py() or "").encode("ascii") + b"\n"
        if row < n_kept:
            k = int(kept[row])
            pieces.append((int(offsets[k]), int(lengths[k] - old_len[row] - 1)))
            pieces.append(tail)
        else:
            j = row - n_kept
            pieces.append(fresh_data[int(fresh_bounds[j]):int(fresh_bounds[j + 1]) - 1] + tail)
    return _Splice(pieces, rows, bounds)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _concat(kept: _Rows, fresh: _Rows) -> _Rows:
    def join(a: pa.Array, b: pa.Array) -> pa.Array:
        return pa.concat_arrays([a.cast(pa.string()), b.cast(pa.string())])

    return _Rows(join(kept.event_id, fresh.event_id), join(kept.incident_id, fresh.incident_id),
                 join(kept.published, fresh.published), join(kept.article_id, fresh.article_id),
                 np.concatenate([kept.file, fresh.file]).astype(np.int32), kept.files)


def _merge_keys(rows: _Rows) -> np.ndarray:
    """One integer per row ordered as (``published``, ``article_id``) with nulls last,
    as the export sorts them (strings by their bytes)."""
    def rank(values: pa.Array) -> np.ndarray:
        ranks: np.ndarray = pc.rank(values, sort_keys=[("", "ascending", "at_end")],
                                    tiebreaker="dense").to_numpy().astype(np.int64)
        return ranks

    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    keys: np.ndarray = rank(rows.published) * (len(rows) + 1) + rank(rows.article_id)
    return keys


def _format_fresh(plan: ExportPlan, paths: list[Path], files: list[str]
                  ) -> tuple[_Rows, bytes, np.ndarray]:
    """The rows of the files ``paths`` in the export's order (file codes into ``files``),
    formatted by DuckDB with an empty ``incident_id``; and their bounds."""
    empty = pa.array([], type=pa.string())
    if not paths:
        return (_Rows(empty, empty, empty, empty, np.zeros(0, dtype=np.int32), files), b"",
                np.zeros(1, dtype=np.int64))
    described = plan.con.execute(
        f"DESCRIBE SELECT * FROM {plan.files_source(paths, False)}").fetchall()
    present = {r[0]: str(r[1]) for r in described}
    if [present.get(c) for c in plan.names[:-1]] != list(plan.types[:-1]):
        raise _Stale("the new files' columns are typed otherwise")
    rows = _rows(plan, plan.subset_keys_sql(paths))
    code = {name: k for k, name in enumerate(files)}
    rows = _Rows(rows.event_id, rows.incident_id, rows.published, rows.article_id,
                 np.array([code[f] for f in rows.files], dtype=np.int32)[rows.file]
                 if len(rows) else np.zeros(0, dtype=np.int32), files)
    fd, name = tempfile.mkstemp(prefix=".events.csv.", suffix=".part", dir=plan.root)
    os.close(fd)
    try:
        plan.con.execute(f"COPY ({plan.subset_sql(paths)}) TO {_quote(name)} "
                         "(FORMAT csv, HEADER false)")
        data = Path(name).read_bytes()
    finally:
        Path(name).unlink(missing_ok=True)
    bounds = row_bounds(data)
    if len(bounds) != len(rows) + 1 or bounds[-1] != len(data):
        raise _Stale("the new rows do not match")
    if not all(data[int(b) - 2:int(b)] == b",\n" for b in bounds[1:]):
        raise _Stale("a new row does not end with an empty incident")
    if not _starts_with_ids(data, bounds[:-1], rows.event_id):
        raise _Stale("the new rows are in another order")
    return rows, data, bounds
