from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_initials_and_decimals_do_not_split() -> None:
    got = texts("Mr. Smith met Gen. Asim Munir on Jan. 5 in the U.S. capital. "
                "Inflation was 3.5 percent. J. Doe agreed.")
    assert got == [
        "Mr. Smith met Gen. Asim Munir on Jan. 5 in the U.S. capital.",
        "Inflation was 3.5 percent.",
        "J. Doe agreed.",
    ]


def test_closing_quote_stays_with_its_sentence() -> None:
    got = texts("“We will respond,” he said. “They also agreed to de-escalate.” Then talks began.")
    assert got == ["“We will respond,” he said.",
                   "“They also agreed to de-escalate.”",
                   "Then talks began."]


def test_acronym_at_sentence_end_splits_before_an_opener() -> None:
    assert texts("Troops arrived from the U.S. The army left.") == [
        "Troops arrived from the U.S.", "The army left."]
    assert texts("The U.S. Navy sailed.") == ["The U.S. Navy sailed."]


def test_paragraph_break_is_a_boundary() -> None:
    assert texts("Headline without stop\n\nBody starts here. And ends.") == [
        "Headline without stop", "Body starts here.", "And ends."]


def test_question_and_exclamation_marks() -> None:
    assert texts("Will they talk? Nobody knows! Wait.") == [
        "Will they talk?", "Nobody knows!", "Wait."]


@given(st.text())
def test_offsets_always_match_text(text: str) -> None:
    previous_end = 0
    for i, s in enumerate(split_sentences(text)):
        assert s.index == i
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        previous_end = s.end
