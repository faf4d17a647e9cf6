"""Column schemas of the events and articles tables.

These column names are a public contract: scripts outside this project read
``events.parquet``/``events.csv``. Add columns at the end; never rename or
remove one.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

__all__ = [
    "ARTICLE_COLUMNS",
    "DIRECTIONS",
    "EVENT_COLUMNS",
    "conform",
    "empty_articles",
    "empty_events",
]

DIRECTIONS: Final = ("escalation", "de-escalation", "neutral")

#: events table: column -> pandas dtype (dates are day-precision datetimes, NaT when unknown)
EVENT_COLUMNS: Final[dict[str, str]] = {
    "event_id": "string",
    "article_id": "string",
    "sentence_index": "int64",
    "evidence": "string",  # the sentence; article.text[char_start:char_end] == evidence
    "char_start": "int64",
    "char_end": "int64",
    "trigger": "string",  # the matched words
    "actor1": "string",  # words naming the source actor ("" when none)
    "actor1_code": "string",  # CAMEO-style code: ISO3 + optional sector, e.g. PAKGOV
    "actor2": "string",
    "actor2_code": "string",
    "cameo_code": "string",  # 2-4 digits, kept as text ("0231", "190")
    "event_name": "string",
    "quad_class": "int64",  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    "goldstein": "float64",  # -10 .. +10
    "direction": "string",  # escalation | de-escalation | neutral
    "date": "datetime64[ns]",  # best estimate of when it happened
    "date_earliest": "datetime64[ns]",
    "date_latest": "datetime64[ns]",
    "date_text": "string",  # the expression that dated it ("" when a rule did)
    "date_basis": "string",  # which rule dated it (see README)
    "published": "datetime64[ns]",  # publication date (DCT) of the article
    "tone": "float64",  # conflict-aware polarity of the evidence sentence, -1 .. 1
    "source": "string",
    "url": "string",
    "title": "string",
    # --- extensions (after the contract columns) ---
    "tone_textblob": "float64",  # plain TextBlob polarity, for transparency
    "subjectivity": "float64",
    "tone_label": "string",  # neg | neu | pos
    "root_code": "string",  # first two digits of cameo_code
    "trigger_start": "int64",  # article offsets of the trigger
    "trigger_end": "int64",
    "entry_id": "string",  # verb-dictionary entry that matched
    "date_value": "string",  # TIMEX3 value of date_text, when one dated it
    "incident_id": "string",  # the incident it belongs to (DIR/incidents.parquet)
}

ARTICLE_COLUMNS: Final[dict[str, str]] = {
    "article_id": "string",
    "title": "string",
    "published": "datetime64[ns]",
    "dct_source": "string",
    "source": "string",
    "url": "string",
    "path": "string",
    "byline": "string",
    "dateline": "string",
    "n_sentences": "int64",
    "n_events": "int64",
    "n_dates": "int64",
    "n_unresolved_dates": "int64",
    "tone": "float64",
    "tone_textblob": "float64",
    "text": "string",
}


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def empty_events() -> pd.DataFrame:
    """An events table with no rows and the right dtypes."""
    return _empty(EVENT_COLUMNS)


def empty_articles() -> pd.DataFrame:
    """An articles table with no rows and the right dtypes."""
    return _empty(ARTICLE_COLUMNS)


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns`` (in order, with their dtypes).

    Missing columns are added empty; unknown columns are kept after them.
    """
    out = frame.copy()
    for name, dtype in columns.items():
        if name not in out.columns:
            out[name] = pd.Series(dtype=dtype, index=out.index)
        else:
            out[name] = out[name].astype(dtype)  # type: ignore[call-overload]
    extra = [c for c in out.columns if c not in columns]
    return out[[*columns, *extra]]
