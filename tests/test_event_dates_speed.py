"""Event dating reads each sentence's clauses and relative phrases once: same dates."""

from __future__ import annotations

import datetime as dt

from analysis.dates import tag_dates
from analysis.event_dates import _RELATIVE, _RELATIVE_DIR, _Article, date_events
from analysis.records import EventAnchor
from analysis.sentences import split_sentences

DCT = dt.date(2024, 1, 19)


def _date_all(text: str, triggers: list[str]) -> list[tuple[dt.date | None, str]]:
    sentences = split_sentences(text)
    anchors = []
    for trigger in triggers:
        start = text.index(trigger)
        idx = next(s.index for s in sentences if s.start <= start < s.end)
        anchors.append(EventAnchor(idx, start, start + len(trigger), "190"))
    return [(d.date, d.basis) for d in
            date_events(text, sentences, tag_dates(text, DCT), anchors, DCT)]


def test_anchors_sharing_a_sentence_keep_their_own_dates() -> None:
    text = ("The ceasefire held on Jan. 16, two weeks before the army attacked again, "
            "and rebels shelled the town. Troops fired on Tuesday; police arrested 20 people.")
    assert _date_all(text, ["held", "attacked", "shelled", "fired", "arrested"]) == [
        (dt.date(2024, 1, 16), "expression"),
        (dt.date(2024, 1, 30), "relative:anchor"),
        (dt.date(2024, 1, 16), "expression:sentence"),
        (dt.date(2024, 1, 16), "expression"),
        (dt.date(2024, 1, 16), "expression:sentence"),
    ]


def test_clauses_are_read_once_per_sentence() -> None:
    text = "Troops fired on Tuesday; police arrested 20 people, which angered residents."
    art = _Article(text, split_sentences(text), [], DCT)
    first = art.clauses(0, len(text))
    assert art.clauses(0, len(text)) is first
    assert [text[a:b] for a, b in first] == [
        "Troops fired on Tuesday;", " police arrested 20 people, ",
        "which angered residents."]


def test_relative_pre_check_holds_every_relative_phrase() -> None:
    for phrase in ("two days after the", "a few weeks BEFORE\tthe", "10 months\nafter it",
                   "the day after the"):
        text = f"It happened {phrase} vote."
        assert _RELATIVE.search(text) is not None, phrase
        assert _RELATIVE_DIR.search(text) is not None, phrase
    assert _RELATIVE_DIR.search("Shortly afterwards, they left before-hand.") is None
