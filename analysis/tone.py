"""Conflict-aware tone of news sentences.

The engine is TextBlob's ``PatternAnalyzer`` (the *pattern* sentiment
algorithm): every known word in a sentence is an *assessment* with a polarity
and a subjectivity; a preceding modifier ("very") multiplies it, a preceding
negation ("not") flips it with pattern's factor ``-0.5``; the sentence score is
the mean over assessments. TextBlob's lexicon is mostly adjectives and knows
no conflict vocabulary ("Missiles struck the city, killing dozens." scores
0.0), so :class:`ConflictToneAnalyzer` runs the same algorithm over TextBlob's
lexicon *plus* ``analysis/data/conflict_lexicon.csv``: verbs (all inflections
generated), nouns, multiword phrases ("peace talks", "cross-border strikes")
and intensifiers of conflict and political news.

Differences from pattern, all deliberate:

* own regex tokeniser (no NLTK, faster than pattern's ``find_tokens``);
  multiword lexicon terms are merged into one token before scoring;
* negation words also include ``without``, ``nor``, ``neither``, ``none``,
  ``nothing``, ``nobody``, ``cannot``; a negation reaches over short function
  words and up to two other unscored words (``did not launch an attack``,
  ``no new attacks``, ``not to attack``) and stops at clause punctuation and
  at words opening a new clause or conjunct (``and``, ``but``, ``that``,
  ``because``...);
* contrast (as in VADER): when a sentence contains ``but`` / ``however``,
  assessments before the last one count 0.5x, those after it 1.5x;
* lexicon rows with an intensity other than 1 and polarity 0 ("massive") are
  pure intensifiers: they multiply the next scored word but are not scored on
  their own (pattern would count them as a neutral assessment);
* TextBlob adjectives that are quantities or neutral descriptors in news
  ("more", "many", "own", "first", "base", "crude") are dropped by lexicon rows
  with pos ``-``; a multiword ``-`` row ("united states", "grand jury") is
  merged into one unscored token, so its words are not scored either.

Polarity versus label (event words versus evaluative words)
-----------------------------------------------------------
Lexicon rows with ``kind`` ``event`` name a factual event or state (killed,
strike, arrest, crisis, sanction); the others judge (condemn, brutal, slam,
praise, corrupt). The two outputs use them differently, on purpose:

* ``Tone.polarity`` (the events table's ``tone`` column, daily tone charts) is
  the mean over *all* assessments: "Missiles struck the city, killing dozens."
  is negative, because an analyst charting tone wants violence to show;
* ``Tone.label`` (``tone_label``) is :func:`label_for` of the *evaluative*
  score (:func:`evaluative_polarity`): event words are left out
  (:data:`EVENT_WEIGHT` 0; they still count in the denominator, diluting the
  evaluative words), and a sentence whose mean subjectivity is below
  :data:`SUBJECTIVITY_FLOOR` is scaled down towards 0. The label therefore
  answers "is the *language* of the sentence negative / positive?", as news
  tone annotation (NewsMTSC) does: a factual report of a killing is ``neu``.

Trade-off: ``tone_label`` and the sign of ``tone`` can disagree (``tone``
-0.7, ``tone_label`` ``neu`` = a grim event reported factually), so
``label_for(tone.polarity)`` is not ``tone.label``; use
:meth:`ConflictToneAnalyzer.scores` for all parts. ``EVENT_WEIGHT`` and
``SUBJECTIVITY_FLOOR`` were chosen by 5-fold cross-validation on NewsMTSC
(``benchmarks/eval_tone.py`` reports the held-out figure); the ``kind`` of
each lexicon row was set by rule (negative rows of the material-conflict and
world-events sections with subjectivity <= 0.4, i.e. the factual ones) and
reviewed by hand, not against the gold.

Labels: see :data:`NEG_THRESHOLD` and :data:`POS_THRESHOLD`.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import compress
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from analysis.errors import DictionaryError
from analysis.records import Tone
from analysis.textblob_port import pattern_tone
from analysis.textblob_port import sentiment as _pattern_sentiment

if TYPE_CHECKING:
    from analysis.tone_textblob import ConflictSentimentAnalyzer, ConflictToneAnalyzer

__all__ = [
    "CONTRAST_WORDS",
    "EVENT_WEIGHT",
    "KINDS",
    "LEXICON_FILE",
    "NEGATIONS",
    "NEG_THRESHOLD",
    "POS_THRESHOLD",
    "SUBJECTIVITY_FLOOR",
    "ConflictSentimentAnalyzer",
    "ConflictToneAnalyzer",
    "LexiconEntry",
    "Sentiment",
    "SentimentAssessments",
    "ToneAnalyzer",
    "ToneScores",
    "analyze",
    "default_lexicon",
    "evaluative_polarity",
    "label_for",
    "parse_lexicon",
    "textblob_tone",
    "tokenize",
]

#: Polarity strictly below this is ``neg``. Set by reasoning, not fitted: a small
#: dead band (the VADER convention) keeps mixed sentences whose assessments nearly
#: cancel out neutral. On NewsMTSC, macro-F1 is flat for symmetric thresholds in
#: [0, 0.15] (+-0.01); ``benchmarks/eval_tone.py`` reports both these thresholds
#: and 5-fold cross-validated ones.
NEG_THRESHOLD: Final = -0.05
#: Polarity strictly above this is ``pos``.
POS_THRESHOLD: Final = 0.05

#: Weight of ``event`` words (killed, strike, arrest) in the evaluative score behind
#: the label; their full weight stays in the polarity. Chosen by 5-fold
#: cross-validation on NewsMTSC from {0, 0.25, 0.5, 0.75, 1}, jointly with
#: :data:`SUBJECTIVITY_FLOOR`: the folds chose (0, 0.4) or (0.25, 0.45), (0, 0.4)
#: most often; held-out macro-F1 0.633-0.645 over five shuffles (0.635 for the
#: shuffle ``benchmarks/eval_tone.py`` reports), against 0.645 in-sample.
EVENT_WEIGHT: Final = 0.0
#: Below this mean subjectivity the evaluative score is scaled by
#: ``subjectivity / SUBJECTIVITY_FLOOR`` (factual sentences lean neutral). Chosen
#: jointly with :data:`EVENT_WEIGHT` by the same cross-validation from
#: {0, 0.2, 0.25, ..., 0.6}.
SUBJECTIVITY_FLOOR: Final = 0.4

LEXICON_FILE: Final = "conflict_lexicon.csv"

#: Words that negate the next scored word (pattern: no, not, n't, never).
NEGATIONS: Final = frozenset(
    {
        "no",
        "not",
        "n't",
        "never",
        "without",
        "nor",
        "neither",
        "none",
        "nothing",
        "nobody",
        "cannot",
    }
)
#: Unknown words a negation reaches over ("no new attacks", "not to attack").
_NEGATION_BRIDGE: Final = frozenset(
    {
        "a",
        "an",
        "the",
        "any",
        "to",
        "be",
        "been",
        "being",
        "yet",
        "even",
        "ever",
        "so",
        "much",
        "further",
        "more",
        "single",
        "such",
        "its",
        "their",
        "his",
        "her",
    }
)
#: How many content words (not in :data:`_NEGATION_BRIDGE`, not scored) a negation
#: reaches over before its scored word: "did not launch an attack" (1: "launch").
_NEGATION_REACH: Final = 2
#: Words that end a negation's scope like clause punctuation (a new clause or
#: coordinated phrase starts: "not only X but Y", "no X and Y", "not because").
_NEGATION_STOP: Final = frozenset(
    {
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whose",
        "because",
        "while",
        "when",
        "if",
        "as",
        "after",
        "before",
        "than",
        "only",
    }
)
#: Contrast conjunctions: the clause after the last one carries the sentence
#: ("The talks were tense, but a deal was reached."), as in VADER.
CONTRAST_WORDS: Final = frozenset({"but", "however"})
#: Factors for assessments before / after the last contrast word (VADER: 0.5 / 1.5).
_CONTRAST_BEFORE: Final = 0.5
_CONTRAST_AFTER: Final = 1.5
#: Clause punctuation ends negation and modifier scope.
_CLAUSE_PUNCT: Final = frozenset({".", ",", ";", ":", "?", "!"})
#: pattern's factor for a negated assessment ("not good" = slightly bad).
_NEGATION_FACTOR: Final = -0.5
#: pattern's boost of the previous assessment by an exclamation mark.
_EXCLAMATION_BOOST: Final = 1.25

_HEADER: Final = ("term", "polarity", "subjectivity", "pos", "intensity", "kind", "note")
#: The header before the ``kind`` column existed (still accepted).
_HEADER_V1: Final = ("term", "polarity", "subjectivity", "pos", "intensity", "note")
#: Values of the ``kind`` column: empty (evaluative) or ``event``.
KINDS: Final = frozenset({"", "event"})
_POS_TAGS: Final = frozenset({"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBZ", "JJ", "RB", "UH", "-"})
_TERM_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?: [a-z0-9]+(?:-[a-z0-9]+)*)*")
_WORD = r"[^\W_]+(?:-[^\W_]+)*"
# a word not directly after letter + apostrophe: "trump's" -> "trump" (the "s" is dropped)
_TOKEN_RE: Final = re.compile(rf"n't|(?<![^\W_]')(?:{_WORD}(?=n't)|{_WORD})|[.,;:!?]")
# _TOKEN_RE for a text without "n't" (its first two alternatives never match
# there): no backtracking through every word for a following "n't"; the word's
# first character is matched before the look-behind (which then spans it), so
# positions without a letter fail at once
_TOKEN_NO_NT_RE: Final = re.compile(r"[^\W_](?<![^\W_]'[^\W_])[^\W_]*(?:-[^\W_]+)*|[.,;:!?]")
_VOWELS: Final = frozenset("aeiou")
#: ASCII characters a token can hold (:func:`_ascii_tokens` keeps them and ``.,;:!?``)
_ASCII_WORD: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-'")
_ASCII_TABLE: Final = str.maketrans(
    {chr(c): chr(c) if chr(c) in _ASCII_WORD or chr(c) in ".,;:!?" else " " for c in range(128)}
)
_NON_ASCII_RE: Final = re.compile(r"[^\x00-\x7f]")
#: an apostrophe, with the letter or digit after it when one is before it
_APOSTROPHE_RE: Final = re.compile(r"'(?:(?<=[a-z0-9]')[a-z0-9])?")
#: a hyphen without a letter or digit on one side
_LOOSE_HYPHEN_RE: Final = re.compile(r"-(?:(?<![a-z0-9]-)|(?![a-z0-9]))")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One row of the conflict lexicon (``line`` is its line in the file)."""

    term: str
    polarity: float
    subjectivity: float
    pos: str
    intensity: float = 1.0
    note: str = ""
    line: int = 0
    kind: str = ""


class _Assessment(NamedTuple):
    words: str
    polarity: float
    subjectivity: float
    event: bool


class ToneScores(NamedTuple):
    """The parts of a sentence's tone (:meth:`ConflictToneAnalyzer.scores`).

    ``polarity`` is the mean polarity of all assessments (the ``tone`` column);
    ``event`` is the share of it that comes from ``event`` words (so
    ``polarity - event`` is the evaluative words' share, over the same count);
    ``evaluative`` is that share damped by low subjectivity, see
    :func:`evaluative_polarity`; the label is ``label_for(evaluative)``.
    """

    polarity: float
    subjectivity: float
    event: float
    evaluative: float
    assessments: tuple[tuple[str, float], ...]


class _Entry(NamedTuple):
    polarity: float
    subjectivity: float
    intensity: float
    modifier: bool  # multiplies the next scored word
    pure: bool  # modifier only: not scored on its own
    event: bool = False  # names a factual event: not part of the evaluative score


# --------------------------------------------------------------------------- tokens


def tokenize(text: str) -> list[str]:
    """Lower-cased word and clause-punctuation tokens; ``didn't`` -> ``did``, ``n't``.

    Hyphenated words stay whole ("cross-border", "de-escalate"); possessive and
    other apostrophe suffixes are dropped.
    """
    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    if not low.isascii():
        others = set(_NON_ASCII_RE.findall(low))
        if any(c.isalnum() for c in others):  # a letter or digit ("josé"): the regex
            return (_TOKEN_RE if "n't" in low else _TOKEN_NO_NT_RE).findall(low)
        for c in others:  # dashes, quotes...: separators like white space
            low = low.replace(c, " ")
    if "n't" not in low:
        return _ascii_tokens(low)
    # the words holding "n't" by the full regex, the text between them by the fast path
    # (no token spans a character other than a letter, digit, "-" or "'", and the
    # look-behind of the regex only looks at a letter and an apostrophe)
    out: list[str] = []
    done = 0
    at = low.find("n't")
    while at >= 0:
        start = at
        while start > done and low[start - 1] in _ASCII_WORD:
            start -= 1
        end = at + 3
        while end < len(low) and low[end] in _ASCII_WORD:
            end += 1
        out += _ascii_tokens(low[done:start])
        out += _TOKEN_RE.findall(low[start:end])
        done = end
        at = low.find("n't", end)
    out += _ascii_tokens(low[done:])
    return out


def _ascii_tokens(low: str) -> list[str]:
    """``_TOKEN_NO_NT_RE.findall(low)`` for an ASCII text without "n't", by string
    methods: other characters become spaces, a letter or digit right after a letter
    or digit and an apostrophe is dropped with the apostrophe ("trump's" -> "trump",
    the regex's look-behind), a hyphen not between two letters or digits becomes a
    space, and clause punctuation is spaced."""
    s = low.translate(_ASCII_TABLE)
    if "'" in s:
        s = _APOSTROPHE_RE.sub(" ", s)
    if "-" in s:
        s = _LOOSE_HYPHEN_RE.sub(" ", s)
    for mark in ".,;:!?":
        if mark in s:
            s = s.replace(mark, f" {mark} ")
    return s.split()


# --------------------------------------------------------------------------- lexicon file


def _number(text: str, what: str, low: float, high: float, source: str, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DictionaryError(source, f"{what} {text!r} is not a number", line=line) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise DictionaryError(source, f"{what} {value} is outside [{low}, {high}]", line=line)
    return value


def parse_lexicon(text: str, source: str = LEXICON_FILE) -> tuple[LexiconEntry, ...]:
    """Parse and validate lexicon CSV text.

    The first line is the header ``term,polarity,subjectivity,pos,intensity,kind,note``
    (or, without ``kind``, ``term,polarity,subjectivity,pos,intensity,note``);
    lines whose first field starts with ``#`` and blank lines are ignored;
    ``intensity``, ``kind`` and ``note`` may be empty or omitted. ``kind`` is empty
    (an evaluative word) or ``event`` (a word naming a factual event or state).

    Raises
    ------
    DictionaryError
        naming ``source``, the line and the problem (bad header, wrong number of
        fields, bad term, number not parseable or out of range, unknown part of
        speech or kind, duplicate term and part of speech, no entries).
    """
    reader = csv.reader(io.StringIO(text))
    entries: list[LexiconEntry] = []
    seen: dict[tuple[str, str], int] = {}
    header: tuple[str, ...] = ()
    try:
        for row in reader:
            line = reader.line_num
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in row]
            if not header:
                if tuple(cells) not in (_HEADER, _HEADER_V1):
                    raise DictionaryError(
                        source,
                        f"header must be {','.join(_HEADER)}, got {','.join(cells)}",
                        line=line,
                    )
                header = tuple(cells)
                continue
            entries.append(_parse_row(cells, header, source, line, seen))
    except csv.Error as exc:
        raise DictionaryError(source, f"CSV syntax: {exc}", line=reader.line_num) from None
    if not entries:
        raise DictionaryError(source, "no lexicon entries")
    return tuple(entries)


def _parse_row(
    cells: list[str],
    header: tuple[str, ...],
    source: str,
    line: int,
    seen: dict[tuple[str, str], int],
) -> LexiconEntry:
    if not 4 <= len(cells) <= len(header):
        raise DictionaryError(
            source, f"expected 4 to {len(header)} fields, got {len(cells)}", line=line
        )
    values = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
    term, pol, subj = values["term"], values["polarity"], values["subjectivity"]
    pos, inten, note = values["pos"], values["intensity"], values["note"]
    kind = values.get("kind", "")
    if not _TERM_RE.fullmatch(term):
        raise DictionaryError(
            source,
            f"term {term!r} must be lower-case words (letters, digits, inner hyphens) "
            "separated by single spaces",
            line=line,
        )
    polarity = _number(pol, "polarity", -1.0, 1.0, source, line)
    subjectivity = _number(subj, "subjectivity", 0.0, 1.0, source, line)
    if pos not in _POS_TAGS:
        raise DictionaryError(
            source,
            f"part of speech {pos!r} is not one of {', '.join(sorted(_POS_TAGS))}",
            line=line,
        )
    intensity = 1.0 if inten == "" else _number(inten, "intensity", 0.1, 3.0, source, line)
    if kind not in KINDS:
        raise DictionaryError(
            source, f"kind {kind!r} must be empty (evaluative) or 'event'", line=line
        )
    key = (term, pos)
    if key in seen:
        raise DictionaryError(
            source,
            f"duplicate term {term!r} with pos {pos} (first on line {seen[key]})",
            line=line,
        )
    seen[key] = line
    return LexiconEntry(term, polarity, subjectivity, pos, intensity, note, line, kind)


@functools.cache
def default_lexicon() -> tuple[LexiconEntry, ...]:
    """The package's ``analysis/data/conflict_lexicon.csv``, parsed once."""
    text = resources.files("analysis").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
    return parse_lexicon(text, f"analysis/data/{LEXICON_FILE}")


# --------------------------------------------------------------------------- inflection


def _verb_forms(verb: str) -> set[str]:
    """Regular 3sg, past/participle and -ing forms (over-generating is harmless)."""
    forms = {verb}
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(verb + "es")
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        forms.add(verb[:-1] + "ies")
    else:
        forms.add(verb + "s")
    if verb.endswith("ee"):
        forms |= {verb + "d", verb + "ing"}
    elif verb.endswith("ie"):
        forms |= {verb + "d", verb[:-2] + "ying"}
    elif verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        forms |= {verb[:-1] + "ied", verb + "ing"}
    else:
        forms |= {verb + "ed", verb + "ing"}
        if (
            len(verb) >= 3
            and verb[-1] not in _VOWELS
            and verb[-1] not in "wxy"
            and verb[-2] in _VOWELS
            and verb[-3] not in _VOWELS
        ):  # ban -> banned, slam -> slammed, target -> targeted (both kept)
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


def _noun_forms(noun: str) -> set[str]:
    if noun.endswith("s"):
        return {noun}
    if noun.endswith(("sh", "ch", "x", "z")):
        return {noun, noun + "es"}
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return {noun, noun[:-1] + "ies"}
    return {noun, noun + "s"}


def _surface_forms(entry: LexiconEntry) -> set[str]:
    words = entry.term.split(" ")
    if entry.pos == "VB":
        return {" ".join([form, *words[1:]]) for form in _verb_forms(words[0])}
    if entry.pos == "NN":
        return {" ".join([*words[:-1], form]) for form in _noun_forms(words[-1])}
    return {entry.term}


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items)


@dataclass(frozen=True, slots=True)
class _Compiled:
    words: dict[str, _Entry]
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first token -> remaining tokens
    #: the tokens :func:`_assess` acts on when no modifier or negation is pending
    active: frozenset[str] = frozenset()
    #: ``active`` and the first words of ``phrases``: the tokens :func:`_assess` visits
    watch: frozenset[str] = frozenset()
    #: :func:`_by_next` of ``phrases``
    follow: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = field(default_factory=dict)


def _by_next(
    phrases: dict[str, tuple[tuple[str, ...], ...]],
) -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    """first word -> second word -> the tails (words after the first) that go on with
    it, in their order in ``phrases`` (longest first)."""
    out: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    for first, tails in phrases.items():
        nexts: dict[str, list[tuple[str, ...]]] = {}
        for tail in tails:
            nexts.setdefault(tail[0], []).append(tail)
        out[first] = {second: tuple(group) for second, group in nexts.items()}
    return out


def _active(words: dict[str, _Entry]) -> frozenset[str]:
    """Tokens that change :func:`_assess`'s result or state when nothing is pending:
    scored words, negations, ``!`` and contrast words (other clause punctuation
    only clears a pending modifier or negation; any other token does nothing)."""
    return frozenset(words) | NEGATIONS | CONTRAST_WORDS | {"!"}


def _base_entries() -> dict[str, _Entry]:
    """TextBlob's lexicon as pattern uses it for plain strings (pos ``None``)."""
    out: dict[str, _Entry] = {}
    for word, senses in _pattern_sentiment.items():
        p, s, i = senses[None]
        out[word] = _Entry(float(p), float(s), float(i), "RB" in senses, False)
    return out


@functools.cache
def _textblob_entries() -> dict[str, _Entry]:
    return _base_entries()


def _compile(entries: Sequence[LexiconEntry]) -> _Compiled:
    words = dict(_textblob_entries())
    explicit: dict[str, list[LexiconEntry]] = {}
    blocked: set[str] = set()  # multiword "-" terms: merged into one unscored token
    generated: dict[str, list[LexiconEntry]] = {}
    for entry in entries:
        explicit.setdefault(entry.term, []).append(entry)
    for entry in entries:
        for form in _surface_forms(entry) - {entry.term}:
            if form not in explicit:
                generated.setdefault(form, []).append(entry)
    for form, group in [*generated.items(), *explicit.items()]:
        scored = [e for e in group if e.pos != "-"]
        if not scored:
            words.pop(form, None)
            if " " in form:
                blocked.add(form)
            continue
        intensity = _mean(e.intensity for e in scored)
        polarity = _mean(e.polarity for e in scored)
        modifier = intensity != 1.0 or any(e.pos == "RB" for e in scored)
        words[form] = _Entry(
            polarity,
            _mean(e.subjectivity for e in scored),
            intensity,
            modifier,
            modifier and polarity == 0.0,
            all(e.kind == "event" for e in scored),
        )
    phrases: dict[str, set[tuple[str, ...]]] = {}
    for form in [*words, *blocked]:
        if " " in form:
            first, *rest = form.split(" ")
            phrases.setdefault(first, set()).add(tuple(rest))
    active = _active(words)
    ordered = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()}
    return _Compiled(words, ordered, active, active | phrases.keys(), _by_next(ordered))


@functools.cache
def _default_compiled() -> _Compiled:
    return _compile(default_lexicon())


# --------------------------------------------------------------------------- scoring


def _clamp(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


#: an assessment as :func:`_rows` gives it: the fields of :class:`_Assessment`
_Row = tuple[str, float, float, bool]


def _assess(
    tokens: list[str],
    words: dict[str, _Entry],
    active: frozenset[str] | None = None,
    follow: dict[str, dict[str, tuple[tuple[str, ...], ...]]] | None = None,
    watch: frozenset[str] | None = None,
) -> list[_Assessment]:
    """pattern's ``Sentiment.assessments`` over merged tokens (:func:`_rows` as
    :class:`_Assessment` tuples)."""
    return [_Assessment(*row) for row in _rows(tokens, words, active, follow, watch)]


def _rows(
    tokens: list[str],
    words: dict[str, _Entry],
    active: frozenset[str] | None = None,
    follow: dict[str, dict[str, tuple[tuple[str, ...], ...]]] | None = None,
    watch: frozenset[str] | None = None,
) -> list[_Row]:
    """pattern's ``Sentiment.assessments`` over merged tokens; with ``follow``
    (:func:`_by_next` of the phrases), the phrases are merged on the way, left to right,
    the longest first where several start at a token.

    Returns one ``(words, polarity, subjectivity, event)`` per scored chunk,
    negation and contrast weighting applied. ``active`` is :func:`_active` of ``words`` (computed
    when not given): while no modifier or negation is pending, other tokens
    are passed over. ``watch`` is ``active | follow.keys()`` (computed when not
    given): only the tokens in it, and those after one that leaves a modifier
    or negation pending, are visited (found at C speed, not by a Python loop).
    """
    if active is None:
        active = _active(words)
    if follow is None:
        follow = {}
    if watch is None:
        watch = active | follow.keys() if follow else active
    # each assessment: [words, polarity, subjectivity, intensity, negated, event]
    found: list[list[Any]] = []
    # pending modifier: words, intensity, index of its assessment (None: pure), negated
    mod: tuple[list[str], float, int | None, bool] | None = None
    neg: str | None = None
    reach = 0  # content words the pending negation has reached over
    contrast = -1  # number of assessments before the last contrast word
    n = len(tokens)
    k = 0  # the next token to visit: those before are merged or visited
    for at in compress(range(n), map(watch.__contains__, tokens)):
        if at < k:
            continue
        k = at
        while k < n:
            if k != at and mod is None and neg is None:
                break  # nothing pending: on to the next watched token
            tok = tokens[k]
            k += 1
            nexts = follow.get(tok)
            if nexts is not None and k < n:
                for tail in nexts.get(tokens[k], ()):
                    end = k + len(tail)
                    if tuple(tokens[k:end]) == tail:
                        tok = " ".join((tok, *tail))
                        k = end
                        break
            if mod is None and neg is None and tok not in active:
                continue
            entry = words.get(tok)
            if entry is not None:
                p, s, i = entry.polarity, entry.subjectivity, entry.intensity
                chunk = [tok]
                negated = neg is not None
                target: int | None = None
                if mod is not None:
                    chunk = [*mod[0], tok]
                    p = _clamp(p * mod[1], -1.0, 1.0)
                    s = _clamp(s * mod[1], 0.0, 1.0)
                    negated = negated or mod[3]
                    target = mod[2]
                if neg is not None:
                    chunk.insert(0, neg)
                    i = 1.0 / i
                if target is not None:
                    found[target] = [chunk, p, s, i, negated, entry.event]
                elif not entry.pure:
                    target = len(found)
                    found.append([chunk, p, s, i, negated, entry.event])
                mod = (chunk, i, target, negated) if entry.modifier else None
                neg = tok if tok in NEGATIONS else None
                reach = 0
                continue
            if tok in NEGATIONS:
                neg = tok
                reach = 0
                if mod is not None and mod[2] is not None and mod[0][-1].endswith("ly"):
                    # "really not good": the negation joins the modifier's assessment
                    found[mod[2]][4] = True
                    neg = None
                continue
            if tok in _CLAUSE_PUNCT:
                if tok == "!" and found:
                    found[-1][1] = _clamp(found[-1][1] * _EXCLAMATION_BOOST, -1.0, 1.0)
                neg = None
                mod = None
                continue
            if tok in CONTRAST_WORDS:
                contrast = len(found)
            if neg is not None and len(tok) > 1 and tok not in _NEGATION_BRIDGE:
                reach += 1
                if reach > _NEGATION_REACH or tok in _NEGATION_STOP or tok in CONTRAST_WORDS:
                    neg = None
            if mod is not None and len(tok) > 2:
                mod = None
    out: list[_Row] = []
    for j, (chunk, p, s, _i, negated, event) in enumerate(found):
        if negated:
            p *= _NEGATION_FACTOR
        if contrast > 0:
            p = _clamp(p * (_CONTRAST_BEFORE if j < contrast else _CONTRAST_AFTER), -1.0, 1.0)
        out.append((" ".join(chunk), p, s, event))
    return out


def label_for(polarity: float) -> str:
    """``neg`` below :data:`NEG_THRESHOLD`, ``pos`` above :data:`POS_THRESHOLD`, else ``neu``."""
    if polarity < NEG_THRESHOLD:
        return "neg"
    if polarity > POS_THRESHOLD:
        return "pos"
    return "neu"


def evaluative_polarity(
    polarity: float,
    subjectivity: float,
    event: float = 0.0,
    *,
    event_weight: float = EVENT_WEIGHT,
    floor: float = SUBJECTIVITY_FLOOR,
) -> float:
    """The score behind the label: ``(polarity - (1 - event_weight) * event)``,
    multiplied by ``min(1, subjectivity / floor)`` (a factual sentence is damped).

    ``event`` is the part of ``polarity`` contributed by ``event`` words
    (:attr:`ToneScores.event`); ``floor`` 0 disables the damping.
    """
    score = polarity - (1.0 - event_weight) * event
    if floor > 0.0 and subjectivity < floor:
        score *= subjectivity / floor
    return _clamp(score, -1.0, 1.0)


def _scores(assessments: Sequence[_Row]) -> ToneScores:
    if not assessments:
        return ToneScores(0.0, 0.0, 0.0, 0.0, ())
    n = len(assessments)
    words, polarities, subjectivities, events = zip(*assessments, strict=True)
    polarity = _clamp(sum(polarities) / n, -1.0, 1.0)
    subjectivity = _clamp(sum(subjectivities) / n, 0.0, 1.0)
    event = sum(compress(polarities, events)) / n
    return ToneScores(
        polarity,
        subjectivity,
        event,
        evaluative_polarity(polarity, subjectivity, event),
        tuple(zip(words, polarities, strict=True)),
    )


class ToneAnalyzer:
    """TextBlob's pattern algorithm over TextBlob's lexicon plus the conflict lexicon.

    ``analyze(text)`` returns a :class:`~analysis.records.Tone`. This is the pipeline's
    analyzer; :class:`ConflictToneAnalyzer` is the same class plugged into TextBlob
    (``TextBlob(text, analyzer=ConflictToneAnalyzer()).sentiment`` is a ``Tone``, whose
    ``polarity``/``subjectivity`` read like TextBlob's namedtuple): it derives from
    TextBlob's ``BaseSentimentAnalyzer``, whose module imports NLTK, so it is defined in
    :mod:`analysis.tone_textblob` and imported on first use of the name. Use
    :class:`ConflictSentimentAnalyzer` where a real ``Sentiment`` namedtuple is needed.

    Parameters
    ----------
    lexicon
        entries to add to TextBlob's lexicon; default: the package's
        ``conflict_lexicon.csv`` (compiled once and cached).
    """

    #: TextBlob's ``textblob.base.CONTINUOUS``
    kind = "co"

    def __init__(self, lexicon: Sequence[LexiconEntry] | None = None) -> None:
        self._trained = True
        self._compiled = _default_compiled() if lexicon is None else _compile(lexicon)

    def train(self) -> None:
        """Nothing to train (lexicon based); kept for TextBlob's interface."""
        self._trained = True

    def assessments(self, text: str) -> list[tuple[str, float, float]]:
        """``(words, polarity, subjectivity)`` of every scored chunk of ``text``."""
        return [(a.words, a.polarity, a.subjectivity) for a in self._assess(text)]

    def _assess(self, text: str) -> list[_Assessment]:
        c = self._compiled
        return _assess(tokenize(text), c.words, c.active, c.follow, c.watch)

    def scores(self, text: str) -> ToneScores:
        """Polarity, subjectivity, event share and evaluative score of ``text``."""
        return _scores(self._assess(text))

    def analyze(self, text: str, keep_assessments: bool = True) -> Tone:
        """Tone of ``text`` (``keep_assessments`` is accepted for TextBlob and ignored).

        ``polarity`` covers every scored word (a violent event is negative);
        ``label`` is ``label_for`` of the evaluative score (see the module docstring).
        """
        c = self._compiled
        sc = _scores(_rows(tokenize(text), c.words, c.active, c.follow, c.watch))
        return Tone(sc.polarity, sc.subjectivity, label_for(sc.evaluative), sc.assessments)


class Sentiment(NamedTuple):
    """TextBlob's ``Sentiment`` namedtuple."""

    polarity: float
    subjectivity: float


class SentimentAssessments(NamedTuple):
    """TextBlob's ``Sentiment`` namedtuple with assessments."""

    polarity: float
    subjectivity: float
    assessments: list[tuple[str, float]]


@functools.cache
def _default_analyzer() -> ToneAnalyzer:
    return ToneAnalyzer()


def analyze(text: str) -> Tone:
    """Conflict-aware tone of ``text`` with the default lexicon (the ``tone`` column)."""
    return _default_analyzer().analyze(text)


def textblob_tone(text: str) -> Tone:
    """Plain TextBlob (``PatternAnalyzer``) tone of ``text`` (the ``tone_textblob`` column).

    Computed by :func:`analysis.textblob_port.pattern_tone`, an exact port of
    pattern's algorithm (same figures as ``TextBlob(text).sentiment``, ~4x faster).
    """
    pol, subj, assessments = pattern_tone(text)
    polarity = _clamp(float(pol), -1.0, 1.0)
    subjectivity = _clamp(float(subj), 0.0, 1.0)
    return Tone(polarity, subjectivity, label_for(polarity), assessments)


#: the TextBlob plug-ins, defined in :mod:`analysis.tone_textblob` (imports NLTK)
_TEXTBLOB_CLASSES: Final = frozenset(("ConflictToneAnalyzer", "ConflictSentimentAnalyzer"))


def __getattr__(name: str) -> Any:
    """:class:`ConflictToneAnalyzer` and :class:`ConflictSentimentAnalyzer`, imported
    from :mod:`analysis.tone_textblob` on first use (TextBlob's base class imports NLTK,
    which nothing else here needs)."""
    if name in _TEXTBLOB_CLASSES:
        from analysis import tone_textblob

        return getattr(tone_textblob, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
