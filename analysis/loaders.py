"""Parse article files into :class:`~analysis.records.Article` records.

Pure functions: each takes the decoded content of one file (plus its name and
any sidecar metadata) and returns articles, or raises :class:`InputError`
naming the file and the problem. Reading bytes from disk lives in
:mod:`analysis.iorw`.

Supported inputs
----------------
``.txt``
    First non-empty line is the title (unless longer than 300 characters: then it is the
    first paragraph of the body; a repeated title line is dropped), an
    optional ``By ...`` byline, an optional ``CITY:`` / ``CITY, Jan 19 (Reuters) -``
    dateline at the start of the first paragraph, then the body.
``.md``
    Optional YAML front matter between ``---`` lines (``title``, ``date`` or
    ``published``, ``source``, ``url``, ``id``), then the body; a leading
    ``# Title`` heading is used as title when front matter has none.
``.jsonl`` / ``.json`` / ``.csv``
    Records with fields ``id, title, date, source, url, text``; ``published``
    (and ``dct``, ``publication_date``, ``pubdate``) are accepted for ``date``,
    ``body``/``content``/``article`` for ``text``, ``link`` for ``url``,
    ``headline`` for ``title``, ``outlet``/``publisher`` for ``source``.

HTML pages and RSS/Atom feeds are read by :mod:`analysis.html_pages` and
:mod:`analysis.feeds`; :func:`format_of` maps a file name (``.gz`` looked
through) to its reading.

Boilerplate lines (copyright notices, "All rights reserved", share prompts)
are removed from the body so that they never become events or dates.
Publication dates outside ``EARLIEST_DCT..LATEST_DCT`` are refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

import yaml

from .errors import InputError
from .records import Article

__all__ = [
    "ARTICLE_SUFFIXES",
    "EARLIEST_DCT",
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "LATEST_DCT",
    "RECORD_SUFFIXES",
    "TEXT_SUFFIXES",
    "article_from_record",
    "format_of",
    "is_json_lines",
    "parse_date",
    "parse_markdown",
    "parse_record_line",
    "parse_records",
    "parse_text",
    "pick_field",
    "record_lines",
    "stable_article_id",
    "strip_boilerplate",
]

TEXT_SUFFIXES: Final = (".txt", ".md", ".markdown")
RECORD_SUFFIXES: Final = (".jsonl", ".ndjson", ".json", ".csv")
HTML_SUFFIXES: Final = (".html", ".htm", ".xhtml")
FEED_SUFFIXES: Final = (".xml", ".rss", ".atom")
#: Every suffix read, also gzipped (``NAME.jsonl.gz`` is read as ``NAME.jsonl``).
ARTICLE_SUFFIXES: Final = TEXT_SUFFIXES + RECORD_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
#: Publication dates outside these bounds are refused (``bad_date``): they are typos
#: or placeholders, and the tables store day-precision timestamps.
EARLIEST_DCT: Final = dt.date(1800, 1, 1)
LATEST_DCT: Final = dt.date(2199, 12, 31)

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "id": ("id", "article_id", "doc_id", "guid", "uid"),
    "title": ("title", "headline", "name"),
    "date": ("date", "published", "dct", "publication_date", "pubdate", "published_at", "datetime"),
    "source": ("source", "outlet", "publisher", "site", "source_name"),
    "url": ("url", "link", "href", "source_url"),
    "text": ("text", "body", "content", "article", "story", "maintext"),
}

_BOILERPLATE = re.compile(
    r"^\s*(?:copyright\b|©|\(c\)\s*\d{4}|all rights reserved|"
    r"(?:follow|like|subscribe to) us\b|share (?:this|on)\b|click here\b|"
    r"read more\b|sign up for\b|advertisement\s*$)",
    re.IGNORECASE,
)
_ALL_RIGHTS = re.compile(r"all rights reserved", re.IGNORECASE)
#: a line matching _BOILERPLATE or _ALL_RIGHTS holds one of these, ignoring case: in an
#: ASCII text (where ``re.IGNORECASE`` is ``str.lower``) without any, no line is boilerplate
_BOILERPLATE_WORDS: Final = (
    "copyright", "(c)", "all rights reserved", "follow us", "like us", "subscribe to us",
    "share this", "share on", "click here", "read more", "sign up for", "advertisement",
)
_BYLINE = re.compile(r"^\s*by\s+[^\n]{1,120}$", re.IGNORECASE)
# "ISLAMABAD:", "WASHINGTON, Jan 19 (Reuters) -", "KABUL (AP) —", "TEHRAN, Iran —"
_DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z .'’\-]{1,40}[A-Z](?:,\s*[A-Za-z .]{2,30}?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\([A-Za-z .]{1,30}\))?)\s*(?::|-{1,2}|–|—)\s+"
)
#: an ISO calendar date (any time after it is ignored), the same on every Python version
_ISO_DAY: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")


def stable_article_id(source: str, url: str, text: str) -> str:
    """A stable id for an article without one: 16 hex digits of SHA-1."""
    digest = hashlib.sha1(f"{source}\n{url}\n{text}".encode()).hexdigest()
    return digest[:16]


def format_of(name: str) -> str | None:
    """The reading of a file name: ``text``, ``markdown``, ``records``, ``html``,
    ``feed``, or ``None`` when unsupported. A ``.gz`` suffix is looked through."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[: -len(".gz")]
    if lowered.endswith(".txt"):
        return "text"
    if lowered.endswith((".md", ".markdown")):
        return "markdown"
    if lowered.endswith(RECORD_SUFFIXES):
        return "records"
    if lowered.endswith(HTML_SUFFIXES):
        return "html"
    if lowered.endswith(FEED_SUFFIXES):
        return "feed"
    return None


def parse_date(value: object, *, path: str = "", record: str = "") -> dt.date | None:
    """Parse a publication date (``date``, ``datetime``, ISO string, RFC 2822...).

    Returns ``None`` for empty values; raises :class:`InputError` (kind
    ``bad_date``) for values that do not parse or fall outside
    ``EARLIEST_DCT..LATEST_DCT``.
    """
    found = _parse_date(value, path=path, record=record)
    if found is not None and not EARLIEST_DCT <= found <= LATEST_DCT:
        raise InputError(path, f"publication date {found.isoformat()} is outside "
                         f"{EARLIEST_DCT.year}-{LATEST_DCT.year}", record=record,
                         kind="bad_date")
    return found


def _parse_date(value: object, *, path: str, record: str) -> dt.date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    iso = _ISO_DAY.match(text)  # (not date.fromisoformat: from Python 3.11 on it reads
    if iso is not None:         # 20240119 and 2024-W03-5 too, 3.10 does not)
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y",
                "%m/%d/%Y", "%d-%b-%Y", "%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise InputError(path, f"publication date {shown!r} does not parse (expected YYYY-MM-DD, "
                     "an RFC 2822 date or a date like '19 January 2024')", record=record,
                     kind="bad_date")


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines (copyright, "All rights reserved", share prompts)."""
    if text.isascii():  # (© is not)
        low = text.lower()
        if not any(word in low for word in _BOILERPLATE_WORDS):
            return "\n".join(text.splitlines()).strip()
    kept = [
        line for line in text.splitlines()
        if not (_BOILERPLATE.match(line) or _ALL_RIGHTS.search(line))
    ]
    return "\n".join(kept).strip()


def pick_field(record: Mapping[str, Any], field: str) -> Any:
    """The value of ``field`` (``id, title, date, source, url, text``) under any
    of its aliases, or ``None`` when missing or blank."""
    return _pick(record, field)


def _pick(record: Mapping[str, Any], field: str) -> Any:
    return _pick_lowered(_lowered(record), field)


def _lowered(record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with lower-cased keys (of keys equal so, the last one's value)."""
    return {str(k).lower(): v for k, v in record.items()}


def _pick_lowered(lowered: Mapping[str, Any], field: str) -> Any:
    """:func:`_pick` of a record whose keys are :func:`_lowered` already."""
    for alias in _ALIASES[field]:
        value = lowered.get(alias)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value
    return None


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, list):  # paragraphs
        return "\n\n".join(_text_of(v) for v in value if not isinstance(v, (dict, list)))
    if isinstance(value, dict):
        return ""
    return str(value).strip()


def _split_dateline(body: str) -> tuple[str, str]:
    """Split a leading ``CITY:`` dateline off ``body``; returns (dateline, rest)."""
    m = _DATELINE.match(body)
    if m is None:
        return "", body
    return m.group("dateline").strip(), body[m.end():]


def article_from_record(
    record: Mapping[str, Any],
    *,
    path: str,
    where: str = "",
    defaults: Mapping[str, Any] | None = None,
    dct_source: str = "record",
) -> Article:
    """Build an :class:`Article` from one record with common field aliases.

    ``defaults`` (e.g. sidecar metadata) fill fields the record lacks.
    Raises :class:`InputError` when the record has no text or a bad date.
    """
    merged: dict[str, Any] = dict(defaults or {})
    merged.update({k: v for k, v in record.items() if v is not None})
    fields = _lowered(merged)  # once for the six fields
    text = strip_boilerplate(_text_of(_pick_lowered(fields, "text")))
    if not text:
        raise InputError(path, "record has no text (expected a text/body/content field)",
                         record=where, kind="no_text")
    dateline, text = _split_dateline(text)
    published = parse_date(_pick_lowered(fields, "date"), path=path, record=where)
    source = _text_of(_pick_lowered(fields, "source"))
    url = _text_of(_pick_lowered(fields, "url"))
    raw_id = _text_of(_pick_lowered(fields, "id"))
    return Article(
        article_id=raw_id or stable_article_id(source, url, text),
        text=text,
        title=_text_of(_pick_lowered(fields, "title")),
        published=published,
        source=source,
        url=url,
        path=path,
        dct_source=dct_source if published is not None else "none",
        byline=_text_of(merged.get("byline")),
        dateline=dateline,
    )


#: A first line longer than this is a paragraph, not a title (every event row repeats the
#: title: a 4 KB "title" over 20,000 events is 84 MB).
MAX_TITLE_CHARS = 300


def parse_text(content: str, *, path: str, meta: Mapping[str, Any] | None = None) -> Article:
    """Parse a plain-text article (title line, optional byline and dateline, body)."""
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines):
        raise InputError(path, "file is empty", kind="empty")
    title = lines[i].strip()
    if len(title) > MAX_TITLE_CHARS:
        title = ""  # a paragraph, not a headline: it stays in the body
    else:
        i += 1

    def skip_blank(j: int) -> int:
        while j < len(lines) and not lines[j].strip():
            j += 1
        return j

    i = skip_blank(i)
    if title and i < len(lines) and lines[i].strip() == title:
        i = skip_blank(i + 1)  # the headline repeated as a heading
    byline = ""
    if i < len(lines) and _BYLINE.match(lines[i]):
        byline = lines[i].strip()
        i = skip_blank(i + 1)
    body = "\n".join(lines[i:])
    record: dict[str, Any] = {"title": title, "text": body, "byline": byline}
    source = "sidecar" if meta and _pick(meta, "date") is not None else "record"
    meta_title = _pick(meta, "title") if meta else None
    if meta_title:
        record["title"] = meta_title
    return article_from_record(record, path=path, defaults=meta, dct_source=source)


def parse_markdown(content: str, *, path: str, meta: Mapping[str, Any] | None = None) -> Article:
    """Parse a Markdown article with optional YAML front matter."""
    front: dict[str, Any] = {}
    body = content
    m = _FRONT_MATTER.match(content)
    if m is not None:
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            raise InputError(path, f"front matter is not valid YAML: {exc}", kind="front_matter")\
                from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError(path, "front matter must be a mapping of fields",
                             kind="front_matter")
        front = loaded or {}
        body = content[m.end():]
    defaults = dict(meta or {})
    heading = _MD_HEADING.match(body)
    if heading is not None:
        defaults.setdefault("title", heading.group(1))
        body = body[heading.end():]
    record = {**front, "text": body}
    has_date = _pick(front, "date") is not None
    source = "front_matter" if has_date else (
        "sidecar" if meta and _pick(meta, "date") is not None else "record")
    return article_from_record(record, path=path, defaults=defaults, dct_source=source)


def _inner_name(path: str) -> str:
    lowered = path.lower()
    return lowered[: -len(".gz")] if lowered.endswith(".gz") else lowered


def _loads(text: str) -> Any:
    """``json.loads`` where absurd nesting is a decode error, not a crash."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise json.JSONDecodeError("nested too deeply", text, 0) from exc


def _json_records(content: str, path: str) -> Iterator[tuple[str, Any]]:
    stripped = content.strip()
    if not stripped:
        raise InputError(path, "file is empty", kind="empty")
    if _inner_name(path).endswith(".json"):
        try:
            data = _loads(content)
        except json.JSONDecodeError as exc:
            # maybe JSON lines saved with a .json suffix
            if "\n" not in stripped:
                raise InputError(path, f"invalid JSON: {exc.msg} (line {exc.lineno} column "
                                 f"{exc.colno})", kind="json") from exc
            yield from _jsonl_records(content, path)
            return
        if isinstance(data, dict):
            for key in ("articles", "records", "items", "data", "results", "documents"):
                if isinstance(data.get(key), list):
                    data = data[key]
                    break
            else:
                data = [data]
        if not isinstance(data, list):
            raise InputError(path, "JSON must be an object or a list of objects", kind="json")
        for n, item in enumerate(data):
            yield f"item {n}", item
        return
    yield from _jsonl_records(content, path)


def _jsonl_records(content: str, path: str) -> Iterator[tuple[str, Any]]:
    for where, line in record_lines(content):
        yield where, _json_line(line, path, where)


def record_lines(content: str) -> Iterator[tuple[str, str]]:
    """The non-blank lines of a JSON-lines file, each with its place (``line N``),
    not parsed yet (see :func:`parse_record_line`)."""
    for lineno, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            yield f"line {lineno}", line


def _json_line(line: str, path: str, where: str) -> Any:
    """The value of one JSON line, or the :class:`InputError` naming why it is none."""
    try:
        return _loads(line)
    except json.JSONDecodeError as exc:
        return InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})",
                          record=where, kind="json")


def is_json_lines(path: str) -> bool:
    """Whether ``path`` names a JSON-lines file (``.jsonl``/``.ndjson``, ``.gz`` looked
    through): one record a line, each line read alone."""
    return _inner_name(path).endswith((".jsonl", ".ndjson"))


def parse_record_line(line: str, *, path: str, where: str) -> Article | InputError:
    """One line of a JSON-lines file (from :func:`record_lines`): its article, or the
    problem, exactly as :func:`parse_records` reads it there."""
    return _record_article(_json_line(line, path, where), path, where)


# Article bodies in spreadsheets can exceed the csv module's default 128 KiB field limit.
csv.field_size_limit(min(2**31 - 1, 256 * 1024 * 1024))


def _csv_records(content: str, path: str) -> Iterator[tuple[str, Any]]:
    """The rows of a CSV file as records (``line N``: the row's last line), parsed strictly.

    A malformed row (text after a closing quote, a quote never closed) is one ``csv`` error
    naming the line where its record starts, and so is a quoted field that runs over a line
    which reads as a record of its own (:func:`_csv_record_line`): a stray quote that would
    otherwise merge the next records into one. Reading resumes at the next line that reads
    as a record of its own, so the rows after a bad one are not lost; without a date column
    no line can be told apart from a body's line, and the rest of the file is skipped.
    """
    if not content.strip():
        raise InputError(path, "file is empty", kind="empty")
    lines = io.StringIO(content, newline="").readlines()
    header = csv.reader(lines, strict=True)
    try:
        fieldnames = next(header)
    except StopIteration:
        return
    except csv.Error as exc:
        yield "line 1", InputError(path, f"invalid CSV header: {exc}; the rest of the file "
                                   "is skipped", record="line 1", kind="csv")
        return
    date_column = _date_column(fieldnames)
    start = header.line_num  # lines read
    while start < len(lines):
        reader = csv.reader(itertools.islice(lines, start, None), strict=True)
        read = 0  # lines of ``reader`` taken by whole rows
        while True:
            first = start + read + 1  # where the next row starts
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                bad, problem, search = first, f"invalid CSV: {exc}", first + 1
                break
            read = reader.line_num
            last = start + read
            if not row:  # a blank line
                continue
            over = next((n for n in range(first + 1, last + 1)
                         if _csv_record_line(lines[n - 1], len(fieldnames), date_column)),
                        None) if last > first and date_column is not None else None
            if over is not None:
                bad, search = first, over
                problem = (f"invalid CSV: the quoted field of the record starting on line "
                           f"{first} runs over line {over}, which reads as a record of its "
                           "own (an unbalanced quote?)")
                break
            record: dict[str, str | None] = dict(zip(fieldnames, row, strict=False))
            for name in fieldnames[len(row):]:
                record[name] = None
            yield f"line {last}", record
        resume = next((n for n in range(search, len(lines) + 1)
                       if _csv_record_line(lines[n - 1], len(fieldnames), date_column)),
                      None) if date_column is not None else None
        then = (f"; reading resumes at line {resume}" if resume is not None
                else "; the rest of the file is skipped")
        yield f"line {bad}", InputError(path, problem + then, record=f"line {bad}", kind="csv")
        if resume is None:
            return
        start = resume - 1


def _date_column(fieldnames: list[str]) -> int | None:
    """The index of a CSV header's publication date column (an alias of ``date``)."""
    lowered = [name.lower() for name in fieldnames]
    for alias in _ALIASES["date"]:
        if alias in lowered:
            return lowered.index(alias)
    return None


_YEAR: Final = re.compile(r"\d{4}")  # in every date parse_date reads but RFC 2822's oldest


def _csv_record_line(line: str, width: int, date_column: int | None) -> bool:
    """Whether one physical line of a CSV file reads as a whole record on its own: as many
    fields as the header, and a publication date that parses in the date column (a
    body's line, even one with commas, hardly ever has both)."""
    if date_column is None or line.count(",") < width - 1:  # (cheap tests first)
        return False
    try:
        rows = list(csv.reader([line], strict=True))
    except csv.Error:
        return False
    if len(rows) != 1 or len(rows[0]) != width:
        return False
    value = rows[0][date_column]
    if len(value) > 40 or _YEAR.search(value) is None:  # (cheap tests first)
        return False
    try:
        return parse_date(value) is not None
    except InputError:
        return False


def parse_records(content: str, *, path: str) -> Iterator[Article | InputError]:
    """Parse a JSON, JSON-lines or CSV file of article records.

    The format follows ``path``'s suffix (``.gz`` looked through). Yields one
    :class:`Article` per good record and one :class:`InputError` per bad
    record (with the record's line or index), so one bad line does not stop
    the rest of the file.
    """
    if _inner_name(path).endswith(".csv"):
        items = _csv_records(content, path)
    else:
        items = _json_records(content, path)
    for where, item in items:
        yield _record_article(item, path, where)


def _record_article(item: Any, path: str, where: str) -> Article | InputError:
    """The article of one record's value, or the problem with it."""
    if isinstance(item, InputError):
        return item
    if not isinstance(item, dict):
        return InputError(path, "record is not an object", record=where, kind="json")
    try:
        return article_from_record(item, path=path, where=where)
    except InputError as exc:
        return exc
