"""Performance fast paths give exactly the results of the plain implementations.

- :func:`analysis.tone.textblob_tone` (via :mod:`analysis.textblob_port`) equals
  TextBlob's ``PatternAnalyzer`` on hand-written edge cases, the seed article,
  generated texts and, when ``../shared`` is present, real news articles and
  their sentences.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob.en.sentiments import PatternAnalyzer

from analysis.sentences import split_sentences
from analysis.textblob_port import EXACT, pattern_score
from analysis.tone import textblob_tone

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


def test_port_is_exact_for_this_textblob() -> None:
    assert EXACT


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
