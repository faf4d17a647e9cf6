"""An exact, faster port of TextBlob's ``PatternAnalyzer`` sentiment (the ``tone_textblob`` column).

``tone_textblob`` must equal ``TextBlob(text).sentiment`` (pattern's algorithm
over ``textblob.en.sentiment``). pattern spends most of its time in generic
machinery: a lazy dictionary consulted several times per word, a tokenizer
written for every input type, and an emoticon test that lower-cases every
emoticon for every non-alphabetic token (each number). :func:`pattern_score`
runs the same steps on plain strings with plain dictionaries:

1. pattern's ``find_tokens``: contractions split off, quotes spaced, paragraph
   breaks marked, punctuation split from words unless an abbreviation,
   sentences cut at ``. ! ? ...`` (quote balance included), the sarcasm mark
   and spaced emoticons rejoined per sentence;
2. the words of all sentences, lower-cased;
3. pattern's ``Sentiment.assessments`` with part of speech ``None``
   (modifiers, negation, ``!`` boost, ``(!)`` irony, emoticons);
4. the plain means of polarities and subjectivities.

The data (lexicon, abbreviations, punctuation, emoticons, contractions) is
read from the installed TextBlob, not copied: its ``textblob/_text.py`` (pattern,
standard library only) is loaded by file as a private module, and the English
lexicon built from ``textblob/en/en-sentiment.xml`` as ``textblob.en`` builds it
(:func:`_english_sentiment`), without importing the ``textblob`` package, whose
``__init__`` imports NLTK (~0.2 s of every cold start). ``textblob`` itself is left
alone: a later ``import textblob`` is the usual one. When the installed TextBlob does
not have the shape this port was written for, :data:`EXACT` is ``False`` and
:func:`pattern_score` calls TextBlob itself. ``tests/test_perf_equivalence.py``
checks equality with ``PatternAnalyzer`` on real news sentences and articles.
"""

from __future__ import annotations

import importlib.util
import os
import re
from types import ModuleType
from typing import Any, Final


def _textblob_dir() -> str:
    """The folder of the installed ``textblob`` package (found, not imported)."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or spec.origin is None:  # pragma: no cover - no TextBlob
        raise ImportError("textblob is not installed")
    return os.path.dirname(spec.origin)


_TEXTBLOB_DIR: Final = _textblob_dir()


def _load_pattern() -> ModuleType:
    """``textblob/_text.py`` (pattern's text module) loaded by file under a private
    name: the ``textblob`` package is not imported (its ``__init__`` imports NLTK) and
    ``sys.modules`` is not touched."""
    path = os.path.join(_TEXTBLOB_DIR, "_text.py")
    spec = importlib.util.spec_from_file_location("analysis._textblob_text", path)
    if spec is None or spec.loader is None:  # pragma: no cover - no such file
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_pattern: Any = _load_pattern()


def _english_sentiment() -> Any:
    """``textblob.en.sentiment``, built as ``textblob/en/__init__.py`` builds it (same
    XML file and arguments; its ``Sentiment.load`` adds an ``RB`` sense "...ly" for
    every ``JJ`` word); lazy: the XML is read on first use.
    ``tests/test_perf_equivalence.py`` checks it equals TextBlob's, entry for entry."""
    base = _pattern.Sentiment
    en = os.path.join(_TEXTBLOB_DIR, "en")

    class Sentiment(base):  # type: ignore[misc,valid-type]
        def load(self, path: str | None = None) -> None:
            base.load(self, path)
            if not path:
                w: str
                pos: dict[str | None, list[float]]
                for w, pos in list(dict.items(self)):
                    if "JJ" in pos:
                        if w.endswith("y"):
                            w = w[:-1] + "i"
                        if w.endswith("le"):
                            w = w[:-2]
                        p, s, i = pos["JJ"]
                        self.annotate(w + "ly", "RB", p, s, i)

    lexicon = _pattern.Lexicon(
        path=os.path.join(en, "en-lexicon.txt"),
        morphology=os.path.join(en, "en-morphology.txt"),
        context=os.path.join(en, "en-context.txt"),
        entities=os.path.join(en, "en-entities.txt"),
        language="en",
    )
    parser = _pattern.Parser(lexicon=lexicon, default=("NN", "NNP", "CD"), language="en")
    return Sentiment(
        path=os.path.join(en, "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=parser.find_tokens,
        language="en",
    )


#: TextBlob's English sentiment lexicon (``textblob.en.sentiment``'s equal)
sentiment: Final[Any] = _english_sentiment()
_sentiment = sentiment

__all__ = ["EXACT", "pattern_score", "pattern_tone", "pattern_words", "sentiment"]

#: ``(polarity, subjectivity, [(chunk words, polarity)])``
Score = tuple[float, float, list[tuple[list[str], float]]]


def _shape_ok() -> bool:
    """Does the installed TextBlob work the way this port assumes?"""
    try:
        repl = dict(_pattern.replacements)
        return (
            all(v == " " + k and re.fullmatch(r"[a-z']+", k) for k, v in repl.items())
            and _pattern.TOKEN.pattern == r"(\S+)\s"
            and tuple(_sentiment.negations) == ("no", "not", "n't", "never")
            and tuple(_sentiment.modifiers) == ("RB",)
            and _sentiment.modifier("really") and not _sentiment.modifier("real")
            and _sentiment.tokenizer.__name__ == "find_tokens"
        )
    except (AttributeError, TypeError):  # pragma: no cover - another TextBlob
        return False


EXACT: Final = _shape_ok()

_PUNCT: Final = tuple(_pattern.PUNCTUATION.replace(".", ""))
_PUNCT_SET: Final = frozenset(_PUNCT)
_TRAIL: Final = (*_PUNCT, ".")
_TRAIL_SET: Final = frozenset(_TRAIL)
_REPLACE: Final = dict(_pattern.replacements)
_CONTRACTION: Final = re.compile("|".join(re.escape(k) for k in _REPLACE))
#: The contractions not opening with an apostrophe: the space pattern puts before
#: the others is lost in the spaces put around every apostrophe just after, so only
#: these need it (n't: "didn't" -> "did n ' t", not "didn ' t")
_CONTRACTION_REST: Final = tuple(k for k in _REPLACE if not k.startswith("'"))
_ABBREVIATIONS: Final = frozenset(_pattern.ABBREVIATIONS)
_ABBR1, _ABBR2, _ABBR3 = _pattern.RE_ABBR1, _pattern.RE_ABBR2, _pattern.RE_ABBR3
_EOS: Final = _pattern.EOS
_LINEBREAK: Final = re.compile(r"\n{2,}")
_ENDS: Final = frozenset(("...", ".", "!", "?", _EOS))
_CLOSERS: Final = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", _EOS))
_SARCASM: Final = _pattern.RE_SARCASM


def _emoticon_regex() -> re.Pattern[str]:
    """pattern's emoticon regex with its alternatives grouped by their first
    character (in their order within each group): only emoticons opening with
    the same character can match at one place, so the matches are the same, and
    the regex tries one group where it tried all 76 alternatives (at every "o",
    "x", ":"...)."""
    temp = [str(e) for e in getattr(_pattern, "TEMP_RE_EMOTICONS", ())]
    if not temp or _pattern.RE_EMOTICONS.pattern != "(" + "|".join(temp) + r")($|\s)":
        original: re.Pattern[str] = _pattern.RE_EMOTICONS
        return original  # pragma: no cover - another TextBlob
    groups: dict[str, list[str]] = {}
    for face in temp:
        first, space, rest = face.partition(" ?")
        groups.setdefault(first, []).append(space + rest)
    alternatives = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(f"((?:{alternatives}))($|\\s)")


_EMOTICON_RE: Final = _emoticon_regex()
_PUNCTUATION_TEXT: Final = _pattern.PUNCTUATION
_NEGATIONS: Final = frozenset(("no", "not", "n't", "never"))


def _emoticon_order() -> dict[str, float]:
    # pattern tests the moods in order and stops at the first that holds the word
    out: dict[str, float] = {}
    for (_mood, p), faces in _pattern.EMOTICONS.items():
        for face in {f.lower() for f in faces}:
            if face not in out:
                out[face] = float(p)
    return out


_EMOTICON: Final = _emoticon_order()

_Lexicon = dict[str, tuple[float, float, float, bool]]
_LEXICON: list[_Lexicon] = []


def _lexicon() -> _Lexicon:
    """word -> (polarity, subjectivity, intensity, is a modifier) for pos ``None``."""
    if not _LEXICON:
        "x" in _sentiment  # noqa: B015 - loads the lazy dictionary
        lex: _Lexicon = {}
        for word, senses in dict.items(_sentiment):
            if None in senses:
                p, s, i = senses[None]
                lex[word] = (p, s, i, "RB" in senses)
        _LEXICON.append(lex)
    return _LEXICON[0]


def _emoticon_sub(m: re.Match[str]) -> str:
    return m.group(1).replace(" ", "") + m.group(2)


def _abbreviation(t: str) -> bool:
    """Does pattern keep the full stop that ends ``t``?"""
    return (
        t in _ABBREVIATIONS
        or _ABBR1.match(t) is not None
        or _ABBR2.match(t) is not None
        or _ABBR3.match(t) is not None
    )


def _split_token(t: str, tokens: list[str]) -> None:
    """pattern's punctuation splitting of one white-space token (verbatim logic)."""
    tail: list[str] = []
    while t.startswith(_PUNCT) and t not in _REPLACE:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(_TRAIL) and t not in _REPLACE:
        if t.endswith(_PUNCT):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if _abbreviation(t):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))


#: white-space token -> its pieces (:func:`_split_token` is a function of the token
#: alone, and tokens such as "said," or "year." recur in every text)
_SPLIT: dict[str, tuple[str, ...]] = {}
_SPLIT_MAX: Final = 50_000


def _split_new(t: str) -> tuple[str, ...]:
    last = t[-1]
    if (last == "," or last == ".") and len(t) > 1 and t[0] not in _PUNCT_SET \
            and t[-2] not in _TRAIL_SET:
        # the commonest new tokens, "word," and "word.": :func:`_split_token` takes
        # the comma off, or the full stop unless an abbreviation, and is done (no
        # punctuation at the start, none left at the end)
        out = [t] if last == "." and _abbreviation(t) else [t[:-1], last]
    else:
        out = []
        _split_token(t, out)
    if len(_SPLIT) >= _SPLIT_MAX:
        _SPLIT.clear()
    parts = _SPLIT[t] = tuple(out)
    return parts


def pattern_words(text: str) -> list[str]:
    """The lower-cased words pattern's sentiment scores for ``text``
    (``" ".join(find_tokens(text)).split()``, lower-cased)."""
    if _CONTRACTION_REST == ("n't",):
        string = text.replace("n't", " n't") if "n't" in text else text
    else:  # pragma: no cover - another TextBlob
        string = _CONTRACTION.sub(r" \g<0>", text)
    string = (
        string.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
        .replace("\r\n", "\n")
    )
    has_eos = _EOS in string  # also written out in the text itself
    if "\n\n" in string:
        string = _LINEBREAK.sub(f" {_EOS} ", string)
        has_eos = True
    tokens: list[str] = []
    punct, trail = _PUNCT_SET, _TRAIL_SET
    split = _SPLIT
    for t in string.split():
        # most tokens are plain words: all letters or digits (one C call), no
        # punctuation to split off at either end
        if t.isalnum() or not (t[0] in punct or t[-1] in trail):
            tokens.append(t)
        else:
            parts = split.get(t)
            if parts is None:
                parts = _split_new(t)
            tokens.extend(parts)
    if not has_eos:
        # the sentences below only place line breaks between these tokens (all kept,
        # in order), which matter only to a sarcasm mark or an emoticon: a text in
        # which neither matches with spaces there has none with some line breaks
        joined = " ".join(tokens)
        if (("(" not in joined or _SARCASM.search(joined) is None)
                and _EMOTICON_RE.search(joined) is None):
            return joined.lower().split()
    # sentences: pattern's loop, visiting only the tokens that can end one (the
    # token right after a sentence's closing run is never tested, as in pattern)
    sentences: list[list[str]] = [[]]
    i = j = 0
    n = len(tokens)
    ends, closers = _ENDS, _CLOSERS
    for e in [k for k, t in enumerate(tokens) if t in ends]:
        if e < j:
            continue
        j = e
        while j < n and tokens[j] in closers:
            if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                break
            j += 1
        if has_eos:
            sentences[-1].extend(t for t in tokens[i:j] if t != _EOS)
        else:
            sentences[-1].extend(tokens[i:j])
        sentences.append([])
        i = j
        j += 1
    sentences[-1].extend(tokens[i:])
    # pattern rejoins the sarcasm mark and spaced emoticons sentence by sentence;
    # neither can span a line break, and a line break ends an emoticon as the end
    # of a sentence does, so all sentences are done at once, one per line
    text = "\n".join([" ".join(sent) for sent in sentences if sent])
    if "(" in text:
        text = _SARCASM.sub("(!)", text)
    words: list[str] = _EMOTICON_RE.sub(_emoticon_sub, text).lower().split()
    return words


def _active() -> frozenset[str]:
    """Words :func:`_assess` acts on when no modifier or negation is pending: lexicon
    words, negations, ``!``, ``(!)`` and emoticons (any other word does nothing)."""
    if not _ACTIVE:
        _ACTIVE.append(frozenset(_lexicon()) | _NEGATIONS | {"!", "(!)"} | frozenset(_EMOTICON))
    return _ACTIVE[0]


_ACTIVE: list[frozenset[str]] = []


def _assess(words: list[str]) -> list[list[Any]]:
    """pattern's ``Sentiment.assessments`` for pos ``None``: ``[chunk, p, s, i, n]``."""
    lex = _lexicon()
    active = _active()
    negations = _NEGATIONS
    emoticon = _EMOTICON
    a: list[list[Any]] = []
    m: str | None = None  # preceding modifier
    neg: str | None = None  # preceding negation
    idle = True  # m and neg are None: only an active word changes anything
    for w in words:
        if idle and w not in active:
            continue
        entry = lex.get(w)
        if entry is not None:
            p, s, i, is_mod = entry
            if m is None:
                a.append([[w], p, s, i, 1])
            else:
                last = a[-1]
                last[0].append(w)
                last[1] = max(-1.0, min(p * last[3], +1.0))
                last[2] = max(-1.0, min(s * last[3], +1.0))
                last[3] = i
            if neg is not None:
                last = a[-1]
                last[0].insert(0, neg)
                last[3] = 1.0 / last[3]
                last[4] = -1
            m = w if is_mod else None
            neg = w if w in negations else None
            idle = m is None and neg is None
            continue
        if w in negations:
            neg = w
        elif neg and len(w.strip("'")) > 1:
            neg = None
        if neg is not None and m is not None and m.endswith("ly"):
            a[-1][0].append(neg)
            a[-1][4] = -1
            neg = None
        elif m and len(w) > 2:
            m = None
        if w == "!" and a:
            last = a[-1]
            last[0].append("!")
            last[1] = max(-1.0, min(last[1] * 1.25, +1.0))
        if w == "(!)":
            a.append([[w], 0.0, 1.0, 1.0, 1])
        if not w.isalpha() and len(w) <= 5 and w not in _PUNCTUATION_TEXT:
            face = emoticon.get(w)
            if face is not None:
                a.append([[w], face, 1.0, 1.0, 1])
        idle = m is None and neg is None
    return a


def pattern_score(text: str) -> Score:
    """``(polarity, subjectivity, assessments)`` exactly as TextBlob's
    ``PatternAnalyzer`` gives them for ``text``; assessments are
    ``(chunk words, polarity)``."""
    if not EXACT:  # pragma: no cover - another TextBlob version
        from textblob.en import sentiment as textblob_sentiment

        got = textblob_sentiment(text)
        return (float(got[0]), float(got[1]),
                [(list(a[0]), float(a[1])) for a in got.assessments])
    a = _assess(pattern_words(text))
    ps = 0.0
    ss = 0.0
    out: list[tuple[list[str], float]] = []
    for chunk, p, s, _i, n in a:
        if n < 0:
            p = p * -0.5
        ps += p
        ss += s
        out.append((chunk, p))
    k = float(len(a) or 1)
    return ps / k, ss / k, out


def pattern_tone(text: str) -> tuple[float, float, tuple[tuple[str, float], ...]]:
    """:func:`pattern_score` with each chunk's words joined by spaces, as the
    ``tone_textblob`` column keeps them."""
    pol, subj, chunks = pattern_score(text)
    return pol, subj, tuple((" ".join(words), float(p)) for words, p in chunks)
