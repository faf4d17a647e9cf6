"""Figures over date spans longer than a pandas Timedelta holds (> 292 years)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import EventsFactory

from analysis import charts, report_data, timeline, tone_aggregates

#: the first 2,000 Reuters stories hold events from 1700-07-02 ("about 1700 villages") to 2017
FAR_APART = ("1700-07-02", "1987-03-02", "1987-03-03", "2017-07-02")


@pytest.fixture()
def far_apart(make_events: EventsFactory) -> pd.DataFrame:
    rows = [{"date": day, "date_earliest": day, "date_latest": day} for day in FAR_APART]
    rows[1]["direction"] = "de-escalation"
    return make_events(rows)


def test_span_days_counts_whole_days_without_overflow() -> None:
    days = pd.Series(pd.to_datetime(["2017-07-02", None, "1700-07-02"]))
    assert charts.span_days(days) == (dt.date(2017, 7, 2) - dt.date(1700, 7, 2)).days
    extremes = pd.to_datetime(pd.Series(["1677-09-22", "2262-04-10"]))
    assert charts.span_days(extremes) == (dt.date(2262, 4, 10) - dt.date(1677, 9, 22)).days
    assert charts.span_days(pd.Series([pd.NaT])) == 0
    assert charts.span_days(["2024-01-19", "2024-01-16"]) == 3


def test_every_figure_builds_over_three_centuries(far_apart: pd.DataFrame) -> None:
    overlay = report_data.phase_overlay(far_apart)
    figures = [
        charts.timeline_figure(far_apart),
        charts.escalation_index_figure(timeline.escalation_index(far_apart, freq="M")),
        charts.escalation_index_figure(timeline.escalation_index(far_apart)),
        charts.tone_figure(timeline.tone_by_day(far_apart)),
        charts.incidents_figure(overlay.incidents),
        charts.tone_groups_figure(tone_aggregates.daily_tone(far_apart, by="outlet")),
    ]
    scatter = charts.tone_escalation_figure(tone_aggregates.tone_vs_escalation(far_apart))
    assert len(scatter.data[0].x) == len(FAR_APART)
    assert not overlay.bands.empty
    charts.add_phases(figures[0], overlay.bands, overlay.turns)
    for fig in figures:
        axis = fig.layout.xaxis
        assert axis.type == "date"
        assert axis.dtick is None  # no day-by-day ticks over three centuries


def test_short_spans_keep_day_ticks(make_events: EventsFactory) -> None:
    events = make_events([{"date": "2024-01-16"}, {"date": "2024-01-19"}])
    assert charts.timeline_figure(events).layout.xaxis.dtick == 86_400_000.0
