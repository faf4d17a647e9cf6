"""Tests of analysis.timeline: filtering, dyads, escalation index, daily tone."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import EventsFactory, build_events
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import ReportError
from analysis.timeline import (
    DISPLAY_COLUMNS,
    TIMELINE_COLUMNS,
    dyad_label,
    escalation_index,
    events_table,
    filter_events,
    parse_actors,
    parse_day,
    tone_by_day,
    with_dyad,
)


def test_filter_by_actor_prefix_matches_sector_codes(seed_like_events: pd.DataFrame) -> None:
    only_mil = filter_events(seed_like_events, ["PAKMIL"])
    assert list(only_mil["event_id"]) == ["e2"]
    pak = filter_events(seed_like_events, "PAK")
    # every seed-like event has Pakistan on one side
    assert len(pak) == len(seed_like_events)
    irn = filter_events(seed_like_events, ["irn"])  # case-insensitive
    assert "e5" not in set(irn["event_id"])  # PAKGOV with no target
    assert len(irn) == 5


def test_filter_by_dates_is_inclusive(seed_like_events: pd.DataFrame) -> None:
    out = filter_events(seed_like_events, None, "2024-01-17", dt.date(2024, 1, 18))
    assert list(out["date"].dt.strftime("%Y-%m-%d")) == ["2024-01-17", "2024-01-18"]
    assert list(out.index) == [0, 1]
    assert filter_events(seed_like_events, "", "", "").equals(seed_like_events)
    relabelled = seed_like_events.set_axis(range(10, 10 + len(seed_like_events)))
    unfiltered = filter_events(relabelled)
    assert list(unfiltered.index) == list(range(len(seed_like_events)))
    pd.testing.assert_frame_equal(unfiltered, seed_like_events)


def test_filter_drops_undated_events_only_when_bounded(make_events: EventsFactory) -> None:
    events = make_events([{"date": "2024-01-16"}, {"date": None}])
    assert len(filter_events(events)) == 2
    assert list(filter_events(events, start="2024-01-01")["event_id"]) == ["e0"]


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", "19/01/2024", "2024-02-30"])
def test_bad_date_string_raises_report_error(seed_like_events: pd.DataFrame, bad: str) -> None:
    with pytest.raises(ReportError, match="start") as info:
        filter_events(seed_like_events, start=bad)
    assert repr(bad) in str(info.value)


def test_start_after_end_raises(seed_like_events: pd.DataFrame) -> None:
    with pytest.raises(ReportError, match="after"):
        filter_events(seed_like_events, start="2024-01-19", end="2024-01-16")


def test_parse_actors_and_day() -> None:
    assert parse_actors(" pak, IRN  PAK ") == ["PAK", "IRN"]
    assert parse_actors(None) == []
    with pytest.raises(ReportError, match="actor code"):
        parse_actors("PAK;DROP")
    assert parse_day("2024-01-19") == pd.Timestamp("2024-01-19")
    assert parse_day(dt.datetime(2024, 1, 19, 15, 30)) == pd.Timestamp("2024-01-19")
    assert parse_day("  ") is None


def test_dyad_labels() -> None:
    assert dyad_label({"actor1_code": "IRNMIL", "actor2_code": "PAK"}) == "IRN → PAK"
    assert dyad_label({"actor1_code": "IRNMIL", "actor2_code": "PAK"}, full=True) == "IRNMIL → PAK"
    assert dyad_label({"actor1_code": "", "actor2_code": "PAKGOV"}) == "? → PAK"
    assert dyad_label({"actor1_code": "PAKGOV", "actor2_code": None}) == "PAK"


def test_with_dyad_adds_column(seed_like_events: pd.DataFrame) -> None:
    out = with_dyad(seed_like_events)
    assert "dyad" not in seed_like_events.columns
    assert list(out["dyad"][:3]) == ["IRN → PAK", "PAK → IRN", "PAK → IRN"]


def test_escalation_index_daily(seed_like_events: pd.DataFrame) -> None:
    index = escalation_index(seed_like_events)
    assert tuple(index.columns) == TIMELINE_COLUMNS
    assert list(index["date"].dt.strftime("%Y-%m-%d")) == [
        "2024-01-16",
        "2024-01-17",
        "2024-01-18",
        "2024-01-19",
    ]
    assert list(index["escalation_goldstein"]) == [-10.0, -4.0, -10.0, 0.0]
    assert list(index["deescalation_goldstein"]) == [0.0, 0.0, 0.0, 6.0]
    assert list(index["n_events"]) == [1, 1, 1, 3]
    assert list(index["n_neutral"]) == [0, 0, 0, 1]
    assert list(index["cumulative_goldstein"]) == [-10.0, -14.0, -24.0, -18.0]


def test_escalation_index_fills_gaps_and_weeks(make_events: EventsFactory) -> None:
    events = make_events([{"date": "2024-01-15"}, {"date": "2024-01-18", "goldstein": -2.0}])
    daily = escalation_index(events)
    assert len(daily) == 4
    assert list(daily["n_events"]) == [1, 0, 0, 1]
    weekly = escalation_index(events, "W")
    assert list(weekly["date"]) == [pd.Timestamp("2024-01-15")]  # a Monday
    assert weekly["goldstein_sum"].iloc[0] == -12.0
    monthly = escalation_index(events, "m")
    assert list(monthly["date"]) == [pd.Timestamp("2024-01-01")]
    with pytest.raises(ReportError, match="freq"):
        escalation_index(events, "H")


def test_escalation_index_empty(seed_like_events: pd.DataFrame) -> None:
    index = escalation_index(seed_like_events.iloc[:0])
    assert index.empty
    assert tuple(index.columns) == TIMELINE_COLUMNS


directions = st.sampled_from(["escalation", "de-escalation", "neutral"])
rows = st.lists(
    st.fixed_dictionaries(
        {
            "date": st.dates(dt.date(2024, 1, 1), dt.date(2024, 3, 31)).map(str),
            "goldstein": st.integers(-20, 20).map(lambda v: v / 2),
            "direction": directions,
        }
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(rows=rows, freq=st.sampled_from(["D", "W", "M"]))
def test_escalation_index_conserves_totals(rows: list[dict[str, object]], freq: str) -> None:
    events = build_events(rows)
    index = escalation_index(events, freq)
    assert index["n_events"].sum() == len(events)
    assert index["goldstein_sum"].sum() == pytest.approx(events["goldstein"].sum())
    parts = index[["escalation_goldstein", "deescalation_goldstein", "neutral_goldstein"]]
    assert (parts.sum(axis=1) - index["goldstein_sum"]).abs().max() < 1e-9
    assert index["cumulative_goldstein"].iloc[-1] == pytest.approx(events["goldstein"].sum())
    assert index["date"].is_monotonic_increasing
    assert index["date"].is_unique


def test_tone_by_day_counts_each_sentence_once(make_events: EventsFactory) -> None:
    events = make_events(
        [
            {"date": "2024-01-19", "sentence_index": 3, "tone": 0.5, "tone_textblob": 0.2},
            {"date": "2024-01-19", "sentence_index": 3, "tone": 0.5, "tone_textblob": 0.2},
            {"date": "2024-01-19", "sentence_index": 4, "tone": -0.1, "tone_textblob": 0.0},
            {"date": "2024-01-16", "sentence_index": 1, "tone": -0.6, "tone_textblob": -0.3},
            {"date": None, "sentence_index": 9, "tone": 1.0, "tone_textblob": 1.0},
        ]
    )
    tone = tone_by_day(events)
    assert list(tone.columns) == ["date", "tone_mean", "tone_textblob_mean", "n_sentences"]
    assert list(tone["date"].dt.strftime("%Y-%m-%d")) == ["2024-01-16", "2024-01-19"]
    assert list(tone["n_sentences"]) == [1, 2]
    assert tone["tone_mean"].tolist() == pytest.approx([-0.6, 0.2])
    assert tone["tone_textblob_mean"].tolist() == pytest.approx([-0.3, 0.1])
    assert tone_by_day(events.iloc[:0]).empty


def test_events_table(seed_like_events: pd.DataFrame) -> None:
    table = events_table(seed_like_events.iloc[::-1])
    assert tuple(table.columns) == DISPLAY_COLUMNS
    assert table["date"].iloc[0] == "2024-01-16"
    assert table["dyad"].iloc[0] == "IRN → PAK"


def test_events_table_labels_days_and_sorts_undated_last(make_events: EventsFactory) -> None:
    events = make_events([{"date": None, "evidence": "undated"},
                          {"date": "2024-01-17", "evidence": "later"},
                          {"date": "1800-07-02", "evidence": "old"},
                          {"date": "2024-01-17", "evidence": "later, same day"}])
    events.index = [9, 7, 5, 3]
    table = events_table(events)
    assert table["date"].tolist() == ["1800-07-02", "2024-01-17", "2024-01-17", "unknown"]
    assert table["evidence"].tolist() == ["old", "later", "later, same day", "undated"]
    expected = pd.to_datetime(events["date"]).sort_values(na_position="last")
    pd.testing.assert_series_equal(
        table["date"], expected.dt.strftime("%Y-%m-%d").fillna("unknown").reset_index(drop=True),
        check_names=False)
