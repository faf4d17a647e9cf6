"""Small immutable records passed between the pipeline stages.

Every stage is a pure function from text (or earlier records) to these records;
the pipeline turns them into the rows of the events table. Offsets are always
Python ``str`` indices (code points), half-open ``[start, end)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "ActorMention",
    "Article",
    "CodedEvent",
    "EventAnchor",
    "EventDate",
    "RawRecord",
    "Sentence",
    "TimeExpression",
    "Tone",
]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after loading.

    ``text`` is the body only (no title, byline, dateline or boilerplate such as
    copyright lines); all event offsets refer to it. ``published`` is the
    document creation time (DCT) used to resolve relative dates, or ``None``.
    ``dct_source`` says where ``published`` came from: ``record``,
    ``front_matter``, ``sidecar``, ``html_meta`` (the page's own meta tags),
    ``htmldate`` (htmldate's reading of the page), ``feed`` (the feed entry),
    ``dateline``, ``url``, ``reference_date``, or ``none``.
    """

    article_id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    source: str = ""
    url: str = ""
    path: str = ""
    dct_source: str = "none"
    byline: str = ""
    dateline: str = ""


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One line of a JSON-lines file, read but not parsed: an ingest sends these to its
    workers, which parse them (:func:`analysis.loaders.parse_record_line`) where they
    analyse them. ``where`` is the line's place (``line N``) in the file ``path``."""

    path: str
    where: str
    line: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article; ``text == article.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression found in text, normalised against the DCT.

    ``type`` is a TIMEX3 type: ``DATE``, ``TIME``, ``DURATION`` or ``SET``.
    ``value`` is a TIMEX3 value (``2024-01-19``, ``2024-W03``, ``2024-01``,
    ``2024``, ``2024-Q1``, ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``,
    ``P3D``...). ``earliest``/``latest`` are the calendar bounds of the value
    (both ``None`` for durations, sets and values that cannot be placed,
    e.g. a relative date with no DCT). Offsets refer to the text given to the
    tagger.
    """

    text: str
    start: int
    end: int
    type: str
    value: str
    earliest: dt.date | None = None
    latest: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in a sentence.

    ``code`` is CAMEO-style: ISO3 country (or organisation code such as
    ``UNO``, ``NATO``) plus optional sector (``GOV``, ``MIL``, ``REB``...),
    e.g. ``PAKGOV``. ``country`` and ``sector`` are its two parts. Offsets are
    relative to the sentence.
    """

    text: str
    start: int
    end: int
    code: str
    country: str
    sector: str = ""


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """One event coded from one sentence (offsets relative to the sentence).

    ``direction`` is ``escalation``, ``de-escalation`` or ``neutral``;
    ``entry_id`` names the verb-dictionary entry that matched, so a report can
    say why the event was coded. ``actor1``/``actor2`` may be ``None`` when the
    sentence does not name them.
    """

    trigger: str
    trigger_start: int
    trigger_end: int
    cameo_code: str
    event_name: str
    quad_class: int
    goldstein: float
    direction: str
    entry_id: str
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None


@dataclass(frozen=True, slots=True)
class EventAnchor:
    """Where an event sits in its article, for dating.

    ``trigger_start``/``trigger_end`` are article offsets of the trigger;
    ``sentence_index`` points into the article's sentence list.
    """

    sentence_index: int
    trigger_start: int
    trigger_end: int
    cameo_code: str = ""


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, with honest bounds.

    ``date`` is the best single-day estimate and always lies in
    ``[earliest, latest]``; all three are ``None`` when nothing is known
    (no expression and no DCT). ``text`` is the expression that dated it
    (empty when a rule did), ``basis`` names the rule (documented in
    ``analysis.event_dates``).
    """

    date: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    text: str = ""
    basis: str = "undated"
    value: str = ""


@dataclass(frozen=True, slots=True)
class Tone:
    """Tone of a piece of text: TextBlob-style polarity in [-1, 1],
    subjectivity in [0, 1] and a label ``neg``/``neu``/``pos``."""

    polarity: float
    subjectivity: float
    label: str
    assessments: tuple[tuple[str, float], ...] = field(default=())
