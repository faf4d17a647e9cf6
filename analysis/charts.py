"""Plotly figures (and small HTML fragments) for the timeline report.

Tidy frames are computed first (:func:`timeline_points`, or the aggregates of
:mod:`analysis.timeline`) and the figures are drawn from them, so tests can check
figure data against the frames.

Every piece of article text that reaches a figure or a fragment is HTML-escaped:
plotly's hover labels interpret a subset of HTML, and reports are opened in browsers.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer, PlotlyRenderer

from analysis.schema import DIRECTIONS
from analysis.timeline import with_dyad

if TYPE_CHECKING:
    from analysis.report_data import Overlay

__all__ = [
    "DIRECTION_STYLES",
    "MAX_TIMELINE_EVENTS",
    "NO_EVENTS_TEXT",
    "OFFLINE_RENDERER",
    "PHASE_FILLS",
    "PLOTLY_MIMETYPE",
    "WEBGL_POINTS",
    "DirectionStyle",
    "OfflineHtmlRenderer",
    "add_overlay",
    "add_phases",
    "aggregate_points",
    "dyad_matrix_figure",
    "empty_figure",
    "escalation_index_figure",
    "events_table_html",
    "figure_html",
    "heading_html",
    "incidents_figure",
    "message_html",
    "plotlyjs_script",
    "span_days",
    "table_html",
    "timeline_figure",
    "timeline_points",
    "tone_distribution_figure",
    "tone_escalation_figure",
    "tone_figure",
    "tone_groups_figure",
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


#: above this many dated events the timeline draws one marker per day, dyad and direction
MAX_TIMELINE_EVENTS: Final = 3_000
#: traces with more points than this are drawn with WebGL (``Scattergl``)
WEBGL_POINTS: Final = 1_000


def timeline_points(
    events: pd.DataFrame,
    *,
    jitter_hours: float = 3.0,
    max_events: int = MAX_TIMELINE_EVENTS,
) -> pd.DataFrame:
    """One row per dated event, with everything :func:`timeline_figure` draws.

    Columns: ``event_id``, ``direction`` (unknown values count as neutral), ``dyad``,
    ``day`` (the event's day), ``x`` (noon of that day, shifted by ``jitter_hours`` steps
    when several events share a day and dyad, so they do not hide each other),
    ``interval_start``/``interval_end`` (start of ``date_earliest`` and end of
    ``date_latest``, i.e. midnight after it; NaT for events known to the day), ``size``
    (marker size, grows with ``|goldstein|``), ``n_events`` (1) and the HTML-escaped hover
    fields :data:`HOVER_FIELDS`. Undated events are left out.

    With more than ``max_events`` dated events, see :func:`aggregate_points`: one row per
    day, dyad and direction.
    """
    n_dated = int(pd.to_datetime(events["date"]).notna().sum())
    if n_dated > max_events:
        return aggregate_points(events)
    columns = [
        "event_id",
        "direction",
        "dyad",
        "day",
        "x",
        "interval_start",
        "interval_end",
        "size",
        "n_events",
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
            "n_events": 1,
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


#: the columns of an aggregated marker's strongest event that its hover shows
_TOP_FIELDS: Final = ("evidence", "event_name", "cameo_code", "trigger", "title", "source",
                      "published")


def aggregate_points(events: pd.DataFrame) -> pd.DataFrame:
    """Timeline markers for large tables: one row per day, dyad and direction.

    Same columns as :func:`timeline_points`; ``n_events`` counts the events of the marker,
    ``size`` grows with it (log scale), intervals are not drawn (NaT), and the hover shows
    the count, the Goldstein sum and the evidence of the most extreme event of the group.
    """
    # the grouping works on a few short columns; the hover's text columns are taken for the
    # group's strongest events only (a copy of a million events' text would be ~0.5 GB)
    frame = with_dyad(events[["date", "direction", "goldstein", "event_id", "actor1_code",
                              "actor2_code"]])
    dated = pd.to_datetime(frame["date"]).notna()
    frame = frame.loc[dated].copy()
    frame["_row"] = np.flatnonzero(dated.to_numpy())
    frame["day"] = pd.to_datetime(frame["date"]).dt.normalize()
    frame["direction"] = frame["direction"].astype("string").fillna("neutral")
    frame["direction"] = frame["direction"].where(frame["direction"].isin(DIRECTIONS), "neutral")
    frame["gold"] = pd.to_numeric(frame["goldstein"], errors="coerce").fillna(0.0)
    frame["abs_gold"] = frame["gold"].abs()
    keys = ["day", "dyad", "direction"]
    grouped = frame.groupby(keys, sort=True, observed=True)
    summary = grouped.agg(n_events=("gold", "size"), gold_sum=("gold", "sum")).reset_index()
    top = frame[[*keys, "abs_gold", "event_id", "_row"]]
    top = top.sort_values(["abs_gold", "event_id"], ascending=[False, True], kind="stable")
    top = top.drop_duplicates(keys)
    shown = events[list(_TOP_FIELDS)].iloc[top["_row"].to_numpy()].reset_index(drop=True)
    top = pd.concat([top[keys].reset_index(drop=True), shown], axis=1)
    summary = summary.merge(top, on=keys, how="left", suffixes=("", "_top"))
    summary = summary.sort_values(["day", "dyad", "direction"], kind="stable")
    summary = summary.reset_index(drop=True)
    n = summary["n_events"].astype("int64")
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in rec.items()} for rec in summary.to_dict("records")
    ]
    return pd.DataFrame({
        "event_id": [f"{r['day']:%Y-%m-%d}|{r['dyad']}|{r['direction']}" for r in records],
        "direction": summary["direction"].astype(str),
        "dyad": summary["dyad"].astype(str),
        "day": summary["day"],
        "x": summary["day"] + pd.Timedelta(hours=12),
        "interval_start": pd.Series(pd.NaT, index=summary.index, dtype="datetime64[ns]"),
        "interval_end": pd.Series(pd.NaT, index=summary.index, dtype="datetime64[ns]"),
        "size": 6.0 + 4.0 * np.log1p(n.astype("float64")),
        "n_events": n,
        "hover_evidence": [_wrap_escaped(r["evidence"]) for r in records],
        "hover_actors": [f"{r['n_events']} events · Goldstein sum {r['gold_sum']:+.1f}"
                         for r in records],
        "hover_event": [f"{_esc(r['dyad'])} · {_esc(r['direction'])} · strongest: "
                        f"{_esc(r['event_name'])} [CAMEO {_esc(r['cameo_code'])}]"
                        for r in records],
        "hover_trigger": [_esc(r["trigger"]) for r in records],
        "hover_source": [_source_hover(r) for r in records],
        "hover_date": [_day(r["day"]) for r in records],
        "hover_published": [_day(r["published"]) or "?" for r in records],
    })


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


def timeline_figure(
    events: pd.DataFrame,
    *,
    title: str = "Events by dyad",
    max_events: int = MAX_TIMELINE_EVENTS,
) -> go.Figure:
    """Events as markers: x = date, y = dyad, one marker trace per direction.

    Colour and symbol encode direction, size ``|goldstein|``. When a date is only known to
    lie in ``[date_earliest, date_latest]`` the interval is drawn as a horizontal segment
    in a companion trace (``meta = "interval:<direction>"``; plotly.js draws error bars on
    linear axes only). Marker traces have ``meta = <direction>``. Hover shows the
    (escaped) evidence sentence, actors, event, trigger, date and source.

    Above ``max_events`` dated events one marker stands for a day, dyad and direction
    (:func:`aggregate_points`); traces above :data:`WEBGL_POINTS` points use WebGL.
    """
    points = timeline_points(events, max_events=max_events)
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
        scatter = go.Scattergl if len(part) > WEBGL_POINTS else go.Scatter
        n_part = int(part["n_events"].sum())
        fig.add_trace(
            scatter(
                name=f"{style.label} ({n_part})",
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


def span_days(days: pd.Series | Sequence[object]) -> int:
    """Days from the first to the last dated value (0 when fewer than two), counted in
    ``datetime64[D]``: a ``Timestamp`` difference overflows beyond 292 years (an event
    misdated to 1700 in a 2017 selection)."""
    dated = pd.to_datetime(pd.Series(days)).dropna()
    if dated.empty:
        return 0
    whole = dated.to_numpy().astype("datetime64[D]")
    return int((whole.max() - whole.min()) // np.timedelta64(1, "D"))


def _day_axis(days: pd.Series, title: str) -> dict[str, Any]:
    """A date axis whose labels name days (centred on them) when the span is short."""
    axis: dict[str, Any] = {"title": title, "type": "date"}
    if span_days(days) <= 31:
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
    problem: str = "",
) -> str:
    """The report heading: escaped title plus a one-line description of the selection
    (or ``problem``, e.g. an invalid parameter, in bold)."""
    if problem:
        return f"<h2>{html.escape(title)}</h2>\n{message_html(problem)}"
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


PLOTLY_MIMETYPE: Final = "application/vnd.plotly.v1+json"


class OfflineHtmlRenderer(MimetypeRenderer):  # type: ignore[misc]
    """Plotly renderer for notebooks that become offline reports.

    Each figure becomes only the plotly mimetype (figure JSON, what JupyterLab draws
    natively): notebook outputs stay light while papermill runs them. The HTML export
    (:func:`analysis.report.export_html`) turns each into a ``<div>`` with
    :func:`figure_html` and embeds plotly.js once per page.
    """

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = dict(config or _PLOT_CONFIG)

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        bundle: dict[str, Any] = PlotlyRenderer(config=self.config).to_mimebundle(
            dict(fig_dict)
        )
        return {PLOTLY_MIMETYPE: bundle[PLOTLY_MIMETYPE]}


def figure_html(fig: go.Figure | dict[str, Any], *, height: int = 450) -> str:
    """A figure as an HTML fragment without plotly.js (the page supplies it once)."""
    return str(pio.to_html(
        fig,
        config=_PLOT_CONFIG,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        default_width="100%",
        default_height=height,
        validate=False,
    ))


@functools.lru_cache(maxsize=1)
def plotlyjs_script() -> str:
    """The inline ``<script>`` holding the plotly.js bundle (offline, no MathJax)."""
    from plotly.offline import get_plotlyjs

    return ('<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: \'local\'};'
            "</script>\n"
            f'<script type="text/javascript">{get_plotlyjs()}</script>')


def use_offline_renderer() -> OfflineHtmlRenderer:
    """Register :class:`OfflineHtmlRenderer` as plotly's default renderer and return it.

    Call once at the top of a report notebook.
    """
    renderer = OfflineHtmlRenderer()
    pio.renderers[OFFLINE_RENDERER] = renderer
    pio.renderers.default = OFFLINE_RENDERER
    return renderer


# --------------------------------------------------------------------------- phases


#: fill of the phase bands (light, and with a pattern-free luminance step for greyscale)
PHASE_FILLS: Final[dict[str, str]] = {
    "escalating": "rgba(213, 94, 0, 0.13)",
    "de-escalating": "rgba(0, 114, 178, 0.13)",
    "stable": "rgba(0, 0, 0, 0.0)",
}


def add_phases(fig: go.Figure, bands: pd.DataFrame, turns: pd.DataFrame | None = None
               ) -> go.Figure:
    """Shade ``bands`` (:func:`analysis.phases.phase_bands`) and mark turning points.

    Escalating and de-escalating phases become shaded vertical bands labelled with the
    phase (stable phases stay blank); each turning point
    (:func:`analysis.phases.turning_points`) becomes a dashed vertical line with its kind.
    The figure is changed in place and returned.
    """
    # plain layout dicts, added in one assignment: what add_vrect/add_vline would add on a
    # single-axis figure, without their per-call re-validation of every shape (quadratic)
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    span = {"xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}
    for x0, x1, phase in zip(bands["x0"], bands["x1"], bands["phase"], strict=True):
        if str(phase) == "stable":
            continue
        start = pd.Timestamp(x0).strftime("%Y-%m-%d")
        shapes.append({"fillcolor": PHASE_FILLS.get(str(phase), "rgba(0,0,0,0)"),
                       "layer": "below", "line": {"width": 0}, "type": "rect", "x0": start,
                       "x1": pd.Timestamp(x1).strftime("%Y-%m-%d"), **span})
        notes.append({"font": {"size": 11}, "showarrow": False, "text": html.escape(str(phase)),
                      "x": start, "xanchor": "left", "xref": "x", "y": 1, "yanchor": "top",
                      "yref": "y domain"})
    if turns is not None:
        for day, kind in zip(turns["date"], turns["kind"], strict=True):
            x = pd.Timestamp(day).strftime("%Y-%m-%d")
            shapes.append({"line": {"color": "#444444", "dash": "dash", "width": 1},
                           "type": "line", "x0": x, "x1": x, **span})
            notes.append({"font": {"size": 10}, "showarrow": False,
                          "text": html.escape(str(kind)), "x": x, "xanchor": "left",
                          "xref": "x", "y": 0, "yanchor": "bottom", "yref": "y domain"})
    if shapes:
        fig.update_layout(shapes=[*fig.layout.shapes, *shapes],
                          annotations=[*fig.layout.annotations, *notes])
    return fig


def add_overlay(fig: go.Figure, overlay: Overlay | None) -> go.Figure:
    """:func:`add_phases` with the phase bands and turning points of ``overlay``
    (:func:`analysis.report_data.overlay`); nothing when it has none. Returns ``fig``."""
    if overlay is not None and not overlay.bands.empty:
        add_phases(fig, overlay.bands, overlay.turns)
    return fig


def incidents_figure(incidents: pd.DataFrame, *, title: str = "Incidents") -> go.Figure:
    """Incidents (:func:`analysis.incidents.cluster_incidents`): x = date, y = dyad, marker
    size by the number of outlets reporting it (``n_sources``), colour/symbol by direction.
    Marker traces have ``meta = <direction>``; hover shows the evidence and the outlets."""
    dated = incidents.loc[pd.to_datetime(incidents["date"]).notna()]
    if dated.empty:
        return empty_figure(title)
    fig = go.Figure()
    for direction, style in DIRECTION_STYLES.items():
        part = dated.loc[dated["direction"].astype(str) == direction]
        n_src = pd.to_numeric(part["n_sources"], errors="coerce").fillna(1).astype(int)
        fig.add_trace(go.Scatter(
            name=f"{style.label} ({len(part)})",
            meta=direction,
            mode="markers",
            x=[f"{pd.Timestamp(d):%Y-%m-%d} 12:00" for d in part["date"]],
            y=part["dyad"].astype(str).tolist(),
            ids=part["incident_id"].astype(str).tolist(),
            marker={"color": style.color, "symbol": style.symbol,
                    "size": (8.0 + 6.0 * np.sqrt(n_src.clip(1, 25))).tolist(),
                    "line": {"width": 1, "color": "#333333"}, "opacity": 0.85},
            customdata=[
                [_wrap_escaped(ev), f"{_esc(name)} [CAMEO {_esc(code)}]", int(ns),
                 _esc(srcs), int(ne)]
                for ev, name, code, ns, srcs, ne in zip(
                    part["evidence"], part["event_name"], part["cameo_code"], n_src,
                    part["sources"], part["n_events"], strict=True)
            ],
            hovertemplate="<b>%{customdata[1]}</b><br><i>%{customdata[0]}</i><br>"
                          "%{customdata[4]} reports from %{customdata[2]} outlet(s): "
                          "%{customdata[3]}<extra></extra>",
        ))
    fig.update_layout(
        title=html.escape(title), hovermode="closest", hoverlabel={"align": "left"},
        xaxis=_day_axis(pd.to_datetime(dated["date"]), "date (marker size: outlets reporting)"),
        yaxis={"title": "dyad", "type": "category"},
        height=max(300, 140 + 50 * dated["dyad"].nunique()), legend={"title": "direction"},
    )
    return fig


# --------------------------------------------------------------------------- tone


#: line dashes and symbols cycled over groups, so lines stay apart in greyscale
_GROUP_DASHES: Final = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
_GROUP_SYMBOLS: Final = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross",
                         "triangle-down", "pentagon")
_GROUP_COLORS: Final = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2",
                        "#D55E00", "#999999", "#F0E442")


def tone_groups_figure(daily: pd.DataFrame, *, title: str = "Tone by group",
                       group_label: str = "group") -> go.Figure:
    """Daily mean tone per group (the frame of :func:`analysis.tone_aggregates.daily_tone`,
    optionally reduced by :func:`~analysis.tone_aggregates.top_groups`): one line per group
    (``meta`` = the group, HTML-escaped like every article-derived string of a figure: an
    outlet's name is article data), marker size by the number of events behind each mean."""
    if daily.empty:
        return empty_figure(title)
    fig = go.Figure()
    for i, (group, part) in enumerate(daily.groupby("group", sort=True)):
        n = part["n"].astype(int)
        scatter = go.Scattergl if len(part) > WEBGL_POINTS else go.Scatter
        fig.add_trace(scatter(
            name=html.escape(str(group)), meta=html.escape(str(group)), mode="lines+markers",
            x=[f"{d:%Y-%m-%d}" for d in pd.to_datetime(part["date"])],
            y=part["tone"].astype(float).tolist(), customdata=n.tolist(),
            line={"color": _GROUP_COLORS[i % len(_GROUP_COLORS)],
                  "dash": _GROUP_DASHES[i % len(_GROUP_DASHES)], "width": 2},
            marker={"symbol": _GROUP_SYMBOLS[i % len(_GROUP_SYMBOLS)],
                    "size": (5.0 + 2.5 * np.log1p(n.astype(float))).tolist()},
            hovertemplate=f"{html.escape(str(group))}: %{{y:+.2f}} (%{{customdata}} events)"
                          "<extra>%{x}</extra>",
        ))
    fig.update_layout(
        title=html.escape(title), xaxis=_day_axis(daily["date"], "date"),
        yaxis={"title": "mean tone", "range": [-1.05, 1.05], "zeroline": True},
        legend={"title": html.escape(group_label)}, height=380,
    )
    return fig


def tone_distribution_figure(hist: pd.DataFrame, *,
                             title: str = "Tone of events by direction") -> go.Figure:
    """Histogram bars of :func:`analysis.tone_aggregates.tone_histogram` (by direction):
    one bar trace per group (``meta`` = the group, HTML-escaped), direction colours and
    patterns."""
    if hist.empty or int(hist["count"].sum()) == 0:
        return empty_figure(title)
    fig = go.Figure()
    for i, (group, part) in enumerate(hist.groupby("group", sort=False)):
        style = DIRECTION_STYLES.get(str(group))
        color = style.color if style else _GROUP_COLORS[i % len(_GROUP_COLORS)]
        pattern = style.pattern if style else ""
        centre = ((part["bin_start"] + part["bin_end"]) / 2).astype(float)
        fig.add_trace(go.Bar(
            name=html.escape(style.label if style else str(group)),
            meta=html.escape(str(group)),
            x=centre.tolist(), y=part["count"].astype(int).tolist(),
            width=float((part["bin_end"] - part["bin_start"]).iloc[0]),
            marker={"color": color, "pattern": {"shape": pattern, "fgcolor": "#222222"},
                    "line": {"width": 1, "color": "#333333"}},
            opacity=0.8,
            hovertemplate="tone %{x:+.2f}: %{y} events<extra>" + html.escape(str(group))
                          + "</extra>",
        ))
    fig.update_layout(title=html.escape(title), barmode="stack",
                      xaxis={"title": "tone of the evidence sentence", "range": [-1.05, 1.05]},
                      yaxis={"title": "events"}, height=340, legend={"title": "direction"})
    return fig


def tone_escalation_figure(frame: pd.DataFrame, *,
                           title: str = "Tone against escalation, per day") -> go.Figure:
    """Scatter of :func:`analysis.tone_aggregates.tone_vs_escalation`: x = the day's
    Goldstein sum, y = its mean tone, one trace per net direction of the day (``meta``),
    marker size by the number of events."""
    if frame.empty:
        return empty_figure(title)
    net = np.where(frame["goldstein_sum"] < 0, "escalation",
                   np.where(frame["goldstein_sum"] > 0, "de-escalation", "neutral"))
    fig = go.Figure()
    for direction, style in DIRECTION_STYLES.items():
        part = frame.loc[net == direction]
        n = part["n_events"].astype(int)
        scatter = go.Scattergl if len(part) > WEBGL_POINTS else go.Scatter
        fig.add_trace(scatter(
            name=f"net {style.label.lower()} days ({len(part)})", meta=direction,
            mode="markers", x=part["goldstein_sum"].astype(float).tolist(),
            y=part["tone"].astype(float).tolist(),
            customdata=[[f"{d:%Y-%m-%d}", int(k)] for d, k in
                        zip(pd.to_datetime(part["date"]), n, strict=True)],
            marker={"color": style.color, "symbol": style.symbol,
                    "size": (6.0 + 3.0 * np.log1p(n.astype(float))).tolist(),
                    "line": {"width": 1, "color": "#333333"}},
            hovertemplate="%{customdata[0]}: Goldstein %{x:+.1f}, tone %{y:+.2f} "
                          "(%{customdata[1]} events)<extra></extra>",
        ))
    fig.update_layout(title=html.escape(title),
                      xaxis={"title": "sum of Goldstein scores that day", "zeroline": True},
                      yaxis={"title": "mean tone", "range": [-1.05, 1.05], "zeroline": True},
                      height=380, legend={"title": "day"})
    return fig


def dyad_matrix_figure(matrix: pd.DataFrame, *,
                       title: str = "Net Goldstein by dyad (source → target)") -> go.Figure:
    """Heatmap of :func:`analysis.timeline.dyad_matrix`: rows source country, columns
    target country, colour and printed value = net Goldstein (diverging around 0:
    conflict orange, cooperation blue; the printed numbers keep it readable in greyscale)."""
    if matrix.empty:
        return empty_figure(title)
    grid = matrix.pivot(index="source", columns="target", values="net_goldstein")
    counts = matrix.pivot(index="source", columns="target", values="n_events")
    z = [[None if pd.isna(v) else float(v) for v in row] for row in grid.to_numpy()]
    text = [[("" if pd.isna(v) else f"{v:+.0f}") for v in row] for row in grid.to_numpy()]
    custom = [[0 if pd.isna(v) else int(v) for v in row] for row in counts.to_numpy()]
    limit = max(1.0, float(matrix["net_goldstein"].abs().max()))
    fig = go.Figure(go.Heatmap(
        z=z, x=[html.escape(str(c)) for c in grid.columns],
        y=[html.escape(str(r)) for r in grid.index], text=text, texttemplate="%{text}",
        customdata=custom, zmin=-limit, zmax=limit, zmid=0.0,
        colorscale=[[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, "#0072B2"]],
        colorbar={"title": "net Goldstein"}, meta="dyad_matrix",
        hovertemplate="%{y} → %{x}: net Goldstein %{z:+.1f} (%{customdata} events)"
                      "<extra></extra>",
    ))
    fig.update_layout(title=html.escape(title),
                      xaxis={"title": "target", "type": "category", "side": "bottom"},
                      yaxis={"title": "source", "type": "category", "autorange": "reversed"},
                      height=max(300, 160 + 40 * len(grid.index)))
    return fig


# --------------------------------------------------------------------------- tables


def _link(url: object) -> str:
    """An escaped ``<a>`` for http(s) URLs; anything else (javascript:, data:) as text."""
    if _missing(url):
        return ""
    text = str(url).strip()
    if text.lower().startswith(("http://", "https://")) and not any(c in text for c in "\"\'<> "):
        safe = html.escape(text, quote=True)
        return f'<a href="{safe}" rel="noopener noreferrer nofollow" target="_blank">{safe}</a>'
    return html.escape(text, quote=True)


def events_table_html(frame: pd.DataFrame, *, link_columns: Sequence[str] = ("url",),
                      max_rows: int = 200, css_class: str = "tension-events") -> str:
    """An HTML table where every cell is escaped and ``link_columns`` hold links for
    http(s) URLs only (other schemes are shown as text)."""
    shown = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for record in shown.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(shown.columns, record, strict=True):
            cell = _link(value) if column in link_columns else _esc(value)
            cells.append(f"<td>{cell}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = (f'<table class="{html.escape(css_class)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
    if len(frame) > max_rows:
        body += f"<p>{max_rows} of {len(frame)} rows shown.</p>"
    return body


def message_html(text: str) -> str:
    """A visible notice (e.g. "No events match ...") for a report, escaped."""
    return f'<p class="tension-notice"><strong>{html.escape(text)}</strong></p>'
