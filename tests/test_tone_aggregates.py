"""Tests of analysis.tone_aggregates on a small hand-made events frame."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.schema import EVENT_COLUMNS, conform
from analysis.tone_aggregates import UNKNOWN_GROUP, article_tone, daily_tone


@pytest.fixture
def events() -> pd.DataFrame:
    rows = [
        # article, date, actor1_code, source, tone, tone_textblob
        ("a1", "2025-05-07", "INDMIL", "Reuters", -0.6, 0.0),
        ("a1", "2025-05-07", "PAKMIL", "Reuters", -0.4, -0.2),
        ("a2", "2025-05-07", "INDGOV", "Dawn", -0.2, 0.1),
        ("a2", "2025-05-10", "PAKGOV", "Dawn", 0.4, 0.0),
        ("a3", "2025-05-10", "", "AP", 0.2, 0.2),
        ("a3", None, "INDGOV", "AP", -0.9, 0.0),  # undated: not in daily means
    ]
    frame = pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(len(rows))],
            "article_id": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows]),
            "published": pd.to_datetime(
                ["2025-05-08"] * 2 + ["2025-05-11"] * 2 + ["2025-05-12"] * 2
            ),
            "actor1_code": [r[2] for r in rows],
            "source": [r[3] for r in rows],
            "tone": [r[4] for r in rows],
            "tone_textblob": [r[5] for r in rows],
        }
    )
    return conform(frame, EVENT_COLUMNS)


def test_daily_tone_overall(events: pd.DataFrame) -> None:
    out = daily_tone(events)
    assert list(out.columns) == ["date", "group", "tone", "tone_textblob", "n"]
    assert list(out["group"]) == ["all", "all"]
    assert list(out["n"]) == [3, 2]
    assert out["tone"].tolist() == pytest.approx([-0.4, 0.3])
    assert out["tone_textblob"].tolist() == pytest.approx([-0.1 / 3, 0.1])
    assert out["date"].tolist() == list(pd.to_datetime(["2025-05-07", "2025-05-10"]))


def test_daily_tone_by_actor_country(events: pd.DataFrame) -> None:
    out = daily_tone(events, by="actor")
    got = {
        (d.strftime("%m-%d"), g): (t, n)
        for d, g, t, n in out[["date", "group", "tone", "n"]].itertuples(index=False)
    }
    assert got.keys() == {
        ("05-07", "IND"),
        ("05-07", "PAK"),
        ("05-10", "PAK"),
        ("05-10", UNKNOWN_GROUP),
    }
    assert got[("05-07", "IND")][0] == pytest.approx(-0.4)
    assert got[("05-07", "IND")][1] == 2
    assert got[("05-10", UNKNOWN_GROUP)][1] == 1


def test_daily_tone_by_code_and_outlet(events: pd.DataFrame) -> None:
    by_code = daily_tone(events, by="actor1_code")
    assert set(by_code["group"]) == {"INDMIL", "PAKMIL", "INDGOV", "PAKGOV", UNKNOWN_GROUP}
    by_outlet = daily_tone(events, by="outlet")
    assert by_outlet.equals(daily_tone(events, by="source"))
    reuters = by_outlet[by_outlet["group"] == "Reuters"]
    assert reuters["tone"].tolist() == pytest.approx([-0.5])
    assert reuters["n"].tolist() == [2]


def test_daily_tone_rejects_unknown_grouping(events: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="cannot group tone by 'colour'"):
        daily_tone(events, by="colour")


def test_daily_tone_on_empty_table() -> None:
    out = daily_tone(conform(pd.DataFrame(), EVENT_COLUMNS), by="source")
    assert out.empty
    assert list(out.columns) == ["date", "group", "tone", "tone_textblob", "n"]


def test_article_tone(events: pd.DataFrame) -> None:
    out = article_tone(events)
    assert list(out.columns) == [
        "article_id",
        "source",
        "published",
        "tone",
        "tone_textblob",
        "n_events",
    ]
    assert out["article_id"].tolist() == ["a1", "a2", "a3"]
    assert out["n_events"].tolist() == [2, 2, 2]
    assert out["tone"].tolist() == pytest.approx([-0.5, 0.1, -0.35])
    assert out["source"].tolist() == ["Reuters", "Dawn", "AP"]
    assert out["published"].tolist() == list(
        pd.to_datetime(["2025-05-08", "2025-05-11", "2025-05-12"])
    )
