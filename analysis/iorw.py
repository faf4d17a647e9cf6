"""All file I/O of tension-timeline: reading article files, reading and
writing the events/articles tables.

Everything else in :mod:`analysis` is pure; this module is the edge.
Writes are atomic (a temporary file in the same folder, then ``os.replace``),
so an interrupted ingest leaves the previous tables readable.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import charset_normalizer
import pandas as pd
import yaml

from .errors import InputError
from .feeds import parse_feed
from .html_pages import parse_html
from .loaders import (
    ARTICLE_SUFFIXES,
    format_of,
    parse_markdown,
    parse_records,
    parse_text,
)
from .records import Article
from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS, conform, empty_articles, empty_events

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ERROR_COLUMNS",
    "LoadIssue",
    "atomic_write",
    "decode_bytes",
    "discover_files",
    "read_articles",
    "read_events",
    "read_input",
    "read_tables",
    "write_tables",
]

DEFAULT_MAX_BYTES: Final = 50 * 1024 * 1024
ERROR_COLUMNS: Final = ("path", "record", "kind", "message")
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
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise InputError(path, f"{reason} and no text encoding fits: looks binary",
                         kind="binary")
    encoding = best.encoding
    if encoding.startswith(("utf_16", "utf_32")):  # without BOM or NULs: a poor guess
        encoding = "cp1252"
        text = raw.decode(encoding, errors="replace")
    else:
        text = str(best)
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
    """``text``, unless control characters say it is binary data."""
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


def read_input(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
               ) -> Iterator[Article | LoadIssue]:
    """Read one article file: yields articles and the problems met.

    Never raises for bad input: every problem is a :class:`LoadIssue` naming
    the file (and record or line) so that a batch goes on. ``NAME.EXT.gz`` is
    read as ``NAME.EXT`` (the size cap applies to the decompressed bytes too).
    """
    name = str(path)
    try:
        content, warning = decode_bytes(_read_bytes(path, max_bytes), name)
        if warning is not None:
            yield warning
        kind = format_of(name)
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


# --------------------------------------------------------------------------- tables


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` for a temporary file beside ``path``, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _read_parquet(path: Path, columns: dict[str, str], empty: Callable[[], pd.DataFrame]
                  ) -> pd.DataFrame:
    if not path.is_file():
        return empty()
    return conform(pd.read_parquet(path), columns)


def read_events(data_dir: str | Path) -> pd.DataFrame:
    """The events table of ``data_dir`` (an empty, typed table if none yet)."""
    return _read_parquet(Path(data_dir) / "events.parquet", EVENT_COLUMNS, empty_events)


def read_articles(data_dir: str | Path) -> pd.DataFrame:
    """The articles table of ``data_dir`` (an empty, typed table if none yet)."""
    return _read_parquet(Path(data_dir) / "articles.parquet", ARTICLE_COLUMNS, empty_articles)


def read_tables(data_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(events, articles)`` of ``data_dir``."""
    return read_events(data_dir), read_articles(data_dir)


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime("%Y-%m-%d")
    return out


def write_tables(
    data_dir: str | Path,
    events: pd.DataFrame,
    articles: pd.DataFrame,
    issues: Sequence[LoadIssue] = (),
    *,
    replace_ids: Iterable[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge new tables into ``data_dir`` and write them atomically.

    Articles (and their events) already stored whose ``article_id`` is in the
    new ``articles`` table or in ``replace_ids`` are replaced; all others are
    kept, so re-ingesting an article never duplicates it. Writes
    ``events.parquet``, ``events.csv``, ``articles.parquet`` and
    ``errors.csv`` (the problems of this run). Returns the merged tables.
    """
    out = Path(data_dir)
    old_events, old_articles = read_tables(out)
    new_ids = set(articles["article_id"].astype(str)) | set(replace_ids)
    keep_events = old_events[~old_events["article_id"].isin(new_ids)]
    keep_articles = old_articles[~old_articles["article_id"].isin(new_ids)]
    all_events = conform(_concat(keep_events, events), EVENT_COLUMNS)
    all_articles = conform(_concat(keep_articles, articles), ARTICLE_COLUMNS)
    all_events = all_events.sort_values(["published", "article_id", "sentence_index",
                                         "char_start", "event_id"], na_position="last",
                                        kind="stable").reset_index(drop=True)
    all_articles = all_articles.sort_values(["published", "article_id"], na_position="last",
                                            kind="stable").reset_index(drop=True)
    atomic_write(out / "events.parquet", lambda p: all_events.to_parquet(p, index=False))
    atomic_write(out / "articles.parquet", lambda p: all_articles.to_parquet(p, index=False))
    atomic_write(out / "events.csv",
                 lambda p: _csv_ready(all_events).to_csv(p, index=False, encoding="utf-8"))
    errors = pd.DataFrame([(i.path, i.record, i.kind, i.message) for i in issues],
                          columns=list(ERROR_COLUMNS))
    atomic_write(out / "errors.csv", lambda p: errors.to_csv(p, index=False, encoding="utf-8"))
    return all_events, all_articles


def _concat(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in (old, new) if len(f)]
    if not frames:
        return new if len(new.columns) else old
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)

