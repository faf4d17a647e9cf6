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
    PLOTLY_MIMETYPE,
    add_phases,
    aggregate_points,
    dyad_matrix_figure,
    escalation_index_figure,
    events_table_html,
    figure_html,
    heading_html,
    incidents_figure,
    plotlyjs_script,
    table_html,
    timeline_figure,
    timeline_points,
    tone_distribution_figure,
    tone_escalation_figure,
    tone_figure,
    tone_groups_figure,
    use_offline_renderer,
)
from analysis.report import external_references
from analysis.timeline import dyad_matrix, escalation_index, events_table, tone_by_day
from analysis.tone_aggregates import daily_tone, tone_histogram, tone_vs_escalation, top_groups

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


def test_offline_renderer_emits_figure_json_only(seed_like_events: pd.DataFrame) -> None:
    previous = pio.renderers.default
    try:
        renderer = use_offline_renderer()
        assert pio.renderers.default == OFFLINE_RENDERER
        fig = timeline_figure(seed_like_events)
        bundle = renderer.to_mimebundle(fig.to_dict())
    finally:
        pio.renderers.default = previous
    # light notebook outputs: only the plotly mimetype (JupyterLab draws it natively)
    assert set(bundle) == {PLOTLY_MIMETYPE}
    assert len(json.dumps(bundle)) < 100_000
    fragment = figure_html(bundle[PLOTLY_MIMETYPE])
    assert "plotly.js v" not in fragment and external_references(fragment) == []
    assert not re.search(r"<script[^>]+src=", fragment)
    script = plotlyjs_script()
    assert script.count("plotly.js v") == 1 and "src=" not in script.split(">", 1)[0]


def test_large_tables_aggregate_and_use_webgl(make_events: EventsFactory) -> None:
    rows = []
    for i in range(5000):
        rows.append({"date": f"2024-01-{1 + i % 28:02d}",
                     "direction": ("escalation", "de-escalation", "neutral")[i % 3],
                     "actor1_code": ("IRN", "PAK", "USA", "AFG")[i % 4],
                     "actor2_code": ("PAK", "IRN", "CHN", "IND", "RUS")[i % 5],
                     "goldstein": float(i % 7) - 3})
    events = make_events(rows)
    points = aggregate_points(events)
    assert int(points["n_events"].sum()) == len(events)
    fig = timeline_figure(events, max_events=1000)
    traces = _marker_traces(fig)
    assert sum(len(t.x) for t in traces.values()) == len(points)
    for direction, trace in traces.items():
        counts = points.loc[points["direction"] == direction, "n_events"]
        assert trace.name.endswith(f"({int(counts.sum())})")
    small = timeline_figure(events.head(10))
    assert all(t.type == "scatter" for t in small.data)
    big = timeline_figure(events, max_events=10_000)  # 5000 single points: WebGL
    assert {t.type for t in _marker_traces(big).values()} == {"scattergl"}


def test_aggregated_hover_shows_the_strongest_event_of_each_group(
        make_events: EventsFactory) -> None:
    rows = [{"event_id": "e9", "date": None, "goldstein": -10.0, "evidence": "undated"},
            {"event_id": "e2", "date": "2024-01-16", "goldstein": -4.0, "evidence": "weak",
             "title": "Weak"},
            {"event_id": "e1", "date": "2024-01-16", "goldstein": 9.0, "evidence": "tie, id e1",
             "title": "Strong", "source": "Wire"},
            {"event_id": "e0", "date": "2024-01-16", "goldstein": -9.0,
             "evidence": "tie, id e0 <b>", "event_name": "Attack", "cameo_code": "190"},
            {"event_id": "e3", "date": "2024-01-17", "goldstein": 1.0, "evidence": "next day"}]
    for row in rows:
        row["direction"] = "escalation"
    events = make_events(rows)
    events.index = [50, 40, 30, 20, 10]  # positions, not labels, pick the hover's rows
    points = aggregate_points(events)
    assert points["n_events"].tolist() == [3, 1]
    assert points["hover_evidence"].tolist() == ["tie, id e0 &lt;b&gt;", "next day"]
    assert "Attack [CAMEO 190]" in points.loc[0, "hover_event"]
    assert points.loc[0, "hover_actors"] == "3 events · Goldstein sum -4.0"


def test_dyad_matrix_figure_matches_frame(seed_like_events: pd.DataFrame) -> None:
    matrix = dyad_matrix(seed_like_events)
    # PAK -> IRN: -4 -10 +1 +5; IRN -> PAK: -10; PAK -> ?: 0
    net = {(r.source, r.target): r.net_goldstein for r in matrix.itertuples()}
    assert net == {("IRN", "PAK"): -10.0, ("PAK", "IRN"): -8.0, ("PAK", "?"): 0.0}
    fig = dyad_matrix_figure(matrix)
    heat = fig.data[0]
    cell = dict(zip(heat.y, heat.z, strict=True))["PAK"][list(heat.x).index("IRN")]
    assert cell == -8.0 and heat.zmid == 0.0


def test_tone_figures_match_aggregates(seed_like_events: pd.DataFrame) -> None:
    daily = daily_tone(seed_like_events, by="actor")
    fig = tone_groups_figure(daily)
    by_meta = {t.meta: t for t in fig.data}
    assert set(by_meta) == {"IRN", "PAK"}
    assert list(by_meta["IRN"].y) == daily.loc[daily["group"] == "IRN", "tone"].tolist()
    hist = tone_histogram(seed_like_events, by="direction", bins=10)
    assert int(hist["count"].sum()) == len(seed_like_events)
    bars = {t.meta: sum(t.y) for t in tone_distribution_figure(hist).data}
    assert bars == seed_like_events["direction"].value_counts().to_dict()
    per_day = tone_vs_escalation(seed_like_events)
    scatter = tone_escalation_figure(per_day)
    assert sum(len(t.x) for t in scatter.data) == len(per_day) == 4
    esc = next(t for t in scatter.data if t.meta == "escalation")
    assert sorted(esc.x) == [-10.0, -10.0, -4.0]


def test_top_groups_folds_small_groups(make_events: EventsFactory) -> None:
    events = make_events([{"source": f"outlet{i % 5}", "tone": 0.1 * (i % 5)}
                          for i in range(20)])
    folded = top_groups(daily_tone(events, by="outlet"), limit=2)
    assert folded["group"].nunique() == 3
    assert int(folded["n"].sum()) == 20
    assert any(g.startswith("other (3 groups)") for g in folded["group"])


def test_phase_bands_and_incidents(seed_like_events: pd.DataFrame) -> None:
    import analysis.report_data as rd

    overlay = rd.phase_overlay(seed_like_events)
    assert not overlay.incidents.empty and overlay.current_phase
    fig = add_phases(timeline_figure(seed_like_events), overlay.bands, overlay.turns)
    shaded = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(shaded) == int((overlay.bands["phase"] != "stable").sum())
    assert len([s for s in fig.layout.shapes if s.type == "line"]) == len(overlay.turns)
    inc = incidents_figure(overlay.incidents)
    assert sum(len(t.x) for t in inc.data) == len(overlay.incidents)


def test_links_only_for_http_urls() -> None:
    frame = pd.DataFrame({"title": ["<script>x</script>", "b", "c"],
                          "url": ["https://example.org/a?b=1&c=2", "javascript:alert(1)",
                                  "data:text/html,<script>alert(1)</script>"]})
    page = events_table_html(frame)
    assert page.count("<a ") == 1
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    assert "javascript:alert(1)" in page and 'href="javascript' not in page
    assert "<script>" not in page
