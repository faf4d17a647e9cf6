"""Time expressions: find and normalise them (TIMEX3), and find a document's date.

The implementation lives in :mod:`analysis.timex`; this module is the public
face used by the pipeline:

- :func:`tag_dates` ``(text, dct) -> list[TimeExpression]``
- :func:`find_dct` ``(text, url="") -> (date | None, source)``

See :mod:`analysis.timex.tagger` for the resolution rules and
:mod:`analysis.timex.dct` for the dateline/URL rules.
"""

from __future__ import annotations

from .timex.dct import date_from_url, find_dct
from .timex.tagger import tag_dates

__all__ = ["date_from_url", "find_dct", "tag_dates"]
