"""Fast paths of the per-article analysis give exactly the plain results.

- the coder's tokens, built in C from one regex split (offsets from the running
  sum of the pieces' lengths, ``low`` from one lower-cased join), equal the
  tokens built match by match, and :func:`token_lows` their ``low``;
- TextBlob's words (:mod:`analysis.textblob_port`): pattern's emoticon regex with
  its alternatives grouped by first character, and the contraction spacing done
  for n't only, give the same words;
- the context the pipeline gives the coder (the two latest distinct countries,
  found walking back over earlier sentences) codes the same events as the whole
  move-to-end list of every earlier actor's country.
"""

from __future__ import annotations

import pytest
from conftest import code_eagerly
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import _text as textblob_text

from analysis import actors as actors_mod
from analysis import textblob_port
from analysis.actors import Token, token_lows, tokenize
from analysis.coder import find_actors
from analysis.pipeline import Analyzer, _code_sentences, _context
from analysis.sentences import split_sentences


def _by_match(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in actors_mod._TOKEN_RE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZΣσİß1.,'’ -\n\t\u00a0()sStT", max_size=40))
def test_tokens_equal_tokens_built_match_by_match(text: str) -> None:
    assert tokenize(text) == _by_match(text)
    assert token_lows(text) == [t.low for t in _by_match(text)]


def test_tokens_of_edge_cases() -> None:
    for text in ["", "   ", "ΟΔΟΣ ΑΣ.", "DIDN'T", "didn't", "Iran’s U.S.-led 6.3 N'Djamena",
                 "İstanbul's", "x\u00a0y", "a\u2028b"]:
        toks = tokenize(text)
        assert toks == _by_match(text), text
        assert [text[t.start:t.end] for t in toks] == [t.text for t in toks]
    assert [t.low for t in tokenize("ΟΔΟΣ ΑΣ")] == ["οδος", "ας"]  # final sigma per token
    assert tokenize("Pakistan's army")[1] == Token("'s", "'s", 8, 10)


_TEXTS = [
    "Iran and Pakistan are neighbours. India watched. The weather was fine. "
    "The two countries signed a ceasefire. They agreed to talk.",
    "Amnesty International and NATO officials met. Iran said Pakistan was wrong. "
    "Iran thanked NATO. Both sides pledged to cooperate. They attacked each other.",
    "Officials said nothing. The two countries agreed to resume talks.",
    "Pakistan warned India. Iran, Pakistan and India met. India and Pakistan talked. "
    "Any attack will be met with full force, the two countries said.",
]


def test_context_codes_what_the_whole_list_codes() -> None:
    analyzer = Analyzer()
    n = 0
    for text in _TEXTS:
        sentences = split_sentences(text)
        got = _code_sentences(sentences, analyzer)
        assert got == code_eagerly(sentences, analyzer)
        n += len(got)
    assert n >= 6


def test_context_is_the_two_latest_distinct_countries() -> None:
    analyzer = Analyzer()
    sentences = split_sentences("Iran met Pakistan. India met Iran. Officials met. "
                                "Amnesty International spoke. Nothing happened.")
    known: dict[int, list[str]] = {}
    assert _context(sentences, 0, known, analyzer.dictionary) == ()
    assert _context(sentences, 1, known, analyzer.dictionary) == ("IRN", "PAK")
    # India then Iran in sentence 1: Iran is the latest; sentences 2-4 add no country
    assert _context(sentences, 5, known, analyzer.dictionary) == ("IND", "IRN")
    assert set(known) == {0, 1, 2, 3, 4}
    one = split_sentences("Officials met. Iran spoke. Nothing happened.")
    assert _context(one, 3, {}, analyzer.dictionary) == ("IRN",)


def _reuters_present() -> bool:
    """Whether ../shared holds the Reuters corpus (the counts below are larger with it)."""
    from pathlib import Path

    return (Path(__file__).resolve().parents[2]
            / "shared/data/corpora/reuters21578.jsonl.gz").is_file()


def _sentences_of_reuters(limit: int) -> list[str]:
    import gzip
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared/data/corpora/reuters21578.jsonl.gz"
    if not path.is_file():
        return []
    out: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for n, line in enumerate(stream):
            if n >= limit:
                break
            out += [s.text for s in split_sentences(str(json.loads(line).get("text") or ""))]
    return out


def test_a_sentence_without_a_name_word_has_no_country() -> None:
    d = Analyzer().dictionary
    texts = ["Officials met the rebels.", "The two countries agreed.", "US-led forces struck.",
             "Côte d’Ivoire’s army moved.", "the Gambia protested.", "They talked.",
             "Ethnic Albanians fled.", "Islamic Salvation Front fighters attacked.",
             "Pakistan's army struck.", "N’Djamena said so.", *_sentences_of_reuters(200)]
    skipped = 0
    for text in texts:
        if not actors_mod.may_name_country(d.actors, text):
            skipped += 1
            assert not any(a.country for a in find_actors(text, d)), text
    assert skipped >= (3 if _reuters_present() else 2)
    assert actors_mod.may_name_country(d.actors, "US-led forces struck.")
    assert actors_mod.may_name_country(d.actors, "the Gambia protested.")
    assert not actors_mod.may_name_country(d.actors, "Officials met the rebels.")


def _raw_spans_every_token(lex: actors_mod.ActorLexicon, toks: list[Token]
                           ) -> list[actors_mod._Span]:
    """The phrase scan trying both lookups and the hyphen rule at every token."""
    spans: list[actors_mod._Span] = []
    i = 0
    while i < len(toks):
        hit = actors_mod._lookup_cased(lex, toks, i, None)
        low = actors_mod._lookup_lower(lex, toks, i)
        if hit is not None and (low is None or hit[0] >= low[0]):
            k, ent = hit
        elif low is not None:
            k, ent = low
        else:
            hyph = actors_mod._hyphenated(lex, toks[i])
            if hyph is None:
                i += 1
                continue
            k, ent = 1, hyph
        spans.append(actors_mod._Span(i, i + k, ent.code, ent.country, ent.sector, ent.kind))
        i += k
    return spans


def test_phrase_scan_equals_trying_every_token() -> None:
    lex = Analyzer().dictionary.actors
    texts = ["The United States and the Gambia met U.S.-led forces, the UN and New York.",
             "Pakistan’s foreign minister, Iranian troops and the two countries.",
             "Foreign Minister Jilani met the Pakistani military in Islamabad.",
             *_sentences_of_reuters(200)]
    n = 0
    for text in texts:
        toks = tokenize(text)
        want = _raw_spans_every_token(lex, toks)
        assert actors_mod._raw_spans(lex, toks, None) == want, text
        n += len(want)
    assert n > (50 if _reuters_present() else 10)


_FACE_CHARS = "".join(sorted({c for e in textblob_text.TEMP_RE_EMOTICONS for c in e} | set("a \n")))


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_FACE_CHARS, max_size=24))
def test_grouped_emoticon_regex_finds_what_patterns_finds(text: str) -> None:
    original = textblob_text.RE_EMOTICONS
    assert textblob_port._EMOTICON_RE is not original
    assert ([(*m.groups(), m.span()) for m in textblob_port._EMOTICON_RE.finditer(text)]
            == [(*m.groups(), m.span()) for m in original.finditer(text)])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ndtsmlrve'’ .\n", max_size=30))
def test_words_equal_those_after_the_contraction_regex(text: str) -> None:
    """Only n't needs the space pattern puts before a contraction: the others open
    with an apostrophe, which gets spaces around it anyway."""
    spaced = textblob_port._CONTRACTION.sub(r" \g<0>", text)
    assert textblob_port.pattern_words(text) == textblob_port.pattern_words(spaced)
    assert textblob_port.pattern_words(text) == [
        w.lower() for s in textblob_text.find_tokens(text) for w in s.split()]


def test_days_share_their_timestamps() -> None:
    import datetime as dt

    import pandas as pd

    from analysis.pipeline import _day

    day = dt.date(2024, 1, 19)
    assert _day(day) is _day(dt.date(2024, 1, 19))
    assert _day(day) == pd.Timestamp("2024-01-19")
    assert _day(dt.datetime(2024, 1, 19, 5)) == pd.Timestamp("2024-01-19 05:00")
    assert _day(dt.date(1600, 1, 1)) is None


def test_a_chunk_pauses_the_collector_and_restores_it() -> None:
    import gc

    from analysis import engine
    from analysis.records import Article

    article = Article(article_id="a", text="Iran said on Friday it attacked Pakistan.")
    seen: list[bool] = []
    original = engine.analyse_article

    def spy(art: Article, analyzer: Analyzer) -> object:
        seen.append(gc.isenabled())
        return original(art, analyzer)

    engine.analyse_article = spy  # type: ignore[assignment]
    try:
        assert gc.isenabled()
        assert engine.analyse_chunk([article]).n_events >= 1
        assert gc.isenabled()
        gc.disable()
        try:
            engine.analyse_chunk([article])
            assert not gc.isenabled()  # left as it was
        finally:
            gc.enable()
        engine.analyse_article = None  # type: ignore[assignment]
        with pytest.raises(TypeError):
            engine.analyse_chunk([article])
        assert gc.isenabled()  # restored after an error too
    finally:
        engine.analyse_article = original
    assert seen == [False, False]


def test_workers_are_forked_with_this_process_frozen_and_it_is_unfrozen() -> None:
    import gc
    import multiprocessing

    from analysis.engine import EngineConfig, run_engine
    from analysis.records import Article

    if multiprocessing.get_start_method() != "fork":
        return
    articles = [Article(article_id=f"a{k}", text="Iran said on Friday it attacked Pakistan.")
                for k in range(6)]
    results = list(run_engine(articles, EngineConfig(workers=2, chunk=2)))
    # in order; the last chunk is cut smaller (engine._chunks)
    assert [r.n_articles for r in results] == [2, 2, 1, 1]
    assert gc.get_freeze_count() == 0
    assert list(run_engine([], EngineConfig(workers=2))) == []
    assert gc.get_freeze_count() == 0


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=":;-)(!?DPxo8=.'\" \nab", max_size=30))
def test_words_equal_textblobs_with_faces_sarcasm_and_ends(text: str) -> None:
    """Texts where the sentence loop is skipped (no face or sarcasm mark matches
    with spaces between all tokens) and where it is not."""
    assert textblob_port.pattern_words(text) == [
        w.lower() for s in textblob_text.find_tokens(text) for w in s.split()]


def test_words_of_texts_with_faces_across_sentence_ends() -> None:
    for text in ["It was good. :) Yes", "Fine :- ) ok.", "So ( ! ) it is", "End. ) x D",
                 "He said : ) and left.", "A\n\nB :) c", "x. D"]:
        assert textblob_port.pattern_words(text) == [
            w.lower() for s in textblob_text.find_tokens(text) for w in s.split()], text


def test_context_walk_stopping_at_a_known_context_finds_the_same() -> None:
    analyzer = Analyzer()
    n = 0
    for text in [*_TEXTS, *(" ".join(_sentences_of_reuters(60)[k:k + 30])
                            for k in range(0, 600, 30))]:
        sentences = split_sentences(text)
        memo: dict[int, tuple[str, ...]] = {}
        known: dict[int, list[str]] = {}
        for k in range(len(sentences) + 1):
            if k % 3 == 1:
                continue  # a sentence the coder skips: no context asked
            got = _context(sentences, k, known, analyzer.dictionary, memo)
            assert got == _context(sentences, k, {}, analyzer.dictionary), (text, k)
            n += len(got)
    assert n > (20 if _reuters_present() else 10)


def test_compounds_and_group_names_behind_the_text_checks() -> None:
    lex = Analyzer().dictionary.actors
    for text, want in [
        ("Iran and Pakistan met. THE TWO COUNTRIES agreed.", {"IRN", "PAK"}),
        ("Iran and Pakistan met; Both sides agreed.", {"IRN", "PAK"}),
        ("Iran and Pakistan met; the two neighbours agreed.", {"IRN", "PAK"}),
    ]:
        mentions = match_actors_of(lex, text)
        assert {m.country for m in mentions if m.text.lower().startswith(("the two", "both"))
                } == want, text
    groups = match_actors_of(lex, "Islamic Salvation Front fighters and the Umma party met.")
    assert [m.code for m in groups] == ["REB", "OPP"]
    assert [m.code for m in match_actors_of(lex, "Iran's army struck.")] == ["IRNMIL"]


def match_actors_of(lex: actors_mod.ActorLexicon, text: str) -> list[object]:
    as_list = [m for _, _, m in actors_mod.match_actors(lex, text, tokenize(text))]
    as_tuple = [m for _, _, m in actors_mod.match_actors(lex, text, actors_mod.tokens_of(text))]
    assert as_list == as_tuple
    return as_tuple


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="ab’'-_.,!? \n1éΣ", max_size=30))
def test_conflict_tokens_without_nt_equal_the_look_behind_first_regex(text: str) -> None:
    import re

    from analysis import tone as tone_mod

    before = re.compile(r"(?<![^\W_]')[^\W_]+(?:-[^\W_]+)*|[.,;:!?]")
    low = text.lower().replace("\u2019", "'")
    assert tone_mod._TOKEN_NO_NT_RE.findall(low) == before.findall(low)
    if "n't" not in low:
        assert tone_mod.tokenize(text) == tone_mod._TOKEN_RE.findall(low)
