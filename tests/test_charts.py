"""Tests of analysis.charts: figure data matches the tidy frames, hover text is escaped."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from conftest import EventsFactory

from analysis.charts import (
    DIRECTION_STYLES,
    NO_EVENTS_TEXT,
    OFFLINE_RENDERER,
    escalation_index_figure,
    heading_html,
    table_html,
    timeline_figure,
    timeline_points,
    tone_figure,
    use_offline_renderer,
)
from analysis.report import external_references
from analysis.timeline import escalation_index, events_table, tone_by_day

HOSTILE = '<script>alert(1)</script> <img src=x onerror="window.pwned=1"> javascript:alert(2)'


def _marker_traces(fig: go.Figure) -> dict[str, go.Scatter]:
    return {t.meta: t for t in fig.data if not str(t.meta).startswith("interval:")}


def _annotations(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_one_marker_trace_per_direction_with_matching_counts(
    seed_like_events: pd.DataFrame,
) -> None:
    fig = timeline_figure(seed_like_events)
    traces = _marker_traces(fig)
    assert set(traces) == set(DIRECTION_STYLES)
    expected = seed_like_events["direction"].value_counts().to_dict()
    for direction, trace in traces.items():
        assert len(trace.x) == expected.get(direction, 0)
        assert len(trace.y) == len(trace.x) == len(trace.customdata)
        assert trace.marker.symbol == DIRECTION_STYLES[direction].symbol
        assert trace.marker.color == DIRECTION_STYLES[direction].color
    symbols = {DIRECTION_STYLES[d].symbol for d in DIRECTION_STYLES}
    assert len(symbols) == 3  # greyscale-readable: every direction has its own symbol


def test_points_sit_on_their_day_and_dyad(seed_like_events: pd.DataFrame) -> None:
    fig = timeline_figure(seed_like_events)
    esc = _marker_traces(fig)["escalation"]
    days = [x[:10] for x in esc.x]
    assert days == ["2024-01-16", "2024-01-17", "2024-01-18"]
    assert list(esc.y) == ["IRN → PAK", "PAK → IRN", "PAK → IRN"]
    assert list(esc.ids) == ["e0", "e1", "e2"]
    # size grows with |goldstein|
    sizes = dict(zip(esc.ids, esc.marker.size, strict=True))
    assert sizes["e0"] > sizes["e1"]


def test_interval_segments_match_date_ranges(make_events: EventsFactory) -> None:
    events = make_events(
        [
            {"date": "2024-01-16", "date_earliest": "2024-01-15", "date_latest": "2024-01-17"},
            {"date": "2024-01-18"},
            {"date": "2024-01-19", "direction": "de-escalation", "date_earliest": "2024-01-19",
             "date_latest": "2024-01-21", "goldstein": 3.0},
        ]
    )
    fig = timeline_figure(events)
    segments = {t.meta: t for t in fig.data if str(t.meta).startswith("interval:")}
    esc = segments["interval:escalation"]
    # one segment (start, end, gap) for the one interval; exact days get none
    assert list(esc.x) == ["2024-01-15 00:00", "2024-01-18 00:00", None]
    assert list(esc.y) == ["IRN → PAK", "IRN → PAK", None]
    deesc = segments["interval:de-escalation"]
    assert list(deesc.x) == ["2024-01-19 00:00", "2024-01-22 00:00", None]
    assert list(segments["interval:neutral"].x) == []
    points = timeline_points(events)
    assert points["interval_start"].isna().tolist() == [False, True, False]


@pytest.mark.parametrize("n", [2, 3, 12])
def test_same_day_events_are_spread_but_stay_on_their_day(
    make_events: EventsFactory, n: int
) -> None:
    events = make_events([{"date": "2024-01-19"}] * n)
    xs = sorted(timeline_points(events)["x"])
    assert len(set(xs)) == n
    assert all(x.strftime("%Y-%m-%d") == "2024-01-19" for x in xs)


def test_open_ended_date_range_in_hover(make_events: EventsFactory) -> None:
    events = make_events(
        [{"date": "2024-01-19", "date_earliest": "2024-01-19", "date_latest": None,
          "date_basis": "future"}]
    )
    fields = _marker_traces(timeline_figure(events))["escalation"].customdata[0]
    assert fields[5] == "2024-01-19 (on or after 2024-01-19); basis future"


def test_hover_is_escaped_and_complete(make_events: EventsFactory) -> None:
    events = make_events(
        [
            {
                "evidence": HOSTILE,
                "trigger": "<b>hit</b>",
                "source": "<i>Src</i>",
                "title": "<script>t()</script>",
                "actor1": "<u>Iran</u>",
                "date_text": "on Friday",
                "date_basis": "weekday",
            }
        ]
    )
    fig = timeline_figure(events)
    trace = _marker_traces(fig)["escalation"]
    fields = trace.customdata[0]
    blob = json.dumps(fig.to_plotly_json()["data"])
    assert "<script>" not in blob and "<img" not in blob and "<u>" not in blob
    assert html.escape("<script>alert(1)</script>") in fields[0]
    assert "onerror=&quot;window.pwned=1&quot;" in fields[0]
    assert "&lt;u&gt;Iran&lt;/u&gt; (IRN)" in fields[1]
    assert "Employ aerial weapons [CAMEO 195]" in fields[2]
    assert fields[3] == "&lt;b&gt;hit&lt;/b&gt;"
    assert fields[4] == "“&lt;script&gt;t()&lt;/script&gt;”, &lt;i&gt;Src&lt;/i&gt;"
    assert "basis weekday" in fields[5] and "on Friday" in fields[5]
    assert fields[6] == "2024-01-19"
    # the template itself references every field
    for i in range(7):
        assert f"customdata[{i}]" in trace.hovertemplate


def test_long_evidence_is_wrapped(make_events: EventsFactory) -> None:
    evidence = " ".join(["word"] * 60)
    fields = _marker_traces(timeline_figure(make_events([{"evidence": evidence}])))[
        "escalation"
    ].customdata[0]
    lines = fields[0].split("<br>")
    assert len(lines) > 2
    assert max(len(line) for line in lines) <= 80


def test_undated_events_are_not_plotted(make_events: EventsFactory) -> None:
    fig = timeline_figure(make_events([{"date": None}, {"date": "2024-01-16"}]))
    assert sum(len(t.x) for t in _marker_traces(fig).values()) == 1


@pytest.mark.parametrize("builder", ["timeline", "index", "tone"])
def test_empty_input_gives_annotated_figure(
    seed_like_events: pd.DataFrame, builder: str
) -> None:
    empty = seed_like_events.iloc[:0]
    fig = {
        "timeline": lambda: timeline_figure(empty),
        "index": lambda: escalation_index_figure(escalation_index(empty)),
        "tone": lambda: tone_figure(tone_by_day(empty)),
    }[builder]()
    assert len(fig.data) == 0
    assert _annotations(fig) == [NO_EVENTS_TEXT]


def test_escalation_index_figure_matches_index(seed_like_events: pd.DataFrame) -> None:
    index = escalation_index(seed_like_events)
    fig = escalation_index_figure(index)
    by_meta = {t.meta: t for t in fig.data}
    assert list(by_meta["escalation"].y) == index["escalation_goldstein"].tolist()
    assert list(by_meta["de-escalation"].y) == index["deescalation_goldstein"].tolist()
    assert list(by_meta["neutral"].y) == index["neutral_goldstein"].tolist()
    assert list(by_meta["cumulative"].y) == index["cumulative_goldstein"].tolist()
    assert list(by_meta["escalation"].x) == ["2024-01-16", "2024-01-17", "2024-01-18", "2024-01-19"]
    assert fig.layout.barmode == "relative"
    patterns = {by_meta[d].marker.pattern.shape for d in DIRECTION_STYLES}
    assert len(patterns) == 3


def test_tone_figure_matches_frame(seed_like_events: pd.DataFrame) -> None:
    tone = tone_by_day(seed_like_events)
    fig = tone_figure(tone)
    by_meta = {t.meta: t for t in fig.data}
    assert list(by_meta["tone_mean"].y) == pytest.approx(tone["tone_mean"].tolist())
    assert list(by_meta["tone_textblob_mean"].y) == pytest.approx(
        tone["tone_textblob_mean"].tolist()
    )
    assert by_meta["tone_mean"].line.dash != by_meta["tone_textblob_mean"].line.dash


def test_table_and_heading_escape(make_events: EventsFactory) -> None:
    table = table_html(events_table(make_events([{"evidence": HOSTILE, "source": "<b>x</b>"}])))
    assert "<script>" not in table and "<img" not in table and "<b>x" not in table
    assert "&lt;script&gt;" in table
    head = heading_html("<script>t</script>", n_selected=0, n_total=4, actors=["PAK"])
    assert "<script>" not in head
    assert NO_EVENTS_TEXT in head and "actors PAK" in head


def test_offline_renderer_embeds_plotlyjs_once(seed_like_events: pd.DataFrame) -> None:
    previous = pio.renderers.default
    try:
        renderer = use_offline_renderer()
        assert pio.renderers.default == OFFLINE_RENDERER
        fig = timeline_figure(seed_like_events)
        first = renderer.to_mimebundle(fig.to_dict())
        second = renderer.to_mimebundle(fig.to_dict())
    finally:
        pio.renderers.default = previous
    assert "application/vnd.plotly.v1+json" in first
    for bundle in (first, second):
        assert external_references(bundle["text/html"]) == []
        assert not re.search(r"<script[^>]+src=", bundle["text/html"])
        assert "mathjax.js" not in bundle["text/html"].lower()
    assert first["text/html"].count("plotly.js v") == 1
    assert "plotly.js v" not in second["text/html"]
    assert "<script>alert(1)" not in first["text/html"]
