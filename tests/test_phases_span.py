"""Phases over long date spans: the segmentation's cost is bounded (bins of days)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import phases as phases_mod
from analysis.incidents import INCIDENT_COLUMNS
from analysis.phases import MAX_SEGMENT_POINTS, detect_phases, escalation_index


def _incidents(days: list[pd.Timestamp], gold: float = -10.0) -> pd.DataFrame:
    frame = pd.DataFrame({
        "incident_id": [f"inc-{i}" for i in range(len(days))],
        "dyad": "IRN-PAK", "cameo_code": "190", "root_code": "19",
        "goldstein": gold, "n_sources": 2, "date": days,
    })
    for name, dtype in INCIDENT_COLUMNS.items():
        if name not in frame.columns:
            frame[name] = pd.Series(dtype=dtype, index=frame.index)
    return frame


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    lengths: list[int] = []
    real = phases_mod.segment

    def spy(values: np.ndarray, penalty: float, min_size: int = 3) -> list[int]:
        lengths.append(len(values))
        return real(values, penalty, min_size=min_size)

    monkeypatch.setattr(phases_mod, "segment", spy)
    return lengths


def test_a_misdated_event_centuries_away_segments_a_bounded_series(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the review's minstore: one event in 2024, one misdated to 1700 (118,186 days)
    index = escalation_index(_incidents([pd.Timestamp("1700-07-02"),
                                         pd.Timestamp("2024-01-16")]), by_dyad=False)
    assert len(index) > 100_000
    lengths = _spy(monkeypatch)
    found = detect_phases(index)
    assert lengths and max(lengths) <= MAX_SEGMENT_POINTS
    # the phases still cover every day once, in order
    found = found.sort_values("start")
    assert found["start"].iloc[0] == index["date"].iloc[0]
    assert found["end"].iloc[-1] == index["date"].iloc[-1]
    assert int(found["n_days"].sum()) == len(index)
    gaps = found["start"].iloc[1:].to_numpy() - found["end"].iloc[:-1].to_numpy()
    assert (gaps == np.timedelta64(1, "D")).all()


def test_binned_segmentation_still_finds_a_late_escalation() -> None:
    # 20 years of quiet talks, then three weeks of fighting: the onset is found within a bin
    talks = [pd.Timestamp("2000-01-01") + pd.Timedelta(days=d) for d in range(0, 7300, 30)]
    onset = pd.Timestamp("2020-01-01")
    fights = [onset + pd.Timedelta(days=d) for d in range(21) for _ in range(1 + d // 3)]
    inc = pd.concat([_incidents(talks, gold=1.0), _incidents(fights)], ignore_index=True)
    index = escalation_index(inc, by_dyad=False)
    found = detect_phases(index)
    escalating = found.loc[found["phase"] == "escalating"]
    assert not escalating.empty
    k = -(-len(index) // MAX_SEGMENT_POINTS)
    assert abs((escalating["start"].iloc[0] - onset).days) <= 2 * k


def test_spans_up_to_the_limit_are_segmented_day_by_day(
        monkeypatch: pytest.MonkeyPatch) -> None:
    days = [pd.Timestamp("2020-01-01") + pd.Timedelta(days=d) for d in (0, 50, 51, 52, 400)]
    index = escalation_index(_incidents(days), by_dyad=False)
    lengths = _spy(monkeypatch)
    daily = detect_phases(index)
    assert lengths == [len(index)]
    # the same phases as with any larger limit
    pd.testing.assert_frame_equal(daily, detect_phases(index, max_points=10 * len(index)))
    # a lower limit bins them
    lengths.clear()
    binned = detect_phases(index, max_points=100)
    assert lengths and max(lengths) <= 100
    assert int(binned["n_days"].sum()) == len(index)
    with pytest.raises(ValueError, match="max_points"):
        detect_phases(index, max_points=0)


def test_padding_stops_at_the_first_day_datetime64_can_hold() -> None:
    first = pd.Timestamp.min.ceil("D")  # 1677-09-22
    index = escalation_index(_incidents([first + pd.Timedelta(days=2),
                                         pd.Timestamp("1678-01-01")]), by_dyad=False)
    assert index["date"].iloc[0] == first
    assert index["date"].iloc[-1] == pd.Timestamp("1678-01-08")
    assert not detect_phases(index).empty
