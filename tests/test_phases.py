"""Escalation index, change points, phases, turning points and the escalation ladder."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.incidents import INCIDENT_COLUMNS
from analysis.phases import (
    ESCALATION_LADDER,
    INDEX_COLUMNS,
    PHASE_COLUMNS,
    PHASES,
    detect_phases,
    escalation_index,
    highest_rung_per_day,
    phase_bands,
    rung_of,
    segment,
    turning_points,
)

DAY0 = pd.Timestamp("2025-05-01")


def _incidents(rows: list[dict[str, object]]) -> pd.DataFrame:
    records = []
    for i, row in enumerate(rows):
        code = str(row.get("cameo_code", "190"))
        records.append({
            "incident_id": f"inc-{i:04d}",
            "dyad": row.get("dyad", "IND-PAK"),
            "cameo_code": code,
            "root_code": code[:2],
            "goldstein": row.get("goldstein", -10.0),
            "n_sources": row.get("n_sources", 1),
            "date": DAY0 + pd.Timedelta(days=int(str(row["day"]))),
        })
    frame = pd.DataFrame.from_records(records)
    for name, dtype in INCIDENT_COLUMNS.items():
        if name not in frame.columns:
            frame[name] = pd.Series(dtype=dtype, index=frame.index)
    return frame


def _step_incidents(step_day: int, days: int = 60) -> pd.DataFrame:
    """Quiet low-level talks before ``step_day``, daily heavy fighting from it on."""
    rows: list[dict[str, object]] = []
    for day in range(days):
        if day < step_day:
            rows.append({"day": day, "cameo_code": "040", "goldstein": 1.0})
        else:
            rows.append({"day": day, "cameo_code": "190", "goldstein": -10.0, "n_sources": 3})
    return _incidents(rows)


def test_index_weights_and_smoothing() -> None:
    inc = _incidents([
        {"day": 0, "goldstein": -10.0, "n_sources": 4},
        {"day": 0, "goldstein": 1.0, "n_sources": 1, "cameo_code": "040"},
        {"day": 3, "goldstein": -2.0, "n_sources": 1, "cameo_code": "110"},
    ])
    index = escalation_index(inc, halflife_days=1.0, passes=1, pad_days=0)
    assert list(index.columns) == list(INDEX_COLUMNS)
    assert len(index) == 4  # every day from first to last
    first = index.iloc[0]
    assert first["pressure"] == pytest.approx(10 * math.log(5) - 1 * math.log(2))
    assert first["n_incidents"] == 2
    assert index["pressure"].iloc[1] == 0.0
    # EWMA with half-life 1 day: alpha = 1/2
    assert index["index"].iloc[1] == pytest.approx(first["pressure"] / 2)
    assert index["index"].iloc[3] == pytest.approx(
        first["pressure"] / 8 + 2 * math.log(2) / 2
    )


def test_index_by_dyad_and_overall() -> None:
    inc = _incidents([{"day": 0}, {"day": 2, "dyad": "IRN-ISR"}, {"day": 4}])
    per_dyad = escalation_index(inc, pad_days=0)
    assert set(per_dyad["dyad"]) == {"IND-PAK", "IRN-ISR"}
    assert len(per_dyad.loc[per_dyad["dyad"] == "IND-PAK"]) == 5
    padded = escalation_index(inc, pad_days=3)
    assert len(padded.loc[padded["dyad"] == "IND-PAK"]) == 5 + 2 * 3
    assert padded["date"].min() == DAY0 - pd.Timedelta(days=3)
    assert padded["index"].iloc[0] == 0.0
    overall = escalation_index(inc, by_dyad=False)
    assert set(overall["dyad"]) == {"ALL"}
    assert overall["n_incidents"].sum() == 3
    assert escalation_index(inc.iloc[0:0]).empty


@pytest.mark.parametrize("step_day", [15, 22, 31])
def test_step_change_found_within_one_day(step_day: int) -> None:
    index = escalation_index(_step_incidents(step_day), halflife_days=2.0)
    phases = detect_phases(index)
    turns = turning_points(phases, index)
    onset = turns.loc[turns["to_phase"] == "escalating", "date"]
    assert not onset.empty
    step = DAY0 + pd.Timedelta(days=step_day)
    assert abs((onset.iloc[0] - step).days) <= 1
    before = phases.loc[phases["end"] < step - pd.Timedelta(days=1), "phase"]
    assert set(before) <= {"stable", "de-escalating"}


def test_escalation_peak_de_escalation() -> None:
    rows: list[dict[str, object]] = []
    for day in range(0, 60):
        if day < 20:
            rows.append({"day": day, "cameo_code": "040", "goldstein": 1.0})
        elif day < 35:  # fighting grows
            rows += [{"day": day, "goldstein": -10.0}] * (1 + (day - 20) // 2)
        else:  # talks and ceasefire
            rows.append({"day": day, "cameo_code": "0356", "goldstein": 7.0, "n_sources": 2})
    index = escalation_index(_incidents(rows), halflife_days=2.0)
    phases = detect_phases(index)
    order = [p for p in phases["phase"]]
    assert "escalating" in order and "de-escalating" in order
    assert order.index("escalating") < order.index("de-escalating")
    turns = turning_points(phases, index)
    peak = turns.loc[turns["from_phase"] == "escalating"]
    assert not peak.empty
    assert abs((peak["date"].iloc[0] - (DAY0 + pd.Timedelta(days=35))).days) <= 2


def test_segment_recovers_breaks() -> None:
    rng = np.random.default_rng(1)
    y = np.r_[np.zeros(30), np.linspace(0, 10, 10), np.full(20, 10.0), np.linspace(10, 2, 15)]
    y = y + rng.normal(0, 0.3, y.size)
    cuts = segment(y, penalty=4 * 0.09 * math.log(y.size))  # BIC-like, sigma = 0.3
    assert len(cuts) == 3
    for found, true in zip(cuts, [30, 40, 60], strict=True):
        assert abs(found - true) <= 2
    assert segment(np.zeros(4), penalty=1.0) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["190", "040", "130", "0356"]),
                          st.sampled_from(["IND-PAK", "IRN-ISR"])), min_size=1, max_size=60))
def test_phases_cover_every_day(rows: list[tuple[int, str, str]]) -> None:
    gold = {"190": -10.0, "040": 1.0, "130": -4.4, "0356": 7.0}
    inc = _incidents([{"day": d, "cameo_code": c, "goldstein": gold[c], "dyad": y}
                      for d, c, y in rows])
    index = escalation_index(inc)
    phases = detect_phases(index)
    assert list(phases.columns) == list(PHASE_COLUMNS)
    assert set(phases["phase"]) <= set(PHASES)
    for dyad, days in index.groupby("dyad"):
        part = phases.loc[phases["dyad"] == dyad].sort_values("start")
        covered = [d for s, e in zip(part["start"], part["end"], strict=True)
                   for d in pd.date_range(s, e)]
        assert covered == list(days["date"])
        # consecutive phases differ (maximal runs)
        assert all(a != b for a, b in zip(part["phase"], part["phase"].iloc[1:], strict=False))
    turns = turning_points(phases, index)
    first = phases.sort_values("start").groupby("dyad")["phase"].first()
    assert len(turns) == len(phases) - phases["dyad"].nunique() + int(
        (first == "escalating").sum())
    bands = phase_bands(phases)
    assert (bands["x1"] > bands["x0"]).all()


def test_ladder_and_highest_rung() -> None:
    levels = [r.level for r in ESCALATION_LADDER]
    assert levels == sorted(levels) == list(range(8))
    roots = [root for r in ESCALATION_LADDER for root in r.roots]
    assert len(roots) == len(set(roots)) == 20
    assert rung_of("0356") == 0 and rung_of("130") == 2 and rung_of("195") == 6
    assert rung_of("202") == 7 and rung_of("") == 0 and rung_of(None) == 0
    inc = _incidents([
        {"day": 0, "cameo_code": "130", "goldstein": -4.4},
        {"day": 0, "cameo_code": "183", "goldstein": -10.0},
        {"day": 1, "cameo_code": "040", "goldstein": 1.0},
        {"day": 1, "cameo_code": "162", "goldstein": -5.6, "dyad": "IRN-ISR"},
    ])
    top = highest_rung_per_day(inc)
    assert list(zip(top["dyad"], top["rung"], strict=True)) == [
        ("IND-PAK", 5), ("IND-PAK", 0), ("IRN-ISR", 4)]
    assert top["incident_id"].iloc[0] == "inc-0001"
    overall = highest_rung_per_day(inc, by_dyad=False)
    assert list(overall["rung"]) == [5, 4]
