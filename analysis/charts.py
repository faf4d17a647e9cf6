"""Plotly figures (and small HTML fragments) for the timeline report.

Tidy frames are computed first (:func:`timeline_points`, or the aggregates of
:mod:`analysis.timeline`) and the figures are drawn from them, so tests can check
figure data against the frames.

Every piece of article text that reaches a figure or a fragment is HTML-escaped:
plotly's hover labels interpret a subset of HTML, and reports are opened in browsers.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer, PlotlyRenderer

from analysis.schema import DIRECTIONS
from analysis.timeline import with_dyad

__all__ = [
    "DIRECTION_STYLES",
    "NO_EVENTS_TEXT",
    "OFFLINE_RENDERER",
    "DirectionStyle",
    "OfflineHtmlRenderer",
    "empty_figure",
    "escalation_index_figure",
    "heading_html",
    "table_html",
    "timeline_figure",
    "timeline_points",
    "tone_figure",
    "use_offline_renderer",
]

NO_EVENTS_TEXT: Final = "No events match"
OFFLINE_RENDERER: Final = "tension_offline"
_DAY_MS: Final = 86_400_000.0
_WRAP: Final = 80
#: plotly ``xperiod`` of each :func:`analysis.timeline.escalation_index` frequency
_PERIODS: Final[dict[str, float | str]] = {"D": _DAY_MS, "W": 7 * _DAY_MS, "M": "M1"}
_PLOT_CONFIG: Final[dict[str, Any]] = {"displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class DirectionStyle:
    """How one direction is drawn: colour plus a marker symbol and a bar pattern so the
    three directions stay distinguishable in greyscale print."""

    label: str
    color: str
    symbol: str
    pattern: str


#: Okabe-Ito colours (colour-blind safe) with different luminance, symbol and bar pattern
DIRECTION_STYLES: Final[dict[str, DirectionStyle]] = {
    "escalation": DirectionStyle("Escalation", "#D55E00", "triangle-up", "/"),
    "de-escalation": DirectionStyle("De-escalation", "#0072B2", "triangle-down", "."),
    "neutral": DirectionStyle("Neutral", "#999999", "circle-open", ""),
}


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _esc(value: object) -> str:
    """HTML-escape a cell for hover text; missing values become an empty string."""
    return "" if _missing(value) else html.escape(str(value), quote=True)


def _wrap_escaped(value: object, width: int = _WRAP) -> str:
    """Wrap text to ``width`` columns, escape each line, join with ``<br>``."""
    raw = "" if _missing(value) else str(value)
    lines = textwrap.wrap(raw, width=width) or [""]
    return "<br>".join(html.escape(line, quote=True) for line in lines)


def _day(value: object) -> str:
    if _missing(value) or not isinstance(value, dt.date):
        return ""
    return value.strftime("%Y-%m-%d")


def _direction(value: object) -> str:
    return value if isinstance(value, str) and value in DIRECTIONS else "neutral"


#: hover fields, in customdata order
HOVER_FIELDS: Final = (
    "hover_evidence",
    "hover_actors",
    "hover_event",
    "hover_trigger",
    "hover_source",
    "hover_date",
    "hover_published",
)

_TIMELINE_HOVER: Final = (
    "<b>%{customdata[2]}</b><br>"
    "%{customdata[1]}<br>"
    "<i>%{customdata[0]}</i><br>"
    "trigger: %{customdata[3]}<br>"
    "date: %{customdata[5]}<br>"
    "%{customdata[4]}, published %{customdata[6]}"
    "<extra></extra>"
)


def timeline_points(events: pd.DataFrame, *, jitter_hours: float = 3.0) -> pd.DataFrame:
    """One row per dated event, with everything :func:`timeline_figure` draws.

    Columns: ``event_id``, ``direction`` (unknown values count as neutral), ``dyad``,
    ``day`` (the event's day), ``x`` (noon of that day, shifted by ``jitter_hours`` steps
    when several events share a day and dyad, so they do not hide each other),
    ``interval_start``/``interval_end`` (start of ``date_earliest`` and end of
    ``date_latest``, i.e. midnight after it; NaT for events known to the day), ``size``
    (marker size, grows with ``|goldstein|``) and the HTML-escaped hover fields
    :data:`HOVER_FIELDS`. Undated events are left out.
    """
    columns = [
        "event_id",
        "direction",
        "dyad",
        "day",
        "x",
        "interval_start",
        "interval_end",
        "size",
        *HOVER_FIELDS,
    ]
    frame = with_dyad(events)
    frame = frame.loc[pd.to_datetime(frame["date"]).notna()].copy()
    if frame.empty:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    frame["day"] = pd.to_datetime(frame["date"]).dt.normalize()
    frame = frame.sort_values(["day", "dyad", "event_id"], kind="stable").reset_index(drop=True)
    earliest = pd.to_datetime(frame["date_earliest"]).dt.normalize().fillna(frame["day"])
    latest = pd.to_datetime(frame["date_latest"]).dt.normalize().fillna(frame["day"])
    earliest = earliest.where(earliest <= frame["day"], frame["day"])
    latest = latest.where(latest >= frame["day"], frame["day"])

    group = frame.groupby(["day", "dyad"], sort=False)
    rank = group.cumcount().astype("float64")
    size_of_group = group["event_id"].transform("size").astype("float64")
    # spread same-day, same-dyad events over at most 20 hours so they stay inside their day
    step = (20.0 / (size_of_group - 1).clip(lower=1.0)).clip(upper=jitter_hours)
    offset_h = (rank - (size_of_group - 1) / 2) * step
    x = frame["day"] + pd.Timedelta(hours=12) + pd.to_timedelta(offset_h, unit="h")

    exact = (earliest == frame["day"]) & (latest == frame["day"])
    gold = pd.to_numeric(frame["goldstein"], errors="coerce").abs().fillna(0.0)

    out = pd.DataFrame(
        {
            "event_id": frame["event_id"].astype(str),
            "direction": [_direction(v) for v in frame["direction"]],
            "dyad": frame["dyad"].astype(str),
            "day": frame["day"],
            "x": x,
            "interval_start": earliest.where(~exact),
            "interval_end": (latest + pd.Timedelta(days=1)).where(~exact),
            "size": 8.0 + 2.0 * gold.clip(0.0, 10.0),
        }
    )
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")
    ]
    out["hover_evidence"] = [_wrap_escaped(r["evidence"]) for r in records]
    out["hover_actors"] = [
        f"{_esc(r['actor1']) or '?'} ({_esc(r['actor1_code']) or '?'}) → "
        f"{_esc(r['actor2']) or '?'} ({_esc(r['actor2_code']) or '?'})"
        for r in records
    ]
    out["hover_event"] = [
        f"{_esc(r['event_name'])} [CAMEO {_esc(r['cameo_code'])}] · "
        f"{_esc(_direction(r['direction']))} · Goldstein {_esc(r['goldstein'])}"
        for r in records
    ]
    out["hover_trigger"] = [_esc(r["trigger"]) for r in records]
    out["hover_source"] = [_source_hover(r) for r in records]
    out["hover_date"] = [_date_hover(r) for r in records]
    out["hover_published"] = [_day(r["published"]) or "?" for r in records]
    return out[columns]


def _source_hover(record: dict[str, Any]) -> str:
    title = _wrap_escaped(record["title"], 60) if not _missing(record["title"]) else ""
    source = _esc(record["source"]) or "?"
    return f"“{title}”, {source}" if title else source


def _date_hover(record: dict[str, Any]) -> str:
    day = _day(record["date"])
    lo, hi = _day(record["date_earliest"]), _day(record["date_latest"])
    if lo and hi:
        span = f" (between {lo} and {hi})" if (lo != day or hi != day) else ""
    elif lo or hi:
        span = f" (on or after {lo})" if lo else f" (on or before {hi})"
    else:
        span = ""
    text = _esc(record["date_text"])
    basis = _esc(record["date_basis"]) or "?"
    said = f", text “{text}”" if text else ""
    return f"{day}{span}; basis {basis}{said}"


def empty_figure(title: str, message: str = NO_EVENTS_TEXT) -> go.Figure:
    """A figure without traces, showing ``message`` in the middle."""
    fig = go.Figure()
    fig.update_layout(
        title=html.escape(title),
        xaxis={"visible": False},
        yaxis={"visible": False},
        height=260,
        annotations=[
            {
                "text": html.escape(message),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 18},
            }
        ],
    )
    return fig


def _stamp(value: pd.Timestamp) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def timeline_figure(events: pd.DataFrame, *, title: str = "Events by dyad") -> go.Figure:
    """Events as markers: x = date, y = dyad, one marker trace per direction.

    Colour and symbol encode direction, size ``|goldstein|``. When a date is only known to
    lie in ``[date_earliest, date_latest]`` the interval is drawn as a horizontal segment
    in a companion trace (``meta = "interval:<direction>"``; plotly.js draws error bars on
    linear axes only). Marker traces have ``meta = <direction>``. Hover shows the
    (escaped) evidence sentence, actors, event, trigger, date and source.
    """
    points = timeline_points(events)
    if points.empty:
        return empty_figure(title)
    dyads = sorted(points["dyad"].unique(), key=lambda d: (d.count("?"), d))
    fig = go.Figure()
    for direction, style in DIRECTION_STYLES.items():
        part = points.loc[points["direction"] == direction]
        spans = part.loc[part["interval_start"].notna()]
        seg_x: list[str | None] = []
        seg_y: list[str | None] = []
        for lo, hi, dyad in zip(
            spans["interval_start"], spans["interval_end"], spans["dyad"], strict=True
        ):
            seg_x += [_stamp(lo), _stamp(hi), None]
            seg_y += [dyad, dyad, None]
        fig.add_trace(
            go.Scatter(
                name=f"{style.label} date range",
                legendgroup=direction,
                showlegend=False,
                meta=f"interval:{direction}",
                mode="lines",
                x=seg_x,
                y=seg_y,
                line={"color": style.color, "width": 3},
                opacity=0.6,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                name=f"{style.label} ({len(part)})",
                legendgroup=direction,
                meta=direction,
                mode="markers",
                x=[_stamp(stamp) for stamp in part["x"]],
                y=part["dyad"].tolist(),
                ids=part["event_id"].tolist(),
                marker={
                    "color": style.color,
                    "symbol": style.symbol,
                    "size": part["size"].tolist(),
                    "opacity": 0.85,
                    "line": {"width": 1, "color": "#333333"},
                },
                customdata=part[list(HOVER_FIELDS)].values.tolist(),
                hovertemplate=_TIMELINE_HOVER,
            )
        )
    fig.update_layout(
        title=html.escape(title),
        xaxis=_day_axis(points["day"], "date (lines: possible date range)"),
        yaxis={
            "title": "dyad (source → target)",
            "type": "category",
            "categoryorder": "array",
            "categoryarray": dyads,
        },
        height=max(300, 140 + 50 * len(dyads)),
        hovermode="closest",
        legend={"title": "direction"},
        hoverlabel={"align": "left"},
    )
    return fig


def _day_axis(days: pd.Series, title: str) -> dict[str, Any]:
    """A date axis whose labels name days (centred on them) when the span is short."""
    axis: dict[str, Any] = {"title": title, "type": "date"}
    span = pd.to_datetime(days).max() - pd.to_datetime(days).min()
    if span <= pd.Timedelta(days=31):
        axis.update(
            dtick=_DAY_MS, tick0="2000-01-01", tickformat="%a %d %b", ticklabelmode="period"
        )
    return axis


def escalation_index_figure(
    index: pd.DataFrame, *, title: str = "Escalation index (Goldstein)"
) -> go.Figure:
    """Goldstein totals per period as stacked bars by direction, plus the running total.

    ``index`` is the output of :func:`analysis.timeline.escalation_index` (its
    ``attrs["freq"]`` sets the bar width; days by default). The running total is drawn at
    the end of each period.
    """
    if index.empty:
        return empty_figure(title)
    x = [stamp.strftime("%Y-%m-%d") for stamp in pd.to_datetime(index["date"])]
    period = _PERIODS.get(str(index.attrs.get("freq", "D")), _DAY_MS)
    columns = {
        "escalation": ("escalation_goldstein", "n_escalation"),
        "de-escalation": ("deescalation_goldstein", "n_deescalation"),
        "neutral": ("neutral_goldstein", "n_neutral"),
    }
    fig = go.Figure()
    for direction, (value_col, count_col) in columns.items():
        style = DIRECTION_STYLES[direction]
        fig.add_trace(
            go.Bar(
                name=style.label,
                meta=direction,
                x=x,
                y=index[value_col].astype(float).tolist(),
                xperiod=period,
                xperiodalignment="middle",
                customdata=index[count_col].astype(int).tolist(),
                marker={
                    "color": style.color,
                    "pattern": {"shape": style.pattern, "fgcolor": "#222222"},
                    "line": {"width": 1, "color": "#333333"},
                },
                hovertemplate=f"{style.label}: %{{y:+.1f}} (%{{customdata}} events)"
                "<extra>%{x}</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            name="Running total",
            meta="cumulative",
            mode="lines+markers",
            x=x,
            xperiod=period,
            xperiodalignment="end",
            y=index["cumulative_goldstein"].astype(float).tolist(),
            line={"color": "#000000", "width": 2, "dash": "dot"},
            marker={"symbol": "square", "size": 6, "color": "#000000"},
            hovertemplate="running total: %{y:+.1f}<extra>%{x}</extra>",
        )
    )
    fig.update_layout(
        title=html.escape(title),
        barmode="relative",
        xaxis=_day_axis(index["date"], "date") if period == _DAY_MS else {"type": "date"},
        yaxis={"title": "sum of Goldstein scores", "zeroline": True},
        height=380,
        legend={"title": "direction"},
    )
    return fig


def tone_figure(tone: pd.DataFrame, *, title: str = "Tone of evidence sentences") -> go.Figure:
    """Daily mean tone: conflict-aware ``tone`` and plain TextBlob polarity.

    ``tone`` is the output of :func:`analysis.timeline.tone_by_day`.
    """
    if tone.empty:
        return empty_figure(title)
    x = [stamp.strftime("%Y-%m-%d") for stamp in pd.to_datetime(tone["date"])]
    n = tone["n_sentences"].astype(int).tolist()
    fig = go.Figure()
    series = (
        ("tone_mean", "Tone (conflict-aware)", "#000000", "solid", "circle"),
        ("tone_textblob_mean", "TextBlob polarity", "#E69F00", "dash", "x"),
    )
    for column, label, color, dash, symbol in series:
        fig.add_trace(
            go.Scatter(
                name=label,
                meta=column,
                mode="lines+markers",
                x=x,
                xperiod=_DAY_MS,
                xperiodalignment="middle",
                y=tone[column].astype(float).tolist(),
                customdata=n,
                line={"color": color, "dash": dash, "width": 2},
                marker={"symbol": symbol, "size": 8, "color": color},
                hovertemplate=f"{label}: %{{y:+.2f}} (%{{customdata}} sentences)"
                "<extra>%{x}</extra>",
            )
        )
    fig.update_layout(
        title=html.escape(title),
        xaxis=_day_axis(tone["date"], "date"),
        yaxis={"title": "mean polarity", "range": [-1.05, 1.05], "zeroline": True},
        height=340,
    )
    return fig


def table_html(frame: pd.DataFrame, *, max_rows: int = 200) -> str:
    """Render a small table as escaped HTML (no links are created from cell text)."""
    shown = frame.head(max_rows)
    body = shown.to_html(index=False, escape=True, border=0, classes="tension-events",
                         render_links=False, na_rep="")
    if len(frame) > max_rows:
        body += f"<p>{max_rows} of {len(frame)} events shown.</p>"
    return body


def heading_html(
    title: str,
    *,
    n_selected: int,
    n_total: int,
    actors: Sequence[str] = (),
    start: str = "",
    end: str = "",
) -> str:
    """The report heading: escaped title plus a one-line description of the selection."""
    parts = []
    if actors:
        parts.append("actors " + ", ".join(actors))
    if start or end:
        parts.append(f"dates {start or '…'} to {end or '…'}")
    selection = "; ".join(parts) or "all events"
    line = f"{n_selected} of {n_total} events ({selection})."
    if n_selected == 0:
        line = f"{NO_EVENTS_TEXT} ({selection}; {n_total} events in the data)."
    return f"<h2>{html.escape(title)}</h2>\n<p>{html.escape(line)}</p>"


class OfflineHtmlRenderer(MimetypeRenderer):  # type: ignore[misc]
    """Plotly renderer for reports that must work offline.

    Each figure becomes a ``text/html`` fragment (what nbconvert exports) plus the plotly
    mimetype (what JupyterLab draws). The plotly.js bundle is embedded inline in the first
    figure shown after :func:`use_offline_renderer` and never again; no CDN, no MathJax,
    no require.js.
    """

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = dict(config or _PLOT_CONFIG)
        # plotly shallow-copies renderers before each use: keep the flag in a shared object
        self._state: dict[str, bool] = {"embedded": False}

    @property
    def plotlyjs_embedded(self) -> bool:
        """Whether a figure carrying the plotly.js bundle has been rendered already."""
        return self._state["embedded"]

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        bundle: dict[str, Any] = PlotlyRenderer(config=self.config).to_mimebundle(
            dict(fig_dict)
        )
        include = not self._state["embedded"]
        self._state["embedded"] = True
        bundle["text/html"] = pio.to_html(
            fig_dict,
            config=self.config,
            include_plotlyjs=include,
            include_mathjax=False,
            full_html=False,
            default_width="100%",
            default_height=450,
            validate=False,
        )
        return bundle


def use_offline_renderer() -> OfflineHtmlRenderer:
    """Register :class:`OfflineHtmlRenderer` as plotly's default renderer and return it.

    Call once at the top of a notebook; plotly.js is then embedded once per notebook.
    """
    renderer = OfflineHtmlRenderer()
    pio.renderers[OFFLINE_RENDERER] = renderer
    pio.renderers.default = OFFLINE_RENDERER
    return renderer
