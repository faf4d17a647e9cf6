"""RSS and Atom feeds (``.xml``/``.rss``/``.atom``): one article per entry.

Pure: :func:`parse_feed` takes the decoded feed text. feedparser gets the
bytes in a stream, so it never opens a URL or a local path named in the
content, and it does not resolve external entities. Entry HTML (content or
summary) is reduced to text by :func:`analysis.html_pages.html_to_text`
(scripts and styles dropped).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator
from typing import Any, Final

from .errors import InputError
from .html_pages import html_to_text
from .loaders import article_from_record
from .records import Article

__all__ = ["parse_feed"]

_XML_DECL: Final = re.compile(r"\A(\ufeff?\s*<\?xml[^>]*?)encoding\s*=\s*[\"'][^\"']*[\"']")


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        with warnings.catch_warnings():  # feedparser's updated->published mapping notice
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = entry.get(key)
        if parsed is not None:
            try:
                return dt.date(parsed[0], parsed[1], parsed[2])
            except (ValueError, TypeError, IndexError):
                continue
    return None


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if isinstance(c, dict)]
    best = max(values, key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary


def parse_feed(content: str, *, path: str) -> Iterator[Article | InputError]:
    """Parse an RSS/Atom feed: one :class:`Article` per entry (``dct_source="feed"``
    for the entry's published/updated date), an :class:`InputError` per bad entry.

    Raises :class:`InputError` (kind ``feed``) when the file holds no entries.
    """
    import feedparser  # type: ignore[import-untyped]

    if not content.strip():
        raise InputError(path, "file is empty", kind="empty")
    # the text is already decoded: make the declaration agree with the UTF-8 bytes
    data = _XML_DECL.sub(r'\1encoding="utf-8"', content, count=1).encode("utf-8")
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False,
                                  sanitize_html=True)
    except (ValueError, TypeError, RecursionError) as exc:  # pragma: no cover - defensive
        raise InputError(path, f"not a readable feed: {exc}", kind="feed") from exc
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        why = f" ({problem})" if problem else ""
        raise InputError(path, f"no RSS/Atom entries found{why}", kind="feed")
    feed = parsed.get("feed") or {}
    source = html_to_text(str(feed.get("title", "") or ""))
    for n, entry in enumerate(entries):
        where = f"entry {n + 1}"
        published = _entry_date(entry)
        record: dict[str, Any] = {
            "id": entry.get("id") or "",
            "title": html_to_text(str(entry.get("title", "") or "")),
            "url": entry.get("link") or "",
            "source": html_to_text(str((entry.get("source") or {}).get("title", "") or ""))
            or source,
            "byline": entry.get("author") or "",
            "text": html_to_text(_entry_html(entry)),
            "date": published or entry.get("published") or entry.get("updated"),
        }
        try:
            yield article_from_record(record, path=path, where=where, dct_source="feed")
        except InputError as exc:
            yield exc
