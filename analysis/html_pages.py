"""Saved web pages (``.html``/``.htm``) and HTML fragments to article text.

Pure functions over decoded content: nothing is fetched (trafilatura and
htmldate get the page's text or an already parsed tree, never a URL), nothing
is executed, and ``<script>``/``<style>``-like elements never reach the text.

- :func:`parse_html` ``(content, *, path, meta=None) -> Article``: main text
  with trafilatura; title, source, URL and publication date from the page's
  own ``<meta>`` tags / JSON-LD (``dct_source="html_meta"``), else the date
  htmldate finds in the page's markup (``dct_source="htmldate"``).
- :func:`html_to_text` ``(markup) -> str``: plain text of an HTML fragment
  (feed entries, fallbacks), paragraphs separated by blank lines.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, Final

from .errors import InputError
from .loaders import article_from_record, parse_date, pick_field
from .records import Article

__all__ = ["html_to_text", "page_metadata", "parse_html"]

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    # the libraries log parse trouble of hostile pages; keep it off stderr
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

#: Elements whose content is never text.
_SKIP: Final = frozenset(
    "script style noscript template iframe object embed svg math canvas head title "
    "button select option textarea form nav aside audio video map".split()
)
#: Elements that end a paragraph.
_BLOCK: Final = frozenset(
    "p div section article main header footer blockquote pre ul ol li dl dt dd table tr "
    "h1 h2 h3 h4 h5 h6 figure figcaption address hr br".split()
)
_VOID: Final = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
# meta name/property -> field (first found wins, in this order of preference)
_META_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "date": ("article:published_time", "og:article:published_time", "datepublished",
             "publishdate", "pubdate", "publish-date", "publication_date", "date",
             "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "dc.date.created",
             "citation_publication_date", "sailthru.date", "parsely-pub-date"),
    "title": ("og:title", "twitter:title", "dc.title", "headline", "citation_title"),
    "source": ("og:site_name", "application-name", "dc.publisher", "publisher",
               "citation_publisher"),
    "url": ("og:url", "twitter:url"),
    "byline": ("author", "article:author", "dc.creator", "byl", "citation_author"),
}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_MAX_JSONLD: Final = 200_000


class _PageReader(HTMLParser):
    """One pass over a page: visible text, ``<meta>`` tags, ``<title>``, JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self.canonical = ""
        self.jsonld: list[str] = []
        self._skip: list[str] = []
        self._in_title = False
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content", "").strip():
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "").strip()
        elif (tag == "time" and a.get("itemprop", "").lower() == "datepublished"
              and a.get("datetime")):
            self.meta.setdefault("datepublished", a["datetime"].strip())
        if tag in _VOID:
            if tag in _BLOCK:
                self.parts.append("\n")
            return
        if tag == "title":
            self._in_title = True
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in_jsonld = True
        if self._skip or tag in _SKIP:
            self._skip.append(tag)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_jsonld = False
        if self._skip:
            if tag in self._skip:  # close up to the matching open tag
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.title:
            self.title = data.strip()
        if self._in_jsonld:
            if sum(len(j) for j in self.jsonld) < _MAX_JSONLD:
                self.jsonld.append(data)
            return
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        return _tidy("".join(self.parts))


def _tidy(text: str) -> str:
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def _read(markup: str) -> _PageReader:
    reader = _PageReader()
    try:
        reader.feed(markup)
        reader.close()
    except (AssertionError, ValueError):  # malformed declarations in old Pythons
        pass
    return reader


def html_to_text(markup: str) -> str:
    """Visible text of HTML ``markup`` (scripts, styles, forms dropped; entities
    decoded); paragraphs separated by a blank line. Plain text passes through."""
    if "<" not in markup:
        return _tidy(html.unescape(markup))
    return _read(markup).text()


def _jsonld_fields(blobs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for blob in blobs:
        try:
            data = json.loads("".join(blob))
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        seen = 0
        while stack and seen < 500:
            seen += 1
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
                for key, field in (("datePublished", "date"), ("headline", "title"),
                                   ("dateCreated", "date")):
                    value = item.get(key)
                    if isinstance(value, str) and value.strip():
                        found.setdefault(field, value.strip())
                publisher = item.get("publisher")
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                    found.setdefault("source", publisher["name"].strip())
    return found


def page_metadata(markup: str) -> dict[str, str]:
    """Title, date, source, url and byline from a page's own ``<meta>`` tags,
    canonical link, JSON-LD and ``<title>`` (only the fields found)."""
    reader = _read(markup)
    out: dict[str, str] = {}
    for field, keys in _META_FIELDS.items():
        for key in keys:
            if reader.meta.get(key):
                out[field] = reader.meta[key]
                break
    for field, value in _jsonld_fields(["".join(reader.jsonld)]).items():
        out.setdefault(field, value)
    if reader.canonical.startswith(("http://", "https://")):
        out.setdefault("url", reader.canonical)
    if reader.title:
        out.setdefault("title", html.unescape(reader.title))
    return out


def _main_text(markup: str) -> tuple[str, dict[str, str]]:
    """trafilatura's main text and metadata (title, sitename, url, author, date)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, RecursionError):
        return "", {}
    if doc is None or isinstance(doc, dict):
        return "", {}
    text = doc.text or ""
    paragraphs = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    found = {
        "title": doc.title or "",
        "source": doc.sitename or "",
        "url": doc.url or "",
        "byline": doc.author or "",
        "date": doc.date or "",
    }
    return paragraphs, {k: v for k, v in found.items() if v}


def _htmldate(markup: str) -> str:
    """The date htmldate finds in a page's markup (never fetches: a parsed tree goes in)."""
    from htmldate import find_date
    from trafilatura.utils import load_html

    tree = load_html(markup)
    if tree is None:
        return ""
    try:
        return find_date(tree, extensive_search=False, original_date=True) or ""
    except (ValueError, TypeError, RecursionError):
        return ""


def _title_forms(title: str) -> set[str]:
    """The title and its part before a `` | Site`` / `` - Site`` suffix, lowercased."""
    clean = _SPACES.sub(" ", title).strip().lower()
    return {clean, re.split(r"\s+[|–—-]\s+", clean)[0]}


def parse_html(content: str, *, path: str, meta: Mapping[str, Any] | None = None) -> Article:
    """Parse a saved web page into an article.

    The body is trafilatura's main text (falling back to the page's visible
    text when it finds none). Metadata: a sidecar wins, then the page's own
    tags (``dct_source="html_meta"``), then trafilatura/htmldate's reading of
    the markup (``dct_source="htmldate"``). Raises :class:`InputError`
    (``no_text``, ``bad_date``) like every loader.
    """
    if not content.strip():
        raise InputError(path, "file is empty", kind="empty")
    tags = page_metadata(content)
    text, extracted = _main_text(content)
    if not text:
        text = _read(content).text()
    record: dict[str, Any] = {**extracted, **tags, "text": text}
    dct_source = "html_meta" if tags.get("date") else "htmldate"
    if not tags.get("date"):
        record["date"] = extracted.get("date") or _htmldate(content) or None
    if meta and pick_field(meta, "date") is not None:
        dct_source = "sidecar"
        record.pop("date", None)
    if record.get("date"):
        try:
            parse_date(record["date"], path=path)
        except InputError:
            if dct_source == "htmldate":  # a guess that does not parse is no date
                record["date"] = None
    record = {k: v for k, v in record.items() if v not in (None, "")}
    title = str(record.get("title", ""))
    first, _, rest = text.partition("\n\n")
    if rest and title and _SPACES.sub(" ", first).strip().lower() in _title_forms(title):
        record["text"] = rest  # the headline repeated as the page's <h1>
    if meta:
        record = {**record, **{k: v for k, v in meta.items() if v is not None}}
    return article_from_record(record, path=path, dct_source=dct_source)
