"""The coder's work grows linearly with a long sentence's length (counted, not timed)."""

from __future__ import annotations

import pytest

import analysis.coder as coder
from analysis.actors import tokens_of
from analysis.coder import code_sentence
from analysis.verbs import BARRIERS


class _Counting(frozenset[str]):
    """BARRIERS that count their membership tests (one per token scanned)."""

    calls = 0

    def __contains__(self, item: object) -> bool:
        type(self).calls += 1
        return frozenset.__contains__(self, item)


def _barrier_tests(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[int, int]:
    """(membership tests of the clause barriers, events) coding ``text``."""
    monkeypatch.setattr(coder, "BARRIERS", _Counting(BARRIERS))
    _Counting.calls = 0
    events = code_sentence(text)
    return _Counting.calls, len(events)


def test_barrier_scans_grow_linearly_with_a_long_sentence(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # every actor before every trigger is a subject candidate: a scan from each actor
    # to each trigger was n^3 tokens read (n = 100 -> 200: eight times as many)
    small, n_small = _barrier_tests(monkeypatch, "Iran attacked Pakistan and " * 100)
    large, n_large = _barrier_tests(monkeypatch, "Iran attacked Pakistan and " * 200)
    assert n_small == 199 and n_large == 399  # a first event, then two per clause
    assert small > 0
    assert large <= 2.2 * small


def test_same_clause_agrees_with_a_scan_over_long_and_short_spans() -> None:
    text = ("Iran attacked Pakistan ( again ) and then ; the talks : failed . "
            "Russia and Ukraine met ? yes ! " * 6)
    toks = tokens_of(text)
    n = len(toks)
    assert n > 3 * coder._SCAN_MAX
    for a in range(n + 1):
        for b in range(n + 1):
            scan = not any(toks[k].low in BARRIERS for k in range(a, b))
            assert coder._same_clause(toks, a, b) is scan, (a, b)


def test_barrier_counts_follow_the_token_sequence_asked_about() -> None:
    one = tokens_of("Iran said . " + "Pakistan and Iran met " * 10)
    two = tokens_of("Iran and Pakistan met " * 10 + "; then")
    assert coder._same_clause(one, 0, len(one)) is False
    assert coder._same_clause(two, 0, len(two) - 2) is True  # up to the ";"
    assert coder._same_clause(one, 3, len(one)) is True
    assert coder._same_clause(two, 0, len(two)) is False
    assert coder._barrier_counts(two)[-1] == 1


def test_the_pipeline_on_text_without_sentence_ends_grows_linearly(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the splitter cuts it into pieces of at most MAX_SENTENCE_CHARS: the coder's
    # work per piece is bounded, so twice the text is twice the work
    from analysis.pipeline import analyse_article
    from analysis.records import Article
    from analysis.sentences import MAX_SENTENCE_CHARS

    counts = []
    for n in (800, 1600):
        monkeypatch.setattr(coder, "BARRIERS", _Counting(BARRIERS))
        _Counting.calls = 0
        text = "Iran attacked Pakistan and " * n
        analysis = analyse_article(Article("long", text))
        assert len(analysis.sentences) == -(-len(text) // 1998)
        assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in analysis.sentences)
        assert len(analysis.events) > n
        counts.append(_Counting.calls)
    assert counts[1] <= 2.2 * counts[0]
