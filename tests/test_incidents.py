"""Incident clustering: synthetic frames with known answers, and properties."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.incidents import (
    INCIDENT_COLUMNS,
    agreed_code,
    cluster_incidents,
    dyad_key,
    evidence_tokens,
    incident_events,
    jaccard,
)
from tests.conftest import EventsFactory, build_events

OUTLETS = ["Reuters", "AP", "AFP", "Dawn", "Al Jazeera", "BBC", "Reuters", "Geo", "AP", "CNN"]
PHRASINGS = [
    "Pakistan launched retaliatory strikes on militant hideouts in Iran on Thursday.",
    "Pakistani jets struck militant hideouts inside Iran, the military said.",
    "Pakistan carried out strikes on hideouts of militants in Iran's Sistan-Baluchestan.",
    "Pakistan said its strikes hit militant hideouts in Iran.",
    "Pakistani forces launched precision strikes against militant hideouts in Iran.",
    "In a retaliatory strike, Pakistan hit militant hideouts in Iran.",
    "Pakistan strikes militant hideouts in Iran, killing nine people.",
    "Pakistan's army struck militant hideouts in Iran early on Thursday.",
    "Iran said Pakistani strikes on militant hideouts killed nine people in Iran.",
    "Pakistan conducted strikes targeting militant hideouts inside Iran.",
]


def _strike_reports(n: int = 10) -> list[dict[str, Any]]:
    return [
        {
            "event_id": f"art{i}-s0-e0",
            "article_id": f"art{i}",
            "source": OUTLETS[i],
            "evidence": PHRASINGS[i],
            "actor1_code": "PAKMIL" if i % 2 else "PAK",
            "actor2_code": "IRN",
            "cameo_code": "195" if i % 3 else "190",
            "date": "2024-01-18",
            "date_earliest": "2024-01-18" if i % 4 else "2024-01-17",
            "date_latest": "2024-01-18",
            "published": f"2024-01-{18 + i % 3:02d}",
        }
        for i in range(n)
    ]


def test_ten_articles_about_one_strike_are_one_incident(make_events: EventsFactory) -> None:
    events = make_events(_strike_reports())
    incidents, ids = cluster_incidents(events)
    assert len(incidents) == 1
    row = incidents.iloc[0]
    assert row["n_events"] == 10
    assert row["n_articles"] == 10
    assert row["n_sources"] == len(set(OUTLETS))
    assert row["dyad"] == "IRN-PAK"
    assert row["date"] == pd.Timestamp("2024-01-18")
    assert row["date_earliest"] == row["date_latest"] == pd.Timestamp("2024-01-18")
    assert row["first_reported"] == pd.Timestamp("2024-01-18")
    assert row["direction"] == "escalation"
    assert str(row["cameo_code"]).startswith("19")
    assert sorted(row["event_ids"]) == sorted(events["event_id"])
    assert (ids == row["incident_id"]).all()
    assert ids.index.equals(events.index)


def test_columns_and_dtypes(make_events: EventsFactory) -> None:
    incidents, _ = cluster_incidents(make_events(_strike_reports(3)))
    assert list(incidents.columns) == list(INCIDENT_COLUMNS)
    for name, dtype in INCIDENT_COLUMNS.items():
        if dtype != "object":
            assert str(incidents[name].dtype) == dtype, name
    empty, empty_ids = cluster_incidents(make_events([]))
    assert list(empty.columns) == list(INCIDENT_COLUMNS)
    assert empty.empty and empty_ids.empty


def test_distinct_dyads_stay_separate(make_events: EventsFactory) -> None:
    rows = _strike_reports(2)
    rows[1] = {**rows[1], "actor2_code": "AFG",
               "evidence": rows[0]["evidence"].replace("Iran", "Afghanistan")}
    incidents, ids = cluster_incidents(make_events(rows))
    assert len(incidents) == 2
    assert set(incidents["dyad"]) == {"IRN-PAK", "AFG-PAK"}
    assert ids.nunique() == 2


def test_non_overlapping_dates_stay_separate(make_events: EventsFactory) -> None:
    rows = [
        {**_strike_reports(1)[0], "event_id": "x1"},
        {**_strike_reports(1)[0], "event_id": "x2", "article_id": "other", "date": "2024-01-25",
         "date_earliest": "2024-01-24", "date_latest": "2024-01-25"},
    ]
    incidents, _ = cluster_incidents(make_events(rows))
    assert len(incidents) == 2


def test_incompatible_roots_stay_separate(make_events: EventsFactory) -> None:
    strike = _strike_reports(1)[0]
    talks = {**strike, "event_id": "talk", "cameo_code": "040", "goldstein": 1.0,
             "evidence": strike["evidence"]}
    incidents, _ = cluster_incidents(make_events([strike, talks]))
    assert len(incidents) == 2
    assert set(incidents["direction"]) == {"escalation", "de-escalation"}


def test_dissimilar_evidence_stays_separate(make_events: EventsFactory) -> None:
    a = {**_strike_reports(1)[0], "event_id": "a", "cameo_code": "195",
         "date_earliest": "2024-01-10", "date_latest": "2024-01-20"}
    b = {**a, "event_id": "b", "cameo_code": "183",
         "evidence": "A suicide bomber blew up a bus near the Quetta market, police said."}
    incidents, _ = cluster_incidents(make_events([a, b]))
    assert len(incidents) == 2


def test_strike_and_retaliation_are_two_incidents(make_events: EventsFactory) -> None:
    strike = {"event_id": "s", "actor1_code": "IRN", "actor2_code": "PAK",
              "evidence": "Iran launched missile and drone strikes on militant bases in "
              "Pakistan's Balochistan.", "date": "2024-01-17"}
    reply = {"event_id": "r", "actor1_code": "PAK", "actor2_code": "IRN",
             "evidence": "Pakistan launched strikes on militant bases in Iran in "
             "retaliation.", "date": "2024-01-17", "article_id": "a2"}
    incidents, _ = cluster_incidents(make_events([strike, reply]))
    assert len(incidents) == 2
    # the same sentence coded both ways ("the two countries held talks") is one incident
    talk = {"cameo_code": "040", "goldstein": 1.0,
            "evidence": "The two countries held talks on border security.", "date": "2024-01-19"}
    both = [{**talk, "event_id": "t1", "actor1_code": "PAK", "actor2_code": "IRN"},
            {**talk, "event_id": "t2", "actor1_code": "IRN", "actor2_code": "PAK"}]
    incidents, _ = cluster_incidents(make_events(both))
    assert len(incidents) == 1


def test_interval_is_intersection_and_date_inside(make_events: EventsFactory) -> None:
    base = _strike_reports(3)
    base[0].update(date="2024-01-16", date_earliest="2024-01-14", date_latest="2024-01-18")
    base[1].update(date="2024-01-17", date_earliest="2024-01-16", date_latest="2024-01-19")
    base[2].update(date="2024-01-17", date_earliest="2024-01-15", date_latest="2024-01-17")
    incidents, _ = cluster_incidents(make_events(base))
    assert len(incidents) == 1
    row = incidents.iloc[0]
    assert row["date_earliest"] == pd.Timestamp("2024-01-16")
    assert row["date_latest"] == pd.Timestamp("2024-01-17")
    assert row["date"] == pd.Timestamp("2024-01-17")


def test_ids_stable_across_runs_and_input_order(make_events: EventsFactory) -> None:
    talk = {"event_id": "talk", "cameo_code": "040", "goldstein": 1.0, "date": "2024-01-19",
            "evidence": "The foreign ministers of Pakistan and Iran spoke by phone."}
    rows = [*_strike_reports(), talk]
    events = make_events(rows)
    first, ids1 = cluster_incidents(events)
    shuffled = events.sample(frac=1.0, random_state=7)
    second, ids2 = cluster_incidents(shuffled)
    assert list(first["incident_id"]) == list(second["incident_id"])
    assert ids1.to_dict() == ids2.to_dict()
    again, _ = cluster_incidents(events)
    pd.testing.assert_frame_equal(first, again)


def test_undated_events_are_singletons(make_events: EventsFactory) -> None:
    rows = [{**r, "date": None, "date_earliest": None, "date_latest": None}
            for r in _strike_reports(3)]
    incidents, ids = cluster_incidents(make_events(rows))
    assert len(incidents) == 3
    assert ids.nunique() == 3


def test_incident_events_links(make_events: EventsFactory) -> None:
    talk = {"event_id": "talk", "cameo_code": "040", "goldstein": 1.0, "date": "2024-01-19",
            "actor1_code": "PAK", "actor2_code": "IRN",
            "evidence": "The foreign ministers of Pakistan and Iran spoke by phone."}
    protest = {"event_id": "protest", "cameo_code": "141", "date": "2024-01-10",
               "actor1_code": "IND", "actor2_code": "CHN",
               "evidence": "Students protested outside the embassy in New Delhi."}
    events = make_events([*_strike_reports(4), talk, protest])
    incidents, ids = cluster_incidents(events)
    assert len(incidents) == 3
    of_event = dict(zip(events["event_id"], ids.loc[events.index], strict=True))
    for incident_id, event_ids in zip(incidents["incident_id"], incidents["event_ids"],
                                      strict=True):
        members = incident_events(incidents, events, str(incident_id))
        assert sorted(members["event_id"]) == sorted(event_ids)
        assert {e for e, i in of_event.items() if i == incident_id} == set(event_ids)
        pd.testing.assert_frame_equal(members, events[events["event_id"].isin(event_ids)])
    strikes = incident_events(incidents, events, of_event["art0-s0-e0"])
    assert sorted(strikes["event_id"]) == [f"art{i}-s0-e0" for i in range(4)]
    assert list(incident_events(incidents, events, of_event["talk"])["event_id"]) == ["talk"]
    unknown = incident_events(incidents, events, "no-such-incident")
    assert unknown.empty and list(unknown.columns) == list(events.columns)


def test_helpers() -> None:
    assert dyad_key("PAKMIL", "IRNGOV") == dyad_key("IRN", "PAK") == "IRN-PAK"
    assert dyad_key("", "PAK") == "PAK"
    assert dyad_key(None, "") == "?"
    assert agreed_code(["195", "195", "190"]) == "195"
    assert agreed_code(["195", "193", "190"]) == "190"
    assert agreed_code(["0356", "0356", "035"]) == "0356"
    assert agreed_code(["183", "195", "202"]) == "200"  # no majority: most severe root
    assert agreed_code([]) == ""
    a = evidence_tokens("Pakistan strikes militant hideouts")
    b = evidence_tokens("Pakistan striked hideouts of militants")
    assert jaccard(a, b) == 1.0
    assert jaccard(frozenset(), frozenset()) == 0.0


_day = st.integers(min_value=0, max_value=20)


@st.composite
def _event_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for i in range(n):
        lo = draw(_day)
        width = draw(st.integers(min_value=0, max_value=3))
        rows.append({
            "event_id": f"e{i}",
            "article_id": f"a{draw(st.integers(0, 5))}",
            "actor1_code": draw(st.sampled_from(["IRN", "PAK", "AFG"])),
            "actor2_code": draw(st.sampled_from(["IRN", "PAK"])),
            "cameo_code": draw(st.sampled_from(["190", "195", "183", "040", "1121"])),
            "evidence": draw(st.sampled_from(PHRASINGS)),
            "source": draw(st.sampled_from(OUTLETS)),
            "date": pd.Timestamp("2024-01-01") + pd.Timedelta(days=lo),
            "date_earliest": pd.Timestamp("2024-01-01") + pd.Timedelta(days=lo),
            "date_latest": pd.Timestamp("2024-01-01") + pd.Timedelta(days=lo + width),
        })
    return rows


@settings(max_examples=60, deadline=None)
@given(_event_rows(), st.randoms(use_true_random=False))
def test_properties(rows: list[dict[str, Any]], rnd: Any) -> None:
    events = build_events(rows)
    incidents, ids = cluster_incidents(events)
    # every event in exactly one incident, counts add up
    assert ids.notna().all() and (ids != "").all()
    assert int(incidents["n_events"].sum()) == len(events)
    assert set(ids) == set(incidents["incident_id"])
    for row in incidents.itertuples():
        members = events.loc[ids == row.incident_id]
        assert len(members) == row.n_events
        assert sorted(members["event_id"]) == row.event_ids
        # consistent interval containing the best estimate, within every member interval
        assert row.date_earliest <= row.date <= row.date_latest
        assert (members["date_earliest"] <= row.date_earliest).all()
        assert (members["date_latest"] >= row.date_latest).all()
        assert {dyad_key(a, b) for a, b in zip(members["actor1_code"], members["actor2_code"],
                                                strict=True)} == {row.dyad}
        assert 1 <= row.n_sources <= row.n_events
    # order independence
    order = list(events.index)
    rnd.shuffle(order)
    again, ids2 = cluster_incidents(events.loc[order])
    assert list(again["incident_id"]) == list(incidents["incident_id"])
    assert ids2.loc[events.index].tolist() == ids.tolist()


def test_evidence_tokenized_once_per_text_and_not_for_lone_events(monkeypatch: Any) -> None:
    """A clustering tokenizes each distinct evidence once, whatever the blocks sharing it
    (the events of one sentence), and not at all for an event alone in its block; the
    table is the same as tokenizing every event."""
    import analysis.incidents as inc

    said = "Iran said its missiles struck militant hideouts in Pakistan on Tuesday."
    rows = [
        {"event_id": "a-s0-e0", "article_id": "a", "actor1_code": "IRN", "actor2_code": "PAK",
         "cameo_code": "190", "evidence": said},
        {"event_id": "a-s0-e1", "article_id": "a", "actor1_code": "IRNMIL",
         "actor2_code": "PAK", "cameo_code": "195", "evidence": said},
        {"event_id": "a-s0-e2", "article_id": "a", "actor1_code": "IRN", "actor2_code": "PAK",
         "cameo_code": "112", "evidence": said},  # another block, same sentence
        {"event_id": "b-s0-e0", "article_id": "b", "actor1_code": "IRN", "actor2_code": "PAK",
         "cameo_code": "112", "evidence": "Pakistan condemned the strikes."},
        {"event_id": "c-s0-e0", "article_id": "c", "actor1_code": "IND", "actor2_code": "CHN",
         "cameo_code": "042", "evidence": "India hosted talks with China."},  # alone
    ]
    for row in rows:
        row.update(date="2024-01-16", date_earliest="2024-01-16", date_latest="2024-01-16",
                   published="2024-01-17", source="X")
    events = build_events(rows)
    seen: list[str] = []
    real = inc.evidence_tokens

    def spy(text: str) -> frozenset[str]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(inc, "evidence_tokens", spy)
    table = inc.recluster_table(events, [-1] * len(events))
    assert sorted(seen) == sorted([said, "Pakistan condemned the strikes."])
    monkeypatch.setattr(inc, "_recluster_block", lambda block, redo: inc._sweep_fast(
        [inc._Item(lo, hi, real(e), p, c) for lo, hi, e, p, c in zip(
            block.lo, block.hi, block.evidence, block.pair, block.code, strict=True)],
        range(len(block.lo))))
    pd.testing.assert_frame_equal(inc.recluster_table(events, [-1] * len(events)), table)
    assert table["n_events"].sum() == 5


_TOKEN_SETS = st.lists(st.frozensets(st.sampled_from(["strike", "border", "talks", "envoy",
                                                      "missil", "drone"]), max_size=5),
                       max_size=15)


@given(_TOKEN_SETS, st.frozensets(st.sampled_from(["strike", "border", "talks", "tanker"]),
                                  max_size=4),
       st.sampled_from(["", "190", "042"]), st.sampled_from([None, 5, 6]))
@settings(max_examples=300, deadline=None)
def test_score_is_the_best_jaccard_plus_the_bonuses(members: list[frozenset[str]],
                                                     tokens: frozenset[str], code: str,
                                                     day: int | None) -> None:
    """``_score`` (the Jaccard from set sizes, inlined) is the largest :func:`jaccard`
    with the first MAX_COMPARED members, plus the bonuses, to the bit."""
    from analysis.incidents import (
        MAX_COMPARED,
        SAME_CODE_BONUS,
        SAME_DAY_BONUS,
        _Open,
        _score,
        jaccard,
    )

    inc = _Open(lo=0, hi=9, tokens=members[:MAX_COMPARED], codes=["190"], single_days=[5])
    want = max((jaccard(tokens, t) for t in members[:MAX_COMPARED]), default=0.0)
    if day is not None and day == 5:
        want += SAME_DAY_BONUS
    if code == "190":
        want += SAME_CODE_BONUS
    assert _score(inc, tokens, code, day) == want
