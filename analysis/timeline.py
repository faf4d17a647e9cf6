"""Pure aggregates behind the timeline report: filtering, dyads, escalation index, daily tone.

Every function takes an events table (columns of :data:`analysis.schema.EVENT_COLUMNS`)
and returns a new tidy DataFrame; nothing here reads files or draws.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd

from analysis.errors import ReportError

__all__ = [
    "DISPLAY_COLUMNS",
    "MATRIX_COLUMNS",
    "TIMELINE_COLUMNS",
    "dyad_label",
    "dyad_matrix",
    "escalation_index",
    "events_table",
    "filter_events",
    "key_events",
    "parse_actors",
    "parse_day",
    "search_events",
    "tone_by_day",
    "with_dyad",
]

DateLike = dt.date | dt.datetime | pd.Timestamp | str | None

_ISO_DAY: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ACTOR_CODE: Final = re.compile(r"^[A-Z0-9]{1,12}$")
#: freq -> (period alias for the start of each row's period, date_range alias)
_FREQS: Final = {"D": ("D", "D"), "W": ("W-SUN", "W-MON"), "M": ("M", "MS")}

#: columns of :func:`escalation_index`
TIMELINE_COLUMNS: Final = (
    "date",
    "goldstein_sum",
    "escalation_goldstein",
    "deescalation_goldstein",
    "neutral_goldstein",
    "n_events",
    "n_escalation",
    "n_deescalation",
    "n_neutral",
    "cumulative_goldstein",
)

#: columns of :func:`events_table` (the small table shown in reports)
DISPLAY_COLUMNS: Final = (
    "date",
    "dyad",
    "direction",
    "cameo_code",
    "event_name",
    "goldstein",
    "trigger",
    "evidence",
    "source",
)


def parse_day(value: DateLike, *, name: str = "date") -> pd.Timestamp | None:
    """Turn a date bound into a day-precision :class:`pandas.Timestamp` (``None`` when unset).

    Strings must be ISO days (``YYYY-MM-DD``); an empty string means "no bound".

    Raises
    ------
    ReportError
        When ``value`` is a string that is not a valid ISO day, or of an unsupported type.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not _ISO_DAY.match(text):
            raise ReportError(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)")
        try:
            return pd.Timestamp(dt.date.fromisoformat(text))
        except ValueError as exc:
            raise ReportError(f"{name}: {value!r} is not a valid date ({exc})") from exc
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        return value.tz_localize(None).normalize() if value.tzinfo else value.normalize()
    if isinstance(value, dt.datetime):
        return pd.Timestamp(value.date())
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    raise ReportError(f"{name}: expected a date or YYYY-MM-DD string, got {type(value).__name__}")


def parse_actors(value: str | Sequence[str] | None) -> list[str]:
    """Normalise an actor selection to a list of upper-case code prefixes.

    Accepts ``None``/``""`` (no filter), a comma- or space-separated string (``"PAK,IRN"``)
    or a sequence of codes.

    Raises
    ------
    ReportError
        When a code is not 1-12 letters or digits.
    """
    if value is None:
        return []
    items = re.split(r"[,\s]+", value) if isinstance(value, str) else list(value)
    codes: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ReportError(f"actors: expected text codes, got {item!r}")
        code = item.strip().upper()
        if not code:
            continue
        if not _ACTOR_CODE.match(code):
            raise ReportError(
                f"actors: {item!r} is not an actor code (letters/digits, e.g. PAK or PAKGOV)"
            )
        if code not in codes:
            codes.append(code)
    return codes


def filter_events(
    events: pd.DataFrame,
    actors: str | Sequence[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
) -> pd.DataFrame:
    """Select events by actor code prefix and by date (both bounds inclusive).

    An event is kept when ``actor1_code`` or ``actor2_code`` starts with any of ``actors``
    ("PAK" matches PAKGOV and PAKMIL). With a date bound, events whose best-estimate
    ``date`` is unknown (NaT) are dropped. The index is reset.

    Raises
    ------
    ReportError
        Bad date strings, ``start`` after ``end``, malformed actor codes.
    """
    codes = parse_actors(actors)
    lo = parse_day(start, name="start")
    hi = parse_day(end, name="end")
    if lo is not None and hi is not None and lo > hi:
        raise ReportError(f"start {lo.date()} is after end {hi.date()}")
    keep = pd.Series(True, index=events.index)
    if codes:
        prefixes = tuple(codes)
        a1 = events["actor1_code"].fillna("").astype(str).str.upper()
        a2 = events["actor2_code"].fillna("").astype(str).str.upper()
        keep &= a1.str.startswith(prefixes) | a2.str.startswith(prefixes)
    if lo is not None or hi is not None:
        day = pd.to_datetime(events["date"]).dt.normalize()
        keep &= day.notna()
        if lo is not None:
            keep &= day >= lo
        if hi is not None:
            keep &= day <= hi
    keep = keep.fillna(False).astype(bool)
    if bool(keep.all()):  # no copy of the rows (a million-event table is ~0.6 GB)
        return events.reset_index(drop=True)
    return events.loc[keep].reset_index(drop=True)


def _side(code: object, full: bool) -> str:
    if not isinstance(code, str) or not code.strip():
        return "?"
    code = code.strip().upper()
    return code if full else code[:3]


def dyad_label(row: Mapping[str, object] | pd.Series, *, full: bool = False) -> str:
    """Label the actor pair of an event, e.g. ``"IRN → PAK"``.

    Uses the country part (first three letters) of each code unless ``full``; an unknown
    side shows as ``?``; an event with no target is labelled with its source alone.
    """
    source = _side(row.get("actor1_code"), full)
    target = _side(row.get("actor2_code"), full)
    if target == "?":
        return source
    return f"{source} → {target}"


def _sides(events: pd.DataFrame, column: str, full: bool) -> pd.Series:
    codes = events[column].astype("string").str.strip().str.upper().fillna("")
    if not full:
        codes = codes.str.slice(0, 3)
    return codes.mask(codes == "", "?")


def with_dyad(events: pd.DataFrame, *, full: bool = False) -> pd.DataFrame:
    """Return a copy of ``events`` with a string ``dyad`` column (see :func:`dyad_label`)."""
    out = events.copy()
    source = _sides(out, "actor1_code", full)
    target = _sides(out, "actor2_code", full)
    labels = source.where(target == "?", source + " → " + target)
    out["dyad"] = labels.astype("string")
    return out


def _dated(events: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The dated rows of ``events`` (of ``columns`` only, when given), ``date`` normalised."""
    if columns is not None:
        events = events[list(dict.fromkeys(["date", *columns]))]
    out = events.loc[pd.to_datetime(events["date"]).notna()].copy()
    out["date"] = pd.to_datetime(out["date"]).dt.normalize()
    return out


def escalation_index(events: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Goldstein totals per period, split by direction, with a running total.

    One row per period from the first to the last dated event (periods without events
    are present with zeros). ``freq`` is ``"D"`` (days), ``"W"`` (weeks starting Monday)
    or ``"M"`` (months); ``date`` is the period start. Undated events are left out.
    Columns: :data:`TIMELINE_COLUMNS`.

    Raises
    ------
    ReportError
        When ``freq`` is not one of the supported values.
    """
    rules = _FREQS.get(freq.strip().upper())
    if rules is None:
        raise ReportError(f"freq: {freq!r} is not supported (use 'D', 'W' or 'M')")
    period_alias, range_alias = rules
    dated = _dated(events, ["goldstein", "direction"])
    if dated.empty:
        frame = pd.DataFrame({name: pd.Series(dtype="float64") for name in TIMELINE_COLUMNS})
        frame["date"] = pd.Series(dtype="datetime64[ns]")
        for name in ("n_events", "n_escalation", "n_deescalation", "n_neutral"):
            frame[name] = frame[name].astype("int64")
        return frame
    gold = pd.to_numeric(dated["goldstein"], errors="coerce").fillna(0.0).astype("float64")
    direction = dated["direction"].fillna("neutral").astype(str)
    parts = pd.DataFrame(
        {
            "date": dated["date"],
            "goldstein_sum": gold,
            "escalation_goldstein": gold.where(direction == "escalation", 0.0),
            "deescalation_goldstein": gold.where(direction == "de-escalation", 0.0),
            "neutral_goldstein": gold.where(~direction.isin(["escalation", "de-escalation"]), 0.0),
            "n_events": 1,
            "n_escalation": (direction == "escalation").astype("int64"),
            "n_deescalation": (direction == "de-escalation").astype("int64"),
            "n_neutral": (~direction.isin(["escalation", "de-escalation"])).astype("int64"),
        }
    )
    parts["date"] = parts["date"].dt.to_period(period_alias).dt.start_time
    sums = parts.groupby("date", sort=True).sum()
    full_range = pd.date_range(sums.index.min(), sums.index.max(), freq=range_alias)
    periods = sums.reindex(full_range, fill_value=0).rename_axis("date").reset_index()
    periods["date"] = periods["date"].astype("datetime64[ns]")
    for name in ("n_events", "n_escalation", "n_deescalation", "n_neutral"):
        periods[name] = periods[name].astype("int64")
    periods["cumulative_goldstein"] = periods["goldstein_sum"].cumsum()
    out = periods[list(TIMELINE_COLUMNS)].copy()
    out.attrs["freq"] = freq.strip().upper()
    return out


#: columns of :func:`dyad_matrix`
MATRIX_COLUMNS: Final = ("source", "target", "net_goldstein", "n_events", "n_escalation",
                         "n_deescalation")


def dyad_matrix(events: pd.DataFrame) -> pd.DataFrame:
    """Net Goldstein per ordered country pair (source country -> target country).

    One row per pair that has events: ``net_goldstein`` is the sum of the pair's Goldstein
    scores (negative: conflictual on balance). Countries are the first three letters of the
    codes; an unknown side is ``?``. Columns :data:`MATRIX_COLUMNS`, sorted by pair.
    """
    if events.empty:
        return pd.DataFrame({
            "source": pd.Series(dtype="string"), "target": pd.Series(dtype="string"),
            "net_goldstein": pd.Series(dtype="float64"), "n_events": pd.Series(dtype="int64"),
            "n_escalation": pd.Series(dtype="int64"), "n_deescalation": pd.Series(dtype="int64"),
        })

    def country(column: str) -> pd.Series:
        codes = events[column].astype("string").str.strip().str.upper().str.slice(0, 3)
        return codes.fillna("").mask(codes.fillna("") == "", "?")

    direction = events["direction"].astype("string").fillna("neutral")
    parts = pd.DataFrame({
        "source": country("actor1_code"),
        "target": country("actor2_code"),
        "net_goldstein": pd.to_numeric(events["goldstein"], errors="coerce").fillna(0.0),
        "n_events": 1,
        "n_escalation": (direction == "escalation").astype("int64"),
        "n_deescalation": (direction == "de-escalation").astype("int64"),
    })
    out = parts.groupby(["source", "target"], sort=True).sum().reset_index()
    return out.astype({"source": "string", "target": "string", "net_goldstein": "float64",
                       "n_events": "int64", "n_escalation": "int64",
                       "n_deescalation": "int64"})[list(MATRIX_COLUMNS)]


def tone_by_day(events: pd.DataFrame) -> pd.DataFrame:
    """Mean sentence tone per day (conflict-aware ``tone`` and plain ``tone_textblob``).

    Tone belongs to the evidence sentence, so each (article, sentence) counts once per day
    even when it holds several events. Columns: ``date``, ``tone_mean``,
    ``tone_textblob_mean``, ``n_sentences``. Undated events are left out. For richer tone
    aggregates see :mod:`analysis.tone`.
    """
    dated = _dated(events, ["article_id", "sentence_index", "tone", "tone_textblob"])
    columns = ["date", "tone_mean", "tone_textblob_mean", "n_sentences"]
    if dated.empty:
        return pd.DataFrame(
            {
                "date": pd.Series(dtype="datetime64[ns]"),
                "tone_mean": pd.Series(dtype="float64"),
                "tone_textblob_mean": pd.Series(dtype="float64"),
                "n_sentences": pd.Series(dtype="int64"),
            }
        )
    sentences = dated.drop_duplicates(["date", "article_id", "sentence_index"])
    grouped = sentences.groupby("date", sort=True)
    out = pd.DataFrame(
        {
            "tone_mean": grouped["tone"].mean().astype("float64"),
            "tone_textblob_mean": grouped["tone_textblob"].mean().astype("float64"),
            "n_sentences": grouped.size().astype("int64"),
        }
    ).reset_index()
    out["date"] = out["date"].astype("datetime64[ns]")
    return out[columns]


def events_table(events: pd.DataFrame, *, with_url: bool = False) -> pd.DataFrame:
    """The compact table shown under the charts: :data:`DISPLAY_COLUMNS`, sorted by date
    (plus ``url`` when ``with_url``).

    Values are left raw; escape them when rendering (``DataFrame.to_html`` escapes by default;
    :func:`analysis.charts.events_table_html` also makes http(s) URLs links).
    """
    columns = [*DISPLAY_COLUMNS, "url"] if with_url else list(DISPLAY_COLUMNS)
    keys = events[["date", "event_id"]].reset_index(drop=True)
    order = keys.sort_values(["date", "event_id"], na_position="last", kind="stable").index
    needed = [c for c in columns if c != "dyad"] + ["actor1_code", "actor2_code"]
    table = with_dyad(events[list(dict.fromkeys(needed))])
    out = table[columns].iloc[order.to_numpy()].reset_index(drop=True)  # copies what is shown
    out["date"] = _day_labels(pd.to_datetime(out["date"]))
    return out


def _day_labels(days: pd.Series) -> pd.Series:
    """``days.dt.strftime("%Y-%m-%d").fillna("unknown")``, formatting each distinct day
    once (a million events' labels as Python strings took ~0.1 GB)."""
    codes, distinct = pd.factorize(days)
    formatted = pd.DatetimeIndex(distinct).strftime("%Y-%m-%d")
    labels = np.append(formatted.to_numpy(dtype=object), "unknown")  # code -1: NaT
    out: pd.Series = pd.Series(labels[codes], index=days.index, dtype=formatted.dtype)
    return out


def key_events(events: pd.DataFrame, n: int = 12) -> pd.DataFrame:
    """The ``n`` events with the largest ``|goldstein|`` (ties: earlier first), by date.

    Columns of :func:`events_table` with ``url``.
    """
    if n < 0:
        raise ReportError(f"n: expected a number >= 0, got {n}")
    strength = pd.to_numeric(events["goldstein"], errors="coerce").abs().fillna(0.0)
    order = events.assign(_strength=strength, _day=pd.to_datetime(events["date"]))
    order = order.sort_values(["_strength", "_day", "event_id"], ascending=[False, True, True],
                              na_position="last", kind="stable")
    top = order.head(n).drop(columns=["_strength", "_day"])
    return events_table(top, with_url=True)


def search_events(
    events: pd.DataFrame,
    *,
    dyads: Sequence[str] = (),
    start: DateLike = None,
    end: DateLike = None,
    directions: Sequence[str] = (),
    sources: Sequence[str] = (),
    text: str = "",
) -> pd.DataFrame:
    """The filters of the explorer notebook: dyads (labels of :func:`with_dyad`), dates
    (inclusive), directions, outlets and a case-insensitive text search over evidence,
    trigger, actors, event name and title. Empty filters keep everything.
    """
    frame = events if "dyad" in events.columns else with_dyad(events)
    keep = pd.Series(True, index=frame.index)
    if dyads:
        keep &= frame["dyad"].astype(str).isin(list(dyads))
    lo = parse_day(start, name="start")
    hi = parse_day(end, name="end")
    if lo is not None or hi is not None:
        day = pd.to_datetime(frame["date"]).dt.normalize()
        if lo is not None:
            keep &= day >= lo
        if hi is not None:
            keep &= day <= hi
    if directions:
        keep &= frame["direction"].astype(str).isin(list(directions))
    if sources:
        keep &= frame["source"].astype(str).isin(list(sources))
    needle = text.strip().lower()
    if needle:
        hay = pd.Series(False, index=frame.index)
        for column in ("evidence", "trigger", "actor1", "actor2", "event_name", "title"):
            hay |= frame[column].astype("string").str.lower().str.contains(
                needle, regex=False).fillna(False).astype(bool)
        keep &= hay
    return frame.loc[keep.fillna(False).astype(bool)].reset_index(drop=True)
