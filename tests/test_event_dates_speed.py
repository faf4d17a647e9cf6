"""Event dating reads each sentence's clauses and relative phrases once: same dates."""

from __future__ import annotations

import datetime as dt

from conftest import assert_matches_as_before, unguarded
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dates import tag_dates
from analysis.event_dates import (
    _AFTER_EVENT,
    _CLAUSE_BREAK,
    _EARLIER,
    _FUTURE,
    _PAST_PERFECT,
    _RELATIVE,
    _RELATIVE_DIR,
    _SIGNAL,
    _Article,
    date_events,
)
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
    # (every date before the DCT, 2024-01-19: "two weeks before" counts on from Jan. 3)
    text = ("The ceasefire held on Jan. 3, two weeks before the army attacked again, "
            "and rebels shelled the town. Troops fired on Tuesday; police arrested 20 people.")
    assert _date_all(text, ["held", "attacked", "shelled", "fired", "arrested"]) == [
        (dt.date(2024, 1, 3), "expression"),
        (dt.date(2024, 1, 17), "relative:anchor"),
        (dt.date(2024, 1, 3), "expression:sentence"),
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


# The first-letter guards "(?=[...])" of the tense, signal and clause-break patterns: each
# finds what it finds without its guard.
_GUARDED = [_PAST_PERFECT, _EARLIER, _FUTURE, _SIGNAL, _AFTER_EVENT, _CLAUSE_BREAK]
_UNGUARDED = [unguarded(p) for p in _GUARDED]
_WORDS = st.sampled_from(
    "had 'd HAD He'd will would 'll to be not also earlier Earlier previously before that "
    "prior since after following by until till in the wake of response retaliation for "
    "its their The Army's attack airstrike strike quickly jointly ſince Kelvin İssued "
    "ıf . , ; : — -- which Who where a day the days after before \t".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=10), st.sampled_from([" ", "  ", "\n", ""]))
def test_guarded_event_patterns_match_as_before(words: list[str], sep: str) -> None:
    text = sep.join(words) + sep
    for new, old in zip(_GUARDED, _UNGUARDED, strict=True):
        assert new.pattern != old.pattern
        assert_matches_as_before(new, old, text)


def test_guarded_event_patterns_values() -> None:
    assert _PAST_PERFECT.search("he had already ") is not None
    assert _FUTURE.search("the army will not ") is not None
    assert _EARLIER.search("shelled earlier ") is not None
    signal = _SIGNAL.search("the town since the ")
    assert signal is not None and signal.group("s") == "since"
    assert _AFTER_EVENT.search("fired after the airstrike on Monday") is not None
    assert _PAST_PERFECT.search("he has already ") is None
    breaks = _CLAUSE_BREAK.finditer("a; b: c, which d — e")
    assert [m.group() for m in breaks] == [";", ": ", ", ", " — "]
