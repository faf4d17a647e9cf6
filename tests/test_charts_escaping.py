"""Article-derived text never reaches a figure's JSON unescaped, in any figure of the suite."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import EventsFactory

from analysis import charts, report_data, timeline, tone_aggregates

PAYLOAD = "<img src=x onerror=alert(8)>"
SCRIPT = "</script><script>alert(9)</script>"


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


@pytest.fixture()
def hostile(make_events: EventsFactory) -> pd.DataFrame:
    rows = []
    for i, (day, direction) in enumerate([("2024-01-16", "escalation"),
                                          ("2024-01-17", "de-escalation"),
                                          ("2024-01-18", "neutral"),
                                          ("2024-01-18", "escalation")]):
        rows.append({
            "date": day, "direction": direction, "article_id": f"a{i % 2}",
            "source": f"Outlet {i % 2} {PAYLOAD}", "title": f"{SCRIPT} title",
            "evidence": f"Iran {PAYLOAD} struck {SCRIPT} Pakistan.",
            "trigger": PAYLOAD, "actor1": f"Iran {PAYLOAD}", "actor2": f"Pakistan {SCRIPT}",
            "event_name": f"{PAYLOAD} strike", "date_text": PAYLOAD,
            "actor1_code": f"IRN{PAYLOAD}", "actor2_code": f"PAK{SCRIPT}",
        })
    return make_events(rows)


def _suite_figures(events: pd.DataFrame) -> dict[str, go.Figure]:
    """Every figure the report notebooks draw, as they draw it."""
    overlay = report_data.phase_overlay(events)
    with_phases = charts.timeline_figure(events)
    charts.add_phases(with_phases, overlay.bands, overlay.turns)
    return {
        "timeline": with_phases,
        "timeline_aggregated": charts.timeline_figure(events, max_events=1),
        "escalation_index": charts.escalation_index_figure(timeline.escalation_index(events)),
        "incidents": charts.incidents_figure(overlay.incidents),
        "dyad_matrix": charts.dyad_matrix_figure(timeline.dyad_matrix(events)),
        "tone": charts.tone_figure(timeline.tone_by_day(events)),
        "tone_by_actor": charts.tone_groups_figure(tone_aggregates.top_groups(
            tone_aggregates.daily_tone(events, by="actor"), 8), group_label="actor"),
        "tone_by_outlet": charts.tone_groups_figure(tone_aggregates.top_groups(
            tone_aggregates.daily_tone(events, by="outlet"), 8), group_label="outlet"),
        "tone_distribution": charts.tone_distribution_figure(
            tone_aggregates.tone_histogram(events, by="direction")),
        "tone_distribution_outlet": charts.tone_distribution_figure(
            tone_aggregates.tone_histogram(events, by="outlet")),
        "tone_escalation": charts.tone_escalation_figure(
            tone_aggregates.tone_vs_escalation(events)),
    }


def test_no_figure_of_the_suite_holds_raw_article_text(hostile: pd.DataFrame) -> None:
    figures = _suite_figures(hostile)
    seen_escaped = False
    for name, fig in figures.items():
        for path, text in _strings(fig.to_plotly_json()):
            lowered = text.lower()
            assert "<img" not in lowered and "<script" not in lowered \
                and "</script" not in lowered, f"{name}{path}: {text!r}"
            seen_escaped |= "&lt;img" in text
    assert seen_escaped  # the text is there, escaped


def test_page_figure_json_cannot_close_its_script(hostile: pd.DataFrame) -> None:
    fig = charts.tone_groups_figure(tone_aggregates.daily_tone(hostile, by="outlet"))
    page = charts.figure_html(fig)
    assert "<img" not in page and "</script><script>alert" not in page
    data = json.loads(json.dumps(fig.to_plotly_json(), default=str))
    assert all(PAYLOAD not in str(trace.get("meta", "")) for trace in data["data"])
