"""Performance fast paths give exactly the results of the plain implementations.

- :func:`analysis.tone.textblob_tone` (via :mod:`analysis.textblob_port`) equals
  TextBlob's ``PatternAnalyzer`` on hand-written edge cases, the seed article,
  generated texts and, when ``../shared`` is present, real news articles and
  their sentences;
- the events/articles frames equal the conformed frames built row-wise;
- sentences the pipeline does not send to the coder (no verb anchor) code nothing;
  their actors, added to the context only when a later sentence is coded, code
  the same events as when added at once;
- the verb index, trying only the patterns whose required words (and actor
  slot) a sentence has, finds what trying every anchored pattern finds;
- the token and actor-span caches do not change actors or events;
- the sentence splitter's backward word scan equals its regex;
- the conflict tone's tokens (a simpler regex for texts without "n't") equal
  the full regex's; its assessments, passing over tokens that do nothing while no
  modifier or negation is pending, equal those visiting every token;
- incident clustering (plain-list blocks, int64 days) equals the pandas
  ``sort_values`` + ``groupby`` sweep over Timestamps; the store's refresh,
  preparing the events once for block keys and clustering, equals them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import code_eagerly
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob.en.sentiments import PatternAnalyzer

from analysis import actors as actors_mod
from analysis import tone as tone_mod
from analysis.actors import Token, match_actors, tokenize
from analysis.coder import code_sentence, find_actors
from analysis.dictionaries import default_dictionary
from analysis.pipeline import (
    Analyzer,
    _code_sentences,
    _may_code,
    _requirements,
    analyse_article,
    articles_frame,
    events_frame,
)
from analysis.records import Article
from analysis.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, conform
from analysis.sentences import _PARA, _WORD_BEFORE, _is_boundary, _word_before, split_sentences
from analysis.textblob_port import EXACT, pattern_score
from analysis.textblob_port import sentiment as port_sentiment
from analysis.tone import _default_compiled, textblob_tone
from analysis.tone import tokenize as tone_tokenize
from analysis.verbs import SEQ, VerbIndex, VerbMatch, _match, compile_pattern, pattern_needs

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_bd7ba43e21bf1639.txt"

_PLAIN = PatternAnalyzer()

# Hand-written cases for every branch of pattern's tokenizer and scoring.
EDGE_CASES = [
    "",
    "   ",
    "A good deal.",
    "It was not a good deal, but it was a very good start!",
    "The talks weren't bad; they're really not bad at all!!",
    "Truly horrible. Really not nice... Never happy?",
    "He said: \"This is 'great' news,\" and left.",
    "“Excellent,” she said. ‘Terrible’ he replied’s.",
    "The U.S. and the U.K. met Mr. Smith at 3 p.m. in Washington D.C. on Jan. 5.",
    "Prices rose 8.5 pct (see table 8) and fell 3 )",
    "What a joke (!) and a great ( ! ) idea.",
    "I love it :) but hate this :-( and XD ;) <3 :D",
    "Results : ) were good =) and 8 ) bad",
    "First paragraph is good\n\nSecond is bad\r\n\r\nThird is nice.",
    "End-of-sentence tokens END-OF-SENTENCE stay.",
    "Extremely dangerous, incredibly important and deeply worrying developments.",
    "no good, not bad, never better, n't worse",
    "It isn't what it wasn't: the deal couldn't've been worse.",
    "Etc. etc. e.g. i.e. vs. a. b. c. ...",
    "(Reuters) - Iran said it was \"deeply concerned\" (very much so).",
    "Stocks fell!? Yes!! Amazing...!",
    "really really good", "not really good", "really not good", "very !",
    "@#$ ^&* +-| =~_ `` ''",
    "good-looking well-known so-called",
    "1,500 people; 6.3 pct; $2.5 billion; 19.5%.",
]


def _plain(text: str) -> tuple[float, float, list[tuple[list[str], float]]]:
    got = _PLAIN.analyze(text, keep_assessments=True)
    return (got.polarity, got.subjectivity,
            [(list(a[0]), float(a[1])) for a in got.assessments])


def _check(text: str) -> None:
    assert pattern_score(text) == _plain(text), text
    blob = TextBlob(text).sentiment
    tone = textblob_tone(text)
    assert (tone.polarity, tone.subjectivity) == (blob.polarity, blob.subjectivity), text
    assert tone.assessments == tuple((" ".join(w), p) for w, p in _plain(text)[2]), text


def test_port_is_exact_for_this_textblob() -> None:
    assert EXACT


def test_port_lexicon_equals_textblobs() -> None:
    """The lexicon built from TextBlob's files without importing ``textblob.en`` is
    ``textblob.en.sentiment``, entry for entry (the "...ly" adverbs included)."""
    from textblob.en import sentiment as theirs

    ours = port_sentiment
    assert dict(ours.items()) == dict(theirs.items())
    assert len(ours) > 2_000 and "terribly" in ours and "RB" in ours["terribly"]
    assert (ours.negations, ours.modifiers, ours.labeler, ours._synsets) == (
        theirs.negations, theirs.modifiers, theirs.labeler, theirs._synsets)
    assert [ours.modifier(w) for w in ("really", "real")] == [True, False]
    text = "It isn't bad at all... Really good (!) :-)\n\nNot great."
    assert ours(text) == theirs(text)
    assert ours(text).assessments == theirs(text).assessments


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_equal_textblob(text: str) -> None:
    _check(text)


def test_seed_article_and_sentences_equal_textblob() -> None:
    text = SEED.read_text(encoding="utf-8")
    _check(text)
    for sentence in split_sentences(text):
        _check(sentence.text)


_WORDS = ["good", "bad", "not", "never", "no", "very", "really", "extremely", "great",
          "terrible", "war", "peace", "the", "a", "is", "n't", "'s", "U.S.", "Mr.", "8", ")",
          "(", "!", "?", ".", "...", ",", ";", ":", "-", "\"", "'", "“", "”", "’", ":-)",
          "XD", "(!)", "\n\n", "happy", "sadly", "hardly", "it's", "don't", "e.g.", "etc."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25),
       st.lists(st.sampled_from([" ", "", "\n", "  "]), min_size=25, max_size=25))
def test_generated_texts_equal_textblob(words: list[str], gaps: list[str]) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    assert pattern_score(text) == _plain(text)


def test_split_token_memo_gives_the_split(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import textblob_port as port

    text = "(Reuters) - Iran said, on Jan. 5, it was \"good\"... U.S. officials: fine! :-)"
    port._SPLIT.clear()
    cold = port.pattern_words(text)
    assert port._SPLIT and port.pattern_words(text) == cold  # warm
    for token, parts in port._SPLIT.items():
        pieces: list[str] = []
        port._split_token(token, pieces)
        assert parts == tuple(pieces)
    monkeypatch.setattr(port, "_SPLIT_MAX", 2)
    port._SPLIT.clear()
    assert port.pattern_words(text) == cold
    assert len(port._SPLIT) <= 2
    assert pattern_score(text) == _plain(text)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="aBx.,;:!?()'\"-_", min_size=1, max_size=8).filter(lambda t: " " not in t))
def test_split_token_shortcuts_give_the_split(token: str) -> None:
    """The shortcuts for new "word," and "word." tokens split as pattern does."""
    from analysis import textblob_port as port

    pieces: list[str] = []
    port._split_token(token, pieces)
    assert port._split_new(token) == tuple(pieces)
    for word in ("said,", "year.", "Mr.", "U.S.", "a.", "Ltd.", "etc.", "ok.,", "x),", "(Reuters."):
        pieces = []
        port._split_token(word, pieces)
        assert port._split_new(word) == tuple(pieces), word


def _reuters(limit: int) -> list[str]:
    path = SHARED / "data" / "corpora" / "reuters21578.jsonl.gz"
    if not path.is_file():
        pytest.skip("../shared corpora not present")
    out: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            out.append(str(json.loads(line).get("text") or ""))
            if len(out) >= limit:
                break
    return out


def test_real_news_equal_textblob() -> None:
    """Articles and their sentences (a few thousand) from Reuters-21578."""
    articles = _reuters(300)
    sentences = [s.text for text in articles for s in split_sentences(text)]
    assert len(sentences) > 1000
    for text in articles + sentences:
        assert pattern_score(text) == _plain(text)


# --------------------------------------------------------------------------- pipeline


def _seed_article() -> Article:
    return Article(article_id="seed", text=SEED.read_text(encoding="utf-8"),
                   published=dt.date(2024, 1, 19), dct_source="record")


def test_frames_equal_conformed_frames() -> None:
    analysis = analyse_article(_seed_article())
    rows = analysis.events
    assert rows
    slow = conform(pd.DataFrame(rows, columns=list(EVENT_COLUMNS)), EVENT_COLUMNS)
    fast = events_frame([analysis])
    pd.testing.assert_frame_equal(fast, slow)
    empty = conform(pd.DataFrame([], columns=list(EVENT_COLUMNS)), EVENT_COLUMNS)
    pd.testing.assert_frame_equal(events_frame([]), empty)
    arts = articles_frame([analysis])
    assert list(arts.columns) == list(ARTICLE_COLUMNS)
    assert [str(t) for t in arts.dtypes] == [str(pd.Series([], dtype=d).dtype)
                                             for d in ARTICLE_COLUMNS.values()]
    pd.testing.assert_frame_equal(articles_frame([]), conform(
        pd.DataFrame([], columns=list(ARTICLE_COLUMNS)), ARTICLE_COLUMNS))


def _corpus_sentences(limit: int) -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    path = SHARED / "data" / "corpora" / "reuters21578.jsonl.gz"
    if path.is_file():
        texts += _reuters(limit)
    return [s.text for text in texts for s in split_sentences(text)]


def test_sentences_no_pattern_can_match_code_nothing() -> None:
    """The pipeline skips the coder where no verb pattern can match (no anchor
    word, or a required word missing): check that the coder finds nothing there,
    also with a context, and that the test lets through every coded sentence."""
    d = default_dictionary()
    needs = _requirements(d.verbs)
    sentences = _corpus_sentences(300)
    sentences += ["Pakistan and Iran, the two neighbours.", "The weather in Tehran.",
                  "They said it.", "Iran said that Pakistan will strike."]
    skipped = 0
    for text in sentences:
        if not _may_code(text, needs):
            skipped += 1
            assert code_sentence(text, d) == []
            assert code_sentence(text, d, context=("PAK", "IRN")) == []
    assert skipped >= 2
    assert _may_code("Iran said that Pakistan will strike.", needs)


def test_context_of_skipped_sentences_found_late_codes_the_same() -> None:
    analyzer = Analyzer()
    texts = [SEED.read_text(encoding="utf-8"), *_reuters(300),
             "Iran and Pakistan are neighbours. The weather was fine. "
             "The two countries signed a ceasefire."]
    n = 0
    for text in texts:
        sentences = split_sentences(text)
        got = _code_sentences(sentences, analyzer)
        assert got == code_eagerly(sentences, analyzer)
        n += len(got)
    assert n > 100
    first, *_ = split_sentences(texts[-1])
    assert not _may_code(first.text, _requirements(analyzer.dictionary.verbs))
    last = _code_sentences(split_sentences(texts[-1]), analyzer)
    assert {e.actor1.code for _, e in last if e.actor1} == {"IRN", "PAK"}  # from the context


def _find_every_pattern(verbs: VerbIndex, toks: list[Token], spans: dict[int, int]
                        ) -> list[VerbMatch]:
    """The verb index's search without the pre-check: every anchored pattern is tried."""
    out: list[VerbMatch] = []
    lows = [t.low for t in toks]
    for i, w in enumerate(lows):
        for entry, pat in verbs.by_anchor.get(w, []):
            if pat.elements[0].kind == SEQ:
                res = _match(pat.elements, 0, i, lows, spans, [], [])
            else:
                res = _match(pat.elements, 1, i + 1, lows, spans, [i], [])
            if res is not None:
                out.append(VerbMatch(entry, pat, tuple(res[0]), tuple(res[1])))
    return out


def test_verb_patterns_tried_only_where_they_can_match() -> None:
    d = default_dictionary()
    sentences = [*_corpus_sentences(300), "Iran said that Pakistan will strike.",
                 "Pakistan recalled its ambassador.", "They recalled it.",
                 "Iran and Pakistan agreed to de-escalate tensions."]
    found = 0
    for text in sentences:
        toks = tokenize(text)
        spans = {i: j for i, j, _ in match_actors(d.actors, text, toks)}
        for actor_spans in (spans, {}):
            got = d.verbs.find(toks, actor_spans)
            assert got == _find_every_pattern(d.verbs, toks, actor_spans), text
            found += len(got)
    assert found > 50
    needs = pattern_needs(compile_pattern("[call back] (his) ...3 ambassador from TGT"))
    assert needs == ((frozenset({"ambassador"}), frozenset({"from"})), True)
    assert pattern_needs(compile_pattern("strike")) == ((), False)


def test_actor_caches_do_not_change_results() -> None:
    d = default_dictionary()
    sentences = [s.text for s in split_sentences(SEED.read_text(encoding="utf-8"))]
    warm = [(find_actors(t, d), code_sentence(t, d, context=("PAK", "IRN"))) for t in sentences]
    cold = []
    for t in sentences:
        actors_mod._SPAN_CACHE.clear()
        actors_mod._tokens.cache_clear()
        found = find_actors(t, d)
        actors_mod._SPAN_CACHE.clear()
        cold.append((found, code_sentence(t, d, context=("PAK", "IRN"))))
    assert warm == cold
    first = tokenize(sentences[0])
    first.clear()  # callers get their own list
    assert tokenize(sentences[0])


# --------------------------------------------------------------------------- tone tokens


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="dian'’‘t-_ x9é.,;!?\nNT—“\u00a0²", max_size=40))
def test_conflict_tone_tokens_equal_the_full_regex(text: str) -> None:
    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    assert tone_tokenize(text) == tone_mod._TOKEN_RE.findall(low)


def test_conflict_tone_tokens_on_real_texts() -> None:
    texts = [SEED.read_text(encoding="utf-8"), "They didn't, won't and can't-miss don'tgo n't",
             "O'Neil's ex-aide -- a 'so-called' U.S.-led - - 3-in-1 n't-n't—x didn’t—“Yes” ...",
             "José didn't say ‘no’ — not²"]
    path = SHARED / "data" / "corpora" / "reuters21578.jsonl.gz"
    if path.is_file():
        texts += _reuters(500)
    voa = SHARED / "data" / "corpora" / "voa_stories.jsonl"  # dashes, curly quotes, accents
    if voa.is_file():
        with voa.open(encoding="utf-8") as stream:
            texts += [str(json.loads(line).get("text") or "") for line in stream]
    for text in texts:
        low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
        assert tone_tokenize(text) == tone_mod._TOKEN_RE.findall(low)


# --------------------------------------------------------------------------- sentences


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab.\n A.B.x,;!?", max_size=30), st.data())
def test_word_before_equals_the_regex(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    found = _WORD_BEFORE.search(text, 0, start)
    assert _word_before(text, start) == (found.group(1) if found else "")


_CANDIDATE_PLAIN = re.compile(r"[.!?…]+[\"'”’)\]]*")


def _split_reference(text: str) -> list[tuple[int, int, int, str]]:
    """The splitter as first written: every run of sentence punctuation is tested."""
    cuts = [m.end() for m in _CANDIDATE_PLAIN.finditer(text)
            if _is_boundary(text, m.start(), m.end())]
    cuts += [m.start() for m in _PARA.finditer(text)]
    cuts.append(len(text))
    out: list[tuple[int, int, int, str]] = []
    pos = 0
    for cut in sorted(set(cuts)):
        if cut <= pos:
            continue
        piece = text[pos:cut]
        stripped = piece.strip()
        if stripped:
            offset = pos + (len(piece) - len(piece.lstrip()))
            out.append((len(out), offset, offset + len(stripped), stripped))
        pos = cut
    return out


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="ab.!?…\"'”’)] \n\tA3U.S", max_size=40))
def test_sentences_equal_the_reference(text: str) -> None:
    got = [(s.index, s.start, s.end, s.text) for s in split_sentences(text)]
    assert got == _split_reference(text)


def test_sentences_equal_the_reference_on_real_texts() -> None:
    for text in [SEED.read_text(encoding="utf-8"), *_reuters(300)]:
        got = [(s.index, s.start, s.end, s.text) for s in split_sentences(text)]
        assert got == _split_reference(text)


def test_tokens_equal_constructed_tokens() -> None:
    text = SEED.read_text(encoding="utf-8") + " Iran’s U.S.-led 6.3 N'Djamena didn’t"
    built = [Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
             for m in actors_mod._TOKEN_RE.finditer(text)]
    got = tokenize(text)
    assert got == built
    assert [hash(t) for t in got] == [hash(t) for t in built]
    assert repr(got[0]) == repr(built[0])


def test_days_a_table_cannot_hold_become_missing() -> None:
    """A misread year ("a deadline of 1600 EST") must not abort a chunk."""
    from analysis.pipeline import _day

    assert _day(dt.date(1600, 1, 1)) is None
    assert _day(dt.date(2300, 1, 1)) is None
    assert _day(None) is None
    assert _day(dt.date(2024, 1, 19)) == pd.Timestamp("2024-01-19")
    assert _day(dt.datetime(2024, 1, 19, 5)) == pd.Timestamp("2024-01-19 05:00")


def test_day_columns_travel_as_nanoseconds() -> None:
    """Chunk results carry days as int nanoseconds; the typed frame reads them back
    as the Timestamps (NaT for None) a column of Timestamps would hold."""
    from analysis.pipeline import _day, _nanos, typed_frame

    days = [_day(v) for v in (dt.date(2024, 1, 19), dt.datetime(2024, 1, 19, 5), None,
                              dt.date(1677, 9, 22), dt.date(2262, 4, 11), dt.date(1600, 1, 1))]
    nanos = [_nanos(d) for d in days]
    assert nanos[0] == 1705622400 * 10**9 and nanos[2] is None and nanos[5] is None
    got = typed_frame({"published": nanos}, {"published": "datetime64[ns]"})["published"]
    pd.testing.assert_series_equal(got, pd.Series(days, dtype="datetime64[ns]", name="published"))


# --------------------------------------------------------------------------- tone


def _merge_reference(tokens: list[str], phrases: dict[str, tuple[tuple[str, ...], ...]]
                     ) -> list[str]:
    """The phrases merged left to right, the longest first (``phrases`` lists each
    first word's tails longest first), as pattern's tokens would read them."""
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        for tail in phrases.get(tok, ()):
            if tuple(tokens[i + 1 : i + 1 + len(tail)]) == tail:
                tok = " ".join((tok, *tail))
                i += len(tail)
                break
        out.append(tok)
        i += 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["peace", "talks", "united", "states", "cease", "fire",
                                 "fire", "the", "talks", "a", "nations", "good", "not"]),
                max_size=20))
def test_overlapping_phrases_merge_as_the_reference(tokens: list[str]) -> None:
    """Phrases sharing words ("cease fire" / "cease fire talks", "talks talks") are merged
    while assessing as the plain left-to-right merge does."""
    phrases: dict[str, tuple[tuple[str, ...], ...]] = {
        "peace": (("talks",),), "united": (("states",), ("nations",)),
        "cease": (("fire", "talks"), ("fire",)), "talks": (("talks",),)}
    words = _default_compiled().words
    merged = _merge_reference(tokens, phrases)
    assert tone_mod._assess(tokens, words, follow=tone_mod._by_next(phrases)) == \
        tone_mod._assess(merged, words, frozenset(merged) | tone_mod._active(words))


_TONE_TOKENS = ["good", "bad", "not", "never", "no", "very", "really", "hardly", "but",
                "however", "war", "attack", "peace", "the", "a", "is", "n't", "said", ",", ".",
                "!", "?", ";", "extremely", "sadly", "killed", "talks", "ceasefire", "of", "and"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TONE_TOKENS), max_size=30))
def test_conflict_assessment_passing_over_idle_tokens_is_exact(tokens: list[str]) -> None:
    """Tokens outside the active set are passed over only while nothing is pending;
    making every token active (nothing passed over) gives the same assessments."""
    words = _default_compiled().words
    everything = frozenset(tokens) | tone_mod._active(words)
    assert tone_mod._assess(tokens, words) == tone_mod._assess(tokens, words, everything)
    assert tone_mod._assess(tokens, words) == tone_mod._assess(
        tokens, words, _default_compiled().active)


def test_conflict_assessment_on_real_texts_is_exact() -> None:
    texts = [SEED.read_text(encoding="utf-8"), *_reuters(200)]
    compiled = _default_compiled()
    for text in texts:
        raw = tone_tokenize(text)
        tokens = _merge_reference(raw, compiled.phrases)
        everything = frozenset(tokens) | compiled.active
        assert tone_mod._assess(tokens, compiled.words, compiled.active) == \
            tone_mod._assess(tokens, compiled.words, everything)
        assert tone_mod._assess(raw, compiled.words, compiled.active, compiled.follow,
                                compiled.watch) == \
            tone_mod._assess(tokens, compiled.words, compiled.active)


_PHRASE_TOKENS = [*_TONE_TOKENS, "cease", "fire", "united", "states", "nations", "in", "stock",
                  "good", "taste", "faith", "war", "of", "words", "crimes", "white", "arab",
                  "emirates", "at", "odds", "deal", "not", "really", "peace", "talks", "for",
                  "sure"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_TOKENS), max_size=30))
def test_conflict_assessment_merging_on_the_way_is_exact(tokens: list[str]) -> None:
    """Phrases merged while assessing (visiting watched tokens only) give the same
    assessments as merging all tokens first."""
    compiled = _default_compiled()
    merged = _merge_reference(tokens, compiled.phrases)
    assert tone_mod._assess(tokens, compiled.words, compiled.active, compiled.follow,
                            compiled.watch) == tone_mod._assess(merged, compiled.words)
    assert tone_mod._assess(tokens, compiled.words, follow=compiled.follow) == \
        tone_mod._assess(merged, compiled.words, frozenset(merged) | compiled.active)


def _clusters_reference(events: pd.DataFrame) -> set[frozenset[int]]:
    """The clustering as written before the fast path: pandas sort + groupby, Timestamps."""
    from analysis import incidents as inc

    rows = inc._prepared(events)
    dated = rows["date_earliest"].notna() & rows["date_latest"].notna()
    clusters: list[list[int]] = [[p] for p in rows.index[~dated].tolist()]
    ordered = rows.loc[dated].sort_values(
        ["_dyad", "_group", "date_earliest", "date_latest", "_eid"], kind="stable")
    items = [
        inc._Item(pd.Timestamp(lo), pd.Timestamp(hi), inc.evidence_tokens(inc._text(ev)),  # type: ignore[arg-type]
                  (inc._country(a1), inc._country(a2)), code)
        for lo, hi, ev, a1, a2, code in zip(
            rows["date_earliest"], rows["date_latest"], rows["evidence"], rows["_a1"],
            rows["_a2"], rows["_code"], strict=True)
    ]
    for _, block in ordered.groupby(["_dyad", "_group"], sort=True):
        clusters.extend(inc._sweep(items, block.index.tolist()))
    return {frozenset(c) for c in clusters}


_PAIRS = [("USA", "IRN"), ("IRN", "USA"), ("IND", "PAK"), ("PAKGOV", "INDMIL"), ("", "IRN")]
_EVIDENCE = ["Iran attacked a tanker in the Gulf", "US warships shelled Iranian oil platforms",
             "India and Pakistan exchanged fire across the border", "talks were held", ""]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PAIRS), st.sampled_from(["190", "195", "042", "1731"]),
                          st.integers(0, 12), st.integers(0, 3), st.booleans(),
                          st.sampled_from(_EVIDENCE)), min_size=1, max_size=40))
def test_incident_clusters_equal_the_pandas_sweep(
    rows: list[tuple[tuple[str, str], str, int, int, bool, str]],
) -> None:
    from analysis.incidents import cluster_incidents

    base = pd.Timestamp("1987-10-01")
    events = pd.DataFrame({
        "event_id": [f"a{k % 7}-s{k}-e0" for k in range(len(rows))],
        "article_id": [f"a{k % 7}" for k in range(len(rows))],
        "actor1_code": [r[0][0] for r in rows],
        "actor2_code": [r[0][1] for r in rows],
        "cameo_code": [r[1] for r in rows],
        "date": [base + pd.Timedelta(days=r[2]) if r[4] else pd.NaT for r in rows],
        "date_earliest": [base + pd.Timedelta(days=r[2]) if r[4] else pd.NaT for r in rows],
        "date_latest": [base + pd.Timedelta(days=r[2] + r[3]) if r[4] else pd.NaT
                        for r in rows],
        "evidence": [r[5] for r in rows],
        "source": ["Reuters"] * len(rows),
    })
    _, ids = cluster_incidents(events)
    got: dict[str, set[int]] = {}
    for pos, label in enumerate(ids.tolist()):
        got.setdefault(label, set()).add(pos)
    assert {frozenset(v) for v in got.values()} == _clusters_reference(events)


def test_prepared_rows_and_first_refresh_equal_public_clustering(tmp_path: Path) -> None:
    """Clustering from prepared rows gives the public functions' results (any
    index), and a first refresh equals a full clustering of the store."""
    from analysis.incidents import (
        _block_keys_of,
        _cluster_prepared,
        _prepared,
        block_keys,
        cluster_incidents,
    )
    from analysis.store import commit, read_events, refresh_incidents

    texts = [SEED.read_text(encoding="utf-8"),
             "Iran attacked a Pakistani border post on Monday. Pakistan condemned the attack.",
             "Pakistan and Iran agreed on Tuesday to hold talks. Iran later shelled the border."]
    analyses = [analyse_article(Article(article_id=f"a{k}", text=t,
                                        published=dt.date(2024, 1, 19)))
                for k, t in enumerate(texts)]
    events = events_frame(analyses)
    assert len(events) >= 3
    shifted = events.set_axis(pd.Index([10 * k + 3 for k in range(len(events))]))
    rows = _prepared(shifted)
    pd.testing.assert_series_equal(_block_keys_of(rows, shifted.index), block_keys(shifted))
    table, ids = _cluster_prepared(rows, shifted.index)
    ref_table, ref_ids = cluster_incidents(shifted)
    pd.testing.assert_frame_equal(table, ref_table)
    pd.testing.assert_series_equal(ids, ref_ids)
    commit(tmp_path, events, articles_frame(analyses))
    refreshed = refresh_incidents(tmp_path, {"a0", "a1", "a2"})
    full, _ = cluster_incidents(read_events(tmp_path))
    pd.testing.assert_frame_equal(refreshed.drop(columns=["block"]), full)
