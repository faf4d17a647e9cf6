"""The speed-ups of the time-expression tagger read exactly what the plain rules read."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.dates import tag_dates
from analysis.timex.cues import CueReader, future_cue, past_cue

DCT = dt.date(2024, 1, 19)

CUE_TEXTS = [
    "The talks will resume on Monday. They met on Friday.",
    "On Tuesday, the league plans to vote. By Monday, officials hardened their stance.",
    "He had filed reports by Wednesday and would appeal the decision, announced Wednesday.",
    "Arafat meets Albright Monday, and the deadline was extended until Tuesday.",
    "Prices fell in March; analysts expect a rebound in April as soon as rates drop.",
]


@pytest.mark.parametrize("text", CUE_TEXTS)
def test_cue_reader_equals_the_cue_functions_at_every_span(text: str) -> None:
    reader = CueReader(text)
    for start in range(0, len(text), 3):
        for end in (start, min(len(text), start + 7)):
            # asked twice, in both orders: the cached answer is the computed one
            assert reader.past(start, end) == past_cue(text, start, end)
            assert reader.future(start, end) == future_cue(text, start, end)
            assert reader.past(start, end) == past_cue(text, start, end)


def test_cue_reader_values() -> None:
    text = CUE_TEXTS[0]
    reader = CueReader(text)
    monday = text.index("Monday")
    friday = text.index("Friday")
    assert reader.future(monday, monday + 6) is True
    assert reader.past(monday, monday + 6) is False
    assert reader.future(friday, friday + 6) is False
    assert reader.past(friday, friday + 6) is True


def test_month_asked_for_both_cues_keeps_its_values() -> None:
    # r_month asks the future and past cue, then pick_year asks them again
    found = [(e.text, e.value) for e in tag_dates(
        "Talks will resume in April. Prices fell in March and rose in August.", DCT)]
    assert found == [("April", "2024-04"), ("March", "2023-03"), ("August", "2023-08")]
