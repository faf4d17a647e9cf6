"""Tone aggregates over the events table, in tidy (long) form for charts.

All functions are pure: an events frame in (columns of
:data:`analysis.schema.EVENT_COLUMNS`, only the ones used need to exist), a new
frame out. Rows without a date or without a tone are left out of daily means;
``n`` always says how many events a mean stands on.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

__all__ = [
    "GROUPINGS",
    "UNKNOWN_GROUP",
    "article_table",
    "article_tone",
    "daily_tone",
    "tone_histogram",
    "tone_vs_escalation",
    "top_groups",
]

#: ``by`` aliases of :func:`daily_tone` -> how the group is derived.
GROUPINGS: Final = {
    "actor": "actor1 country (first three letters of actor1_code)",
    "country": "actor1 country (first three letters of actor1_code)",
    "actor1_code": "actor1 code as coded (e.g. PAKGOV)",
    "actor2_code": "actor2 code as coded",
    "source": "outlet (source column)",
    "outlet": "outlet (source column)",
    "direction": "escalation / de-escalation / neutral",
}
#: Group label for events whose grouping value is empty or missing.
UNKNOWN_GROUP: Final = "(unknown)"
_OVERALL: Final = "all"


def _group_values(events: pd.DataFrame, by: str | None) -> pd.Series:
    if by is None:
        return pd.Series(_OVERALL, index=events.index, dtype="string")
    if by in ("actor", "country"):
        values = events["actor1_code"].astype("string").str.slice(0, 3)
    elif by == "outlet":
        values = events["source"].astype("string")
    elif by in events.columns:
        values = events[by].astype("string")
    else:
        known = ", ".join(sorted(GROUPINGS))
        raise ValueError(f"cannot group tone by {by!r}: use None, {known} or an events column")
    values = values.str.strip().fillna("")
    return values.mask(values == "", UNKNOWN_GROUP)


def _numbers(events: pd.DataFrame, column: str) -> pd.Series:
    """``events[column]`` as floats (NaN where missing or not a number, or when absent)."""
    if column not in events.columns:
        return pd.Series(float("nan"), index=events.index, dtype="float64")
    return pd.to_numeric(events[column], errors="coerce").astype("float64")


def daily_tone(events: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Mean tone per day (and group).

    Parameters
    ----------
    events
        the events table (needs ``date`` and ``tone``; ``tone_textblob`` is
        averaged too when present).
    by
        ``None`` (one group ``all``), ``"actor"``/``"country"`` (actor1
        country), ``"actor1_code"``, ``"source"``/``"outlet"``, or any other
        events column.

    Returns
    -------
    DataFrame
        columns ``date, group, tone, tone_textblob, n``, sorted by date and
        group; one row per day and group that has at least one toned event.
    """
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(events["date"]).dt.normalize(),
            "group": _group_values(events, by),
            "tone": _numbers(events, "tone"),
            "tone_textblob": _numbers(events, "tone_textblob"),
        },
        index=events.index,
    )
    frame = frame.dropna(subset=["date", "tone"])
    out = (
        frame.groupby(["date", "group"], sort=True)
        .agg(
            tone=("tone", "mean"),
            tone_textblob=("tone_textblob", "mean"),
            n=("tone", "size"),
        )
        .reset_index()
    )
    return out.astype(
        {
            "date": "datetime64[ns]",
            "group": "string",
            "tone": "float64",
            "tone_textblob": "float64",
            "n": "int64",
        }
    )


def article_tone(events: pd.DataFrame) -> pd.DataFrame:
    """Mean tone per article.

    Returns
    -------
    DataFrame
        columns ``article_id, source, published, tone, tone_textblob, n_events``
        (``published`` is the article's publication date when the events table
        has it, else its earliest event date), sorted by ``article_id``.
    """
    date_col = "published" if "published" in events.columns else "date"
    frame = pd.DataFrame(
        {
            "article_id": events["article_id"].astype("string"),
            "source": (
                events["source"].astype("string").fillna("")
                if "source" in events.columns
                else pd.Series("", index=events.index, dtype="string")
            ),
            "published": pd.to_datetime(events[date_col]),
            "tone": _numbers(events, "tone"),
            "tone_textblob": _numbers(events, "tone_textblob"),
        },
        index=events.index,
    )
    out = (
        frame.groupby("article_id", sort=True)
        .agg(
            source=("source", "first"),
            published=("published", "min"),
            tone=("tone", "mean"),
            tone_textblob=("tone_textblob", "mean"),
            n_events=("article_id", "size"),
        )
        .reset_index()
    )
    return out.astype(
        {
            "article_id": "string",
            "source": "string",
            "published": "datetime64[ns]",
            "tone": "float64",
            "tone_textblob": "float64",
            "n_events": "int64",
        }
    )


def top_groups(daily: pd.DataFrame, limit: int = 8) -> pd.DataFrame:
    """Keep the ``limit`` groups of a :func:`daily_tone` frame with the most events.

    The other groups are folded into one group ``other (N groups)`` (means weighted by
    ``n``), so charts stay readable with many outlets or actors.
    """
    if daily.empty or daily["group"].nunique() <= limit:
        return daily.reset_index(drop=True)
    totals = daily.groupby("group")["n"].sum().sort_values(ascending=False, kind="stable")
    keep = set(totals.index[:limit])
    rest = daily.loc[~daily["group"].isin(keep)].copy()
    label = f"other ({len(totals) - limit} groups)"
    rest["w_tone"] = rest["tone"] * rest["n"]
    rest["w_tb"] = rest["tone_textblob"] * rest["n"]
    folded = rest.groupby("date", sort=True).agg(
        w_tone=("w_tone", "sum"), w_tb=("w_tb", "sum"), n=("n", "sum")
    ).reset_index()
    folded["group"] = label
    folded["tone"] = folded["w_tone"] / folded["n"]
    folded["tone_textblob"] = folded["w_tb"] / folded["n"]
    kept = daily.loc[daily["group"].isin(keep)]
    out = pd.concat([kept, folded[list(daily.columns)]], ignore_index=True)
    out = out.astype(daily.dtypes.to_dict())
    return out.sort_values(["date", "group"], kind="stable").reset_index(drop=True)


def tone_histogram(events: pd.DataFrame, by: str | None = "direction",
                   bins: int = 20) -> pd.DataFrame:
    """Counts of event tone in ``bins`` equal bins over -1..1, per group.

    Columns ``group, bin_start, bin_end, count`` (every bin of every group, zeros included);
    events without a tone are left out.
    """
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    tone = pd.to_numeric(events["tone"], errors="coerce").astype("float64")
    groups = _group_values(events, by)
    frame = pd.DataFrame({"group": groups, "tone": tone}).dropna(subset=["tone"])
    edges = np.linspace(-1.0, 1.0, bins + 1)
    rows: list[pd.DataFrame] = []
    for group, part in frame.groupby("group", sort=True):
        counts, _ = np.histogram(part["tone"].clip(-1.0, 1.0), bins=edges)
        rows.append(pd.DataFrame({"group": str(group), "bin_start": edges[:-1],
                                  "bin_end": edges[1:], "count": counts}))
    if not rows:
        return pd.DataFrame({"group": pd.Series(dtype="string"),
                             "bin_start": pd.Series(dtype="float64"),
                             "bin_end": pd.Series(dtype="float64"),
                             "count": pd.Series(dtype="int64")})
    out = pd.concat(rows, ignore_index=True)
    return out.astype({"group": "string", "bin_start": "float64", "bin_end": "float64",
                       "count": "int64"})


def tone_vs_escalation(events: pd.DataFrame) -> pd.DataFrame:
    """Per day: mean event tone against the day's Goldstein sum.

    Columns ``date, tone, goldstein_sum, n_events, n_escalation, n_deescalation``; one row
    per day with at least one dated, toned event.
    """
    gold = pd.to_numeric(events["goldstein"], errors="coerce").fillna(0.0)
    direction = events["direction"].astype("string").fillna("neutral")
    frame = pd.DataFrame({
        "date": pd.to_datetime(events["date"]).dt.normalize(),
        "tone": pd.to_numeric(events["tone"], errors="coerce").astype("float64"),
        "goldstein_sum": gold.astype("float64"),
        "n_events": 1,
        "n_escalation": (direction == "escalation").astype("int64"),
        "n_deescalation": (direction == "de-escalation").astype("int64"),
    }, index=events.index).dropna(subset=["date", "tone"])
    out = frame.groupby("date", sort=True).agg(
        tone=("tone", "mean"), goldstein_sum=("goldstein_sum", "sum"),
        n_events=("n_events", "sum"), n_escalation=("n_escalation", "sum"),
        n_deescalation=("n_deescalation", "sum"),
    ).reset_index()
    return out.astype({"date": "datetime64[ns]", "tone": "float64", "goldstein_sum": "float64",
                       "n_events": "int64", "n_escalation": "int64", "n_deescalation": "int64"})


def article_table(events: pd.DataFrame) -> pd.DataFrame:
    """:func:`article_tone` formatted for the tone report's table: ``published`` as
    ``YYYY-MM-DD`` text (missing: empty), tones rounded to two decimals."""
    out = article_tone(events)
    out["published"] = out["published"].dt.strftime("%Y-%m-%d").fillna("").astype("string")
    for name in ("tone", "tone_textblob"):
        out[name] = out[name].round(2)
    return out
