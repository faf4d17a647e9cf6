"""All file I/O of tension-timeline: reading article files, reading and
re-exporting the table functions of :mod:`analysis.store`.

Everything else in :mod:`analysis` is pure; this module is the edge.
Writes are atomic (a temporary file in the same folder, then ``os.replace``),
so an interrupted ingest leaves the previous tables readable.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, overload

import yaml

from .errors import InputError
from .feeds import parse_feed
from .html_pages import parse_html
from .loaders import (
    ARTICLE_SUFFIXES,
    format_of,
    is_json_lines,
    parse_markdown,
    parse_record_line,
    parse_records,
    parse_text,
    record_lines,
)
from .records import Article, RawRecord

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ERROR_COLUMNS",
    "LoadIssue",
    "atomic_write",
    "decode_bytes",
    "discover_files",
    "parse_raw",
    "read_articles",
    "read_events",
    "read_input",
    "read_tables",
    "write_tables",
]

DEFAULT_MAX_BYTES: Final = 50 * 1024 * 1024
_SIDECAR_SUFFIXES: Final = (".meta.yaml", ".meta.yml")


@dataclass(frozen=True, slots=True)
class LoadIssue:
    """A problem met while reading input: one row of ``errors.csv``.

    ``fatal`` is False for warnings (e.g. an encoding fallback) where the
    article was still read.
    """

    path: str
    record: str
    kind: str
    message: str
    fatal: bool = True

    @classmethod
    def from_error(cls, exc: InputError) -> LoadIssue:
        return cls(exc.path, exc.record, exc.kind, exc.problem)


def discover_files(inputs: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand files and folders (recursively, sorted) into article files.

    Sidecars (``*.meta.yaml``), hidden files and unknown suffixes inside
    folders are skipped; a named file with an unknown suffix or a missing
    path yields an :class:`InputError`.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.is_file() and _is_article_file(child):
                    yield child
        elif path.is_file():
            if _is_article_file(path):
                yield path
            else:
                yield InputError(str(path), f"unsupported file type {path.suffix!r} "
                                 f"(expected one of {', '.join(ARTICLE_SUFFIXES)})",
                                 kind="unsupported")
        else:
            yield InputError(str(path), "no such file or folder", kind="missing")


def _is_article_file(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(_SIDECAR_SUFFIXES):
        return False
    return format_of(name) is not None


def decode_bytes(raw: bytes, path: str) -> tuple[str, LoadIssue | None]:
    """Decode file bytes.

    Fast paths: UTF-8 (with or without BOM) and UTF-16 with a BOM. Otherwise a
    charset declared by an HTML/XML page is tried, then the encoding is
    detected with charset-normalizer and a warning (kind ``encoding``, not
    fatal) names it. Empty input raises :class:`InputError` kind ``empty``;
    binary content (NUL bytes, control characters, no text encoding fits)
    kind ``binary``.
    """
    if not raw.strip():
        raise InputError(path, "file is empty", kind="empty")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked_text(raw.decode("utf-16"), path), None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16: {exc.reason} at byte {exc.start}",
                             kind="encoding") from exc
    if b"\x00" in raw[:_SNIFF]:
        raise InputError(path, "file looks binary (NUL bytes), not text", kind="binary")
    try:
        return _checked_text(raw.decode("utf-8-sig"), path), None
    except UnicodeDecodeError as exc:
        reason = f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
    declared = _declared_charset(raw[:_SNIFF])
    if declared is not None:
        try:
            return _checked_text(raw.decode(declared), path), None
        except (LookupError, UnicodeDecodeError):
            pass
    western = _as_western(raw)
    if western is not None:
        encoding, text = "cp1252", western
    else:
        import charset_normalizer  # only for the rare file neither UTF-8 nor Western

        best = charset_normalizer.from_bytes(raw).best()
        if best is None:
            raise InputError(path, f"{reason} and no text encoding fits: looks binary",
                             kind="binary")
        if best.encoding.startswith(("utf_16", "utf_32")):  # without BOM or NULs: a poor guess
            encoding, text = "cp1252", raw.decode("cp1252", errors="replace")
        else:
            encoding, text = best.encoding, str(best)
    warning = LoadIssue(path, "", "encoding", f"{reason}; read as {encoding} (detected)",
                        fatal=False)
    return _checked_text(text, path), warning


_SNIFF: Final = 4096
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DECLARED = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
    rb"""|<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)


_WESTERN: Final = re.compile(r"[\u00c0-\u00ff\u2018-\u201e\u2013\u2014\u2026\u20ac\u2022"
                             r"\u00a0-\u00bf]")


def _as_western(raw: bytes) -> str | None:
    """``raw`` as Windows-1252 when that reads as Western text: every non-ASCII
    character a Latin-1 letter, sign or typographic quote/dash, and such letters
    a minority of the letters (a Cyrillic or Greek 8-bit text is nearly all of
    them). charset-normalizer alone often names a Baltic or Central-European
    code page for short Western texts."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = [c for c in text if ord(c) > 127]
    if not high or any(not _WESTERN.match(c) for c in high):
        return None
    letters = sum(1 for c in text if c.isalpha())
    accented = sum(1 for c in high if c.isalpha())
    return text if accented * 4 <= letters else None


def _declared_charset(head: bytes) -> str | None:
    """The charset an XML declaration or HTML ``<meta>`` tag declares, if known."""
    m = _DECLARED.search(head)
    if m is None:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _checked_text(text: str, path: str) -> str:
    """``text``, unless it is blank or control characters say it is binary data."""
    if not text.strip():
        raise InputError(path, "file is empty", kind="empty")
    head = text[:_SNIFF]
    if head and len(_CONTROL.findall(head)) > max(2, len(head) // 20):
        raise InputError(path, "file looks binary (control characters), not text",
                         kind="binary")
    return text


def _sidecar(path: Path) -> dict[str, Any] | None:
    for candidate in _sidecar_candidates(path):
        if candidate.is_file():
            try:
                loaded = yaml.safe_load(candidate.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise InputError(str(candidate), f"sidecar is not valid YAML: {exc}",
                                 kind="sidecar") from exc
            if loaded is None:
                return {}
            if not isinstance(loaded, dict):
                raise InputError(str(candidate), "sidecar must be a mapping of fields",
                                 kind="sidecar")
            return loaded
    return None


def _sidecar_candidates(path: Path) -> tuple[Path, ...]:
    stem = path.name[: -len(".gz")] if path.name.lower().endswith(".gz") else path.name
    base = path.with_name(stem)
    return (base.with_suffix(".meta.yaml"), base.with_suffix(".meta.yml"),
            path.with_name(stem + ".meta.yaml"))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped for ``*.gz``; over ``max_bytes`` raises ``too_large``."""
    name = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(name, f"file is {size:,} bytes, over the {max_bytes:,}-byte cap "
                         "(raise it with --max-bytes)", kind="too_large")
    if not path.name.lower().endswith(".gz"):
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as stream:
            raw = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(name, f"not a readable gzip file: {exc}", kind="gzip") from exc
    if len(raw) > max_bytes:
        raise InputError(name, f"decompresses to over the {max_bytes:,}-byte cap "
                         "(raise it with --max-bytes)", kind="too_large")
    return raw


@overload
def read_input(path: Path, *, max_bytes: int = ..., raw: Literal[False] = ...
               ) -> Iterator[Article | LoadIssue]: ...


@overload
def read_input(path: Path, *, max_bytes: int = ..., raw: bool
               ) -> Iterator[Article | RawRecord | LoadIssue]: ...


def read_input(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, raw: bool = False
               ) -> Iterator[Article | RawRecord | LoadIssue]:
    """Read one article file: yields articles and the problems met.

    Never raises for bad input: every problem is a :class:`LoadIssue` naming
    the file (and record or line) so that a batch goes on. ``NAME.EXT.gz`` is
    read as ``NAME.EXT`` (the size cap applies to the decompressed bytes too).
    With ``raw`` the lines of a JSON-lines file are yielded unparsed, as
    :class:`~analysis.records.RawRecord` (:func:`parse_raw` reads each as it would
    have been read here).
    """
    name = str(path)
    try:
        content, warning = decode_bytes(_read_bytes(path, max_bytes), name)
        if warning is not None:
            yield warning
        kind = format_of(name)
        if raw and kind == "records" and is_json_lines(name):
            for where, line in record_lines(content):
                yield RawRecord(name, where, line)
            return
        if kind in ("records", "feed"):
            parsed = parse_records(content, path=name) if kind == "records" else \
                parse_feed(content, path=name)
            for item in parsed:
                yield LoadIssue.from_error(item) if isinstance(item, InputError) else item
            return
        meta = _sidecar(path)
        if kind == "html":
            yield parse_html(content, path=name, meta=meta)
        elif kind == "markdown":
            yield parse_markdown(content, path=name, meta=meta)
        else:
            yield parse_text(content, path=name, meta=meta)
    except InputError as exc:
        yield LoadIssue.from_error(exc)
    except OSError as exc:
        yield LoadIssue(name, "", "io", f"cannot read: {exc.strerror or exc}")


def parse_raw(record: RawRecord) -> Article | LoadIssue:
    """The article of a line that :func:`read_input` gave unparsed, or its problem."""
    got = parse_record_line(record.line, path=record.path, where=record.where)
    return LoadIssue.from_error(got) if isinstance(got, InputError) else got


# --------------------------------------------------------------------------- tables

# The tables moved to :mod:`analysis.store` (partitioned Parquet + DuckDB); these
# names stay importable from here for existing scripts and notebooks, imported on first
# use (the store imports pandas and pyarrow, which reading input does not need).
if TYPE_CHECKING:
    from .store import (
        ERROR_COLUMNS,
        atomic_write,
        read_articles,
        read_events,
        read_tables,
        write_tables,
    )

_STORE_NAMES: Final = frozenset(("ERROR_COLUMNS", "atomic_write", "read_articles",
                                 "read_events", "read_tables", "write_tables"))


def __getattr__(name: str) -> Any:
    """The table functions of :mod:`analysis.store` under their old home's name."""
    if name in _STORE_NAMES:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
