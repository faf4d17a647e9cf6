"""Discover a document creation time (DCT) from the text's dateline or the URL.

Used only when the article's metadata has no publication date. Rules:

- ``dateline``: a date at the start of the text, before the first sentence:
  ``Jan 19 (Reuters) -``, ``ISLAMABAD, Jan 19:``, ``WASHINGTON, Oct 19, 1987 -``,
  ``19 January 2024 --``. A dateline without a year needs a year from
  elsewhere (a full date elsewhere in the first lines is *not* used, as it may
  be an event date): the year is taken from the URL when it has one, otherwise
  the function returns ``None`` rather than guess.
- ``url``: ``/2024/01/19/``, ``/20240119/``, ``2024-01-19`` or ``2024_01_19`` in the URL.
- Copyright and boilerplate years (``Copyright © 2021``) never count.

Returns ``(date, source)`` with source ``dateline``, ``url`` or ``none``.
"""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import MONTHS

_MONTH = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Za-z.'\- ]{2,30})?\s*[,(]\s*)?"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    rf"(?:{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})\s+{_MONTH.replace('mon', 'mon2')})"
    rf"(?:,?\s+{_YEAR})?"
    r"\s*(?:\)|\(|/|:|-|–|—|\bAP\b|\bReuters\b|\bAFP\b|\bIANS\b|\bPTI\b|\bAPP\b)"
)
_ISO_START = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.' ]{1,40},\s*)?(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"
)
_URL_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?P<m>0?[1-9]|1[0-2])[/_-]"
               r"(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
]
_URL_YEAR = re.compile(r"(?<!\d)/(?P<y>(?:19|20)\d\d)/")


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def date_from_url(url: str) -> dt.date | None:
    """A full date embedded in a URL path (``/2024/01/19/``, ``2024-01-19``, ``20240119``)."""
    for rx in _URL_PATTERNS:
        for m in rx.finditer(url):
            d = _safe(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if d is not None:
                return d
    return None


def find_dct(text: str, url: str = "") -> tuple[dt.date | None, str]:
    """Find the DCT in a dateline at the start of ``text`` or in ``url``.

    A dateline without a year ("Jan 19 (Reuters) -") yields a date only when
    the URL supplies the year; otherwise ``(None, "none")`` unless the URL holds
    a full date. Copyright lines are skipped.
    """
    head = "\n".join(
        line for line in text[:600].splitlines()
        if not re.search(r"copyright|©|all rights reserved", line, re.I)
    )
    url_date = date_from_url(url) if url else None
    for line in head.splitlines()[:6]:
        m = _DATELINE.match(line)
        if m:
            mon_word = (m.group("mon") or m.group("mon2") or "").lower().rstrip(".")
            day = int(m.group("d") or m.group("d2"))
            year: int | None = int(m.group("y")) if m.group("y") else None
            if year is None and url:
                if url_date is not None:
                    year = url_date.year
                else:
                    ym = _URL_YEAR.search(url)
                    year = int(ym.group("y")) if ym else None
            if year is not None and mon_word in MONTHS:
                d = _safe(year, MONTHS[mon_word], day)
                if d is not None:
                    return d, "dateline"
            break
        mi = _ISO_START.match(line)
        if mi:
            d = _safe(int(mi.group("y")), int(mi.group("m")), int(mi.group("d")))
            if d is not None:
                return d, "dateline"
    if url_date is not None:
        return url_date, "url"
    return None, "none"
