"""Acceptance of the core slice on the founding article (DCT Friday 2024-01-19)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest import ingest
from analysis.iorw import read_tables

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "seeds"


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = tmp_path_factory.mktemp("seed-data")
    summary = ingest([SEED_DIR], out)
    assert summary.n_articles == 1 and summary.n_errors == 0
    return read_tables(out)


def _pair(events: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    return events[events["actor1_code"].str.startswith(a)
                  & events["actor2_code"].str.startswith(b)]


def test_evidence_offsets_and_date_bounds(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, articles = tables
    text = articles.iloc[0]["text"]
    assert len(events) >= 6
    for row in events.itertuples():
        assert text[row.char_start:row.char_end] == row.evidence
        assert text[row.trigger_start:row.trigger_end] == row.trigger
        if pd.notna(row.date):
            assert row.date_earliest <= row.date <= row.date_latest
    assert events["event_id"].is_unique
    assert not (events["date"].dt.year == 2021).any()
    assert not events["evidence"].str.contains("Copyright").any()


def test_iran_strike_on_pakistan(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, _ = tables
    strike = _pair(events, "IRN", "PAK")
    strike = strike[strike["evidence"].str.contains("launched missile and drone attacks")
                    & (strike["direction"] == "escalation")]
    assert len(strike) >= 1
    row = strike.iloc[0]
    assert row["root_code"] in {"18", "19", "20"}
    day = pd.Timestamp("2024-01-16")
    assert row["date_earliest"] <= day <= row["date_latest"]
    assert row["date"] <= pd.Timestamp("2024-01-17")


def test_pakistan_strike_on_iran(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, _ = tables
    strike = _pair(events, "PAK", "IRN")
    strike = strike[strike["evidence"].str.contains("targeted militant hideouts")
                    & (strike["direction"] == "escalation")]
    assert len(strike) >= 1
    assert strike.iloc[0]["date"] == pd.Timestamp("2024-01-18")


def test_envoy_recall(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, _ = tables
    recall = _pair(events, "PAK", "IRN")
    recall = recall[recall["cameo_code"].str.startswith("16")]
    assert len(recall) >= 1
    row = recall.iloc[0]
    assert row["direction"] == "escalation"
    assert row["date_earliest"] <= pd.Timestamp("2024-01-17") <= row["date_latest"]
    assert row["date_latest"] <= pd.Timestamp("2024-01-19")


def test_de_escalation_on_the_friday(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, _ = tables
    both = pd.concat([_pair(events, "PAK", "IRN"), _pair(events, "IRN", "PAK")])
    calm = both[(both["direction"] == "de-escalation")
                & (both["date"] == pd.Timestamp("2024-01-19"))]
    assert calm["sentence_index"].nunique() >= 3


def test_full_might_is_a_threat(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, _ = tables
    threat = events[events["evidence"].str.contains("responded with full might")]
    assert (threat["root_code"] == "13").any()
    assert (threat["direction"] == "escalation").all()


def test_article_row(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    events, articles = tables
    art = articles.iloc[0]
    assert art["published"] == pd.Timestamp("2024-01-19")
    assert art["dct_source"] == "sidecar"
    assert art["n_events"] == len(events)
    assert art["n_unresolved_dates"] == 0


def test_phone_call_is_between_the_two_countries(tables: tuple[pd.DataFrame, pd.DataFrame]
                                                  ) -> None:
    """"The two countries ... discussed the situation in a phone call between their foreign
    ministers": a reciprocal PAK <-> IRN consultation, not a call with Pakistan's government."""
    events, _ = tables
    call = events[events["trigger"].isin(["discussed", "phone call"])
                  & events["evidence"].str.startswith("The two countries")]
    pairs = {(a[:3], b[:3]) for a, b in zip(call["actor1_code"], call["actor2_code"],
                                             strict=True)}
    assert pairs == {("PAK", "IRN"), ("IRN", "PAK")}
    assert set(call["root_code"]) == {"04"}
