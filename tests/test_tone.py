"""Tests of analysis.tone: lexicon validation, polarities, negation, thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob

from analysis.errors import DictionaryError
from analysis.records import Tone
from analysis.tone import (
    NEG_THRESHOLD,
    POS_THRESHOLD,
    SUBJECTIVITY_FLOOR,
    ConflictSentimentAnalyzer,
    ConflictToneAnalyzer,
    analyze,
    default_lexicon,
    evaluative_polarity,
    label_for,
    parse_lexicon,
    textblob_tone,
    tokenize,
)

HEADER = "term,polarity,subjectivity,pos,intensity,kind,note\n"
HEADER_V1 = "term,polarity,subjectivity,pos,intensity,note\n"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


# --------------------------------------------------------------------------- lexicon file


def test_default_lexicon_loads_and_covers_conflict_vocabulary() -> None:
    terms = {e.term for e in default_lexicon()}
    for word in (
        "attack",
        "strike",
        "war",
        "bomb",
        "ceasefire",
        "truce",
        "escalation",
        "tension",
        "threat",
        "sanction",
        "peace talks",
        "de-escalate",
    ):
        assert word in terms


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("attack,-0.6,0.3,VB,,\nattack,-0.5,0.3,VB,,\n", 3, "duplicate term 'attack'"),
        ("attack,-1.6,0.3,VB,,\n", 2, "polarity -1.6 is outside"),
        ("attack,bad,0.3,VB,,\n", 2, "polarity 'bad' is not a number"),
        ("attack,-0.6,1.3,VB,,\n", 2, "subjectivity 1.3 is outside"),
        ("attack,-0.6,0.3,XX,,\n", 2, "part of speech 'XX'"),
        ("Attack,-0.6,0.3,VB,,\n", 2, "term 'Attack' must be lower-case"),
        ("peace  talks,0.5,0.3,NN,,\n", 2, "separated by single spaces"),
        ("very,0.2,0.3,RB,0,\n", 2, "intensity 0.0 is outside"),
        ("attack,-0.6\n", 2, "expected 4 to 7 fields"),
        ("# comment\n\nwar,-0.7,0.3,NN,,\nattack,-0.6,0.3,VB,,,y,z\n", 5, "got 8"),
        ("attack,-0.6,0.3,VB,,violent,\n", 2, "kind 'violent' must be empty"),
    ],
)
def test_lexicon_errors_name_file_line_and_problem(body: str, line: int, problem: str) -> None:
    with pytest.raises(DictionaryError) as info:
        parse_lexicon(HEADER + body, "lex.csv")
    assert info.value.path == "lex.csv"
    assert info.value.line == line
    assert problem in info.value.problem
    assert str(info.value).startswith(f"lex.csv:{line}: ")


def test_lexicon_header_and_empty_file_errors() -> None:
    with pytest.raises(DictionaryError, match=r"lex.csv:1: header must be"):
        parse_lexicon("word,polarity\nwar,-0.7\n", "lex.csv")
    with pytest.raises(DictionaryError, match="no lexicon entries"):
        parse_lexicon(HEADER + "# only a comment\n", "lex.csv")


def test_lexicon_optional_columns_default() -> None:
    (entry,) = parse_lexicon(HEADER + "war,-0.7,0.3,NN\n", "lex.csv")
    assert (entry.term, entry.intensity, entry.kind, entry.note, entry.line) == (
        "war",
        1.0,
        "",
        "",
        2,
    )


def test_lexicon_kind_column_and_old_header() -> None:
    (entry,) = parse_lexicon(HEADER + "war,-0.7,0.3,NN,,event,armed conflict\n", "lex.csv")
    assert (entry.kind, entry.note) == ("event", "armed conflict")
    (old,) = parse_lexicon(HEADER_V1 + "war,-0.7,0.3,NN,,armed conflict\n", "lex.csv")
    assert (old.kind, old.note) == ("", "armed conflict")
    with pytest.raises(DictionaryError, match="expected 4 to 6 fields"):
        parse_lexicon(HEADER_V1 + "war,-0.7,0.3,NN,,event,note\n", "lex.csv")


def test_default_lexicon_separates_event_and_evaluative_words() -> None:
    kinds = {e.term: e.kind for e in default_lexicon()}
    for word in ("kill", "strike", "attack", "arrest", "death", "sanction"):
        assert kinds[word] == "event", word
    for word in ("condemn", "massacre", "atrocity", "praise", "corruption"):
        assert kinds[word] == "", word


# --------------------------------------------------------------------------- scoring


def test_textblob_misses_conflict_vocabulary_which_the_lexicon_adds() -> None:
    text = "Missiles struck the city, killing dozens."
    assert textblob_tone(text).polarity == 0.0
    tone = analyze(text)
    assert tone.polarity < 0
    assert {w for w, _ in tone.assessments} >= {"struck", "killing"}


def test_factual_event_report_is_negative_in_polarity_but_neutral_label() -> None:
    tone = analyze("Missiles struck the city, killing dozens.")
    assert tone.polarity < NEG_THRESHOLD
    assert tone.label == "neu"
    scores = ConflictToneAnalyzer().scores("Missiles struck the city, killing dozens.")
    assert scores.event == pytest.approx(scores.polarity)
    assert scores.evaluative == 0.0


def test_evaluative_language_sets_the_label() -> None:
    tone = analyze("The brutal attack was condemned as a barbaric massacre.")
    assert tone.label == "neg"
    assert tone.polarity < 0
    praise = analyze("Leaders praised the historic agreement as a great success.")
    assert praise.label == "pos"


def test_evaluative_polarity_drops_events_and_damps_factual_sentences() -> None:
    # only event words: nothing evaluative left
    assert evaluative_polarity(-0.6, 0.3, -0.6) == 0.0
    # the event weight puts a share of the event part back
    assert evaluative_polarity(-0.6, 0.9, -0.6, event_weight=0.5) == pytest.approx(-0.3)
    # subjective enough: unchanged; factual: scaled by subjectivity / floor
    assert evaluative_polarity(-0.5, 0.8) == -0.5
    half = SUBJECTIVITY_FLOOR / 2
    assert evaluative_polarity(-0.5, half) == pytest.approx(-0.25)
    assert evaluative_polarity(-0.5, half, floor=0.0) == -0.5
    assert evaluative_polarity(0.5, 0.0) == 0.0


def test_scores_parts_agree_with_analyze() -> None:
    analyzer = ConflictToneAnalyzer()
    text = "Critics slammed the deadly strikes, calling them a reckless escalation."
    scores = analyzer.scores(text)
    tone = analyzer.analyze(text)
    assert (scores.polarity, scores.subjectivity) == (tone.polarity, tone.subjectivity)
    assert scores.assessments == tone.assessments
    assert tone.label == label_for(scores.evaluative)
    assert scores.evaluative == pytest.approx(
        evaluative_polarity(scores.polarity, scores.subjectivity, scores.event)
    )
    assert scores.event < 0  # strikes, escalation
    assert scores.polarity - scores.event < 0  # slammed, reckless


def test_agreement_on_ceasefire_is_positive() -> None:
    tone = analyze("The two countries agreed to a ceasefire.")
    assert tone.polarity > 0
    assert tone.label == "pos"


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("The army did not attack the village.", "The army attacked the village."),
        ("The rebels didn't attack.", "The rebels attacked."),
        ("There were no attacks on Sunday.", "There were attacks on Sunday."),
        ("They never threatened Delhi.", "They threatened Delhi."),
        ("The army did not launch an attack.", "The army launched an attack."),
        ("There is no evidence of corruption.", "There is evidence of corruption."),
    ],
)
def test_negation_makes_conflict_words_less_negative(negated: str, plain: str) -> None:
    assert analyze(negated).polarity > analyze(plain).polarity
    assert analyze(plain).polarity < 0


def test_negation_uses_patterns_factor() -> None:
    # pattern: a negated assessment scores -0.5 times its polarity
    attacked = analyze("attacked").polarity
    assert analyze("not attacked").polarity == pytest.approx(attacked * -0.5)
    ceasefire = analyze("a ceasefire").polarity
    assert analyze("no ceasefire").polarity == pytest.approx(ceasefire * -0.5)


def test_negation_stops_at_clause_punctuation() -> None:
    assert (
        analyze("Not today, the army attacked.").polarity == analyze("The army attacked.").polarity
    )


def test_negation_reach_is_limited_and_stops_at_new_clauses() -> None:
    assert analyze("did not launch an attack").assessments[0][0] == "not attack"
    # more than two content words away: out of reach
    far = analyze("did not expect the long planned operation to attack")
    assert far.assessments[0][0] == "attack"
    # a conjunction opens a new conjunct / clause
    assert analyze("did not stop and attacked").assessments[0][0] == "attacked"
    assert analyze("no talks because they attacked").assessments[0][0] == "no talks"


def test_contrast_weights_the_clause_after_but() -> None:
    good, bad = analyze("good").polarity, analyze("bad").polarity
    mixed = analyze("The weather was good, but the food was bad.")
    assert [p for _, p in mixed.assessments] == pytest.approx([good * 0.5, max(-1.0, bad * 1.5)])
    assert mixed.polarity < 0
    assert analyze("The food was bad, but the weather was good.").polarity > 0
    # without a contrast word both count alike
    assert analyze("The weather was good and the food was bad.").polarity == pytest.approx(
        (good + bad) / 2
    )


def test_intensifiers_multiply() -> None:
    assert analyze("massive attacks").polarity < analyze("attacks").polarity < 0
    assert analyze("heavy shelling").polarity < analyze("shelling").polarity
    assert analyze("very good talks").polarity > analyze("good talks").polarity
    # a pure intensifier alone is not scored
    assert analyze("a massive crowd").assessments == ()


def test_inflections_and_phrases() -> None:
    for verb in (
        "attacks",
        "attacked",
        "attacking",
        "condemns",
        "condemned",
        "de-escalated",
        "bombed",
        "praised",
        "criticizes",
    ):
        assert analyze(verb).assessments, verb
    assert analyze("Peace talks resumed.").assessments[0][0] == "peace talks"
    assert analyze("cross-border strikes").assessments[0][0] == "cross-border strikes"
    assert analyze("closer cooperation").polarity > 0
    # "United States" is a name, not "united" (from unite)
    assert analyze("The United States said so.").assessments == ()


def test_tokenize() -> None:
    assert tokenize("Didn't it de-escalate? Trump’s aide") == [
        "did",
        "n't",
        "it",
        "de-escalate",
        "?",
        "trump",
        "aide",
    ]


def test_textblob_plugin_and_adapter() -> None:
    text = "Missiles struck the city, killing dozens."
    tone = TextBlob(text, analyzer=ConflictToneAnalyzer()).sentiment
    assert isinstance(tone, Tone)
    assert tone.polarity == analyze(text).polarity
    sentiment = TextBlob(text, analyzer=ConflictSentimentAnalyzer()).sentiment
    assert sentiment.polarity == tone.polarity
    assert sentiment.subjectivity == tone.subjectivity
    with_assessments = TextBlob(text, analyzer=ConflictSentimentAnalyzer()).sentiment_assessments
    assert with_assessments.assessments == list(tone.assessments)


def test_custom_lexicon_extends_textblob() -> None:
    lexicon = parse_lexicon(HEADER + "skirmish,-0.5,0.3,NN,,\n", "lex.csv")
    analyzer = ConflictToneAnalyzer(lexicon)
    assert analyzer.analyze("a skirmish").polarity == pytest.approx(-0.5)
    assert analyzer.analyze("a good day").polarity > 0  # TextBlob's words remain
    assert analyzer.analyze("an attack").assessments == ()  # default lexicon not included


def test_textblob_tone_matches_pattern_analyzer() -> None:
    from textblob.en.sentiments import PatternAnalyzer

    text = "The summit was a great success, but the talks were not very good."
    expected = PatternAnalyzer().analyze(text)
    tone = textblob_tone(text)
    assert tone.polarity == pytest.approx(expected.polarity)
    assert tone.subjectivity == pytest.approx(expected.subjectivity)


# --------------------------------------------------------------------------- thresholds


def test_label_thresholds() -> None:
    assert NEG_THRESHOLD < 0 < POS_THRESHOLD
    assert label_for(0.0) == "neu"
    assert label_for(NEG_THRESHOLD) == "neu"
    assert label_for(POS_THRESHOLD) == "neu"
    assert label_for(NEG_THRESHOLD - 1e-9) == "neg"
    assert label_for(POS_THRESHOLD + 1e-9) == "pos"
    assert label_for(-1.0) == "neg"
    assert label_for(1.0) == "pos"


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_analyze_never_raises_and_stays_in_range(text: str) -> None:
    tone = analyze(text)
    assert -1.0 <= tone.polarity <= 1.0
    assert 0.0 <= tone.subjectivity <= 1.0
    scores = ConflictToneAnalyzer().scores(text)
    assert -1.0 <= scores.evaluative <= 1.0
    assert tone.label == label_for(scores.evaluative)


_WORDS = st.sampled_from(
    [
        "not",
        "no",
        "never",
        "very",
        "massive",
        "heavily",
        "attack",
        "ceasefire",
        "peace",
        "killed",
        "good",
        "bad",
        "!",
        ",",
        ".",
        "the",
        "a",
        "so",
        "kind",
        "of",
        "didn't",
        "peace",
        "talks",
        "cross-border",
        "strikes",
        "really",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=25))
def test_modifier_and_negation_chains_stay_in_range(words: list[str]) -> None:
    tone = analyze(" ".join(words))
    assert -1.0 <= tone.polarity <= 1.0
    assert 0.0 <= tone.subjectivity <= 1.0
    assert all(-1.0 <= p <= 1.0 for _, p in tone.assessments)


# --------------------------------------------------------------------------- shared gold


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "data/tone").is_dir(), reason="../shared data absent")
def test_conflict_aware_beats_plain_textblob_on_newsmtsc() -> None:
    import json

    path = SHARED / "data/tone/newsmtsc_mt_sentences.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    gold = [row["label"] for row in rows]

    def macro_f1(pred: list[str]) -> float:
        scores = []
        for lab in ("neg", "neu", "pos"):
            tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
            predicted, actual = pred.count(lab), gold.count(lab)
            scores.append(2 * tp / (predicted + actual) if predicted + actual else 0.0)
        return sum(scores) / 3

    def sign(x: float) -> str:
        return "neg" if x < 0 else "pos" if x > 0 else "neu"

    ours = macro_f1([analyze(row["sentence"]).label for row in rows])
    plain = macro_f1([sign(textblob_tone(row["sentence"]).polarity) for row in rows])
    assert ours > plain + 0.1
