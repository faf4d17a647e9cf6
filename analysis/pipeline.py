"""The analysis pipeline: article -> sentences -> dates -> actors & events -> tone.

Pure functions over records; :func:`analyse_article` does one article,
:func:`events_frame`/:func:`articles_frame` turn results into the tables of
:mod:`analysis.schema`, :func:`annotate_text` builds the JSON record printed by
``tension annotate``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final

import pandas as pd

from .actors import may_name_country, split_code, token_lows
from .coder import Dictionary, LazyContext, code_sentence, find_actors, load_dictionary
from .dates import tag_dates
from .event_dates import date_events
from .records import Article, CodedEvent, EventAnchor, EventDate, Sentence, TimeExpression, Tone
from .schema import ARTICLE_COLUMNS, EVENT_COLUMNS
from .sentences import split_sentences
from .tone import ToneAnalyzer, textblob_tone
from .verbs import VerbIndex

__all__ = [
    "Analyzer",
    "ArticleAnalysis",
    "analyse_article",
    "annotate_text",
    "article_columns",
    "articles_frame",
    "event_columns",
    "events_frame",
    "typed_frame",
]

_PLACEABLE = ("DATE", "TIME")


@dataclass(slots=True)
class Analyzer:
    """The configured stages (dictionary, tone analyzer); build once, reuse.

    ``Analyzer()`` uses the packaged dictionaries; pass ``dictionary_paths``
    to add an analyst's YAML files.
    """

    dictionary: Dictionary = field(default_factory=load_dictionary)
    tone: ToneAnalyzer = field(default_factory=ToneAnalyzer)

    @classmethod
    def with_dictionaries(cls, paths: Sequence[Any] = ()) -> Analyzer:
        return cls(dictionary=load_dictionary(list(paths)))


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Everything the pipeline found in one article."""

    article: Article
    sentences: list[Sentence]
    dates: list[TimeExpression]
    events: list[dict[str, Any]]
    tone: Tone
    tone_textblob: Tone

    @property
    def n_unresolved_dates(self) -> int:
        """Calendar expressions that could not be placed (no DCT to resolve them)."""
        return sum(1 for d in self.dates if d.type in _PLACEABLE and d.earliest is None)


def _sentence_of(sentences: Sequence[Sentence], offset: int) -> int:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.index
    return -1


_Requirements = dict[str, list[tuple[frozenset[str], ...]]]
#: verb index id -> (index, anchor word -> the words each of its patterns requires)
_REQUIREMENTS: dict[int, tuple[VerbIndex, _Requirements]] = {}


def _requirements(verbs: VerbIndex) -> _Requirements:
    """For every anchor word, one tuple per pattern anchored on it: the word sets
    of the pattern's required elements after the first (:func:`pattern_needs`).
    A pattern can only match a sentence that has a word of each set."""
    found = _REQUIREMENTS.get(id(verbs))
    if found is None or found[0] is not verbs:
        table: _Requirements = {
            anchor: [sets for sets, _slot in verbs.needs(anchor)] for anchor in verbs.by_anchor
        }
        if len(_REQUIREMENTS) > 16:
            _REQUIREMENTS.clear()
        found = (verbs, table)
        _REQUIREMENTS[id(verbs)] = found
    return found[1]


def _may_code(text: str, needs: _Requirements) -> bool:
    """Can a verb pattern match ``text``? The coder only finds events where one
    does, so a sentence without any is not sent to it (same result, much less
    work): an anchor word must be present, and every required word set of one
    of its patterns must meet the sentence's words."""
    lows = token_lows(text)
    anchors = needs.keys() & lows
    if not anchors:
        return False
    present = set(lows)
    for anchor in anchors:
        for sets in needs[anchor]:
            for words in sets:
                if words.isdisjoint(present):
                    break
            else:
                return True
    return False


def _code_sentences(
    sentences: Sequence[Sentence], analyzer: Analyzer
) -> list[tuple[Sentence, CodedEvent]]:
    coded: list[tuple[Sentence, CodedEvent]] = []
    needs = _requirements(analyzer.dictionary.verbs)
    # the actor countries of each sentence, found only when a later coded sentence
    # needs them as context (so never for the article's tail)
    countries: dict[int, list[str]] = {}
    contexts: dict[int, tuple[str, ...]] = {}
    for k, sentence in enumerate(sentences):
        if not _may_code(sentence.text, needs):
            continue
        # found only if the coder reads it
        context = LazyContext(partial(_context, sentences, k, countries, analyzer.dictionary,
                                      contexts))
        for event in code_sentence(sentence.text, analyzer.dictionary, context=context):
            coded.append((sentence, event))
    return coded


def _context(sentences: Sequence[Sentence], k: int, countries: dict[int, list[str]],
             dictionary: Dictionary, contexts: dict[int, tuple[str, ...]] | None = None
             ) -> tuple[str, ...]:
    """The context of sentence ``k``: the countries of the actors of the sentences
    before it, as far as the coder reads them.

    The coder reads a context (oldest first) only through its two latest distinct
    countries (``split_code(c)[0]`` in the lexicon's countries): compound references
    ("the two countries", "they") and the speaker of a threat. They are found
    walking back from sentence ``k - 1``, its actors last to first, until two are
    found; the actors of each sentence are found once (``countries``), and not at all
    when it has no word that can name a country (:func:`may_name_country`). The walk
    stops at a sentence whose context is known (``contexts``, which gets this one's):
    that context holds the two latest countries of all the sentences before it. The
    same two values, in the same order, as in the list of all the countries moved to
    its end mention by mention, so the coder codes exactly the same events."""
    known = dictionary.actors.countries
    picked: list[str] = []  # newest first, as written
    codes: list[str] = []  # their split_code country parts
    for q in range(k - 1, -1, -1):
        earlier = contexts.get(q + 1) if contexts is not None else None
        if earlier is not None:
            for value in reversed(earlier):
                code = split_code(value)[0]
                if code not in codes and len(picked) < 2:
                    picked.append(value)
                    codes.append(code)
            break
        found = countries.get(q)
        if found is None:
            text = sentences[q].text
            found = countries[q] = ([a.country for a in find_actors(text, dictionary)]
                                    if may_name_country(dictionary.actors, text) else [])
        for value in reversed(found):
            if not value:
                continue
            code = split_code(value)[0]
            if code in known and code not in codes:
                picked.append(value)
                codes.append(code)
                if len(picked) == 2:
                    break
        if len(picked) == 2:
            break
    context = tuple(reversed(picked))
    if contexts is not None:
        contexts[k] = context
    return context


#: The days a ``datetime64[ns]`` column can hold (pd.Timestamp.min/max).
_FIRST_DAY: Final = dt.date(1677, 9, 22)
_LAST_DAY: Final = dt.date(2262, 4, 11)


def _day(value: dt.date | None) -> pd.Timestamp | None:
    """The day as a Timestamp; ``None`` (NaT) for a day the table's
    ``datetime64[ns]`` columns cannot hold (a misread "1600 EST" would
    otherwise abort the whole chunk)."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    if not _FIRST_DAY <= day <= _LAST_DAY:
        return None
    if type(value) is not dt.date:  # a datetime (or subclass): built each time
        return pd.Timestamp(value)
    found = _TIMESTAMPS.get(value)
    if found is None:
        if len(_TIMESTAMPS) >= 4096:
            _TIMESTAMPS.clear()
        found = _TIMESTAMPS[value] = pd.Timestamp(value)
    return found


#: plain day -> its Timestamp: an article's events share a few days, and a
#: Timestamp costs microseconds to build
_TIMESTAMPS: dict[dt.date, pd.Timestamp] = {}


def _event_row(
    article: Article,
    sentence: Sentence,
    event: CodedEvent,
    when: EventDate,
    tone: Tone,
    tone_plain: Tone,
    number: int,
) -> dict[str, Any]:
    a1, a2 = event.actor1, event.actor2
    return {
        "event_id": f"{article.article_id}-s{sentence.index}-e{number}",
        "article_id": article.article_id,
        "sentence_index": sentence.index,
        "evidence": sentence.text,
        "char_start": sentence.start,
        "char_end": sentence.end,
        "trigger": event.trigger,
        "actor1": a1.text if a1 else "",
        "actor1_code": a1.code if a1 else "",
        "actor2": a2.text if a2 else "",
        "actor2_code": a2.code if a2 else "",
        "cameo_code": event.cameo_code,
        "event_name": event.event_name,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "direction": event.direction,
        "date": _day(when.date),
        "date_earliest": _day(when.earliest),
        "date_latest": _day(when.latest),
        "date_text": when.text,
        "date_basis": when.basis,
        "published": _day(article.published),
        "tone": tone.polarity,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "tone_textblob": tone_plain.polarity,
        "subjectivity": tone.subjectivity,
        "tone_label": tone.label,
        "root_code": event.cameo_code[:2],
        "trigger_start": sentence.start + event.trigger_start,
        "trigger_end": sentence.start + event.trigger_end,
        "entry_id": event.entry_id,
        "date_value": when.value,
    }


def analyse_article(article: Article, analyzer: Analyzer | None = None) -> ArticleAnalysis:
    """Run every stage on one article."""
    analyzer = analyzer or _default_analyzer()
    text = article.text
    sentences = split_sentences(text)
    dates = tag_dates(text, article.published)
    coded = _code_sentences(sentences, analyzer)
    anchors = [
        EventAnchor(s.index, s.start + e.trigger_start, s.start + e.trigger_end, e.cameo_code)
        for s, e in coded
    ]
    when = date_events(text, sentences, dates, anchors, article.published)
    tones: dict[int, tuple[Tone, Tone]] = {}
    rows: list[dict[str, Any]] = []
    for number, ((sentence, event), event_date) in enumerate(zip(coded, when, strict=True)):
        if sentence.index not in tones:
            tones[sentence.index] = (analyzer.tone.analyze(sentence.text),
                                     textblob_tone(sentence.text))
        tone, plain = tones[sentence.index]
        rows.append(_event_row(article, sentence, event, event_date, tone, plain, number))
    return ArticleAnalysis(
        article=article,
        sentences=sentences,
        dates=dates,
        events=rows,
        tone=analyzer.tone.analyze(text),
        tone_textblob=textblob_tone(text),
    )


_DEFAULT: list[Analyzer] = []


def _default_analyzer() -> Analyzer:
    if not _DEFAULT:
        _DEFAULT.append(Analyzer())
    return _DEFAULT[0]


def typed_frame(columns: dict[str, list[Any]], schema: dict[str, str]) -> pd.DataFrame:
    """The table of ``schema`` from column lists (``columns`` as built by
    :func:`event_columns`/:func:`article_columns`): the same frame, dtypes
    included, as ``conform(pd.DataFrame(rows, columns=...), schema)``."""
    n = len(next(iter(columns.values()))) if columns else 0
    data = {
        name: pd.Series(columns.get(name, [None] * n) if n else [], dtype=dtype)
        for name, dtype in schema.items()
    }
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def _nanos(value: pd.Timestamp | None) -> int | None:
    return None if value is None else int(value.value)


_EVENT_DAYS: Final = frozenset(n for n, d in EVENT_COLUMNS.items() if d.startswith("datetime"))


def event_columns(analyses: Iterable[ArticleAnalysis]) -> dict[str, list[Any]]:
    """The events table as plain column lists (cheap to pickle between processes):
    days as int64 nanoseconds since the epoch (``None`` when unknown), which
    :func:`typed_frame` reads back as the same ``datetime64[ns]`` values."""
    rows = [row for a in analyses for row in a.events]
    return {
        name: ([_nanos(row.get(name)) for row in rows] if name in _EVENT_DAYS
               else [row.get(name) for row in rows])
        for name in EVENT_COLUMNS
    }


def article_columns(analyses: Iterable[ArticleAnalysis]) -> dict[str, list[Any]]:
    """The articles table as plain column lists (days as in :func:`event_columns`)."""
    found = list(analyses)
    arts = [a.article for a in found]
    return {
        "article_id": [art.article_id for art in arts],
        "title": [art.title for art in arts],
        "published": [_nanos(_day(art.published)) for art in arts],
        "dct_source": [art.dct_source for art in arts],
        "source": [art.source for art in arts],
        "url": [art.url for art in arts],
        "path": [art.path for art in arts],
        "byline": [art.byline for art in arts],
        "dateline": [art.dateline for art in arts],
        "n_sentences": [len(a.sentences) for a in found],
        "n_events": [len(a.events) for a in found],
        "n_dates": [len(a.dates) for a in found],
        "n_unresolved_dates": [a.n_unresolved_dates for a in found],
        "tone": [a.tone.polarity for a in found],
        "tone_textblob": [a.tone_textblob.polarity for a in found],
        "text": [art.text for art in arts],
    }


def events_frame(analyses: Iterable[ArticleAnalysis]) -> pd.DataFrame:
    """The events table (schema :data:`analysis.schema.EVENT_COLUMNS`)."""
    return typed_frame(event_columns(analyses), EVENT_COLUMNS)


def articles_frame(analyses: Iterable[ArticleAnalysis]) -> pd.DataFrame:
    """The articles table (schema :data:`analysis.schema.ARTICLE_COLUMNS`)."""
    return typed_frame(article_columns(analyses), ARTICLE_COLUMNS)


def _iso(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def annotate_text(
    text: str,
    dct: dt.date | None,
    *,
    record_id: str = "",
    analyzer: Analyzer | None = None,
) -> dict[str, Any]:
    """The ``tension annotate`` record for one text.

    ``{id, dct, dates: [{text, start, end, type, value, earliest, latest}],
    events: [<events-table fields>], tone: {polarity, subjectivity, label}}``;
    offsets are character offsets in ``text``; dates are ISO strings.
    """
    article = Article(article_id=record_id or "annotate", text=text, published=dct,
                      dct_source="record" if dct else "none")
    result = analyse_article(article, analyzer)
    return {
        "id": record_id,
        "dct": dct.isoformat() if dct else None,
        "dates": [
            {
                "text": d.text, "start": d.start, "end": d.end, "type": d.type,
                "value": d.value, "earliest": _iso(d.earliest), "latest": _iso(d.latest),
            }
            for d in result.dates
        ],
        "events": [{k: _iso(v) for k, v in row.items()} for row in result.events],
        "tone": {
            "polarity": result.tone.polarity,
            "subjectivity": result.tone.subjectivity,
            "label": result.tone.label,
            "polarity_textblob": result.tone_textblob.polarity,
        },
    }
