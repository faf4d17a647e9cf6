"""A sentence over MAX_SENTENCE_CHARS is cut into pieces (clause punctuation, else space)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.sentences import MAX_SENTENCE_CHARS, split_sentences


def _check(text: str) -> list[str]:
    """The sentences' texts, after checking offsets, lengths and that only white
    space between them is left out."""
    sentences = split_sentences(text)
    previous = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start:s.end] == s.text == s.text.strip() and s.text
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert not text[previous:s.start].strip()
        previous = s.end
    assert not text[previous:].strip()
    return [s.text for s in sentences]


def test_the_limit_is_2000_characters() -> None:
    assert MAX_SENTENCE_CHARS == 2000
    exact = "a" * 1998 + " b"
    assert _check(exact) == [exact]
    assert _check(exact + "c") == ["a" * 1998, "bc"]


def test_text_without_sentence_ends_is_cut_at_the_last_space() -> None:
    text = "Iran attacked Pakistan and " * 200  # 5,400 characters
    got = _check(text)
    assert [len(s) for s in got] == [1997, 1997, 1403]
    assert got[0].endswith("Iran attacked Pakistan and Iran attacked Pakistan and")
    assert got[1].startswith("Iran attacked Pakistan")
    assert " ".join(got) == text.strip()


def test_clause_punctuation_in_the_second_half_is_preferred() -> None:
    text = "word " * 300 + "Iran spoke; " + "word " * 300 + "end."
    got = _check(text)
    assert got[0] == ("word " * 300 + "Iran spoke;").strip()
    assert got[1] == ("word " * 300 + "end.").strip()
    for mark in (",", ":", "—"):
        assert _check(text.replace(";", mark))[0].endswith("Iran spoke" + mark)


def test_punctuation_early_or_inside_a_number_is_not_a_cut() -> None:
    early = "Iran spoke; " + "word " * 500  # the ';' is in the first half
    got = _check(early)
    assert len(got[0]) == 1996 and got[0].endswith("word")
    number = "word " * 300 + "1,000 " + "word " * 300
    assert not any(s.endswith("1,") for s in _check(number))


def test_a_run_without_white_space_is_cut_at_the_limit() -> None:
    assert _check("x" * 4500 + " tail.") == ["x" * 2000, "x" * 2000, "x" * 500 + " tail."]


def test_long_white_space_inside_a_sentence_is_dropped_between_pieces() -> None:
    text = "word " * 100 + " " * 3000 + "word " * 500
    got = _check(text)
    assert got[0] == ("word " * 100).strip()
    assert sum(s.count("word") for s in got) == 600


def test_ordinary_sentences_are_not_cut() -> None:
    text = ("Iran said on Monday it had attacked militant bases in Pakistan, "
            "a day after Pakistan accused it of violating its airspace. " * 12)
    assert len(_check(text)) == 12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Iran", "attacked", ",", ";", " ", "  ", "\n", "x" * 700,
                                 "1,000", "—", "\u00a0", "\u2009", "."]),
                min_size=0, max_size=60))
def test_any_long_text_keeps_offsets_and_characters(parts: list[str]) -> None:
    text = " ".join(parts) * 3
    _check(text)
