"""All file I/O of tension-timeline: reading article files, reading and
writing the events/articles tables.

Everything else in :mod:`analysis` is pure; this module is the edge.
Writes are atomic (a temporary file in the same folder, then ``os.replace``),
so an interrupted ingest leaves the previous tables readable.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd
import yaml

from .errors import InputError
from .loaders import (
    ARTICLE_SUFFIXES,
    RECORD_SUFFIXES,
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
    return name.endswith(ARTICLE_SUFFIXES)


def decode_bytes(raw: bytes, path: str) -> tuple[str, LoadIssue | None]:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else
    Windows-1252 with a warning. Binary content raises :class:`InputError`."""
    if not raw.strip():
        raise InputError(path, "file is empty", kind="empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16: {exc}", kind="encoding") from exc
    if b"\x00" in raw[:4096]:
        raise InputError(path, "file looks binary (NUL bytes), not text", kind="binary")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        warning = LoadIssue(path, "", "encoding",
                            f"not valid UTF-8 ({exc.reason} at byte {exc.start}); "
                            "read as Windows-1252", fatal=False)
        return raw.decode("cp1252", errors="replace"), warning


def _sidecar(path: Path) -> dict[str, Any] | None:
    for candidate in (path.with_suffix(".meta.yaml"), path.with_suffix(".meta.yml"),
                      path.with_name(path.name + ".meta.yaml")):
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


def read_input(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
               ) -> Iterator[Article | LoadIssue]:
    """Read one article file: yields articles and the problems met.

    Never raises for bad input: every problem is a :class:`LoadIssue` naming
    the file (and record or line) so that a batch goes on.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"file is {size:,} bytes, over the {max_bytes:,}-byte cap "
                             "(raise it with --max-bytes)", kind="too_large")
        content, warning = decode_bytes(path.read_bytes(), name)
        if warning is not None:
            yield warning
        suffix = path.suffix.lower()
        if suffix in RECORD_SUFFIXES:
            for item in parse_records(content, path=name):
                yield LoadIssue.from_error(item) if isinstance(item, InputError) else item
            return
        meta = _sidecar(path)
        if suffix in (".md", ".markdown"):
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

