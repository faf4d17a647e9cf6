from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.coder import code_sentence, find_actors

WORDS = [
    "Iran",
    "Pakistan",
    "the",
    "two",
    "countries",
    "attacked",
    "did",
    "not",
    "was",
    "by",
    "’s",
    "'s",
    "foreign",
    "minister",
    "agreed",
    "to",
    "de-escalate",
    "will",
    "threatened",
    "recalled",
    "its",
    "envoy",
    "from",
    "Tehran",
    "militants",
    "in",
    "“",
    "”",
    ",",
    ".",
    "launched",
    "missile",
    "and",
    "drone",
    "attacks",
    "on",
    "They",
    "both",
    "U.S.",
    "said",
]

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=40).map("".join),
)
contexts = st.lists(st.sampled_from(["PAK", "IRN", "PAKGOV", "UNO", "", "X"]), max_size=4)


@settings(max_examples=300, deadline=None)
@given(texts, contexts)
def test_code_sentence_never_raises_and_offsets_valid(text: str, context: list[str]) -> None:
    for ev in code_sentence(text, context=context):
        assert 0 <= ev.trigger_start < ev.trigger_end <= len(text)
        assert text[ev.trigger_start : ev.trigger_end] == ev.trigger
        assert ev.direction in {"escalation", "de-escalation", "neutral"}
        for a in (ev.actor1, ev.actor2):
            if a is not None:
                assert text[a.start : a.end] == a.text


@settings(max_examples=200, deadline=None)
@given(texts, contexts)
def test_find_actors_offsets_valid(text: str, context: list[str]) -> None:
    for m in find_actors(text, context=context):
        assert text[m.start : m.end] == m.text
        assert m.code.startswith(m.country) or not m.country
